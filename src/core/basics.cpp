// Small vocabulary: exact score text, dates, error category, JSON Pointer tokens.
#include <ocop/date.hpp>
#include <ocop/error.hpp>
#include <ocop/types.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <cstdio>
#include <cstdlib>

namespace ocop {

namespace {
std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    return std::gcd(a < 0 ? -a : a, b);
}
} // namespace

std::string score::fraction() const {
    const std::int64_t g = gcd64(sum, count) == 0 ? 1 : gcd64(sum, count);
    const std::int64_t n = sum / g, d = count / g;
    return d == 1 ? std::to_string(n) : std::to_string(n) + "/" + std::to_string(d);
}

bool score::terminates() const noexcept {
    std::int64_t g = gcd64(sum, count);
    std::int64_t d = count / (g == 0 ? 1 : g);
    while (d % 2 == 0) d /= 2;
    while (d % 5 == 0) d /= 5;
    return d == 1;
}

std::string score::decimal() const {
    // Six decimals is enough for any mean of up to 64 members that terminates
    // (2^6 divides 10^6); longer expansions are rounded half away from zero.
    const bool neg = sum < 0;
    const std::int64_t a = neg ? -sum : sum;
    const std::int64_t scaled = (a * 1000000 * 2 + count) / (2 * count);
    std::int64_t whole = scaled / 1000000, frac = scaled % 1000000;
    std::string out = neg && scaled != 0 ? "-" : "";
    out += std::to_string(whole);
    if (frac != 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(frac));
        std::string f(buf);
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += '.';
        out += f;
    }
    return out;
}

std::optional<std::int64_t> parse_points_milli(std::string_view text) noexcept {
    std::int64_t whole = 0, frac = 0;
    std::size_t i = 0, digits = 0, decimals = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
        if (digits == 7) return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
            if (decimals == 3) return std::nullopt;
            frac = frac * 10 + (text[i] - '0');
        }
        if (decimals == 0) return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;
    for (; decimals < 3; ++decimals) frac *= 10;
    return whole * 1000 + frac;
}

std::optional<date> date::parse(std::string_view t) noexcept {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            out = out * 10 + (t[i] - '0');
        }
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    static constexpr int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    return date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

void date::civil(int& y, unsigned& m, unsigned& d) const noexcept {
    const std::int64_t z = days_ + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400) + (m <= 2 ? 1 : 0);
}

date date::plus_months(int n) const noexcept {
    int y = 0;
    unsigned m = 0, d = 0;
    civil(y, m, d);
    int total = y * 12 + static_cast<int>(m) - 1 + n;
    int ny = total / 12;
    auto nm = static_cast<unsigned>(total % 12 + 1);
    static constexpr unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0;
    const unsigned last = mdays[nm - 1] + (nm == 2 && leap ? 1 : 0);
    return date(ny, nm, d > last ? last : d);
}

std::string date::to_string() const {
    int y = 0;
    unsigned m = 0, d = 0;
    civil(y, m, d);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

namespace {
class category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "ocop"; }
    std::string message(int ev) const override { return to_string(static_cast<errc>(ev)); }
};
} // namespace

const boost::system::error_category& ocop_category() noexcept {
    static const category cat;
    return cat;
}

const char* to_string(errc e) noexcept {
    return boost::describe::enum_to_string(e, "unknown");
}

std::string pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace ocop
