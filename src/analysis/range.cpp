// Incomplete dossiers: tolerant parsing on top of parse_evaluation, and the exact range of
// reachable totals and stars by a reachability pass over (total, marker star, knock-out).
#include "../detail/compiled_sheet.hpp"
#include "../detail/star_rule.hpp"
#include <ocop/planner.hpp>
#include <ocop/range.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <set>
#include <tuple>

namespace ocop {

namespace {

/// Fill the unscored answers of one answers object with option 1; remember which.
void fill_answers(boost::json::object& ans, const compiled_sheet& sh, int member,
                  std::vector<std::pair<int, std::size_t>>& filled) {
    std::vector<bool> present(sh.criteria.size(), false);
    std::vector<std::string> nulls;
    for (const auto& kv : ans) {
        if (kv.value().is_null()) {
            nulls.emplace_back(kv.key());
            continue;
        }
        if (const int ci = sh.find(kv.key()); ci >= 0) present[static_cast<std::size_t>(ci)] = true;
    }
    for (const auto& k : nulls) ans.erase(k);
    auto fill = [&](std::size_t c) {
        ans[sh.criterion(c).id] = boost::json::object{{"option", 1}};
        filled.emplace_back(member, c);
    };
    for (const auto& g : sh.groups) {
        int chosen_case = 0;
        if (g.choose_one_case) {
            for (std::uint16_t k = 0; k < g.criterion_count; ++k)
                if (present[g.criterion_first + k])
                    chosen_case = sh.criteria[g.criterion_first + k].case_no;
            // No case answered: fill the first case to pass the parser, then free it again.
            if (!chosen_case) chosen_case = sh.criteria[g.criterion_first].case_no;
        }
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const std::size_t c = g.criterion_first + k;
            if (present[c] || (g.choose_one_case && sh.criteria[c].case_no != chosen_case))
                continue;
            fill(c);
        }
    }
}

struct outcome {
    std::int64_t sum = 0;
    int level = 5;
    bool knocked = false;
    friend bool operator<(const outcome& a, const outcome& b) {
        return std::tie(a.sum, a.level, a.knocked) < std::tie(b.sum, b.level, b.knocked);
    }
};

/// Reachable (member sum, level, knock-out) of one criterion, unscored members free.
std::set<outcome> criterion_outcomes(const evaluation& ev, std::size_t c, bool zero_watch) {
    const auto& sh = *ev.sheet;
    const auto& cc = sh.criteria[c];
    std::set<std::pair<std::int64_t, bool>> sums{{0, false}};
    for (int m = 0; m < ev.members; ++m) {
        std::set<std::pair<std::int64_t, bool>> next;
        const auto o = ev.choice(m, c);
        for (const auto& [s, k] : sums)
            for (std::uint16_t j = 0; j < cc.option_count; ++j) {
                if (o >= 0 && j != o) continue;
                const auto& op = sh.options[cc.option_first + j];
                next.emplace(s + op.points, k || op.knockout != no_index);
            }
        sums.swap(next);
    }
    std::set<outcome> out;
    for (const auto& [s, k] : sums)
        out.insert({s, detail::criterion_level(cc, s, ev.members), k || (zero_watch && s == 0)});
    return out;
}

std::set<outcome> combine(const std::set<outcome>& a, const std::set<outcome>& b) {
    std::set<outcome> out;
    for (const auto& x : a)
        for (const auto& y : b)
            out.insert({x.sum + y.sum, std::min(x.level, y.level), x.knocked || y.knocked});
    return out;
}

} // namespace

result<evaluation> parse_partial_evaluation(const boost::json::value& record, const registry& reg) {
    const auto* obj = record.if_object();
    if (!obj) return diagnostic{errc::wrong_type, "", "an evaluation must be a JSON object"};
    // The member limit before anything is copied or filled (parse_evaluation would check it
    // only after 100k members had been copied and expanded).
    if (const auto* mem = obj->if_contains("members"); mem && mem->is_array())
        if (const std::size_t max = input_limits{}.max_members; mem->as_array().size() > max)
            return diagnostic{errc::limit_exceeded, "/members",
                              "more than " + std::to_string(max) + " members"};
    // Bind ruleset and sheet first (every other field checked) with the answers set aside.
    boost::json::object probe;
    for (const auto& kv : *obj)
        if (kv.key() != "answers" && kv.key() != "members") probe.emplace(kv.key(), kv.value());
    probe["dossier_rejected"] = "probe";
    evaluation ev;
    if (auto r = parse_evaluation(probe, reg, ev); !r) return r.error();
    const compiled_sheet& sh = *ev.sheet;

    const auto* rej = obj->if_contains("dossier_rejected");
    const bool rejected = rej && !rej->is_null() && !(rej->is_bool() && !rej->get_bool());
    boost::json::value copy = *obj;
    auto& rec = copy.as_object();
    std::vector<std::pair<int, std::size_t>> filled;
    if (!rejected) {
        if (auto* mem = rec.if_contains("members"); mem && mem->is_array()) {
            auto& arr = mem->as_array();
            for (std::size_t m = 0; m < arr.size(); ++m) {
                auto* mo = arr[m].if_object();
                if (!mo) continue; // the parser reports it
                auto* a = mo->if_contains("answers");
                if (a && a->is_object())
                    fill_answers(a->as_object(), sh, static_cast<int>(m), filled);
                else if (!a)
                    fill_answers(*mo, sh, static_cast<int>(m), filled);
            }
        } else if (!rec.contains("members")) {
            auto* a = rec.if_contains("answers");
            if (!a || a->is_null()) a = &(rec["answers"] = boost::json::object());
            if (a->is_object()) fill_answers(a->as_object(), sh, 0, filled);
        }
    }
    if (auto r = parse_evaluation(copy, reg, ev); !r) return r.error();
    const std::size_t n = sh.criteria.size();
    for (const auto& [m, c] : filled) ev.choices[static_cast<std::size_t>(m) * n + c] = -1;
    return ev;
}

namespace {

/// The outcomes of choose-one group g: over the members' case, or over every case when
/// nobody chose one yet; a missing answer is noted in `r`.
result<std::set<outcome>> choose_one_outcomes(const evaluation& ev, std::size_t g, score_range& r) {
    const auto& sh = *ev.sheet;
    const auto& cg = sh.groups[g];
    std::set<int> cases, answered;
    std::string all_ids;
    for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
        const std::size_t c = cg.criterion_first + k;
        cases.insert(sh.criteria[c].case_no);
        all_ids += (all_ids.empty() ? "" : "|") + sh.criterion(c).id;
        for (int m = 0; m < ev.members; ++m)
            if (ev.choice(m, c) >= 0) answered.insert(sh.criteria[c].case_no);
    }
    if (answered.size() > 1)
        return diagnostic{errc::case_conflict, "",
                          "members answer different cases of group " + sh.group(g).code +
                              "; the range follows one case for the whole council"};
    if (!answered.empty()) cases = answered;
    std::set<outcome> group;
    bool missing = false;
    for (int cn : cases) {
        std::set<outcome> acc{{0, 5, false}};
        for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
            const std::size_t c = cg.criterion_first + k;
            if (sh.criteria[c].case_no != cn) continue;
            for (int m = 0; m < ev.members; ++m) missing = missing || ev.choice(m, c) < 0;
            acc = combine(acc, criterion_outcomes(ev, c, detail::zero_knockout(sh, c)));
        }
        group.insert(acc.begin(), acc.end());
    }
    if (missing) {
        r.missing.push_back(answered.empty() ? all_ids : sh.group(g).code);
        ++r.unscored;
    }
    return group;
}

/// The possible outcomes of each item of the sheet: one per criterion outside choose-one
/// groups, one per choose-one group (the members' case, or any case when nobody chose one
/// yet); the unanswered criteria and groups go into `r`.
result<std::vector<std::set<outcome>>> item_outcomes(const evaluation& ev, score_range& r) {
    const auto& sh = *ev.sheet;
    std::vector<std::set<outcome>> items;
    for (std::size_t g = 0; g < sh.groups.size(); ++g) {
        const auto& cg = sh.groups[g];
        if (!cg.choose_one_case) {
            for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
                const std::size_t c = cg.criterion_first + k;
                int unscored = 0;
                for (int m = 0; m < ev.members; ++m) unscored += ev.choice(m, c) < 0;
                if (unscored) r.missing.push_back(sh.criterion(c).id);
                r.unscored += unscored;
                items.push_back(criterion_outcomes(ev, c, detail::zero_knockout(sh, c)));
            }
            continue;
        }
        auto group = choose_one_outcomes(ev, g, r);
        if (!group) return group.error();
        items.push_back(std::move(*group));
    }
    return items;
}

/// Index of the state (sum, marker level 2..5, knocked) in the reachability table.
std::size_t state_index(std::int64_t sum, int marker, bool knocked) {
    return static_cast<std::size_t>(sum) * 8 + static_cast<std::size_t>(marker - 2) * 2 +
           (knocked ? 1 : 0);
}

/// Reachability over (sum, marker, knocked): which states some completion of the items
/// reaches, by state_index, for sums 0..bound.
std::vector<char> reachable(const std::vector<std::set<outcome>>& items, std::int64_t bound) {
    const auto width = static_cast<std::size_t>(bound + 1);
    std::vector<char> cur(width * 8, 0), next(width * 8, 0);
    cur[state_index(0, 5, false)] = 1;
    for (const auto& it : items) {
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t s = 0; s < width; ++s)
            for (int m = 2; m <= 5; ++m)
                for (int k = 0; k < 2; ++k) {
                    if (!cur[state_index(static_cast<std::int64_t>(s), m, k)]) continue;
                    for (const auto& o : it) {
                        const auto s2 = static_cast<std::int64_t>(s) + o.sum;
                        if (s2 > bound) continue;
                        next[state_index(s2, std::min(m, o.level), k || o.knocked)] = 1;
                    }
                }
        cur.swap(next);
    }
    return cur;
}

/// The totals and stars of the reachable states into `r`; whether every one is knocked out.
bool summarize(const std::vector<char>& reached, std::int64_t bound, const evaluation& ev,
               bool declared, score_range& r) {
    const auto& rs = *ev.rules;
    bool first = true, first_clean = true;
    for (std::int64_t s = 0; s <= bound; ++s)
        for (int m = 2; m <= 5; ++m)
            for (int k = 0; k < 2; ++k) {
                if (!reached[state_index(s, m, k)]) continue;
                const score total{s, ev.members};
                const star_rank st = detail::stars_of(rs, total, m, k || declared);
                if (first) {
                    r.total_min = r.total_max = total;
                    r.stars_min = r.stars_max = st;
                    first = false;
                }
                r.total_min = std::min(r.total_min, total);
                r.total_max = std::max(r.total_max, total);
                r.stars_min = std::min(r.stars_min, st);
                r.stars_max = std::max(r.stars_max, st);
                r.knockout_possible = r.knockout_possible || k || declared;
                if (!k && !declared) {
                    r.stars_min_no_knockout =
                        first_clean ? st : std::min(r.stars_min_no_knockout, st);
                    first_clean = false;
                }
            }
    return first_clean;
}

} // namespace

result<score_range> range_of(const evaluation& ev) {
    score_range r;
    if (ev.dossier_rejected) {
        r.status = evaluation_status::rejected;
        return r;
    }
    const auto& rs = *ev.rules;
    const bool declared = !ev.knockouts.empty();
    // Under the knock-out policy `flag` a knock-out warns but never decides the status.
    const bool knock_decides =
        rs.policies().knockout.value_or(knockout_policy::zero) == knockout_policy::zero;
    r.status =
        declared && knock_decides ? evaluation_status::knocked_out : evaluation_status::scored;

    auto items = item_outcomes(ev, r);
    if (!items) return items.error();
    std::int64_t bound = 0;
    for (const auto& it : *items) bound += std::prev(it.end())->sum;
    // No completion escapes a knock-out (declared, or a zero / knock-out option every
    // completion keeps): the dossier is knocked out whatever the missing answers say.
    r.knockout_certain = summarize(reachable(*items, bound), bound, ev, declared, r);
    if (r.knockout_certain && knock_decides) r.status = evaluation_status::knocked_out;
    return r;
}

} // namespace ocop
