// Result lines are derived files: aggregate checks each one field by field and refuses an
// edited or impossible line like a bad record (path named), counting nothing from it.
#include "fixtures.hpp"
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/cohort.hpp>
#include <ocop/result_json.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <sstream>

using namespace ocop;

namespace {

/// A genuine line: 3 members (total 211/3), the detail level chosen.
boost::json::object genuine(result_detail d = result_detail::full) {
    static const auto s = test::score_text(test::council(
        "C-1", "qd26-2026", 1, {test::s1_total(70), test::s1_total(70), test::s1_total(71)}));
    std::string l;
    append_result_json(s.res, l, result_json_options::at(d));
    return boost::json::parse(l).as_object();
}

struct tamper {
    const char* what;
    std::function<void(boost::json::object&)> edit;
    const char* path;
};

} // namespace

TEST_CASE("the genuine lines are accepted") {
    for (auto d : {result_detail::totals, result_detail::criteria, result_detail::full}) {
        cohort_aggregator agg(registry::builtin(), {});
        auto r = agg.add_result(genuine(d));
        INFO(boost::json::serialize(genuine(d)));
        CHECK(r.has_value());
        CHECK(agg.records() == 1);
    }
    CHECK(genuine().at("total_exact").as_string() == "211/3");
}

TEST_CASE("tampered result lines are refused, naming the field") {
    using boost::json::object;
    const std::vector<tamper> cases = {
        {"zero denominator", [](object& o) { o["total_exact"] = "1/0"; }, "/total_exact"},
        {"negative denominator", [](object& o) { o["total_exact"] = "65/-1"; }, "/total_exact"},
        {"most negative", [](object& o) { o["total_exact"] = "-9223372036854775808"; },
         "/total_exact"},
        {"huge", [](object& o) { o["total_exact"] = "99999999999999999999999/3"; }, "/total_exact"},
        {"not a mean of 3", [](object& o) { o["total_exact"] = "13/2"; }, "/total_exact"},
        {"decimal total_exact", [](object& o) { o["total_exact"] = "6.5"; }, "/total_exact"},
        {"over the maximum", [](object& o) { o["total_exact"] = "303"; }, "/total_exact"},
        {"total disagrees", [](object& o) { o["total"] = 80; }, "/total"},
        {"6.5 with members 3",
         [](object& o) {
             o.erase("total_exact");
             o["total"] = 6.5;
         },
         "/total"},
        {"huge total",
         [](object& o) {
             o.erase("total_exact");
             o["total"] = 1e300;
         },
         "/total"},
        {"parts do not add up", [](object& o) { o["parts"].as_object()["A"] = 1; }, "/parts"},
        {"part over its maximum", [](object& o) { o["parts"].as_object()["B"] = 999; }, "/parts/B"},
        {"negative part", [](object& o) { o["parts"].as_object()["C"] = -1; }, "/parts/C"},
        {"part not a mean of 3", [](object& o) { o["parts"].as_object()["A"] = 20.5; }, "/parts/A"},
        {"members 0 denominators", [](object& o) { o["members"] = -5; }, "/members"},
        {"stars above the band", [](object& o) { o["stars"] = 5; }, "/stars"},
        {"band not the total's", [](object& o) { o["band_stars"] = 2; }, "/band_stars"},
        {"stars against the policy",
         [](object& o) {
             o["marker_stars"] = 3;
             o["policy"].as_object()["missed_minimum"] = "fail";
         },
         "/stars"},
        {"unknown policy", [](object& o) { o["policy"].as_object()["missed_minimum"] = "x"; },
         "/policy/missed_minimum"},
        {"decided_by against the stars", [](object& o) { o["decided_by"] = "minimum"; },
         "/decided_by"},
        {"knocked out with stars", [](object& o) { o["status"] = "knocked_out"; }, "/stars"},
        {"unknown ruleset hash",
         [](object& o) { o["ruleset_hash"] = "sha256:0000000000000000000000000000000000"; },
         "/ruleset_hash"},
        {"unknown format", [](object& o) { o["format"] = "ocop-result/9"; }, "/format"},
        {"unknown criterion",
         [](object& o) { o["criteria"].as_array()[0].as_object()["id"] = "99.9"; },
         "/criteria/0/id"},
        {"loss over the maximum",
         [](object& o) { o["criteria"].as_array()[1].as_object()["lost"] = 50; },
         "/criteria/1/lost"},
        {"negative loss", [](object& o) { o["criteria"].as_array()[2].as_object()["lost"] = -1; },
         "/criteria/2/lost"},
        {"marker out of range", [](object& o) { o["marker_stars"] = 9; }, "/marker_stars"},
    };
    for (const auto& t : cases) {
        auto line = genuine();
        t.edit(line);
        cohort_aggregator agg(registry::builtin(), {});
        auto r = agg.add_result(line);
        INFO(t.what << ": " << boost::json::serialize(line));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().path == t.path);
        CHECK_FALSE(r.error().message.empty());
        CHECK(agg.records() == 0); // nothing counted from a refused line
    }
}

TEST_CASE("a tampered line in a batch is reported with its line; the others count") {
    std::string lines;
    auto good = genuine(result_detail::totals);
    lines += boost::json::serialize(good) + "\n";
    auto bad = good;
    bad["total_exact"] = "1/0";
    lines += boost::json::serialize(bad) + "\n";
    lines += boost::json::serialize(good) + "\n";
    for (unsigned threads : {1u, 2u}) {
        batch_options o;
        o.threads = threads;
        o.accept_results = true;
        o.output = batch_output::none;
        std::vector<cohort_aggregator> aggs(threads, cohort_aggregator(registry::builtin(), {}));
        std::vector<batch_error> errors;
        batch_callbacks cb;
        cb.on_result_line = [&](unsigned w, const boost::json::object& obj) {
            return aggs[w].add_result(obj);
        };
        cb.on_error = [&](const batch_error& e) { errors.push_back(e); };
        std::istringstream in(lines);
        auto s = score_stream(in, nullptr, registry::builtin(), o, cb);
        REQUIRE(s.has_value());
        CHECK(s->scored == 2);
        CHECK(s->failed == 1);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 2);
        CHECK(errors[0].id == "C-1");
        CHECK(errors[0].diag.path == "/total_exact");
    }
}
