#pragma once
/// @file rescore.hpp
/// @brief Re-scoring a cohort under two rulesets: star migration matrix and the criteria
/// driving each change. See docs/rescore.md.

#include <ocop/diff.hpp>
#include <ocop/scoring.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace ocop {

/// What to do with a criterion of the target sheet that has no counterpart in the source.
enum class fill_policy : std::uint8_t {
    refuse, ///< The record fails with an error naming the criteria.
    min,    ///< Score its lowest option that triggers no knock-out (no unearned credit).
    max     ///< Score its highest option that triggers no knock-out (best case).
};
BOOST_DESCRIBE_ENUM(fill_policy, refuse, min, max)

/// How one criterion of the target sheet takes its answer from the source sheet.
struct criterion_mapping {
    int from = -1;               ///< Source criterion index, -1: no counterpart.
    match_kind how{};            ///< How the criteria were matched.
    std::vector<int> option_map; ///< Source option → target option (0-based).
};

/// The mapping of a source sheet onto a target sheet.
struct sheet_mapping {
    const compiled_sheet* from = nullptr;  ///< Source sheet.
    const compiled_sheet* to = nullptr;    ///< Target sheet.
    std::vector<criterion_mapping> target; ///< One per target criterion.
};

/// Map a sheet onto another: criteria by ocop::match_criteria; options by normalised label,
/// else by position when both have as many options, else by proportional rank (lowest to
/// lowest, highest to highest).
sheet_mapping map_sheet(const compiled_sheet& from, const compiled_sheet& to);

/// A criterion whose points differ between the two scorings of a record.
struct rescore_driver {
    std::string to_id;   ///< Target criterion id.
    std::string from_id; ///< Source criterion id ("" when filled).
    score from_points;   ///< Points under the source (mean of members).
    score to_points;     ///< Points under the target.
};

/// One record scored under both rulesets.
struct rescored_record {
    std::string id;                      ///< Record id.
    int sheet = 0;                       ///< Sheet number.
    score total_from;                    ///< Total under the source.
    score total_to;                      ///< Total under the target.
    star_rank stars_from = 0;            ///< Stars under the source.
    star_rank stars_to = 0;              ///< Stars under the target.
    std::vector<std::string> filled;     ///< Target criteria filled by the policy.
    std::vector<rescore_driver> drivers; ///< Criteria whose points changed.
    std::vector<std::string> reasons;    ///< Target-side decisive reasons (missed minimums…).
};

/// Scores records under a source and a target ruleset and accumulates the migration.
class rescorer {
  public:
    /// Both rulesets must be in `reg` (records are parsed against it).
    rescorer(const registry& reg, const ruleset& from, const ruleset& to, fill_policy fill);

    /// Score one evaluation record (answered under the source ruleset) under both.
    /// A record naming another ruleset than the source is refused.
    result<rescored_record> rescore(const boost::json::value& record);

    /// Migration counts: matrix[from stars][to stars].
    [[nodiscard]] const std::array<std::array<int, 6>, 6>& matrix() const noexcept { return m_; }
    /// For each (from, to) cell with a change: how often each target criterion drove it.
    [[nodiscard]] const std::map<std::pair<int, int>, std::map<std::string, int>>&
    cell_drivers() const noexcept {
        return drivers_;
    }

  private:
    const registry& reg_;
    const ruleset& from_;
    const ruleset& to_;
    fill_policy fill_;
    std::map<int, sheet_mapping> maps_;
    std::array<std::array<int, 6>, 6> m_{};
    std::map<std::pair<int, int>, std::map<std::string, int>> drivers_;
};

} // namespace ocop
