#pragma once
/// @file result_json.hpp
/// @brief Results as JSON (one line per record) and as a readable explanation.

#include <ocop/scoring.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace ocop {

/// The version of the result line written by append_result_json ("format" key). Lines
/// without a "format" key are version 1 (docs/result-format.md).
inline constexpr const char* result_format = "ocop-result/2";

/// How much a result line holds beyond the outcome and its structured reasons.
enum class result_detail : std::uint8_t {
    totals,   ///< Outcome, exact total and parts, structured reasons, metadata (the lean line).
    criteria, ///< Also max_total, group and subgroup subtotals and per-criterion detail.
    full      ///< Also the human sentences (severity and message) of every reason.
};
BOOST_DESCRIBE_ENUM(result_detail, totals, criteria, full)

/// What a JSON result includes.
struct result_json_options {
    bool criteria = true; ///< Per-criterion detail (option, points, max, points lost).
    bool groups = true;   ///< max_total, per-group and per-subgroup subtotals.
    bool messages = true; ///< Each reason's severity and readable message.
    bool policy = true;   ///< The policy object (decided_by already names the rule used).

    /// The options of a detail level; `messages` adds the sentences at any level.
    [[nodiscard]] static result_json_options at(result_detail d, bool messages = false) noexcept {
        result_json_options o;
        o.criteria = o.groups = o.policy = d != result_detail::totals;
        o.messages = messages || d == result_detail::full;
        return o;
    }
};

/// Append a result as one JSON object (no newline) to `out`, format ocop-result/2. Numbers
/// are written exactly: totals as decimals ("72.5") with the reduced fraction in
/// "total_exact". Appends into the capacity `out` already has: no allocation per record
/// once `out` has grown.
void append_result_json(const evaluation_result& r, std::string& out,
                        const result_json_options& opts = {});

/// Append a failed record as one JSON object: line, id, error code, path, message.
void append_error_json(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string& out);

/// Append a refused record's error line as `ocop score --errors` writes it: the object of
/// append_error_json, with "column" when `column` (the CSV column concerned) is not empty,
/// and a newline.
void append_error_line(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string_view column, std::string& out);

/// A human-readable explanation: the table of criteria, where points were lost, and what
/// decided the star.
std::string explain(const evaluation_result& r);

/// The readable explanation of a result line (ocop-result/1 or /2, any detail level): the
/// outcome, what decided the star and each reason, from its sentence when the line has it,
/// else from its structured fields; the criteria table when the line has it.
std::string explain_result_line(const boost::json::object& line);

/// Append `s` to `out` as a JSON string literal (quoted and escaped).
void append_json_string(std::string& out, std::string_view s);

} // namespace ocop
