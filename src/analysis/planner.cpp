// Upgrade planner: exact dynamic programme over criteria on (total points, marker star).
#include "../detail/compiled_sheet.hpp"
#include "../detail/star_rule.hpp"
#include <ocop/planner.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace ocop {

namespace detail {

int criterion_level(const compiled_criterion& c, std::int64_t sum, int members) noexcept {
    for (int s = 3; s <= 5; ++s) {
        const int need = c.min_for_star[static_cast<std::size_t>(s)];
        if (need >= 0 && sum < static_cast<std::int64_t>(need) * members) return s - 1;
    }
    return 5;
}

bool zero_knockout(const compiled_sheet& sh, std::size_t c) noexcept {
    for (const auto& ko : sh.knockouts)
        if (ko.rule->trigger == knockout_trigger::zero_points &&
            std::find(ko.applies.begin(), ko.applies.end(), c) != ko.applies.end())
            return true;
    return false;
}

} // namespace detail

namespace {

constexpr int inf = std::numeric_limits<int>::max() / 2;

struct choice {
    int points = 0;
    int level = 5;
    int cost = 0;
    std::int16_t option = 0;
};

struct item {
    std::size_t criterion = 0;
    int from_points = 0;
    std::int16_t from_option = 0;
    std::vector<choice> choices;
};

std::string knockout_text(const evaluation_result& r) {
    std::string out;
    for (const auto& x : r.reasons)
        if (x.kind == reason_kind::knockout || x.kind == reason_kind::dossier_rejected)
            out += (out.empty() ? "" : "; ") + x.message;
    return out;
}

} // namespace

result<upgrade_plan> plan_upgrade(const evaluation& ev, const plan_options& opts) {
    if (!ev.sheet || !ev.rules)
        return diagnostic{errc::invalid_value, "", "the evaluation is not bound to a sheet"};
    if (ev.members != 1 && !ev.dossier_rejected)
        return diagnostic{errc::invalid_value, "/members",
                          "a council evaluation (" + std::to_string(ev.members) +
                              " members) has no single sheet to upgrade; plan on its consensus "
                              "sheet (ocop plan --consensus)"};
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    const evaluation_result now = score_evaluation(ev); // rejected: no answers are read

    upgrade_plan plan;
    plan.total_before = plan.total_after = now.total;
    plan.stars_before = plan.stars_after = now.stars;
    plan.band_after = now.band_stars;
    plan.marker_after = now.marker_stars;
    plan.target = opts.target.value_or(std::min(now.stars + 1, 5));
    if (plan.target < 1 || plan.target > 5)
        return diagnostic{errc::out_of_range, "", "the star target must be 1..5"};
    if (now.status == evaluation_status::rejected) {
        plan.status = plan_status::rejected;
        plan.target = 0;
        plan.message = "no plan: " + knockout_text(now);
        return plan;
    }
    // A zero-points knock-out (e.g. 26/2026 sheet 16: "Nếu được 0 điểm tại một trong các chỉ
    // tiêu trên, sẽ không đánh giá các bước tiếp theo") is a score the product can raise: plan
    // out of it. Declared knock-outs and knock-out options (unknown origin, a copy…) are facts
    // about the product, not points: no plan, and no star target.
    std::vector<char> must_raise(sh.criteria.size(), 0);
    if (now.status == evaluation_status::knocked_out) {
        bool fixable = ev.knockouts.empty(), zero = false;
        for (std::size_t c = 0; c < sh.criteria.size() && fixable; ++c) {
            const std::int16_t cur = ev.choice(0, c);
            if (cur < 0) continue;
            const auto& o = sh.options[sh.criteria[c].option_first + cur];
            if (o.knockout != no_index) fixable = false;
            if (o.points == 0 && detail::zero_knockout(sh, c)) must_raise[c] = zero = true;
        }
        if (!fixable || !zero) {
            plan.status = plan_status::knocked_out;
            plan.target = 0;
            plan.message = "no plan: knocked out: " + knockout_text(now);
            return plan;
        }
        // Default target: the next star above what the answers give with the knock-out set
        // aside (docs/planner.md).
        const star_rank unknocked = detail::stars_of(rs, now.total, now.marker_stars, false);
        plan.target = opts.target.value_or(std::min(unknocked + 1, 5));
    }
    if (now.stars >= plan.target) {
        plan.status = plan_status::already_reached;
        plan.message = "already " + std::to_string(now.stars) + "★ (target " +
                       std::to_string(plan.target) + "★)";
        return plan;
    }

    // Items: each applicable criterion keeps its option (cost 0) or moves to a better one
    // (cost 1). Options triggering a knock-out are never proposed; the answered case of a
    // choose-one group stays the case (it describes the product, not its quality).
    std::vector<item> items;
    int base = 0, bound = 0;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& cc = sh.criteria[c];
        const std::int16_t cur = ev.choice(0, c);
        if (cur < 0) continue; // the other case of a choose-one group
        item it;
        it.criterion = c;
        const int p0 = sh.options[cc.option_first + cur].points;
        it.from_points = p0;
        it.from_option = cur;
        it.choices.push_back({p0, detail::criterion_level(cc, p0, 1), 0, cur});
        const std::uint8_t case_now = sh.options[cc.option_first + cur].case_no;
        for (std::uint16_t k = 0; k < cc.option_count; ++k) {
            const auto& o = sh.options[cc.option_first + k];
            // Nor does an alternative case inside a criterion (1048 3.2: the company type).
            if (o.points <= p0 || o.knockout != no_index || o.case_no != case_now) continue;
            const bool seen = std::any_of(it.choices.begin(), it.choices.end(),
                                          [&](const choice& x) { return x.points == o.points; });
            if (!seen)
                it.choices.push_back({o.points, detail::criterion_level(cc, o.points, 1), 1,
                                      static_cast<std::int16_t>(k)});
        }
        int best = p0;
        for (const auto& x : it.choices) best = std::max(best, x.points);
        // A zero that knocks the product out must be raised: keeping it is no choice.
        if (must_raise[c]) it.choices.erase(it.choices.begin());
        if (it.choices.empty()) {
            plan.status = plan_status::unreachable;
            plan.message =
                "knocked out by 0 points on " + sh.criterion(c).id + ", which has no higher option";
            return plan;
        }
        base += p0;
        bound += best;
        items.push_back(std::move(it));
    }

    // DP over (total, marker): fewest changes to reach each state, with back-pointers. The
    // ruleset budget bounds it (docs/limits.md): totals <= max_total_points (1000), items <=
    // criteria per sheet (1000), so the back-pointers take at most 1000 x 4004 x 4 bytes (16
    // MB). A back-pointer is state * choice_slots + choice: a criterion's choices have
    // distinct points in 0..100, so fewer than 128.
    constexpr std::int32_t choice_slots = 128;
    const int width = bound + 1;
    auto idx = [&](int sum, int marker) { return static_cast<std::size_t>(sum * 4 + marker - 2); };
    const std::size_t states = static_cast<std::size_t>(width) * 4;
    // A ruleset loaded with a raised budget could ask for more: refuse rather than take GBs.
    constexpr std::size_t max_cells = std::size_t{1} << 26; // 256 MB of back-pointers
    if (items.size() * states > max_cells ||
        states > static_cast<std::size_t>(INT32_MAX / choice_slots)) {
        plan.status = plan_status::unreachable;
        plan.message = "not planned: " + std::to_string(items.size()) + " criteria x " +
                       std::to_string(bound) + " points is over the planner's bound";
        return plan;
    }
    std::vector<int> cost(states, inf), next(states, inf);
    std::vector<std::vector<std::int32_t>> back(items.size(),
                                                std::vector<std::int32_t>(states, -1));
    cost[idx(0, 5)] = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::fill(next.begin(), next.end(), inf);
        for (int sum = 0; sum < width; ++sum)
            for (int m = 2; m <= 5; ++m) {
                const int c0 = cost[idx(sum, m)];
                if (c0 >= inf) continue;
                for (std::size_t k = 0; k < items[i].choices.size(); ++k) {
                    const auto& ch = items[i].choices[k];
                    const int s2 = sum + ch.points, m2 = std::min(m, ch.level);
                    if (s2 >= width) continue;
                    const std::size_t j = idx(s2, m2);
                    if (c0 + ch.cost < next[j]) {
                        next[j] = c0 + ch.cost;
                        back[i][j] = static_cast<std::int32_t>(idx(sum, m) * choice_slots + k);
                    }
                }
            }
        cost.swap(next);
    }

    // The smallest total (fewest points gained), then fewest changes, meeting the target.
    std::size_t best = states;
    for (int sum = base; sum < width && best == states; ++sum) {
        int best_cost = inf;
        for (int m = 2; m <= 5; ++m) {
            const int c = cost[idx(sum, m)];
            if (c < best_cost && detail::stars_of(rs, score{sum, 1}, m, false) >= plan.target) {
                best_cost = c;
                best = idx(sum, m);
            }
        }
    }
    if (best == states) {
        plan.status = plan_status::unreachable;
        plan.message =
            "no upgrade of the answered options reaches " + std::to_string(plan.target) + "★";
        return plan;
    }
    std::size_t state = best;
    for (std::size_t i = items.size(); i-- > 0;) {
        const auto b = back[i][state];
        const auto& ch = items[i].choices[static_cast<std::size_t>(b % choice_slots)];
        if (ch.cost) {
            const auto c = items[i].criterion;
            plan.changes.push_back({c, sh.criterion(c).id, items[i].from_option + 1,
                                    items[i].from_points, ch.option + 1, ch.points});
            plan.points_gained += ch.points - items[i].from_points;
        }
        state = static_cast<std::size_t>(b / choice_slots);
    }
    std::reverse(plan.changes.begin(), plan.changes.end());

    // Score the upgraded sheet with the real scorer: the plan's figures are the scorer's.
    const evaluation up = apply_plan(ev, plan);
    const evaluation_result after = score_evaluation(up);
    plan.status = plan_status::planned;
    plan.total_after = after.total;
    plan.stars_after = after.stars;
    plan.band_after = after.band_stars;
    plan.marker_after = after.marker_stars;
    plan.message = std::string(now.status == evaluation_status::knocked_out
                                   ? "out of the zero-points knock-out, then to the target: "
                                   : "") +
                   std::to_string(plan.changes.size()) + " change(s), +" +
                   std::to_string(plan.points_gained) + " points: " + now.total.decimal() + " → " +
                   after.total.decimal() + ", " + std::to_string(now.stars) + "★ → " +
                   std::to_string(after.stars) + "★";
    return plan;
}

evaluation apply_plan(const evaluation& ev, const upgrade_plan& plan) {
    evaluation out = ev;
    for (const auto& ch : plan.changes)
        out.choices[ch.criterion] = static_cast<std::int16_t>(ch.to_option - 1);
    return out;
}

} // namespace ocop
