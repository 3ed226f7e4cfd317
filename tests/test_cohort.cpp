// Cohort aggregation: hand-computed small cohorts, exact values, merge == one pass over
// random splits, result lines == evaluations, CLI thread independence.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/cohort.hpp>
#include <ocop/generate.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <sstream>

namespace {

using namespace ocop;

const compiled_sheet& sheet1() {
    return *registry::builtin().find("qd26-2026")->sheet(1);
}

/// Sheet-1 answers: every criterion at its maximum, except `lower` (criterion → points).
std::string answers(const std::map<std::string, int>& lower) {
    std::string s = "{";
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) {
        const auto& id = sheet1().criterion(c).id;
        const auto it = lower.find(id);
        s += (c ? ",\"" : "\"") + id + "\":" +
             std::to_string(it != lower.end() ? it->second : sheet1().criteria[c].max_points);
    }
    return s + "}";
}

// Hand-worked: P2 loses 31 points on criteria without star markers (sheet 1, qd26-2026):
// A: 1.1 −2, 1.2 −2, 1.4 −2, 3.1 −2, 3.3 −2 → 30; B: 4.2 −3, 4.3 −5, 5.2 −2 → 15;
// C: 6.3 −3, 6.4 −3, 7 −3, 12 −2 → 24; total 69 (3★, 1 point below the 4★ band).
const std::map<std::string, int> p2_lower = {{"1.1", 1}, {"1.2", 0}, {"1.4", 1}, {"3.1", 1},
                                             {"3.3", 1}, {"4.2", 0}, {"4.3", 0}, {"5.2", 0},
                                             {"6.3", 0}, {"6.4", 0}, {"7", 0},   {"12", 1}};

std::vector<std::string> small_dataset() {
    const std::string full = answers({}), p2 = answers(p2_lower);
    return {
        R"({"id":"P1","sheet":1,"province":"A","answers":)" + full + "}",
        R"({"id":"P2","sheet":1,"province":"A","answers":)" + p2 + "}",
        // Council of two: (100 + 69) / 2 = 84.5 → 4★; parts 35, 20, 29.5.
        R"({"id":"P3","sheet":1,"province":"B","members":[)" + full + "," + p2 + "]}",
        R"({"id":"P4","sheet":1,"province":"B","dossier_rejected":"hồ sơ thiếu"})",
        R"({"id":"P5","sheet":1,"province":"B","knockouts":["2.1"],"answers":)" + full + "}",
    };
}

cohort_aggregator aggregate(const std::vector<std::string>& records, aggregate_options o) {
    cohort_aggregator agg(registry::builtin(), std::move(o));
    for (const auto& r : records) agg.add(ocop::test::score_text(r).res);
    return agg;
}

std::string frac(const fraction& f) {
    return f.text();
}

std::vector<std::string> generated(std::uint64_t n, std::uint64_t seed) {
    generate_options g;
    g.count = n;
    g.seed = seed;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
    return lines;
}

} // namespace

TEST_CASE("hand-computed cohorts by province") {
    aggregate_options o;
    o.by = {cohort_key::province};
    const auto agg = aggregate(small_dataset(), o);
    const auto cs = agg.cohorts();
    REQUIRE(cs.size() == 2);
    const auto& a = cs[0]->stats;
    CHECK(cs[0]->key == std::vector<std::string>{"A"});
    CHECK(a.count == 2);
    CHECK(a.stars == std::array<std::uint64_t, 6>{0, 0, 0, 1, 0, 1});
    CHECK(frac(a.total.sum.mean(a.total.hist.size())) == "169/2");
    CHECK(frac(a.total.hist.quantile(0, 1)) == "69");
    CHECK(frac(a.total.hist.quantile(50, 100)) == "69"); // nearest rank: ⌈0.5·2⌉ = 1st
    CHECK(frac(a.total.hist.quantile(1, 1)) == "100");
    CHECK(frac(a.parts[0].sum.mean(2)) == "35");
    CHECK(frac(a.parts[1].sum.mean(2)) == "20");
    CHECK(frac(a.parts[2].sum.mean(2)) == "59/2");
    CHECK(a.near[4] == 1); // 69 is within 2 points below 70
    auto weak = agg.weakest(a, 1);
    REQUIRE(weak.size() == 1);
    CHECK(weak[0].id == "4.3");
    CHECK(frac(weak[0].mean_lost) == "5/2");

    const auto& b = cs[1]->stats;
    CHECK(b.count == 3);
    CHECK(b.scored == 1);
    CHECK(b.knocked_out == 1);
    CHECK(b.rejected == 1);
    CHECK(b.stars == std::array<std::uint64_t, 6>{2, 0, 0, 0, 1, 0});
    CHECK(b.total.hist.size() == 2);             // the rejected dossier has no total
    CHECK(frac(b.total.sum.mean(2)) == "369/4"); // (84.5 + 100) / 2
    CHECK(frac(b.total.hist.quantile(0, 1)) == "169/2");
    CHECK(frac(b.parts[2].hist.quantile(0, 1)) == "59/2");
    CHECK(b.near == std::array<std::uint64_t, 6>{});
    weak = agg.weakest(b, 1);
    CHECK(weak[0].id == "4.3");
    CHECK(frac(weak[0].mean_lost) == "5/4"); // (5/2 + 0) / 2

    const auto all = agg.overall();
    CHECK(all.count == 5);
    CHECK(all.stars == std::array<std::uint64_t, 6>{2, 0, 0, 1, 1, 1});
}

TEST_CASE("grouping by star and several keys; near distance is configurable") {
    aggregate_options o;
    o.by = {cohort_key::star, cohort_key::province};
    o.near_milli = 500; // 69 is 1 point below 70: not within 0.5
    const auto agg = aggregate(small_dataset(), o);
    const auto cs = agg.cohorts();
    REQUIRE(cs.size() == 4); // P4 and P5 share (0★, B)
    CHECK(cs[0]->key == std::vector<std::string>{"0", "B"});
    CHECK(cs[0]->stats.count == 2);
    CHECK(cs[1]->key == std::vector<std::string>{"3", "A"});
    CHECK(cs[1]->stats.near[4] == 0);
    const std::string json = cohorts_json(agg);
    CHECK(json.find("\"near_points\":0.5") != std::string::npos);
    CHECK(json.find("\"mean\":84.5") != std::string::npos);
}

TEST_CASE("exact values: non-terminating means carry their fraction") {
    aggregate_options o;
    const std::string full = answers({});
    const std::string p2 = answers(p2_lower);
    // Council of three: (100 + 100 + 69) / 3 = 269/3.
    const auto agg =
        aggregate({R"({"id":"T","sheet":1,"members":[)" + full + "," + full + "," + p2 + "]}"}, o);
    const std::string json = cohorts_json(agg);
    CHECK(json.find("\"mean\":89.666667,\"mean_exact\":\"269/3\"") != std::string::npos);
    CHECK(agg.cohorts()[0]->stats.near[5] == 1); // 89.67 is within 2 below 90
}

namespace {
struct item {
    evaluation ev;
    evaluation_result res;
};

std::vector<std::unique_ptr<item>> scored_items(const std::vector<std::string>& lines) {
    std::vector<std::unique_ptr<item>> items;
    for (const auto& l : lines) {
        auto it = std::make_unique<item>();
        REQUIRE(parse_evaluation(boost::json::parse(l), registry::builtin(), it->ev).has_value());
        score_evaluation(it->ev, it->res);
        items.push_back(std::move(it));
    }
    return items;
}
} // namespace

TEST_CASE("merge of any split equals one pass (property over random splits)") {
    const auto items = scored_items(generated(400, 7));
    const std::vector<std::vector<group_key>> groupings = {
        {cohort_key::province, cohort_key::star},
        {cohort_key::sheet},
        {},
        {cohort_key::year, cohort_key::subject_type}};
    for (unsigned trial = 0; trial < 24; ++trial) {
        aggregate_options o;
        o.by = groupings[trial % groupings.size()];
        cohort_aggregator one(registry::builtin(), o);
        for (const auto& it : items) one.add(it->res);
        std::mt19937 rng(trial);
        const std::size_t k = 1 + rng() % 7;
        std::vector<cohort_aggregator> parts(k, cohort_aggregator(registry::builtin(), o));
        for (const auto& it : items) parts[rng() % k].add(it->res);
        std::vector<std::size_t> order(k);
        for (std::size_t i = 0; i < k; ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        cohort_aggregator merged(registry::builtin(), o);
        for (auto i : order) merged.merge(parts[i]);
        INFO("trial " << trial << ", " << k << " parts");
        CHECK(cohorts_json(merged) == cohorts_json(one));
        CHECK(cohorts_csv(merged) == cohorts_csv(one));
    }
}

TEST_CASE("result lines aggregate exactly like the evaluations they came from") {
    const auto items = scored_items(generated(300, 11));
    aggregate_options o;
    o.by = {cohort_key::province, cohort_key::industry};
    cohort_aggregator from_eval(registry::builtin(), o), from_lines(registry::builtin(), o);
    std::string line;
    for (const auto& it : items) {
        from_eval.add(it->res);
        line.clear();
        append_result_json(it->res, line);
        REQUIRE(from_lines.add_result(boost::json::parse(line).as_object()).has_value());
    }
    CHECK(cohorts_json(from_lines) == cohorts_json(from_eval));
    boost::json::object bad =
        boost::json::parse(R"({"ruleset":"nope","sheet":1,"stars":3})").as_object();
    CHECK(from_lines.add_result(bad).error().code == errc::unknown_ruleset);
}

TEST_CASE("ocop aggregate: same output for 1 and 2 threads, evaluations or results") {
    std::string text;
    for (const auto& l : generated(500, 3)) text += l + "\n";
    const auto in = ocop::test::temp_file("agg-in.jsonl", text);
    const std::string cli = OCOP_CLI;
    const std::string res = std::string(OCOP_TEST_TMP) + "/agg-res.jsonl";
    // Points lost per criterion need the per-criterion detail (ocop-result/2 leaves it out
    // of the lean default line).
    REQUIRE(ocop::test::run(cli + " score " + in + " -o " + res + " --detail criteria --quiet") ==
            0);
    std::string a1, a2, a3, csv;
    CHECK(ocop::test::run(cli + " aggregate " + in + " --by province --by star --quiet", &a1) == 0);
    CHECK(ocop::test::run(cli + " aggregate " + in + " --by province,star --threads 2 --quiet",
                          &a2) == 0);
    CHECK(
        ocop::test::run(cli + " aggregate " + res + " --by province --by star --threads 2 --quiet",
                        &a3) == 0);
    CHECK(a1 == a2);
    CHECK(a1 == a3);
    CHECK(boost::json::parse(a1).at("records").as_int64() == 500);
    CHECK(ocop::test::run(cli + " aggregate " + in + " --by star --format csv --quiet", &csv) == 0);
    CHECK(csv.rfind("star,count,", 0) == 0);
    // Any metadata key groups (a missing one as "(none)"); a malformed key is a usage error.
    CHECK(ocop::test::run(cli + " aggregate " + in + " --by nothing --quiet > /dev/null") == 0);
    CHECK(ocop::test::run(cli + " aggregate " + in + " --by a=b 2>/dev/null") == 2);
}
