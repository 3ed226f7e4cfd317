// ocop::text_engine (include/ocop/text.hpp): JSON text in, JSON text out. Each answer is
// checked against the typed API (the same text, byte for byte) or against hand-worked values
// (tests/fixtures.hpp), and each failure names its code and JSON Pointer path.
#include <ocop/text.hpp>

#include "fixtures.hpp"

#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <string>

using ocop::test::record;
using ocop::test::s1;
using ocop::test::s1_total;

namespace {

const ocop::text_engine& engine() {
    static const ocop::text_engine e = ocop::text_engine::create_or_throw();
    return e;
}

/// The result line the typed API writes for `json` at `detail`.
std::string typed_line(const std::string& json, ocop::result_detail detail) {
    const auto& reg = ocop::registry::builtin();
    auto ev = ocop::parse_evaluation_or_throw(boost::json::parse(json), reg);
    const auto res = ocop::score_evaluation(ev);
    std::string out;
    ocop::append_result_json(res, out, ocop::result_json_options::at(detail));
    return out + '\n';
}

} // namespace

TEST_CASE("text_engine scores one evaluation as the typed API writes it") {
    const std::string ev = record("p49", "qd26-2026", 1, s1());
    auto line = engine().score(ev);
    REQUIRE(line.has_value());
    CHECK(*line == typed_line(ev, ocop::result_detail::totals));
    const auto v = boost::json::parse(*line).as_object();
    CHECK(v.at("id").as_string() == "p49");
    CHECK(v.at("total").as_int64() == 49); // hand sum in fixtures.hpp

    auto full = engine().score(ev, R"({"detail":"full"})");
    REQUIRE(full.has_value());
    CHECK(*full == typed_line(ev, ocop::result_detail::full));
}

TEST_CASE("text_engine refuses a bad record with its code and path") {
    auto bad = engine().score(record("bad", "qd26-2026", 1, s1({{"1.1", 9}})));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == ocop::errc::impossible_points);
    CHECK(bad.error().path == "/answers/1.1");

    auto opts = engine().score(record("p49", "qd26-2026", 1, s1()), R"({"detail":"all"})");
    REQUIRE_FALSE(opts.has_value());
    CHECK(opts.error().code == ocop::errc::invalid_value);
    CHECK(opts.error().path == "/detail");

    auto two = engine().score(record("a", "", 1, s1()) + "\n" + record("b", "", 1, s1()));
    REQUIRE_FALSE(two.has_value());
    CHECK(two.error().message.find("found 2 records") != std::string::npos);
}

TEST_CASE("text_engine explains, plans, ranges and reviews") {
    const std::string ev = record("p49", "qd26-2026", 1, s1());
    auto ex = engine().explain(ev);
    REQUIRE(ex.has_value());
    {
        const auto& reg = ocop::registry::builtin();
        auto e = ocop::parse_evaluation_or_throw(boost::json::parse(ev), reg);
        CHECK(*ex == ocop::explain(ocop::score_evaluation(e)));
    }
    auto plan = engine().plan(record("p70", "qd26-2026", 1, s1_total(70)), R"({"target":5})");
    REQUIRE(plan.has_value());
    CHECK(boost::json::parse(*plan).as_object().at("id").as_string() == "p70");

    auto incomplete = boost::json::parse(ev).as_object();
    incomplete["answers"].as_object().erase("1.1");
    auto rg = engine().range(boost::json::serialize(incomplete));
    REQUIRE(rg.has_value());
    CHECK(boost::json::parse(*rg).as_object().contains("id"));

    auto council = engine().council(ocop::test::council("c1", "qd26-2026", 1, {s1(), s1()}));
    REQUIRE(council.has_value());
    CHECK(boost::json::parse(*council).as_object().at("id").as_string() == "c1");
}

TEST_CASE("text_engine processes many records: good ones scored, bad ones reported") {
    const std::string input = record("a", "", 1, s1()) + "\n" +
                              record("b", "", 1, s1({{"1.1", 9}})) + "\n\n" +
                              record("c", "", 1, s1_total(50)) + "\n";
    auto out = engine().process(ocop::text_operation::score, input);
    REQUIRE(out.has_value());
    CHECK(out->records == 3);
    CHECK(out->succeeded == 2);
    CHECK(out->failed == 1);
    CHECK(std::count(out->output.begin(), out->output.end(), '\n') == 2);
    const auto refusal = boost::json::parse(out->refusals).as_object();
    CHECK(refusal.at("line").as_int64() == 2);
    CHECK(refusal.at("id").as_string() == "b");
    CHECK(refusal.at("path").as_string() == "/answers/1.1");

    auto agg = engine().process(ocop::text_operation::aggregate, input);
    REQUIRE(agg.has_value());
    CHECK(boost::json::parse(agg->output).is_object());

    auto unreadable = engine().process(ocop::text_operation::score, input, R"({"input":"xml"})");
    REQUIRE_FALSE(unreadable.has_value());
    CHECK(unreadable.error().path == "/input");
}

TEST_CASE("text_engine holds its rulesets: add, default edition, list, hash") {
    auto e = ocop::text_engine::create(R"({"markers":"fail"})");
    REQUIRE(e.has_value());
    auto list = boost::json::parse(e->rulesets().value()).as_array();
    REQUIRE(list.size() == ocop::registry::builtin_ids().size());

    const std::string text(ocop::registry::builtin_text("qd148-2023"));
    auto doc = boost::json::parse(text).as_object();
    doc["id"] = "qd148-copy";
    auto id = e->add_ruleset(boost::json::serialize(doc));
    REQUIRE(id.has_value());
    CHECK(*id == "qd148-copy");
    CHECK(e->ruleset_hash("qd148-copy").value().rfind("sha256:", 0) == 0);
    REQUIRE(e->set_default_edition("qd148-copy").has_value());
    CHECK(e->rules().default_id() == "qd148-copy");

    auto unknown = e->set_default_edition("nope");
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().code == ocop::errc::unknown_ruleset);
    auto broken = e->add_ruleset("{");
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().code == ocop::errc::invalid_json);
    auto bad_option = ocop::text_engine::create(R"({"markers":"sideways"})");
    REQUIRE_FALSE(bad_option.has_value());
    CHECK(bad_option.error().path == "/markers");
}

TEST_CASE("a moved-from text_engine refuses instead of crashing") {
    auto a = ocop::text_engine::create_or_throw();
    ocop::text_engine b = std::move(a);
    CHECK(b.score(record("p", "", 1, s1())).has_value());
    // NOLINTNEXTLINE(bugprone-use-after-move): the moved-from state is what is tested.
    auto r = a.score(record("p", "", 1, s1()));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ocop::errc::invalid_value);
    CHECK_THROWS_AS(a.rules(), std::logic_error);
}
