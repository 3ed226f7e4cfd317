#pragma once
/// @file rescore.hpp
/// @brief Re-scoring a cohort under two rulesets through a reviewed crosswalk: star migration
/// matrix, the criteria driving each change, and what was mapped, merged or left open. See
/// docs/rescore.md.

#include <ocop/crosswalk.hpp>
#include <ocop/diff.hpp>
#include <ocop/scoring.hpp>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

/// What to do with a target criterion the crosswalk leaves open for a record (a new
/// criterion, a merged or replaced one, or an option whose text changed).
enum class fill_policy : std::uint8_t {
    range,  ///< Leave it unanswered: the range of outcomes over its options (default).
    refuse, ///< The record fails with an error naming the criteria.
    min,    ///< Score its lowest option that triggers no knock-out (no unearned credit).
    max     ///< Score its highest option that triggers no knock-out (best case).
};
BOOST_DESCRIBE_ENUM(fill_policy, range, refuse, min, max)

/// How one criterion of the target sheet takes its answer from the source sheet.
struct criterion_mapping {
    std::vector<int> from;       ///< Source criterion indices (empty: none).
    crosswalk_kind kind{};       ///< Kind of link (crosswalk row, or `same` for identity).
    std::vector<int> option_map; ///< Source option → target option (0-based), -1 open.
    std::string note;            ///< The crosswalk's reason.
};

/// The mapping of a source sheet onto a target sheet.
struct sheet_mapping {
    const compiled_sheet* from = nullptr;  ///< Source sheet.
    const compiled_sheet* to = nullptr;    ///< Target sheet.
    std::vector<criterion_mapping> target; ///< One per target criterion.
};

/// Map a sheet onto another through a validated crosswalk sheet.
sheet_mapping map_sheet(const compiled_sheet& from, const compiled_sheet& to,
                        const crosswalk_sheet& cw);

/// Identity mapping for a what-if variant of the same edition: every target criterion found
/// by id in the source with as many options, options by position; nullopt otherwise.
std::optional<sheet_mapping> map_identical(const compiled_sheet& from, const compiled_sheet& to);

/// A criterion whose points differ between the two scorings of a record.
struct rescore_driver {
    std::string to_id;   ///< Target criterion id.
    std::string from_id; ///< Source criterion id(s) ("" when none).
    score from_points;   ///< Points under the source (mean of members).
    score to_points;     ///< Points under the target.
};

/// One record scored under both rulesets.
struct rescored_record {
    std::string id;                      ///< Record id.
    int sheet = 0;                       ///< Sheet number.
    score total_from;                    ///< Total under the source.
    score total_to;                      ///< Total under the target (lowest when open).
    score total_to_max;                  ///< Highest total under the target.
    star_rank stars_from = 0;            ///< Stars under the source.
    star_rank stars_to = 0;              ///< Stars under the target (lowest when open).
    star_rank stars_to_max = 0;          ///< Highest stars under the target.
    bool exact = true;                   ///< Nothing left open: one outcome.
    std::vector<std::string> mapped;     ///< Target criteria answered through a link.
    std::vector<std::string> merged;     ///< Target criteria merged from several sources.
    std::vector<std::string> open;       ///< Target criteria left open (or filled).
    std::vector<std::string> filled;     ///< Open criteria the fill policy answered.
    std::vector<rescore_driver> drivers; ///< Mapped criteria whose points changed.
    std::vector<std::string> reasons;    ///< Target-side decisive reasons (missed minimums…).
};

/// Scores records under a source and a target ruleset and accumulates the migration.
class rescorer {
  public:
    /// Both rulesets must be in `reg` (records are parsed against it). Answers move through
    /// `cw` when given, else the built-in crosswalk of the pair, else the shortest chain of
    /// built-in crosswalks from one to the other (crosswalk::route, composed by
    /// crosswalk::chain), else (a what-if variant) by identical ids; a pair with none of
    /// these is refused record by record.
    rescorer(const registry& reg, const ruleset& from, const ruleset& to,
             fill_policy fill = fill_policy::range, const crosswalk* cw = nullptr);

    /// The crosswalk in use (nullptr: identity mapping); crosswalk::chained() when composed
    /// from built-in crosswalks.
    [[nodiscard]] const crosswalk* crosswalk_used() const noexcept { return cw_; }
    /// The edition the records were scored under.
    [[nodiscard]] const ruleset& source() const noexcept { return from_; }
    /// The edition they are scored under now.
    [[nodiscard]] const ruleset& target() const noexcept { return to_; }
    /// How criteria of the target without a counterpart are answered.
    [[nodiscard]] fill_policy fill() const noexcept { return fill_; }
    /// The crosswalk's validation against the two rulesets (checked once, at construction).
    [[nodiscard]] const std::optional<diagnostic>& crosswalk_error() const noexcept {
        return cw_error_;
    }

    /// Score one evaluation record (answered under the source ruleset) under both.
    /// A record naming another ruleset than the source is refused.
    [[nodiscard]] result<rescored_record> rescore(const boost::json::value& record);

    /// Migration counts: matrix[from stars][lowest target stars].
    [[nodiscard]] const std::array<std::array<int, 6>, 6>& matrix() const noexcept { return m_; }
    /// Migration counts: matrix[from stars][highest target stars] (equal to matrix() when
    /// every record was exact).
    [[nodiscard]] const std::array<std::array<int, 6>, 6>& matrix_max() const noexcept {
        return m_max_;
    }
    /// For each (from, lowest to) cell with a change: how often each target criterion drove it.
    [[nodiscard]] const std::map<std::pair<int, int>, std::map<std::string, int>>&
    cell_drivers() const noexcept {
        return drivers_;
    }

  private:
    const registry& reg_;
    const ruleset& from_;
    const ruleset& to_;
    fill_policy fill_;
    const crosswalk* cw_ = nullptr;
    std::shared_ptr<const crosswalk> chained_; ///< The composed chain cw_ points to, if any.
    std::optional<diagnostic> cw_error_;
    std::map<int, std::optional<sheet_mapping>> maps_;
    std::array<std::array<int, 6>, 6> m_{};
    std::array<std::array<int, 6>, 6> m_max_{};
    std::map<std::pair<int, int>, std::map<std::string, int>> drivers_;
};

} // namespace ocop
