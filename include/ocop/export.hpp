#pragma once
/// @file export.hpp
/// @brief A compiled ruleset exported as SQL (DuckDB) and as JsonLogic rules.
///
/// Both exports compute, from one evaluation in the input contract (single-member `answers`
/// given as points), the per-criterion points checked against the allowed option points, the
/// part sums, the total, `band_stars`, `marker_stars` (cumulative per-star minimums) and
/// `stars` under the ruleset's missed-minimum policy, with declared, option and zero-points
/// knock-outs and `dossier_rejected`. Council `members`, `{"option": k}` answers and the
/// choice of edition by date are not expressed: such records are reported as errors (SQL) or
/// must be scored with the library. See benchmarks/README.md.

#include <ocop/ruleset.hpp>

#include <boost/describe/enum.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ocop {

/// Input file layout the generated SQL reads.
enum class sql_input : std::uint8_t {
    json_lines, ///< JSON Lines in the input contract, read with `read_json`.
    csv ///< CSV with a header: `id`, `sheet`, optional `ruleset`, one column per criterion id.
};
BOOST_DESCRIBE_ENUM(sql_input, json_lines, csv)

/// What export_sql generates.
struct sql_export_options {
    int sheet = 0;     ///< Export only this sheet (0: every scoreable sheet).
    std::string input; ///< When set, end with a SELECT scoring this file.
    sql_input input_format = sql_input::json_lines; ///< Layout of `input`.
};

/// DuckDB SQL defining the table macros `ocop_score_json(path)` and `ocop_score_csv(path)`.
/// Each returns one row per record: `id`, `sheet`, `status` ('scored', 'knocked_out',
/// 'rejected' or 'error'), `error` (first problem, else NULL), `part_a`, `part_b`, `part_c`,
/// `total`, `band_stars`, `marker_stars`, `stars`; with a single sheet, one column per
/// criterion id with its points. Fails when the sheet does not exist or cannot be scored.
[[nodiscard]] result<std::string> export_sql(const ruleset& rs,
                                             const sql_export_options& opts = {});

/// What export_jsonlogic generates.
struct jsonlogic_export_options {
    int sheet = 0; ///< Export only this sheet (0: every scoreable sheet).
};

/// JsonLogic rules (json-logic-js compatible) per sheet, in this shape:
/// @code{.json}
/// {"format": "ocop-jsonlogic/1", "ruleset": "...", "ruleset_hash": "...", "missed_minimum": "cap",
///  "sheets": [{"sheet": 1, "keys": {"1.1": "1_1"},
///              "rules": {"missing", "invalid", "parts", "total", "band_stars",
///                        "marker_stars", "stars", "result"}}]}
/// @endcode
/// Every rule applies to data with `answers` (data key to points), `knockouts` (codes) and
/// `dossier_rejected` (reason), where a data key is jsonlogic_key(id), because JsonLogic
/// `var` splits names on dots. The `result` rule evaluates to
/// [total, part_a, part_b, part_c, band_stars, marker_stars, stars].
[[nodiscard]] result<boost::json::object>
export_jsonlogic(const ruleset& rs, const jsonlogic_export_options& opts = {});

/// The data key of a criterion id in JsonLogic data: dots become underscores ("1.1" → "1_1").
std::string jsonlogic_key(std::string_view criterion_id);

} // namespace ocop
