#pragma once
/// @file encoding.hpp
/// @brief Text files from office software as UTF-8: Windows-1258 (Excel on a Vietnamese
/// Windows), UTF-16 with a byte-order mark, or UTF-8 with or without a BOM.

#include <ocop/error.hpp>

#include <string>
#include <string_view>

namespace ocop {

/// The encoding of an input file (`--input-encoding`).
enum class input_encoding : std::uint8_t {
    utf8,         ///< UTF-8 (a BOM is accepted); anything else is refused with a hint.
    windows_1258, ///< Windows-1258 (Vietnamese), converted with iconv and NFC-normalised.
    automatic     ///< UTF-16 with a BOM, else UTF-8 when valid, else Windows-1258.
};

/// Parse `utf-8`, `windows-1258` (also `cp1258`) or `auto`; false when unknown.
[[nodiscard]] bool parse_input_encoding(std::string_view name, input_encoding& out) noexcept;

/// Text converted to UTF-8, and what it was.
struct decoded_text {
    std::string text;       ///< UTF-8 text, without a BOM; NFC when converted from Windows-1258.
    std::string encoding;   ///< "UTF-8", "UTF-16LE", "UTF-16BE" or "WINDOWS-1258".
    bool converted = false; ///< True when the bytes were not UTF-8.
};

/// Convert `bytes` to UTF-8. With input_encoding::utf8, invalid UTF-8 is refused
/// (`invalid_value`) with a message naming the line and, when the bytes read as Windows-1258,
/// saying so and naming `--input-encoding windows-1258`. Windows-1258 writes Vietnamese tones
/// as combining marks: the text is NFC-normalised (ocop::to_nfc) so that "Hà Nội" typed on
/// Windows equals the composed "Hà Nội" of the rulesets and other files.
[[nodiscard]] result<decoded_text> decode_to_utf8(std::string_view bytes, input_encoding enc);

/// Convert UTF-8 text to Windows-1258 (for tests and for files meant for old Excel); code
/// points the encoding lacks are refused.
[[nodiscard]] result<std::string> encode_windows_1258(std::string_view utf8);

/// NFC normalisation of UTF-8 (ICU); invalid bytes become U+FFFD.
[[nodiscard]] std::string to_nfc(std::string_view text);

/// Data made safe for a terminal or a text file: control characters (C0, DEL, C1, ESC) and
/// invalid UTF-8 escaped as backslash sequences (a newline as backslash-n, a tab as
/// backslash-t, other bytes as backslash-x and two hex digits), so that an id or a title
/// cannot forge lines or terminal sequences; `keep_newlines` keeps newlines of multi-line text.
[[nodiscard]] std::string printable(std::string_view s, bool keep_newlines = false);

} // namespace ocop
