// std::to_chars(char*, char*, double) for the WebAssembly build (see compat.hpp): the
// shortest representation that reads back as the same double, fixed or scientific
// whichever is shorter (fixed on a tie), as C++17 [charconv.to.chars] specifies.
#include "compat.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace std {

to_chars_result to_chars(char* first, char* last, double value) {
    std::string s;
    if (std::isnan(value)) {
        s = std::signbit(value) ? "-nan" : "nan";
    } else if (std::isinf(value)) {
        s = value < 0 ? "-inf" : "inf";
    } else if (value == 0) {
        s = std::signbit(value) ? "-0" : "0";
    } else {
        // Shortest digits: the first precision whose correctly rounded %e reads back.
        char buf[40];
        int p = 1;
        for (; p <= 17; ++p) {
            std::snprintf(buf, sizeof buf, "%.*e", p - 1, value);
            if (std::strtod(buf, nullptr) == value) break;
        }
        const char* b = buf;
        const bool neg = *b == '-';
        if (neg) ++b;
        std::string digits;
        const char* e = std::strchr(b, 'e');
        for (const char* c = b; c < e; ++c)
            if (*c != '.') digits += *c;
        while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
        const int exp = std::atoi(e + 1);
        const int n = static_cast<int>(digits.size());
        std::string sci = digits.substr(0, 1);
        if (n > 1) sci += "." + digits.substr(1);
        sci += exp < 0 ? "e-" : "e+";
        const std::string ed = std::to_string(exp < 0 ? -exp : exp);
        if (ed.size() < 2) sci += '0';
        sci += ed;
        std::string fix;
        if (exp >= 0) {
            if (exp >= n - 1) {
                // A whole number is written exactly (as libstdc++ does), not zero-padded.
                char whole[400];
                std::snprintf(whole, sizeof whole, "%.0f", std::fabs(value));
                fix = whole;
            } else {
                fix = digits.substr(0, static_cast<std::size_t>(exp + 1)) + "." +
                      digits.substr(static_cast<std::size_t>(exp + 1));
            }
        } else {
            fix = "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
        }
        s = (neg ? "-" : "") + (fix.size() <= sci.size() ? fix : sci);
    }
    if (static_cast<std::size_t>(last - first) < s.size()) return {last, errc::value_too_large};
    std::memcpy(first, s.data(), s.size());
    return {first + s.size(), errc{}};
}

} // namespace std
