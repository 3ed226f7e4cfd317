#pragma once
/// @file evaluation.hpp
/// @brief The evaluation input contract: one product's answers (or council members' sheets).
///
/// Format (docs/evaluation-format.md):
/// `{"id": "...", "ruleset": "qd26-2026", "sheet": 1, "answers": {"1.1": 3, "2.2": {"option": 2}}}`
/// or `"members": [{...answers...}, ...]`; optional `knockouts`, `dossier_rejected`,
/// `filed_on`, `evaluated_on`, `evaluation_kind`, `metadata`; other top-level keys are
/// carried through as metadata.

#include <ocop/registry.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

/// Limits against hostile input (docs/limits.md). Exceeding one is `errc::limit_exceeded`
/// with the JSON Pointer of the offending field.
struct input_limits {
    /// Council members per evaluation (`/members`; a CSV row's `a|b|c` cells likewise).
    std::size_t max_members = 64;
    /// Bytes of every string the record carries or names: `id`, `ruleset`, `dossier_rejected`,
    /// `evaluation_kind`, `filed_on`, `evaluated_on`, each knock-out code, each answers key
    /// (criterion code), and every string value and object key in `metadata` and in the
    /// carried-through top-level keys, at any depth.
    std::size_t max_string_bytes = 4096;
};

/// A parsed evaluation bound to its ruleset and sheet. Reusable: parse() keeps capacity.
struct evaluation {
    std::string id;                              ///< Record id.
    const ruleset* rules = nullptr;              ///< Ruleset scoring it.
    const compiled_sheet* sheet = nullptr;       ///< Sheet scoring it (read it as sheet_view).
    int members = 0;                             ///< Number of member sheets (1 for `answers`).
    std::vector<std::int16_t> choices;           ///< members × criteria option indices (-1: none).
    std::vector<std::uint16_t> knockouts;        ///< Declared knock-outs (sheet knock-out indices).
    std::optional<std::string> dossier_rejected; ///< Rejection reason, when rejected.
    std::optional<date> filed_on;                ///< Filing date.
    std::optional<date> evaluated_on;            ///< Evaluation date.
    dossier_kind kind = dossier_kind::first;     ///< Dossier kind.
    boost::json::object metadata;                ///< Carried through to results.
    std::optional<edition_choice> edition;       ///< How the edition was chosen, when not named.
    std::vector<std::uint16_t> ambiguous;        ///< Criteria answered by points shared by options.
    /// Which read filled this buffer: a new number, unique in the process, each time a record
    /// is read into it (parse_evaluation and the readers). A result borrowing the evaluation
    /// compares it to know whether the buffer still holds the record it scored.
    std::uint64_t generation = 0;

    /// Option chosen by member `m` for criterion `c` (-1: not answered).
    [[nodiscard]] std::int16_t choice(int m, std::size_t c) const noexcept;
};

/// A new evaluation::generation: unique in the process (thread-safe, no lock per call).
[[nodiscard]] std::uint64_t next_evaluation_generation() noexcept;

/// Parse one evaluation object against a registry. The diagnostic's path points into the
/// record; `out` is reused to avoid allocation.
[[nodiscard]] result<void> parse_evaluation(const boost::json::value& record, const registry& reg,
                                            evaluation& out, const input_limits& limits = {});

/// Parse one evaluation from its JSON text: json_parser (a key repeated in one object is
/// refused at its JSON Pointer, e.g. `{"sheet":99,"sheet":8}` is invalid_value at `/sheet`,
/// never sheet 8), depth at most 32, then parse_evaluation.
[[nodiscard]] result<void> parse_evaluation(std::string_view json_text, const registry& reg,
                                            evaluation& out, const input_limits& limits = {});

/// Throwing form of parse_evaluation.
[[nodiscard]] evaluation parse_evaluation_or_throw(const boost::json::value& record,
                                                   const registry& reg);

} // namespace ocop
