#pragma once
/// @file result_json.hpp
/// @brief Results as JSON (one line per record) and as a readable explanation.

#include <ocop/scoring.hpp>

#include <string>

namespace ocop {

/// What a JSON result includes.
struct result_json_options {
    bool criteria = true; ///< Per-criterion detail (option, points, max, points lost).
    bool groups = true;   ///< Per-group and per-subgroup subtotals.
};

/// Append a result as one JSON object (no newline) to `out`. Numbers are written exactly:
/// totals as decimals ("72.5") with the reduced fraction in `*_exact` fields.
void append_result_json(const evaluation_result& r, std::string& out,
                        const result_json_options& opts = {});

/// Append a failed record as one JSON object: line, id, error code, path, message.
void append_error_json(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string& out);

/// A human-readable explanation: the table of criteria, where points were lost, and what
/// decided the star.
std::string explain(const evaluation_result& r);

/// Append `s` to `out` as a JSON string literal (quoted and escaped).
void append_json_string(std::string& out, std::string_view s);

} // namespace ocop
