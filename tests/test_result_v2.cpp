// ocop-result/2: the lean default line, its detail levels, exact numbers written without
// allocation, and aggregate reading both versions alike.
#include "fixtures.hpp"
#include "support.hpp"

#include <ocop/cohort.hpp>
#include <ocop/generate.hpp>
#include <ocop/result_json.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

using namespace ocop;

namespace {

/// Generated national records, scored.
std::vector<std::unique_ptr<test::scored>> scored_records(std::uint64_t n, std::uint64_t seed) {
    generate_options g;
    g.count = n;
    g.seed = seed;
    g.council_permille = 150;
    g.knockout_permille = 40;
    g.rejected_permille = 40;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    std::vector<std::unique_ptr<test::scored>> items;
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) {
        // In place: a result points to its evaluation.
        auto it = std::make_unique<test::scored>();
        REQUIRE(
            parse_evaluation(boost::json::parse(line), registry::builtin(), it->ev).has_value());
        score_evaluation(it->ev, it->res);
        items.push_back(std::move(it));
    }
    return items;
}

std::string line_of(const evaluation_result& r, const result_json_options& o) {
    std::string s;
    append_result_json(r, s, o);
    return s;
}

/// The text of a top-level number as written (e.g. "total":71.4 gives "71.4").
std::string raw_number(const std::string& line, const std::string& key) {
    const auto at = line.find("\"" + key + "\":");
    REQUIRE(at != std::string::npos);
    const auto b = at + key.size() + 3;
    return line.substr(b, line.find_first_of(",}", b) - b);
}

} // namespace

namespace {
/// The worked example of test_qd26_examples.cpp: total 74 (band 4), 2.1 misses its 4-star
/// minimum, capped at 3 stars.
std::string s1_74(const boost::json::object& extra = {}) {
    return test::record(
        "s1-74", "qd26-2026", 1,
        test::answers({{"1.1", 2}, {"1.2", 2}, {"1.3", 2}, {"1.4", 2}, {"1.5", 2}, {"1.6", 1},
                       {"1.7", 1}, {"2.1", 1}, {"2.2", 2}, {"2.3", 3}, {"2.4", 1}, {"3.1", 3},
                       {"3.2", 0}, {"3.3", 2}, {"3.4", 2}, {"3.5", 2}, {"4.1", 3}, {"4.2", 3},
                       {"4.3", 5}, {"5.1", 5}, {"5.2", 1}, {"5.3", 3}, {"6.1", 2}, {"6.2", 3},
                       {"6.3", 3}, {"6.4", 2}, {"7", 1},   {"8", 3},   {"9", 4},   {"10", 3},
                       {"11", 2},  {"12", 3}}),
        extra);
}
} // namespace

TEST_CASE("the lean line keeps the outcome and structured reasons, and is short") {
    // A single member decided by its band, no metadata: at most 400 bytes.
    auto plain = test::score_text(test::record("s1-70", "qd26-2026", 1, test::s1_total(70)));
    const std::string p = line_of(plain.res, result_json_options::at(result_detail::totals));
    INFO(p);
    CHECK(p.size() <= 400);
    // Capped by a missed minimum, with metadata: the reason names what would meet it.
    auto s = test::score_text(s1_74({{"province", "H\xC3\xA0 N\xE1\xBB\x99i"}}));
    const std::string lean = line_of(s.res, result_json_options::at(result_detail::totals));
    INFO(lean);
    const auto o = boost::json::parse(lean).as_object();
    CHECK(o.at("format").as_string() == "ocop-result/2");
    CHECK(o.at("ruleset_hash").as_string() == registry::builtin().find("qd26-2026")->hash());
    for (const char* k :
         {"id", "ruleset", "sheet", "status", "members", "total", "total_exact", "parts", "stars",
          "band_stars", "marker_stars", "decided_by", "reasons", "metadata"})
        CHECK(o.contains(k));
    for (const char* k : {"criteria", "groups", "subgroups", "max_total", "policy"})
        CHECK_FALSE(o.contains(k));
    for (const auto& r : o.at("reasons").as_array()) {
        CHECK(r.as_object().contains("kind"));
        CHECK_FALSE(r.as_object().contains("message"));
        CHECK_FALSE(r.as_object().contains("severity"));
    }
    // The missed minimum names the criterion, the star level and what would meet it.
    CHECK(o.at("decided_by").as_string() == "minimum");
    CHECK(o.at("stars").as_int64() == 3);
    const auto& reasons = o.at("reasons").as_array();
    REQUIRE(reasons.size() == 1); // the band reason only with its sentence (band_stars says it)
    CHECK(reasons[0] == boost::json::parse(R"({"kind":"missed_minimum","code":"2.1","stars":4,
                                                "needed_points":3,"needed_option":3})"));
}

TEST_CASE("each detail level adds what it names; --messages adds the sentences") {
    auto s = test::score_text(s1_74());
    const auto totals =
        boost::json::parse(line_of(s.res, result_json_options::at(result_detail::totals)));
    const auto msgs =
        boost::json::parse(line_of(s.res, result_json_options::at(result_detail::totals, true)));
    const auto crit =
        boost::json::parse(line_of(s.res, result_json_options::at(result_detail::criteria)));
    const auto full =
        boost::json::parse(line_of(s.res, result_json_options::at(result_detail::full)));
    CHECK(msgs.at("reasons").as_array()[0].as_object().contains("message"));
    CHECK_FALSE(msgs.as_object().contains("criteria"));
    CHECK(crit.as_object().contains("criteria"));
    CHECK(crit.as_object().contains("groups"));
    CHECK(crit.as_object().contains("policy"));
    CHECK_FALSE(crit.at("reasons").as_array()[0].as_object().contains("message"));
    CHECK(full.at("reasons").as_array()[0].as_object().contains("message"));
    CHECK(full.at("reasons").as_array()[0].as_object().contains("severity"));
    CHECK(full.at("criteria").as_array().size() == 32);
    // The default of the library is everything.
    CHECK(boost::json::parse(line_of(s.res, {})) == full);
    // The outcome is the same at every level.
    for (const auto* v : {&msgs, &crit, &full})
        for (const char* k : {"total", "total_exact", "parts", "stars", "decided_by"})
            CHECK(v->at(k) == totals.at(k));
}

TEST_CASE("numbers are written exactly as score::decimal and score::fraction write them") {
    std::mt19937_64 rng(77);
    for (const auto& it : scored_records(400, 21)) {
        const auto& r = it->res;
        if (r.status == evaluation_status::rejected) continue;
        const std::string l = line_of(r, result_json_options::at(result_detail::full));
        CHECK(raw_number(l, "total") == r.total.decimal());
        CHECK(boost::json::parse(l).at("total_exact").as_string() == r.total.fraction());
        CHECK(raw_number(l, "A") == r.parts[0].decimal());
    }
    // Means of up to 7 members of every total, and rounding of non-terminating ones.
    evaluation_result r;
    auto s = test::score_text(test::record("S-4", "qd26-2026", 1, test::s1_total(70)));
    r = s.res;
    for (std::int64_t count = 1; count <= 64; ++count)
        for (int k = 0; k < 50; ++k) {
            const std::int64_t sum = static_cast<std::int64_t>(rng() % (100 * count + 1));
            r.total = score{sum, count};
            const std::string l = line_of(r, result_json_options::at(result_detail::totals));
            INFO(sum << "/" << count);
            CHECK(raw_number(l, "total") == r.total.decimal());
            CHECK(boost::json::parse(l).at("total_exact").as_string() == r.total.fraction());
        }
}

TEST_CASE("metadata is written as read: escapes, nesting, numbers in their shortest form") {
    auto s = test::score_text(
        test::record("S-5", "qd26-2026", 1, test::s1_total(70),
                     boost::json::parse(R"({"metadata":{"note":"a \"q\" \\ \n\t\u0001 ✓","half":0.5,
            "big":18446744073709551615,"neg":-3,"deep":{"x":[1,true,null,2.25e-7]}},
            "province":"Huế"})")
                         .as_object()));
    const std::string l = line_of(s.res, result_json_options::at(result_detail::totals));
    INFO(l);
    CHECK(l.find("5E-1") == std::string::npos);
    CHECK(l.find("\"half\":0.5") != std::string::npos);
    CHECK(boost::json::parse(l).at("metadata") == boost::json::value(s.ev.metadata));
}

TEST_CASE("aggregate reads ocop-result/1 and /2 lines alike") {
    const auto items = scored_records(300, 4);
    aggregate_options o;
    o.by = {cohort_key::province, cohort_key::star};
    cohort_aggregator v1(registry::builtin(), o), v2(registry::builtin(), o),
        lean(registry::builtin(), o), evals(registry::builtin(), o);
    for (const auto& it : items) {
        evals.add(it->res);
        auto full = boost::json::parse(line_of(it->res, {})).as_object();
        REQUIRE(v2.add_result(full).has_value());
        // A version-1 line: no "format" key, otherwise the same keys.
        full.erase("format");
        REQUIRE(v1.add_result(full).has_value());
        REQUIRE(lean.add_result(boost::json::parse(line_of(it->res, result_json_options::at(
                                                                        result_detail::totals)))
                                    .as_object())
                    .has_value());
    }
    auto stars_of = [](const cohort_aggregator& a) {
        std::vector<std::string> out;
        for (const auto* c : a.cohorts()) {
            std::string k;
            for (const auto& v : c->key) k += v + "|";
            k += std::to_string(c->stats.count) + "|" + std::to_string(c->stats.capped) + "|";
            for (const auto& [den, num] : c->stats.total.sum.parts())
                k += std::to_string(num) + "/" + std::to_string(den) + ";";
            for (auto n : c->stats.stars) k += "," + std::to_string(n);
            out.push_back(k);
        }
        return out;
    };
    CHECK(stars_of(v1) == stars_of(evals));
    CHECK(stars_of(v2) == stars_of(evals));
    CHECK(stars_of(lean) == stars_of(evals));
    CHECK(v2.weakest(v2.overall(), 5).size() == 5);
    CHECK(lean.weakest(lean.overall(), 5).empty()); // no per-criterion detail in lean lines
}

TEST_CASE("ocop score --detail and --messages; ocop explain reads a result line") {
    const std::string cli = OCOP_CLI;
    const auto in = test::temp_file("v2-in.jsonl", s1_74() + "\n");
    std::string lean, crit, full, msgs;
    CHECK(test::run(cli + " score " + in + " --quiet", &lean) == 0);
    CHECK(test::run(cli + " score " + in + " --detail criteria --quiet", &crit) == 0);
    CHECK(test::run(cli + " score " + in + " --detail full --quiet", &full) == 0);
    CHECK(test::run(cli + " score " + in + " --messages --quiet", &msgs) == 0);
    CHECK(lean.size() < msgs.size());
    CHECK(msgs.size() < crit.size());
    CHECK(crit.size() < full.size());
    CHECK(boost::json::parse(lean).as_object().contains("criteria") == false);
    CHECK(boost::json::parse(full).as_object().contains("criteria"));
    CHECK(test::run(cli + " score " + in + " --detail everything 2>/dev/null") == 2);
    // explain: the evaluation, or a result line of any detail level.
    std::string from_eval, from_line, from_full;
    CHECK(test::run(cli + " explain " + in, &from_eval) == 0);
    const auto res = test::temp_file("v2-res.jsonl", lean);
    const auto res_full = test::temp_file("v2-res-full.jsonl", full);
    CHECK(test::run(cli + " explain " + res, &from_line) == 0);
    CHECK(test::run(cli + " explain " + res_full, &from_full) == 0);
    CHECK(from_line.find("Stars: 3 (band 4, markers 3; decided by minimum)") != std::string::npos);
    CHECK(from_line.find("2.1 misses the 4★ minimum: needs at least 3 point(s) (option 3)") !=
          std::string::npos);
    CHECK(from_line.find("s1-74") != std::string::npos);
    CHECK(from_full.find("Stars: 3 (band 4, markers 3; decided by minimum, policy cap)") !=
          std::string::npos);
    CHECK(from_full.find("Criterion") != std::string::npos);
}
