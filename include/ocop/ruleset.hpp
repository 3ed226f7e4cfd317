#pragma once
/// @file ruleset.hpp
/// @brief A validated ruleset compiled to flat per-sheet tables, and its linter findings.

#include <ocop/error.hpp>
#include <ocop/ruleset_document.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// How serious a linter finding is.
enum class lint_severity : std::uint8_t {
    error,   ///< The ruleset or sheet cannot be used.
    warning, ///< Usable, but the data is doubtful (budget mismatch, printed defect…).
    note     ///< Informational.
};
BOOST_DESCRIBE_ENUM(lint_severity, error, warning, note)

/// One linter finding about a ruleset.
struct lint_finding {
    lint_severity severity{}; ///< Severity.
    std::string check;        ///< Stable check name, e.g. "budget_mismatch".
    int sheet = 0;            ///< Sheet number, 0 for ruleset-level findings.
    std::string path;         ///< JSON Pointer into the ruleset file.
    std::string message;      ///< Explanation.
};
BOOST_DESCRIBE_STRUCT(lint_finding, (), (severity, check, sheet, path, message))

/// Size budget of a ruleset, checked when it is loaded (docs/limits.md). It bounds the
/// memory of loading, of the planner (criteria × total points) and of `ruleset diff`.
struct ruleset_limits {
    std::size_t max_bytes = 8u << 20;            ///< Size of the JSON text (8 MiB).
    std::size_t max_sheets = 200;                ///< Sheets of the ruleset.
    std::size_t max_criteria = 20000;            ///< Criteria of all its sheets together.
    std::size_t max_groups_per_sheet = 1000;     ///< Groups of one sheet.
    std::size_t max_criteria_per_sheet = 1000;   ///< Criteria of one sheet.
    std::size_t max_options_per_criterion = 100; ///< Options of one criterion.
    /// Achievable maximum of a sheet and of each of its parts, in points (at most 30 000:
    /// the compiled tables hold points in 16 bits).
    int max_total_points = 1000;
};

/// Policy overrides applied when loading a ruleset (unset: the file's own policies), and its
/// size budget.
struct load_options {
    std::optional<missed_minimum_policy> missed_minimum; ///< Override the marker policy.
    std::optional<defect_policy> defects;                ///< Override the defect policy.
    std::optional<knockout_policy> knockout;             ///< Override the knock-out policy.
    ruleset_limits limits;                               ///< Size budget.
};

/// The policy overrides by name, as every door takes them (the CLI's `--markers`, `--defects`,
/// `--knockout`; the C API's and Python's options; `ocop serve`): "markers", "defects" and
/// "knockout".
[[nodiscard]] std::vector<std::string> policy_override_names();

/// The values the override `name` accepts ("cap", "fail", "ignore" for "markers"), from the
/// policy enumerations' descriptions; empty for an unknown name.
[[nodiscard]] std::vector<std::string> policy_override_values(std::string_view name);

/// Set the override `name` of `opts` to the policy `value`. Refused with the path `/name`:
/// an unknown name (unknown_field) or value (invalid_value), naming what is accepted.
[[nodiscard]] result<void> set_policy_override(load_options& opts, std::string_view name,
                                               std::string_view value);

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
class compiled_sheet {
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

/// A loaded, validated and compiled ruleset. Cheap to copy; immutable and thread-safe.
class ruleset {
  public:
    /// Parse, validate and compile ruleset JSON text (BOM and CRLF accepted).
    [[nodiscard]] static result<ruleset> load(std::string_view json_text,
                                              const load_options& opts = {});
    /// Validate and compile a document already in memory.
    [[nodiscard]] static result<ruleset> compile(ruleset_document doc,
                                                 const load_options& opts = {});
    /// Read a ruleset file; the diagnostic names the file on I/O errors.
    [[nodiscard]] static result<ruleset> load_file(const std::string& path,
                                                   const load_options& opts = {});

    /// Ruleset id, e.g. "qd26-2026".
    [[nodiscard]] const std::string& id() const noexcept;
    /// "sha256:…" of the canonical ruleset content with its effective policies.
    [[nodiscard]] const std::string& hash() const noexcept;
    /// The typed document.
    [[nodiscard]] const ruleset_document& document() const noexcept;
    /// The effective policies.
    [[nodiscard]] const policy_set& policies() const noexcept;
    /// The compiled sheet `no`, or nullptr.
    [[nodiscard]] const compiled_sheet* sheet(int no) const noexcept;
    /// All compiled sheets, by number.
    [[nodiscard]] const std::vector<compiled_sheet>& sheets() const noexcept;
    /// Linter findings (warnings and notes; errors refuse the load or a sheet).
    [[nodiscard]] const std::vector<lint_finding>& findings() const noexcept;
    /// Band stars of an exact score (0 when below every band).
    [[nodiscard]] star_rank band_of(const score& s) const noexcept;

    /// Implementation data (opaque).
    struct impl;

  private:
    // No empty ruleset: every ruleset comes from load, compile or load_file, so no member
    // function meets a null implementation.
    ruleset() = default;
    std::shared_ptr<const impl> impl_;
};

/// Run the linter on a ruleset document: every finding, errors included.
std::vector<lint_finding> lint(const ruleset_document& doc, const load_options& opts = {});

/// Strip a UTF-8 byte-order mark, if any.
std::string_view strip_bom(std::string_view text) noexcept;

} // namespace ocop
