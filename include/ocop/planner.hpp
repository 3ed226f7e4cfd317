#pragma once
/// @file planner.hpp
/// @brief Upgrade planner: the cheapest set of criterion upgrades that reaches a star target.
///
/// Exact: every criterion has a handful of options, so a dynamic programme over the criteria
/// on (exact total, marker star) finds the plan with the fewest points to gain, then the
/// fewest criteria changed. See docs/planner.md.

#include <ocop/scoring.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

/// Outcome of planning.
enum class plan_status : std::uint8_t {
    planned,         ///< A plan reaches the target.
    already_reached, ///< The product already has the target stars.
    unreachable,     ///< No upgrade of the answered options reaches the target.
    knocked_out,     ///< A knock-out no upgrade lifts (declared, or a knock-out option).
    rejected         ///< The dossier was rejected: no plan.
};
BOOST_DESCRIBE_ENUM(plan_status, planned, already_reached, unreachable, knocked_out, rejected)

/// One change of a plan: a criterion moved to a better option.
struct plan_change {
    std::size_t criterion = 0; ///< Criterion index in the sheet.
    std::string id;            ///< Criterion id.
    int from_option = 0;       ///< Current option, 1-based.
    int from_points = 0;       ///< Current points.
    int to_option = 0;         ///< Proposed option, 1-based.
    int to_points = 0;         ///< Proposed points.
};

/// What the planner may do.
struct plan_options {
    std::optional<star_rank> target; ///< Star target (default: current stars + 1).
};

/// A plan (or the reason there is none) for one evaluation.
struct upgrade_plan {
    plan_status status{};             ///< Outcome.
    star_rank target = 0;             ///< Star target (0: none, when knocked out or rejected).
    score total_before;               ///< Current total.
    star_rank stars_before = 0;       ///< Current stars.
    std::vector<plan_change> changes; ///< Changes, in printed order.
    int points_gained = 0;            ///< Sum of the point increases.
    score total_after;                ///< Total after the changes (scored again).
    star_rank stars_after = 0;        ///< Stars after the changes (scored again).
    star_rank band_after = 0;         ///< Band stars after the changes.
    star_rank marker_after = 0;       ///< Marker stars after the changes.
    std::string message;              ///< Why there is no plan, or a summary.
};

/// Plan the cheapest upgrade of a single-member evaluation (fewest points, then fewest
/// criteria). Refuses council evaluations (several members): plan on their consensus sheet
/// (ocop::consensus_evaluation) instead. A zero-points knock-out is planned out of (every
/// watched zero raised; default target: one star above the answers' stars with the knock-out
/// set aside); other knock-outs and rejected dossiers get no plan and no target.
[[nodiscard]] result<upgrade_plan> plan_upgrade(const evaluation& ev,
                                                const plan_options& opts = {});

/// The evaluation with the plan's changes applied (for scoring or export).
evaluation apply_plan(const evaluation& ev, const upgrade_plan& plan);

} // namespace ocop
