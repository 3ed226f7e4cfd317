#pragma once
// Internal: JSON's insignificant whitespace (RFC 8259: space, tab, CR, LF), one definition for
// every reader that skips it between records or around a value.
#include <string_view>

namespace ocop::detail {

/// Whether `c` is JSON whitespace.
constexpr bool json_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// Whether `s` holds only JSON whitespace (a blank line).
constexpr bool json_blank(std::string_view s) noexcept {
    for (const char c : s)
        if (!json_space(c)) return false;
    return true;
}

/// `s` without the JSON whitespace at either end.
constexpr std::string_view trim_json_space(std::string_view s) noexcept {
    while (!s.empty() && json_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && json_space(s.back())) s.remove_suffix(1);
    return s;
}

} // namespace ocop::detail
