#pragma once
// The star rule in one place: what a band, the marker stars and a knock-out give under a
// ruleset's policies. Scoring (both paths), the planner and the range all decide through it.
#include <ocop/ruleset.hpp>
#include <ocop/scoring.hpp>

namespace ocop::detail {

/// The outcome of the star rule.
struct star_outcome {
    evaluation_status status = evaluation_status::scored; ///< scored or knocked_out.
    star_rank stars = 0;                                  ///< The star rank.
    star_decision decided_by = star_decision::band;       ///< The rule that decided it.
};

/// The star rule: band stars `band` (0 below every band), marker stars `marker` (the highest
/// N whose per-star minimums all hold), `knocked` when a knock-out applies. Under the
/// knock-out policy `flag` a knock-out only warns; under `zero` it gives 0 stars. A missed
/// minimum caps the stars, fails the product or is ignored, as the ruleset's policy says.
[[nodiscard]] star_outcome star_rule(const policy_set& policies, star_rank band, star_rank marker,
                                     bool knocked) noexcept;

/// Stars of an exact total under the star rule (the planner's and the range's question).
[[nodiscard]] star_rank stars_of(const ruleset& rs, const score& total, int marker,
                                 bool knocked) noexcept;

} // namespace ocop::detail
