// Incomplete dossiers: hand-checked range on qd26-2026 sheet 1, agreement with scoring every
// completion, choose-one groups on sheet 26, and errors keeping their JSON Pointers.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

const std::string full =
    R"({"id": "P74", "ruleset": "qd26-2026", "sheet": 1, "answers": {"1.1": 2, "1.2": 2,
    "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1, "2.1": 1, "2.2": 2, "2.3": 3, "2.4": 1,
    "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2, "4.1": 3, "4.2": 3, "4.3": 5, "5.1": 5,
    "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2, "7": 1, "8": 3, "9": 4,
    "10": 3, "11": 2, "12": 3}})";

/// Every completion of the unscored answers, scored by the real scorer.
void each_completion(const evaluation& ev,
                     const std::function<void(const evaluation_result&)>& fn) {
    evaluation t = ev;
    std::vector<std::size_t> open;
    for (std::size_t c = 0; c < ev.choices.size(); ++c)
        if (ev.choices[c] < 0) open.push_back(c);
    std::function<void(std::size_t)> walk = [&](std::size_t i) {
        if (i == open.size()) return fn(score_evaluation(t));
        const auto c = open[i];
        const auto crit = c % ev.sheet->criteria.size(); // choices are member-major
        for (std::int16_t k = 0; k < ev.sheet->criteria[crit].option_count; ++k) {
            t.choices[c] = k;
            walk(i + 1);
        }
    };
    walk(0);
}

} // namespace

TEST_CASE("range: three criteria of a sheet-1 product not yet scored") {
    auto v = boost::json::parse(full).as_object();
    auto& ans = v["answers"].as_object();
    ans["2.1"] = nullptr; // scored 1 of {0,1,3}
    ans.erase("6.1");     // scored 2 of {0,1,2}
    ans.erase("9");       // scored 4 of {2,4,5}
    auto ev = parse_partial_evaluation(v, registry::builtin());
    REQUIRE(ev.has_value());
    auto r = range_of(*ev);
    REQUIRE(r.has_value());
    // 74 - 1 - 2 - 4 = 67 answered; min 67 + 0 + 0 + 2 = 69, max 67 + 3 + 2 + 5 = 77.
    CHECK(r->total_min == score{69, 1});
    CHECK(r->total_max == score{77, 1});
    CHECK(r->unscored == 3);
    CHECK(r->missing == std::vector<std::string>{"2.1", "6.1", "9"});
    // 69 is in the 3★ band; 4★ needs 2.1 = 3 (its 4★ mark), and 70+: reachable.
    CHECK(r->stars_min == 3);
    CHECK(r->stars_max == 4);

    int lo = 9, hi = -1;
    score tmin{1000, 1}, tmax{-1, 1};
    each_completion(*ev, [&](const evaluation_result& x) {
        lo = std::min(lo, x.stars);
        hi = std::max(hi, x.stars);
        tmin = std::min(tmin, x.total);
        tmax = std::max(tmax, x.total);
    });
    CHECK(lo == r->stars_min);
    CHECK(hi == r->stars_max);
    CHECK(tmin == r->total_min);
    CHECK(tmax == r->total_max);
}

TEST_CASE("range: exhaustive agreement on council sheets and every marker policy") {
    for (const char* pol : {"cap", "fail", "ignore"}) {
        load_options o;
        missed_minimum_policy p{};
        boost::describe::enum_from_string(pol, p);
        o.missed_minimum = p;
        auto reg = registry::builtin(o);
        REQUIRE(reg.has_value());
        auto v = boost::json::parse(full).as_object();
        auto a1 = v["answers"].as_object();
        auto a2 = a1;
        a1.erase("2.1");
        a1.erase("1.3");
        a2["5.1"] = nullptr;
        a2["4.1"] = nullptr;
        v.erase("answers");
        v["members"] = boost::json::array{a1, a2};
        auto ev = parse_partial_evaluation(v, *reg);
        REQUIRE(ev.has_value());
        auto r = range_of(*ev);
        REQUIRE(r.has_value());
        int lo = 9, hi = -1;
        score tmin{1000, 1}, tmax{-1, 1};
        each_completion(*ev, [&](const evaluation_result& x) {
            lo = std::min(lo, x.stars);
            hi = std::max(hi, x.stars);
            tmin = std::min(tmin, x.total);
            tmax = std::max(tmax, x.total);
        });
        INFO(pol);
        CHECK(lo == r->stars_min);
        CHECK(hi == r->stars_max);
        CHECK(tmin == r->total_min);
        CHECK(tmax == r->total_max);
        CHECK(r->total_min.count == 2);
    }
}

TEST_CASE("range: a choose-one group with no case answered takes either case") {
    // Sheet 26 group 8: 8a (case 1) 1/3, 8b (case 2) 1/3. Score everything at its first
    // option except group 8, left open.
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(26);
    boost::json::object ans;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& id = sh.criterion(c).id;
        if (id.rfind("8", 0) == 0 && sh.criteria[c].case_no) continue;
        if (sh.criteria[c].case_no == 2) continue; // other groups: case 1
        ans[id] = boost::json::object{{"option", 1}};
    }
    boost::json::object v{{"id", "T"}, {"ruleset", "qd26-2026"}, {"sheet", 26}, {"answers", ans}};
    auto ev = parse_partial_evaluation(v, registry::builtin());
    REQUIRE(ev.has_value());
    auto r = range_of(*ev);
    REQUIRE(r.has_value());
    CHECK(r->unscored == 1);
    CHECK(r->missing == std::vector<std::string>{"8a|8b"});
    CHECK(r->total_max.sum - r->total_min.sum == 2); // 1 or 3 points
}

TEST_CASE("range: errors keep the parser's JSON Pointers; rejected has no range") {
    auto v = boost::json::parse(full).as_object();
    v["answers"].as_object()["9.9"] = 1;
    auto ev = parse_partial_evaluation(v, registry::builtin());
    REQUIRE_FALSE(ev.has_value());
    CHECK(ev.error().code == errc::unknown_criterion);
    CHECK(ev.error().path == "/answers/9.9");
    auto w = boost::json::parse(full).as_object();
    w["answers"].as_object()["9"] = 3;
    auto e2 = parse_partial_evaluation(w, registry::builtin());
    REQUIRE_FALSE(e2.has_value());
    CHECK(e2.error().code == errc::impossible_points);
    CHECK(e2.error().path == "/answers/9");
    auto rej = parse_partial_evaluation(
        boost::json::parse(R"({"id": "R", "sheet": 1, "dossier_rejected": "incomplete"})"),
        registry::builtin());
    REQUIRE(rej.has_value());
    auto rr = range_of(*rej);
    REQUIRE(rr.has_value());
    CHECK(rr->status == evaluation_status::rejected);

    std::string out;
    const auto path =
        temp_file("range.jsonl", "{\"id\": \"x\", \"sheet\": 1, \"answers\": {}}\r\n");
    REQUIRE(run(std::string(OCOP_CLI) + " range " + path, &out) == 0);
    const auto j = boost::json::parse(out);
    CHECK(j.at("unscored").as_int64() == 32);
    CHECK(j.at("total_min").as_string() != j.at("total_max").as_string());
}

TEST_CASE("range: exact fractions in JSON; every completion knocked out says so") {
    // docs/incomplete.md promises exact means: a three-member council whose totals are 84, 84
    // and 85 has the mean 253/3, printed "84.333333" and, exactly, "253/3".
    auto one = boost::json::parse(full).as_object();
    auto a1 = one["answers"].as_object();
    boost::json::object a2 = a1, a3 = a1;
    for (auto* a : {&a1, &a2, &a3}) {
        (*a)["4.1"] = 5; // 74 + 2 = 76
        (*a)["8"] = 5;   // + 2 = 78
        (*a)["1.5"] = 3; // + 1 = 79
        (*a)["6.4"] = 3; // + 1 = 80
        (*a)["1.2"] = 2; // unchanged (2 of 0/1/2)
        (*a)["5.2"] = 2; // + 1 = 81
        (*a)["6.2"] = 4; // + 1 = 82
        (*a)["1.3"] = 3; // + 1 = 83
        (*a)["1.4"] = 3; // + 1 = 84
    }
    a3["2.2"] = 3;  // + 1 = 85
    a1.erase("12"); // member 1 has not scored 12 yet (3 of 1/2/3): 84 - 3 + {1..3}
    boost::json::object rec{{"id", "C3"},
                            {"ruleset", "qd26-2026"},
                            {"sheet", 1},
                            {"members", boost::json::array{a1, a2, a3}}};
    const auto path = temp_file("range-council.jsonl", boost::json::serialize(rec));
    std::string out;
    REQUIRE(run(std::string(OCOP_CLI) + " range " + path, &out) == 0);
    const auto j = boost::json::parse(out);
    // Member 1: 81 + 12 in {1, 2, 3}; members 2, 3: 84, 85. (82 + 169) / 3 .. (84 + 169) / 3.
    CHECK(j.at("total_max_fraction").as_string() == "253/3");
    CHECK(j.at("total_max").as_string() == "84.333333");
    CHECK(j.at("total_min_fraction").as_string() == "251/3");
    CHECK(j.at("status").as_string() == "scored");

    // 26/2026 sheet 16, C 6: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh
    // giá các bước tiếp theo." With 6.2 answered 0, no completion escapes the knock-out.
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(16);
    boost::json::object ans;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        ans[sh.criterion(c).id] =
            boost::json::object{{"option", static_cast<int>(sh.criteria[c].option_count)}};
    ans["6.2"] = boost::json::object{{"option", 1}};
    ans.erase("6.4");
    ans["1.1"] = nullptr;
    boost::json::object k{{"id", "K16"}, {"ruleset", "qd26-2026"}, {"sheet", 16}, {"answers", ans}};
    auto ev = parse_partial_evaluation(k, registry::builtin());
    REQUIRE(ev.has_value());
    auto r = range_of(*ev);
    REQUIRE(r.has_value());
    CHECK(r->status == evaluation_status::knocked_out);
    CHECK(r->knockout_certain);
    CHECK(r->stars_max == 0);
    const auto kpath = temp_file("range-ko.jsonl", boost::json::serialize(k));
    REQUIRE(run(std::string(OCOP_CLI) + " range " + kpath, &out) == 0);
    const auto kj = boost::json::parse(out);
    CHECK(kj.at("status").as_string() == "knocked_out");
    CHECK(kj.at("knockout_certain").as_bool());
    CHECK(kj.at("stars_min_no_knockout").is_null());
    // 6.2 answered 3 instead: some completions (6.4 = 0) are knocked out, not all.
    ans["6.2"] = boost::json::object{{"option", 2}};
    k["answers"] = ans;
    auto r2 = range_of(*parse_partial_evaluation(k, registry::builtin()));
    REQUIRE(r2.has_value());
    CHECK(r2->status == evaluation_status::scored);
    CHECK(r2->knockout_possible);
    CHECK_FALSE(r2->knockout_certain);
}
