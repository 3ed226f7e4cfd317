#pragma once
/// @file registry.hpp
/// @brief Built-in and user rulesets by id, the default edition, and edition choice by date.

#include <ocop/ruleset.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// Kind of dossier, for the transition windows of Art. 12.2.
enum class dossier_kind : std::uint8_t {
    first,        ///< First evaluation.
    upgrade,      ///< Upgrade to a higher star.
    re_evaluation ///< Re-evaluation at certificate expiry.
};
BOOST_DESCRIBE_ENUM(dossier_kind, first, upgrade, re_evaluation)

/// Why an edition was chosen for a record without an explicit ruleset.
enum class edition_basis : std::uint8_t {
    default_edition,   ///< No filing date: the registry's default edition.
    in_force,          ///< The edition in force on the filing date.
    transition_kept,   ///< Filed before a cut-over: finishes under the predecessor.
    transition_expired ///< Filed before a cut-over but evaluated after the window: successor.
};
BOOST_DESCRIBE_ENUM(edition_basis, default_edition, in_force, transition_kept, transition_expired)

/// The edition chosen for a record, and why (no allocation: text is made by describe()).
struct edition_choice {
    const ruleset* rules = nullptr;              ///< Chosen ruleset.
    edition_basis basis{};                       ///< Why.
    const transition_rule* transition = nullptr; ///< Transition applied, if any.
    std::optional<date> filed_on;                ///< Filing date used.
    std::optional<date> evaluated_on;            ///< Evaluation date used.
    date deadline;                               ///< Last day of the transition window.
    int window_days = 0;                         ///< Length of that window.

    /// Append a readable explanation to `out`.
    void describe(std::string& out) const;
};

/// A set of rulesets keyed by id, with a default edition.
class registry {
  public:
    /// Empty registry.
    registry() = default;
    /// The rulesets shipped with the library (embedded; no file needed), default qd26-2026.
    static const registry& builtin();
    /// The built-in rulesets compiled with policy overrides.
    [[nodiscard]] static result<registry> builtin(const load_options& opts);
    /// Text of a built-in ruleset file, or empty when unknown.
    static std::string_view builtin_text(std::string_view id) noexcept;
    /// Ids of the built-in rulesets.
    static std::vector<std::string> builtin_ids();

    /// Add or replace a ruleset (by id). The pointers find(), all() and in_force_on() gave
    /// stay valid for the registry's lifetime (and its copies'): a replaced ruleset is retired,
    /// not freed, so evaluations parsed against it still read valid sheets.
    void add(ruleset rs);
    /// Ruleset by id, or nullptr.
    [[nodiscard]] const ruleset* find(std::string_view id) const noexcept;
    /// All rulesets, ordered by effective date.
    [[nodiscard]] std::vector<const ruleset*> all() const;
    /// Id of the default edition (used when a record names none and gives no date).
    [[nodiscard]] const std::string& default_id() const noexcept { return default_id_; }
    /// Change the default edition.
    void set_default(std::string id) { default_id_ = std::move(id); }

    /// The ruleset in force on a date (newest effective_from <= day), or nullptr.
    [[nodiscard]] const ruleset* in_force_on(date day) const noexcept;
    /// Choose the edition for a record without an explicit ruleset, following the
    /// transition data of the rulesets (filing date, evaluation date, dossier kind).
    [[nodiscard]] result<edition_choice>
    choose(std::optional<date> filed_on, std::optional<date> evaluated_on, dossier_kind kind) const;

  private:
    // Each ruleset in its own allocation: adding never moves one (evaluations hold
    // `const ruleset*`); copies of the registry share the immutable rulesets.
    std::vector<std::shared_ptr<const ruleset>> sets_;
    std::vector<std::shared_ptr<const ruleset>> retired_;
    std::string default_id_ = "qd26-2026";
};

} // namespace ocop
