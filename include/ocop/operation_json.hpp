#pragma once
/// @file operation_json.hpp
/// @brief The JSON lines of the planner, of score ranges, of council reviews and of rescoring:
/// what `ocop plan|range|council|rescore --format json` print and `ocop serve`, the C API and
/// the Python package answer.

#include <ocop/council.hpp>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>
#include <ocop/rescore.hpp>

#include <string>

namespace ocop {

/// Append one plan line (newline included): id, ruleset, hash, sheet, status, target, the
/// total and stars before and, when planned, each change and the total and stars after.
void append_plan_json(const evaluation& ev, const upgrade_plan& p, std::string& out);

/// Append one range line (newline included): the unscored answers and the lowest and highest
/// reachable totals (decimal and exact fraction) and stars.
void append_range_json(const evaluation& ev, const score_range& r, std::string& out);

/// Append one council review line (newline included): the exact mean, each member's total
/// and distance from the others, the spread per criterion and the consensus sheet.
void append_review_json(const evaluation& ev, const council_review& r, std::string& out);

/// Append one rescored record as a JSON object (no newline): totals and stars under both
/// editions (decimal and exact fraction), the criteria mapped, merged, open and filled, the
/// drivers (criteria whose points changed) and the target's decisive reasons.
void append_rescored_json(const rescored_record& r, std::string& out);

/// Append the JSON document of a rescoring (newline included): both editions with their
/// hashes, the crosswalk used, the fill policy, `records` (the comma-separated objects of
/// append_rescored_json) when given, the migration matrices and the drivers of each cell.
void append_rescore_json(const rescorer& rs, const std::string* records, std::string& out);

} // namespace ocop
