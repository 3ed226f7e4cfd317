// Exact mergeable cohort statistics: rationals, histograms, per-criterion losses.
#include <ocop/cohort.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ocop {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

i128 gcd128(i128 a, i128 b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        const i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

constexpr i128 i64_max = static_cast<i128>(INT64_MAX);

[[noreturn]] void out_of_range(const char* what) {
    throw std::overflow_error(std::string("cohort statistics: ") + what + " out of range");
}

/// Reduce num/den into a fraction; rounds to millionths when it cannot fit 64 bits. Every
/// step is checked: a value no fraction of 64 bits can hold (even rounded) is refused with
/// std::overflow_error, never wrapped.
fraction make_fraction(i128 num, i128 den) {
    constexpr i128 million = 1000000;
    if (den == 0) throw std::domain_error("cohort statistics: zero denominator");
    if (den < 0) {
        if (__builtin_mul_overflow(num, i128{-1}, &num) ||
            __builtin_mul_overflow(den, i128{-1}, &den))
            out_of_range("a fraction");
    }
    const i128 g = gcd128(num, den);
    if (g > 1) num /= g, den /= g;
    if (num <= i64_max && num >= -i64_max && den <= i64_max)
        return {static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
    // Rounded to millionths: the whole part must fit in 64 bits once scaled.
    const i128 q = num / den, r = num % den;
    if (q > i64_max / million - 1 || q < -(i64_max / million - 1)) out_of_range("a value");
    i128 twice = 0;
    if (__builtin_mul_overflow(r, 2 * million, &twice) || den > (static_cast<i128>(1) << 125))
        out_of_range("a denominator");
    const i128 frac = (twice + (r < 0 ? -den : den)) / (2 * den);
    const i128 scaled = q * million + frac;
    if (scaled > i64_max || scaled < -i64_max) out_of_range("a value");
    return {static_cast<std::int64_t>(scaled), static_cast<std::int64_t>(million)};
}

} // namespace

std::string fraction::decimal() const {
    // Same rendering as score::decimal, in 128 bits.
    if (den <= 0) throw std::domain_error("fraction with a denominator <= 0");
    const bool neg = num < 0;
    const i128 a = neg ? -static_cast<i128>(num) : static_cast<i128>(num);
    const i128 scaled = (a * 2000000 + den) / (2 * static_cast<i128>(den));
    const auto whole = static_cast<std::int64_t>(scaled / 1000000);
    const auto frac = static_cast<std::int64_t>(scaled % 1000000);
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

std::string fraction::text() const {
    const fraction r = make_fraction(num, den);
    return r.den == 1 ? std::to_string(r.num) : std::to_string(r.num) + "/" + std::to_string(r.den);
}

bool operator<(const fraction& a, const fraction& b) noexcept {
    return static_cast<i128>(a.num) * b.den < static_cast<i128>(b.num) * a.den;
}

bool operator==(const fraction& a, const fraction& b) noexcept {
    return static_cast<i128>(a.num) * b.den == static_cast<i128>(b.num) * a.den;
}

bool fraction_pair_less::operator()(const std::pair<std::int64_t, std::int64_t>& a,
                                    const std::pair<std::int64_t, std::int64_t>& b) const noexcept {
    return static_cast<i128>(a.first) * b.second < static_cast<i128>(b.first) * a.second;
}

void exact_sum::add(std::int64_t sum, std::int64_t count) {
    // Kept sorted by denominator so that equal sums have equal representations.
    if (count <= 0) throw std::domain_error("cohort statistics: a count <= 0");
    auto it = std::lower_bound(parts_.begin(), parts_.end(), count,
                               [](const auto& p, std::int64_t d) { return p.first < d; });
    if (it != parts_.end() && it->first == count) {
        std::int64_t total = 0; // the sum is left as it was when the add is refused
        if (__builtin_add_overflow(it->second, sum, &total)) out_of_range("a sum");
        it->second = total;
    } else
        parts_.insert(it, {count, sum});
}

void exact_sum::merge(const exact_sum& o) {
    for (const auto& [d, s] : o.parts_) add(s, d);
}

fraction exact_sum::mean(std::uint64_t n) const {
    const i128 count = n == 0 ? 1 : static_cast<i128>(n);
    // Exact over the lcm of the denominators (council sizes) while it stays small; else each
    // part rounded to millionths (absurd mixes of council sizes only). Every step checked.
    i128 lcm = 1;
    bool exact = true;
    for (const auto& p : parts_) {
        if (__builtin_mul_overflow(lcm / gcd128(lcm, p.first), static_cast<i128>(p.first), &lcm) ||
            lcm > (static_cast<i128>(1) << 80)) {
            exact = false;
            break;
        }
    }
    i128 num = 0, den = 0;
    if (exact) {
        for (const auto& p : parts_) {
            i128 term = 0;
            if (__builtin_mul_overflow(static_cast<i128>(p.second), lcm / p.first, &term) ||
                __builtin_add_overflow(num, term, &num)) {
                exact = false;
                break;
            }
        }
        if (exact && !__builtin_mul_overflow(lcm, count, &den)) return make_fraction(num, den);
        num = 0;
    }
    constexpr i128 million = 1000000;
    for (const auto& p : parts_) {
        const i128 scaled = static_cast<i128>(p.second) * million; // < 2^84
        const i128 term = (2 * scaled + (scaled < 0 ? -p.first : p.first)) / (2 * p.first);
        if (__builtin_add_overflow(num, term, &num)) out_of_range("a sum");
    }
    if (__builtin_mul_overflow(million, count, &den)) out_of_range("a count");
    return make_fraction(num, den);
}

void exact_histogram::add(std::int64_t sum, std::int64_t count) {
    if (count <= 0) throw std::domain_error("cohort statistics: a count <= 0");
    // In 128 bits: -INT64_MIN does not fit 64.
    const auto g = static_cast<std::int64_t>(gcd128(sum, count));
    const std::int64_t d = g > 1 ? g : 1;
    ++counts_[{sum / d, count / d}];
    ++n_;
}

void exact_histogram::merge(const exact_histogram& o) {
    for (const auto& [k, c] : o.counts_) counts_[k] += c;
    n_ += o.n_;
}

fraction exact_histogram::quantile(std::uint64_t num, std::uint64_t den) const {
    if (counts_.empty()) return {};
    // rank = ceil(q·n), at least 1.
    const auto q = static_cast<u128>(num) * n_;
    std::uint64_t rank = static_cast<std::uint64_t>((q + den - 1) / den);
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (const auto& [k, c] : counts_) {
        seen += c;
        if (seen >= rank) return {k.first, k.second};
    }
    const auto& last = counts_.rbegin()->first;
    return {last.first, last.second};
}

std::uint64_t exact_histogram::count_between(int lo, int hi) const {
    std::uint64_t n = 0;
    for (const auto& [k, c] : counts_) {
        const i128 v = k.first;
        if (v >= static_cast<i128>(lo) * k.second && v < static_cast<i128>(hi) * k.second) n += c;
    }
    return n;
}

void cohort_stats::merge(const cohort_stats& o) {
    count += o.count;
    for (std::size_t s = 0; s < stars.size(); ++s) stars[s] += o.stars[s], near[s] += o.near[s];
    scored += o.scored;
    knocked_out += o.knocked_out;
    rejected += o.rejected;
    capped += o.capped;
    total.merge(o.total);
    for (int p = 0; p < part_count; ++p) parts[p].merge(o.parts[p]);
    for (const auto& [ref, crit] : o.criteria) {
        auto& mine = criteria[ref];
        if (mine.size() < crit.size()) mine.resize(crit.size());
        for (std::size_t c = 0; c < crit.size(); ++c) {
            mine[c].count += crit[c].count;
            mine[c].lost.merge(crit[c].lost);
        }
    }
    for (const auto& [y, ys] : o.years) years[y].merge(ys);
    actions.insert(actions.end(), o.actions.begin(), o.actions.end());
}

bool parse_cohort_key(std::string_view name, cohort_key& out) noexcept {
    static constexpr std::pair<std::string_view, cohort_key> names[] = {
        {"province", cohort_key::province}, {"year", cohort_key::year},
        {"ruleset", cohort_key::ruleset},   {"sheet", cohort_key::sheet},
        {"industry", cohort_key::industry}, {"subject_type", cohort_key::subject_type},
        {"star", cohort_key::star},         {"stars", cohort_key::star}};
    for (const auto& [n, k] : names)
        if (n == name) {
            out = k;
            return true;
        }
    return false;
}

} // namespace ocop
