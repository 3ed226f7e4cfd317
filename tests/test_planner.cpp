// Upgrade planner: hand-checked plans on qd26-2026 sheet 1, refusals, and agreement with an
// exhaustive search over every upgrade combination on small generated rulesets.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace ocop;
using namespace ocop::test;

namespace {

// A 74-point sheet-1 product: band 4★, but 2.1 scores 1 where the 4★ minimum is 3 (cap: 3★).
const std::string product74 =
    R"({"id": "P74", "ruleset": "qd26-2026", "sheet": 1, "answers": {"1.1": 2, "1.2": 2,
    "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1, "2.1": 1, "2.2": 2, "2.3": 3, "2.4": 1,
    "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2, "4.1": 3, "4.2": 3, "4.3": 5, "5.1": 5,
    "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2, "7": 1, "8": 3, "9": 4,
    "10": 3, "11": 2, "12": 3}})";

/// A small ruleset: `n` criteria in one group per part, random options and markers.
std::string random_ruleset(std::mt19937& rng, const char* policy) {
    std::uniform_int_distribution<int> nopt(2, 4), step(1, 3), coin(0, 3);
    std::string groups;
    int part_sum[3] = {0, 0, 0};
    int id = 0;
    for (int p = 0; p < 3; ++p) {
        std::string crit;
        int gmax = 0;
        const int ncrit = 2 + (p == 0);
        for (int c = 0; c < ncrit; ++c, ++id) {
            std::string opts;
            int pts = coin(rng) == 0 ? 0 : 1, marker = 0;
            const int k = nopt(rng);
            for (int o = 0; o < k; ++o) {
                if (o) pts += step(rng);
                // Markers rise with the points, as on the printed sheets.
                if (o && coin(rng) == 0) marker = std::min(5, std::max(marker, 2) + 1);
                opts += std::string(o ? "," : "") + R"({"label_vi": "o)" + std::to_string(o) +
                        R"(", "points": )" + std::to_string(pts) +
                        (marker ? R"(, "marker": )" + std::to_string(marker) : "") + "}";
            }
            gmax += pts;
            crit += std::string(c ? "," : "") + R"({"id": "c)" + std::to_string(id) +
                    R"(", "code": "c)" + std::to_string(id) + R"(", "title_vi": "C)" +
                    std::to_string(id) + R"(", "max_points": )" + std::to_string(pts) +
                    R"(, "options": [)" + opts + "]}";
        }
        part_sum[p] = gmax;
        groups += std::string(p ? "," : "") + R"({"part": ")" + std::string(1, char('A' + p)) +
                  R"(", "code": ")" + std::to_string(p + 1) +
                  R"(", "title_vi": "G", "max_points": )" + std::to_string(gmax) +
                  R"(, "criteria": [)" + crit + "]}";
    }
    const int total = part_sum[0] + part_sum[1] + part_sum[2];
    // Bands at 20/40/60/80 % of the maximum (in thousandths, exact).
    auto at = [&](int pct) {
        const int milli = total * pct * 10;
        std::string frac = std::to_string(1000 + milli % 1000).substr(1);
        return std::to_string(milli / 1000) + "." + frac;
    };
    const std::string bands = R"([{"stars": 1, "min": 0, "max": )" + at(20) + R"(},
           {"stars": 2, "min": )" +
                              at(20) + R"(, "max": )" + at(40) + R"(},
           {"stars": 3, "min": )" +
                              at(40) + R"(, "max": )" + at(60) + R"(},
           {"stars": 4, "min": )" +
                              at(60) + R"(, "max": )" + at(80) + R"(},
           {"stars": 5, "min": )" +
                              at(80) + R"(, "max": )" + std::to_string(total) +
                              R"(, "max_inclusive": true}])";
    return R"({"format": "ocop-ruleset/1", "id": "tiny", "title": "tiny", "status": "provisional",
      "provenance": {"decision": "test", "issued_on": "2020-01-01", "effective_from": "2020-01-01"},
      "parts": [{"code": "A", "name_vi": "A", "budget": )" +
           std::to_string(part_sum[0]) + R"(}, {"code": "B", "name_vi": "B", "budget": )" +
           std::to_string(part_sum[1]) + R"(}, {"code": "C", "name_vi": "C", "budget": )" +
           std::to_string(part_sum[2]) + R"(}], "star_bands": )" + bands +
           R"(, "council": {"combine": "mean"}, "policies": {"missed_minimum": ")" + policy +
           R"(", "defects": "probable"}, "sheets": [{"no": 1, "name_vi": "tiny", "status": "consistent",
      "groups": [)" +
           groups + "]}]}";
}

struct best {
    int gain = -1, changes = 0;
};

/// Exhaustive search: every combination of "keep or move up" over all criteria.
best brute_force(const evaluation& ev, int target) {
    const auto& sh = *ev.sheet;
    best b;
    const int base = static_cast<int>(score_evaluation(ev).total.sum);
    evaluation trial = ev;
    std::function<void(std::size_t, int)> walk = [&](std::size_t c, int changes) {
        if (c == sh.criteria.size()) {
            const auto r = score_evaluation(trial);
            if (r.stars < target) return;
            const int gain = static_cast<int>(r.total.sum) - base;
            if (b.gain < 0 || gain < b.gain || (gain == b.gain && changes < b.changes))
                b = {gain, changes};
            return;
        }
        const auto& cc = sh.criteria[c];
        const auto cur = ev.choices[c];
        for (std::int16_t k = 0; k < cc.option_count; ++k) {
            if (k != cur &&
                sh.options[cc.option_first + k].points <= sh.options[cc.option_first + cur].points)
                continue;
            trial.choices[c] = k;
            walk(c + 1, changes + (k != cur));
        }
        trial.choices[c] = cur;
    };
    walk(0, 0);
    return b;
}

} // namespace

TEST_CASE("planner: sheet 1 product capped by the 4-star minimum on 2.1") {
    auto s = score_text(product74);
    REQUIRE(s.res.total == score{74, 1});
    REQUIRE(s.res.band_stars == 4);
    REQUIRE(s.res.stars == 3);
    auto p = plan_upgrade(s.ev);
    REQUIRE(p.has_value());
    CHECK(p->status == plan_status::planned);
    CHECK(p->target == 4);
    // 2.1 option 2 (1 point) -> option 3 (3 points, the 4★ mark): +2, 76 points, 4★.
    REQUIRE(p->changes.size() == 1);
    CHECK(p->changes[0].id == "2.1");
    CHECK(p->changes[0].from_points == 1);
    CHECK(p->changes[0].to_points == 3);
    CHECK(p->changes[0].to_option == 3);
    CHECK(p->points_gained == 2);
    CHECK(p->total_after == score{76, 1});
    CHECK(p->stars_after == 4);

    SECTION("target 5: the plan reaches 90 and every 5-star minimum") {
        plan_options o;
        o.target = 5;
        auto q = plan_upgrade(s.ev, o);
        REQUIRE(q.has_value());
        CHECK(q->status == plan_status::planned);
        CHECK(q->stars_after == 5);
        CHECK(q->total_after >= score{90, 1});
        CHECK(q->points_gained == q->total_after.sum - 74);
        const evaluation upgraded = apply_plan(s.ev, *q);
        const auto up = score_evaluation(upgraded);
        CHECK(up.stars == 5);
        CHECK(up.marker_stars == 5);
    }
    SECTION("already at the target") {
        plan_options o;
        o.target = 3;
        auto q = plan_upgrade(s.ev, o);
        REQUIRE(q.has_value());
        CHECK(q->status == plan_status::already_reached);
        CHECK(q->changes.empty());
    }
}

TEST_CASE("planner: no plan for rejected, knocked-out or council evaluations") {
    auto rej = score_text(R"({"id": "R", "ruleset": "qd26-2026", "sheet": 1,
                             "dossier_rejected": "forged dossier"})");
    auto p = plan_upgrade(rej.ev);
    REQUIRE(p.has_value());
    CHECK(p->status == plan_status::rejected);
    CHECK(p->message.find("forged dossier") != std::string::npos);

    auto ko = boost::json::parse(product74).as_object();
    ko["knockouts"] = boost::json::array{"6.1"};
    auto k = score_text(boost::json::serialize(ko));
    REQUIRE(k.res.status == evaluation_status::knocked_out);
    auto q = plan_upgrade(k.ev);
    REQUIRE(q.has_value());
    CHECK(q->status == plan_status::knocked_out);
    CHECK(q->message.find("knocked out") != std::string::npos);

    auto council = boost::json::parse(product74).as_object();
    council["members"] = boost::json::array{council["answers"], council["answers"]};
    council.erase("answers");
    auto c = score_text(boost::json::serialize(council));
    auto r = plan_upgrade(c.ev);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("consensus") != std::string::npos);
    // Planning on the consensus sheet works.
    auto cons = consensus_evaluation(c.ev);
    auto rc = plan_upgrade(cons);
    REQUIRE(rc.has_value());
    CHECK(rc->points_gained == 2);
}

TEST_CASE("planner: agrees with exhaustive search on generated small rulesets") {
    std::mt19937 rng(20260522);
    int planned = 0;
    for (const char* policy : {"cap", "fail", "ignore"}) {
        for (int round = 0; round < 25; ++round) {
            auto rs = ruleset::load(random_ruleset(rng, policy));
            REQUIRE(rs.has_value());
            registry reg;
            reg.add(*rs);
            const auto& sh = *rs->sheet(1);
            for (int trial = 0; trial < 6; ++trial) {
                std::string ans;
                for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
                    std::uniform_int_distribution<int> pick(1, sh.criteria[c].option_count);
                    ans += std::string(c ? "," : "") + "\"" + sh.criterion(c).id +
                           "\": {\"option\": " + std::to_string(pick(rng)) + "}";
                }
                auto s = score_text(
                    R"({"id": "t", "ruleset": "tiny", "sheet": 1, "answers": {)" + ans + "}}", reg);
                for (int target = s.res.stars + 1; target <= 5; ++target) {
                    plan_options o;
                    o.target = target;
                    auto p = plan_upgrade(s.ev, o);
                    REQUIRE(p.has_value());
                    const best b = brute_force(s.ev, target);
                    INFO("policy " << policy << " round " << round << " target " << target);
                    if (b.gain < 0) {
                        CHECK(p->status == plan_status::unreachable);
                        continue;
                    }
                    REQUIRE(p->status == plan_status::planned);
                    ++planned;
                    CHECK(p->points_gained == b.gain);
                    CHECK(static_cast<int>(p->changes.size()) == b.changes);
                    CHECK(p->stars_after >= target);
                }
            }
        }
    }
    CHECK(planned > 100);
}

namespace {

/// A 26/2026 sheet-16 record at every top option except the given (criterion, option).
std::string sheet16(std::initializer_list<std::pair<const char*, int>> low,
                    const std::string& extra = "") {
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(16);
    boost::json::object ans;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        ans[sh.criterion(c).id] =
            boost::json::object{{"option", static_cast<int>(sh.criteria[c].option_count)}};
    for (const auto& [id, o] : low) ans[id] = boost::json::object{{"option", o}};
    auto rec = boost::json::object{
        {"id", "S16"}, {"ruleset", "qd26-2026"}, {"sheet", 16}, {"answers", ans}};
    std::string s = boost::json::serialize(rec);
    if (!extra.empty()) s.insert(s.size() - 1, "," + extra);
    return s;
}

} // namespace

TEST_CASE("planner: a zero-points knock-out is planned out of (26/2026 sheet 16)") {
    // 26/2026 Phụ lục II sheet 16, group C 6 (6.1–6.4): "Ghi chú: Nếu được 0 điểm tại một
    // trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo." A 0 there is points the
    // product can raise, not a fact like an unknown origin.
    const auto& reg = registry::builtin();
    {
        // 6.2 Màu sắc at 0 (options 0/3): 97 points, knocked out. With the knock-out set aside
        // the answers are 5★ (97, no marker on group 6), so the default target is 5★: raise
        // 6.2 to 3 → 100.
        auto ev = parse_evaluation_or_throw(boost::json::parse(sheet16({{"6.2", 1}})), reg);
        REQUIRE(score_evaluation(ev).status == evaluation_status::knocked_out);
        auto p = plan_upgrade(ev);
        REQUIRE(p.has_value());
        CHECK(p->status == plan_status::planned);
        CHECK(p->target == 5);
        REQUIRE(p->changes.size() == 1);
        CHECK(p->changes[0].id == "6.2");
        CHECK(p->changes[0].to_points == 3);
        CHECK(p->total_after == score{100, 1});
        CHECK(p->stars_after == 5);
    }
    {
        // 6.1 (0/3) and 6.4 (0/1/3/5) at 0: 92 points. Both zeros must go; the cheapest way
        // out takes 6.4 to 1, not 5: 6.1 +3, 6.4 +1 → 96, 5★.
        auto ev =
            parse_evaluation_or_throw(boost::json::parse(sheet16({{"6.1", 1}, {"6.4", 1}})), reg);
        auto p = plan_upgrade(ev);
        REQUIRE(p.has_value());
        CHECK(p->status == plan_status::planned);
        CHECK(p->points_gained == 4);
        REQUIRE(p->changes.size() == 2);
        CHECK(p->changes[1].id == "6.4");
        CHECK(p->changes[1].to_points == 1);
        CHECK(p->stars_after == 5);
        const evaluation applied = apply_plan(ev, *p);
        CHECK(score_evaluation(applied).status == evaluation_status::scored);
    }
    {
        // A declared knock-out is a fact about the product: no plan and no star target.
        auto ev = parse_evaluation_or_throw(
            boost::json::parse(sheet16({}, R"("knockouts": ["6"])")), reg);
        auto p = plan_upgrade(ev);
        REQUIRE(p.has_value());
        CHECK(p->status == plan_status::knocked_out);
        CHECK(p->target == 0);
        std::string out;
        const auto path = temp_file("plan-ko.jsonl", sheet16({}, R"("knockouts": ["6"])"));
        REQUIRE(run(std::string(OCOP_CLI) + " plan --format json " + path, &out) == 0);
        CHECK(out.find("\"target\":null") != std::string::npos);
        CHECK(out.find("\"target\":1") == std::string::npos);
    }
}
