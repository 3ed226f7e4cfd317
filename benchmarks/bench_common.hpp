#pragma once
// Shared by the micro-benchmarks and the macro driver: seeded single-sheet datasets
// (in memory, JSON Lines, CSV) and a per-record aggregation.
#include "detail/compiled_sheet.hpp"

#include <ocop/ocop.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ocop::bench {

/// Draw one single-member answer row of a sheet (option indices; choose-one groups answer
/// one case; the better options are more likely, as for dossiers reaching a council).
inline void fill_choices(const compiled_sheet& sh, std::mt19937_64& rng, std::int16_t* row) {
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) row[c] = -1;
    for (const auto& g : sh.groups) {
        if (g.choose_one_case) {
            const std::size_t c = g.criterion_first + rng() % g.criterion_count;
            row[c] = static_cast<std::int16_t>(rng() % sh.criteria[c].option_count);
            continue;
        }
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const std::size_t c = g.criterion_first + k;
            const auto oc = sh.criteria[c].option_count;
            const auto a = rng() % oc, b = rng() % oc;
            row[c] = static_cast<std::int16_t>(a > b ? a : b);
        }
    }
}

/// Answers of `count` evaluations of one sheet (count × criteria), fixed seed.
inline std::vector<std::int16_t> random_choices(const compiled_sheet& sh, std::size_t count,
                                                std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::size_t n = sh.criteria.size();
    std::vector<std::int16_t> out(count * n, -1);
    for (std::size_t r = 0; r < count; ++r) fill_choices(sh, rng, &out[r * n]);
    return out;
}

/// Points of the first option with these points is the chosen option (contract).
inline int points_of(const compiled_sheet& sh, std::size_t c, std::int16_t option) {
    return sh.options[sh.criteria[c].option_first + option].points;
}

/// One record as a JSON Lines line (with newline).
inline void append_jsonl(std::string& out, const ruleset& rs, const compiled_sheet& sh,
                         std::size_t r, const std::int16_t* row) {
    out += "{\"id\":\"e";
    out += std::to_string(r);
    out += "\",\"ruleset\":\"";
    out += rs.id();
    out += "\",\"sheet\":";
    out += std::to_string(sh.no);
    out += ",\"answers\":{";
    bool first = true;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        if (row[c] < 0) continue;
        if (!first) out += ',';
        first = false;
        append_json_string(out, sh.criterion(c).id);
        out += ':';
        out += std::to_string(points_of(sh, c, row[c]));
    }
    out += "}}\n";
}

/// CSV header (id, ruleset, sheet, one column per criterion id) with newline.
inline std::string csv_header(const compiled_sheet& sh) {
    std::string h = "id,ruleset,sheet";
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) h += "," + sh.criterion(c).id;
    return h + "\n";
}

/// One record as a CSV row (with newline); unanswered criteria are empty cells.
inline void append_csv(std::string& out, const ruleset& rs, const compiled_sheet& sh, std::size_t r,
                       const std::int16_t* row) {
    out += 'e';
    out += std::to_string(r);
    out += ',';
    out += rs.id();
    out += ',';
    out += std::to_string(sh.no);
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        out += ',';
        if (row[c] >= 0) out += std::to_string(points_of(sh, c, row[c]));
    }
    out += '\n';
}

/// An evaluation bound to a sheet, ready for copying answers in (no JSON involved).
inline evaluation blank_evaluation(const ruleset& rs, const compiled_sheet& sh) {
    evaluation ev;
    ev.id = "e";
    ev.rules = &rs;
    ev.sheet = &sh;
    ev.members = 1;
    ev.choices.assign(sh.criteria.size(), -1);
    return ev;
}

/// Per-record aggregation: counts by status and stars, exact sum of totals (as member
/// sums over a common denominator is not needed: single-member totals are integers).
/// Per-thread state: a cache line of its own, so that workers do not share one.
struct alignas(64) aggregate {
    std::size_t records = 0;
    std::array<std::size_t, 6> by_stars{};
    std::array<std::size_t, 3> by_status{};
    std::int64_t total_sum_scaled = 0; ///< Sum of totals × 5040 (exact for 1..10 members).

    void add(const evaluation_result& r) noexcept {
        ++records;
        ++by_stars[static_cast<std::size_t>(r.stars)];
        ++by_status[static_cast<std::size_t>(r.status)];
        total_sum_scaled += r.total.sum * (5040 / r.total.count);
    }
    void merge(const aggregate& o) noexcept {
        records += o.records;
        for (std::size_t i = 0; i < by_stars.size(); ++i) by_stars[i] += o.by_stars[i];
        for (std::size_t i = 0; i < by_status.size(); ++i) by_status[i] += o.by_status[i];
        total_sum_scaled += o.total_sum_scaled;
    }
};

} // namespace ocop::bench
