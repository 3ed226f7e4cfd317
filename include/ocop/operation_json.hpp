#pragma once
/// @file operation_json.hpp
/// @brief The JSON lines of the planner, of score ranges and of council reviews: what
/// `ocop plan|range|council --format json` print and `ocop serve` answers.

#include <ocop/council.hpp>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>

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

} // namespace ocop
