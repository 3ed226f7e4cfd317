// Council review: exact mean, member distances, per-criterion spread and consensus sheet.
#include "../detail/compiled_sheet.hpp"
#include <ocop/council.hpp>

#include <algorithm>

namespace ocop {

namespace {

/// Lower median of the members' options of criterion c, among members answering it.
std::int16_t median_option(const evaluation& ev, std::size_t c) {
    const auto& sh = *ev.sheet;
    const auto& cc = sh.criteria[c];
    std::vector<std::pair<int, std::int16_t>> v;
    for (int m = 0; m < ev.members; ++m)
        if (const auto o = ev.choice(m, c); o >= 0)
            v.emplace_back(sh.options[cc.option_first + o].points, o);
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[(v.size() - 1) / 2].second;
}

} // namespace

evaluation consensus_evaluation(const evaluation& ev) {
    evaluation out = ev;
    const auto& sh = *ev.sheet;
    const std::size_t n = sh.criteria.size();
    out.members = 1;
    out.choices.assign(n, -1);
    for (const auto& g : sh.groups) {
        int best_case = 0;
        if (g.choose_one_case) {
            // The case answered by most members, ties to the lower case number.
            int best_count = 0;
            for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
                const std::size_t c = g.criterion_first + k;
                int count = 0;
                for (int m = 0; m < ev.members; ++m) count += ev.choice(m, c) >= 0;
                const int cn = sh.criteria[c].case_no;
                if (count > best_count || (count == best_count && count > 0 && cn < best_case)) {
                    best_count = count;
                    best_case = cn;
                }
            }
        }
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const std::size_t c = g.criterion_first + k;
            if (g.choose_one_case && sh.criteria[c].case_no != best_case) continue;
            out.choices[c] = median_option(ev, c);
        }
    }
    return out;
}

council_review review_council(const evaluation& ev, const council_options& opts) {
    council_review r;
    score_evaluation(ev, r.mean);
    const auto& sh = *ev.sheet;
    const std::size_t n = sh.criteria.size();
    const int m = std::max(ev.members, 1);

    std::vector<std::int64_t> totals(static_cast<std::size_t>(m), 0);
    std::int64_t all = 0;
    for (int k = 0; k < ev.members; ++k) {
        for (std::size_t c = 0; c < n; ++c)
            if (const auto o = ev.choice(k, c); o >= 0)
                totals[static_cast<std::size_t>(k)] +=
                    sh.options[sh.criteria[c].option_first + o].points;
        all += totals[static_cast<std::size_t>(k)];
    }
    for (int k = 0; k < ev.members; ++k) {
        member_review mr;
        mr.member = k;
        mr.total = totals[static_cast<std::size_t>(k)];
        if (m == 1) {
            mr.others_mean = score{mr.total, 1};
            mr.difference = score{0, 1};
        } else {
            // total − (all − total)/(m − 1) = (m·total − all)/(m − 1), exactly.
            mr.others_mean = score{all - mr.total, m - 1};
            mr.difference = score{m * mr.total - all, m - 1};
            const std::int64_t num = std::abs(mr.difference.sum);
            // In 128 bits: spread_milli comes from the caller and may be anything.
            __extension__ typedef __int128 i128;
            mr.flagged = static_cast<i128>(num) * 1000 >
                         static_cast<i128>(opts.spread_milli) * static_cast<i128>(m - 1);
        }
        r.members.push_back(mr);
    }

    auto cons = std::make_shared<evaluation>(consensus_evaluation(ev));
    r.consensus = cons;
    for (std::size_t c = 0; c < n; ++c) {
        criterion_spread s;
        s.criterion = c;
        s.id = sh.criterion(c).id;
        const auto& cc = sh.criteria[c];
        for (int k = 0; k < ev.members; ++k) {
            const auto o = ev.choice(k, c);
            if (o < 0) continue;
            const int p = sh.options[cc.option_first + o].points;
            s.min_points = s.answered ? std::min(s.min_points, p) : p;
            s.max_points = s.answered ? std::max(s.max_points, p) : p;
            ++s.answered;
        }
        s.range = s.max_points - s.min_points;
        s.consensus_option = cons->choices[c];
        r.spread.push_back(s);
    }
    score_evaluation(*cons, r.consensus_result);
    return r;
}

} // namespace ocop
