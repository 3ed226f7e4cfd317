#pragma once
/// @file ruleset.hpp
/// @brief A validated ruleset compiled to flat per-sheet tables, and its linter findings.

#include <ocop/error.hpp>
#include <ocop/ruleset_document.hpp>
#include <ocop/sheet_view.hpp>

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
    /// The compiled sheet `no`, or nullptr. Read it through its view: `sheet_view v = *s`.
    [[nodiscard]] const compiled_sheet* sheet(int no) const noexcept;
    /// All compiled sheets, by number (their tables are the library's own: see sheet_views).
    [[nodiscard]] const std::vector<compiled_sheet>& sheets() const noexcept;
    /// A view of every sheet, by number.
    [[nodiscard]] std::vector<sheet_view> sheet_views() const;
    /// Linter findings (warnings and notes; errors refuse the load or a sheet).
    [[nodiscard]] const std::vector<lint_finding>& findings() const noexcept;
    /// Band stars of an exact score (0 when below every band).
    [[nodiscard]] star_rank band_of(const score& s) const noexcept;

  private:
    struct impl; // the document, its policies and compiled sheets (src/core/ruleset.cpp)
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
