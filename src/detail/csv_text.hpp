#pragma once
// Internal: the cell rules of the CSV evaluation format, shared by csv_layout::to_json and
// the direct reader (csv_reader.cpp), which must read cells the same way.
#include <charconv>
#include <cstdint>
#include <string_view>

namespace ocop::detail {

/// A cell without its surrounding spaces and tabs.
inline std::string_view trim(std::string_view s) noexcept {
    // By hand: find_first_not_of(" \t") costs a library call per character.
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

/// Parse a whole decimal integer (an optional '+'); false when not one or out of range.
inline bool parse_int(std::string_view s, std::int64_t& v) noexcept {
    if (s.empty()) return false;
    if (s.size() <= 18) { // the common cell: a few digits, read without a library call
        std::int64_t x = 0;
        std::size_t i = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') x = x * 10 + (s[i++] - '0');
        if (i == s.size()) {
            v = x;
            return true;
        }
    }
    const char* b = s.data();
    if (*b == '+') ++b;
    const auto r = std::from_chars(b, s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

/// Whether every character is a decimal digit (and there is one).
inline bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace ocop::detail
