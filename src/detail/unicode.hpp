#pragma once
// Internal: the one Unicode/UTF-8 module (ICU): normalisation, case folding, keys, collation,
// locale number symbols. Used by the reports, cohort keys and the edition diff's titles.
#include <string>
#include <string_view>

namespace ocop::detail {

/// NFC of UTF-8 text; invalid bytes become U+FFFD.
[[nodiscard]] std::string nfc(std::string_view text);

/// NFD of the case-folded NFD (a caseless, canonically equivalent form for comparisons).
[[nodiscard]] std::string fold_nfd(std::string_view text);

/// A grouping key or display name: NFC, control characters dropped, Unicode white space
/// trimmed and runs of it made one space.
[[nodiscard]] std::string normalize_key(std::string_view text);

/// normalize_key then case folding (NFC): compares keys caselessly.
[[nodiscard]] std::string fold_key(std::string_view text);

/// Canonical combining class of a code point (0 for starters).
[[nodiscard]] int combining_class(char32_t cp) noexcept;

/// Collation order of two UTF-8 strings in a language ("vi", "en"): < 0, 0, > 0. Ties of the
/// collator are broken by code points so that the order is total.
[[nodiscard]] int collate(std::string_view a, std::string_view b, std::string_view lang = "vi");

/// A collation sort key: comparing keys byte-wise gives collate()'s order (without the
/// code-point tie break).
[[nodiscard]] std::string collation_key(std::string_view text, std::string_view lang = "vi");

/// Decimal and grouping separators of a language's default number format (ICU data):
/// "," and "." for "vi", "." and "," for "en".
struct number_symbols {
    std::string decimal;  ///< Decimal separator.
    std::string grouping; ///< Thousands separator.
};
/// The separators of `lang`.
[[nodiscard]] number_symbols number_symbols_of(std::string_view lang);

} // namespace ocop::detail
