#pragma once
/// @file registry.hpp
/// @brief Built-in and user rulesets by id, the default edition, and edition choice by date.

#include <ocop/ruleset.hpp>

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

/// The edition chosen for a record, and why.
struct edition_choice {
    const ruleset* rules = nullptr;  ///< Chosen ruleset.
    std::vector<std::string> notes;  ///< Why it was chosen (transition rules applied).
};

/// A set of rulesets keyed by id, with a default edition.
class registry {
  public:
    /// Empty registry.
    registry() = default;
    /// The rulesets shipped with the library (embedded; no file needed), default qd26-2026.
    static const registry& builtin();
    /// The built-in rulesets compiled with policy overrides.
    static result<registry> builtin(const load_options& opts);
    /// Text of a built-in ruleset file, or empty when unknown.
    static std::string_view builtin_text(std::string_view id) noexcept;
    /// Ids of the built-in rulesets.
    static std::vector<std::string> builtin_ids();

    /// Add or replace a ruleset (by id).
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
    [[nodiscard]] result<edition_choice> choose(std::optional<date> filed_on,
                                                std::optional<date> evaluated_on,
                                                dossier_kind kind) const;

  private:
    std::vector<ruleset> sets_;
    std::string default_id_ = "qd26-2026";
};

} // namespace ocop
