#pragma once
/// @file diff.hpp
/// @brief What changed between two editions of a sheet: criteria added, removed, re-weighted,
/// re-optioned, re-marked, merged or split, matched by id and otherwise by Vietnamese title.
///
/// Matching (docs/diff.md): groups by code, then by normalised title; criteria by id, then by
/// normalised title, then the sole criterion of two matched groups, then by similar title
/// inside matched groups. Leftovers in a matched group are merges or splits when one side
/// has a single criterion left, else removals and additions.

#include <ocop/ruleset.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// Normalise a printed title for matching: strip the numbering prefix ("1.1.", "a)", "6."),
/// canonical decomposition (so NFC and NFD texts compare equal), case folding, punctuation
/// to spaces and collapsed spaces.
std::string normalise_title(std::string_view title);

/// How two criteria were matched.
enum class match_kind : std::uint8_t {
    id,            ///< Same criterion id.
    title,         ///< Same normalised title.
    sole_in_group, ///< The only criterion of two matched groups.
    similar_title, ///< Similar titles inside matched groups (word overlap).
    crosswalk      ///< Linked by a reviewed crosswalk row (same or renamed).
};
BOOST_DESCRIBE_ENUM(match_kind, id, title, sole_in_group, similar_title, crosswalk)

/// A criterion of sheet A matched to one of sheet B (indices into the compiled sheets).
struct criterion_match {
    int a = -1;       ///< Criterion index in A.
    int b = -1;       ///< Criterion index in B.
    match_kind how{}; ///< How.
};

/// Match the criteria of two sheets; unmatched criteria are not listed.
std::vector<criterion_match> match_criteria(const compiled_sheet& a, const compiled_sheet& b);

/// Kind of a difference.
enum class change_kind : std::uint8_t {
    added,         ///< Criterion only in B.
    removed,       ///< Criterion only in A.
    changed,       ///< Matched criterion whose maximum, options, markers or title changed.
    merged,        ///< Several criteria of A became one criterion of B.
    split,         ///< One criterion of A became several criteria of B.
    group_added,   ///< Group only in B.
    group_removed, ///< Group only in A.
    group_changed, ///< Matched group whose maximum or title changed.
    part_changed   ///< A part whose maximum on this sheet changed (1048's 35/25/40 → 40/25/35).
};
BOOST_DESCRIBE_ENUM(change_kind, added, removed, changed, merged, split, group_added, group_removed,
                    group_changed, part_changed)

/// One row of a diff.
struct diff_entry {
    change_kind kind{};             ///< Kind.
    part_code part{};               ///< Part.
    std::vector<std::string> ids_a; ///< Criterion (or group) ids in A.
    std::vector<std::string> ids_b; ///< Criterion (or group) ids in B.
    std::string title_a;            ///< Title in A (first criterion).
    std::string title_b;            ///< Title in B.
    int max_a = -1;                 ///< Maximum in A (sum for merges), -1 if none.
    int max_b = -1;                 ///< Maximum in B (sum for splits), -1 if none.
    std::string options_a;          ///< Option points in A, "0/1/3".
    std::string options_b;          ///< Option points in B.
    std::string minimums_a;         ///< Per-star minimums in A, "3★≥1 4★≥2".
    std::string minimums_b;         ///< Per-star minimums in B.
    bool reweighted = false;        ///< Maximum changed.
    bool options_changed = false;   ///< Option points changed.
    bool remarked = false;          ///< Per-star minimums (markers) changed.
    bool retitled = false;          ///< Normalised title changed.
    bool binary = false;            ///< B's criterion is binary (0 or the maximum).
    std::optional<match_kind> how;  ///< How a changed criterion was matched.
};

/// The differences of one sheet between two rulesets.
struct sheet_diff {
    int sheet = 0;                   ///< Sheet number.
    std::string name_a;              ///< Sheet name in A.
    std::string name_b;              ///< Sheet name in B.
    std::vector<diff_entry> entries; ///< Rows: parts, groups, then criteria in B's order.
};

struct crosswalk_sheet;

/// Diff two compiled sheets.
sheet_diff diff_sheets(const compiled_sheet& a, const compiled_sheet& b);

/// Diff two compiled sheets, criteria matched by a reviewed crosswalk sheet (its `same` and
/// `renamed` rows) instead of titles; merged, replaced and new rows come out as merges,
/// removals and additions.
sheet_diff diff_sheets(const compiled_sheet& a, const compiled_sheet& b, const crosswalk_sheet& cw);

/// Diff two rulesets sheet by sheet (sheets matched by number), or only sheet `only`. When a
/// built-in crosswalk from `a` to `b` exists (and validates), criteria are matched by it. A
/// sheet that is missing on either side (sheet_status::missing) is left out, or refused when
/// it is `only`.
[[nodiscard]] result<std::vector<sheet_diff>> diff_rulesets(const ruleset& a, const ruleset& b,
                                                            std::optional<int> only = std::nullopt);

/// The diffs as a Markdown briefing (one table per sheet).
std::string diff_markdown(const ruleset& a, const ruleset& b, const std::vector<sheet_diff>& d);

/// The diffs as one JSON document.
std::string diff_json(const ruleset& a, const ruleset& b, const std::vector<sheet_diff>& d);

} // namespace ocop
