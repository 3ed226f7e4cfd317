#pragma once
/// @file range.hpp
/// @brief Incomplete dossiers: the range of totals and stars every completion can reach
/// (pre-screening before the council meets). See docs/incomplete.md.

#include <ocop/scoring.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace ocop {

/// Parse an evaluation whose answers may be null or absent (not yet scored). Everything
/// else is checked as parse_evaluation checks it (same errors and JSON Pointers); the
/// unscored answers are left at -1 in `choices`.
[[nodiscard]] result<evaluation> parse_partial_evaluation(const boost::json::value& record,
                                                          const registry& reg);

/// What the completions of a partial evaluation can reach.
struct score_range {
    /// rejected: no range; knocked_out: declared, or every completion is knocked out.
    evaluation_status status{};
    int unscored = 0;                    ///< Unscored answers (member × criterion).
    std::vector<std::string> missing;    ///< Ids of criteria some member has not scored.
    score total_min;                     ///< Lowest reachable total (exact mean).
    score total_max;                     ///< Highest reachable total.
    star_rank stars_min = 0;             ///< Stars of the worst completion.
    star_rank stars_max = 0;             ///< Stars of the best completion.
    star_rank stars_min_no_knockout = 0; ///< Worst completion avoiding knock-outs (0: none).
    bool knockout_possible = false;      ///< Some completion is knocked out.
    bool knockout_certain = false;       ///< Every completion is knocked out.
};

/// The exact range of a partial evaluation. Refuses council sheets whose members answer
/// different cases of a choose-one group (completions then follow no single case).
[[nodiscard]] result<score_range> range_of(const evaluation& partial);

} // namespace ocop
