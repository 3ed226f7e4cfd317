#pragma once
// The compiled tables of a sheet: the layout scoring reads (flat arrays, folded bits,
// sentinels). Private to the library: consumers read sheets through ocop/sheet_view.hpp.
#include <ocop/ruleset.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop {

/// Sentinel: no index.
inline constexpr std::uint16_t no_index = 0xFFFF;

/// An option in the flat table of a compiled sheet.
struct compiled_option {
    std::int16_t points = 0;           ///< Points scored (after the defect policy).
    std::int8_t marker = 0;            ///< Printed star marker (0: none).
    bool probable = false;             ///< Points come from a probable reading.
    std::uint16_t knockout = no_index; ///< Option-triggered knock-out, if any.
    /// One member's choice folded for fast scoring: bit s (3..5) set when these points miss
    /// the cumulative minimum of s stars; knocks_bit when the choice triggers a knock-out.
    std::uint8_t misses = 0;
    /// Alternative case of its criterion (criterion_def::cases), 0 when it has none.
    std::uint8_t case_no = 0;
};

/// Bit of compiled_option::misses: choosing the option triggers a knock-out (option or
/// zero-points trigger).
inline constexpr std::uint8_t knocks_bit = 0x80;

/// A criterion in the flat table of a compiled sheet.
struct compiled_criterion {
    std::uint16_t option_first = 0;    ///< First option index.
    std::uint16_t option_count = 0;    ///< Number of options.
    std::int16_t max_points = 0;       ///< Maximum (after the defect policy).
    part_code part{};                  ///< Part.
    std::uint16_t group = 0;           ///< Group index.
    std::uint16_t subgroup = no_index; ///< Subgroup index or no_index.
    std::uint8_t case_no = 0;          ///< Case number in a choose-one group (0: none).
    std::uint8_t cases = 0;            ///< Alternative cases among its options (0: none).
    bool binary = false;               ///< 0 or the maximum.
    bool probable_max = false;         ///< Maximum comes from a probable reading.
    std::array<std::int16_t, 6> min_for_star{-1, -1, -1, -1, -1, -1}; ///< -1: no minimum.
    /// compiled_option::misses of 0 points (criterion left unanswered after a stop).
    std::uint8_t zero_misses = 0;
    /// compiled_sheet::find of this criterion's id gives this criterion (ids that are also
    /// another criterion's printed code do not).
    bool id_finds_itself = true;
    /// Offset of this criterion's row in compiled_sheet::option_by_points.
    std::uint32_t by_points_first = 0;
};

/// compiled_sheet::option_by_points: points that no option scores.
inline constexpr std::int8_t no_option = -1;
/// Flag in compiled_sheet::option_by_points: several options score these points.
inline constexpr std::int8_t several_options = 0x40;

/// A group in the flat table of a compiled sheet.
struct compiled_group {
    part_code part{};                  ///< Part.
    std::int16_t max_points = 0;       ///< Maximum.
    bool choose_one_case = false;      ///< Exactly one case criterion is answered.
    std::uint16_t criterion_first = 0; ///< First criterion index.
    std::uint16_t criterion_count = 0; ///< Number of criteria.
};

/// A knock-out in the flat table of a compiled sheet.
struct compiled_knockout {
    const knockout_rule* rule = nullptr; ///< The printed rule.
    std::string code;                    ///< Code of the criterion or group carrying it.
    std::uint16_t criterion = no_index;  ///< Owning criterion (no_index: group-level).
    std::uint16_t group = no_index;      ///< Owning group.
    std::vector<std::uint16_t> applies;  ///< Criteria checked by a zero_points trigger.
};

/// A probable reading the defect policy applied to a sheet.
struct applied_reading {
    /// Criterion affected; no_index for a sheet-level defect that is scored as printed
    /// (no numeric reading exists), reported on every result of the sheet.
    std::uint16_t criterion = no_index;
    std::int16_t option = -1; ///< Option affected (0-based), -1 for the maximum.
    std::string text;         ///< What was printed and what is used instead.
};

/// One sheet compiled into flat tables, ready for fast scoring.
class compiled_sheet { // declared in ocop/sheet_view.hpp
  public:
    int no = 0;                               ///< Sheet number.
    const sheet_def* def = nullptr;           ///< Source definition.
    std::vector<compiled_criterion> criteria; ///< Criteria in printed order.
    std::vector<compiled_option> options;     ///< All options, criterion by criterion.
    /// For points 0..max_points of each criterion (row at by_points_first): the first option
    /// scoring them (0-based), no_option, or'd with several_options when it is ambiguous.
    std::vector<std::int8_t> option_by_points;
    std::vector<compiled_group> groups;              ///< Groups in printed order.
    std::vector<std::int16_t> subgroup_max;          ///< Maximum of each subgroup.
    std::vector<std::uint16_t> subgroup_group;       ///< Group of each subgroup.
    std::vector<compiled_knockout> knockouts;        ///< Knock-outs of the sheet.
    std::vector<applied_reading> readings;           ///< Probable readings applied.
    std::array<std::int16_t, part_count> part_max{}; ///< Achievable maximum per part.
    std::int16_t max_total = 0;                      ///< Achievable maximum total.
    std::optional<diagnostic> refusal;               ///< Set when the sheet cannot be scored.

    /// Definition of criterion `i`.
    [[nodiscard]] const criterion_def& criterion(std::size_t i) const { return *criterion_defs[i]; }
    /// Definition of group `i`.
    [[nodiscard]] const group_def& group(std::size_t i) const { return def->groups[i]; }

    /// Index of the criterion with this id or (unique) printed code; -1 unknown, -2 ambiguous.
    [[nodiscard]] int find(std::string_view code) const noexcept;
    /// Index of the knock-out carried by this criterion or group code; -1 when none.
    [[nodiscard]] int find_knockout(std::string_view code) const noexcept;
    /// Highest points among the options of criterion `c` tagged with alternative case
    /// `case_no` (criterion_def::cases); -1 when the case has no option.
    [[nodiscard]] int case_max(std::size_t c, int case_no) const noexcept;
    /// The case definition of criterion `c` numbered `case_no`, or nullptr.
    [[nodiscard]] const case_def* find_case(std::size_t c, int case_no) const noexcept;

    std::vector<const criterion_def*> criterion_defs; ///< Definitions by index.
    std::vector<std::pair<std::string, int>> lookup;  ///< Sorted code → index.
};

namespace detail {

/// Highest star N (2..5) whose cumulative per-star minimums a criterion's member sum meets.
int criterion_level(const compiled_criterion& c, std::int64_t sum, int members) noexcept;

/// Whether criterion `c` is watched by a zero-points knock-out of the sheet.
bool zero_knockout(const compiled_sheet& sh, std::size_t c) noexcept;

} // namespace detail

} // namespace ocop
