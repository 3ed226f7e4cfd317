#pragma once
/// @file council.hpp
/// @brief Council scoring: several members' sheets → exact mean, per-criterion spread,
/// members far from the others, and a consensus sheet. See docs/council.md.

#include <ocop/scoring.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocop {

/// Settings of a council review.
struct council_options {
    /// A member is flagged when |own total − mean of the other members| exceeds this many
    /// thousandths of a point (10 points by default; some provinces use 10).
    std::int64_t spread_milli = 10000;
};

/// One member's total and its distance to the other members.
struct member_review {
    int member = 0;         ///< Member index (0-based).
    std::int64_t total = 0; ///< The member's total (whole points).
    score others_mean;      ///< Exact mean of the other members' totals (the member's own
                            ///< total when alone).
    score difference;       ///< total − others_mean, exact (may be negative: sum < 0).
    bool flagged = false;   ///< |difference| exceeds the configured spread.
};

/// Spread of one criterion across the members who answered it.
struct criterion_spread {
    std::size_t criterion = 0; ///< Criterion index.
    std::string id;            ///< Criterion id.
    int answered = 0;          ///< Members who answered it.
    int min_points = 0;        ///< Lowest points given.
    int max_points = 0;        ///< Highest points given.
    int range = 0;             ///< max − min.
    int consensus_option = -1; ///< Consensus option (0-based), -1 when not applicable.
};

/// The review of a council evaluation.
struct council_review {
    evaluation_result mean;                      ///< The product's result (exact mean of members).
    std::vector<member_review> members;          ///< Per member.
    std::vector<criterion_spread> spread;        ///< Per criterion, printed order.
    std::shared_ptr<const evaluation> consensus; ///< The consensus sheet (one member).
    evaluation_result consensus_result; ///< The consensus sheet scored (input: *consensus).
};

/// The consensus sheet: per criterion the median of the members' options ordered by points
/// (then option number), the lower median on an even count; in a choose-one group the case
/// answered by most members (ties to the lower case number), median over those members.
evaluation consensus_evaluation(const evaluation& ev);

/// Review a council evaluation (one member is accepted: nothing is flagged).
/// The review borrows `ev` in `mean.input`; keep `ev` alive.
[[nodiscard]] council_review review_council(const evaluation& ev, const council_options& opts = {});

/// Refused: the review would borrow an evaluation destroyed at the end of the statement.
council_review review_council(const evaluation&& ev, const council_options& opts = {}) = delete;

} // namespace ocop
