// JSON round-trips of the public described types.
#include "support.hpp"

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <catch2/catch.hpp>

using namespace ocop;

namespace {
template <class E>
void enum_round_trip() {
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([](auto d) {
        const auto v = to_json(d.value);
        auto back = read_json<E>(v);
        REQUIRE(back.has_value());
        CHECK(*back == d.value);
    });
}
} // namespace

TEST_CASE("every built-in ruleset document round-trips") {
    for (const auto& id : registry::builtin_ids()) {
        INFO(id);
        auto doc = read_json<ruleset_document>(boost::json::parse(registry::builtin_text(id)));
        REQUIRE(doc.has_value());
        const auto once = to_json(*doc);
        auto again = read_json<ruleset_document>(once);
        REQUIRE(again.has_value());
        CHECK(to_json(*again) == once);
        // And compiles to the same hash.
        CHECK(ruleset::compile(*again)->hash() == registry::builtin().find(id)->hash());
    }
}

TEST_CASE("enums round-trip by name") {
    enum_round_trip<part_code>();
    enum_round_trip<knockout_effect>();
    enum_round_trip<knockout_trigger>();
    enum_round_trip<missed_minimum_policy>();
    enum_round_trip<defect_policy>();
    enum_round_trip<ruleset_status>();
    enum_round_trip<sheet_status>();
    enum_round_trip<lint_severity>();
    enum_round_trip<dossier_kind>();
    enum_round_trip<evaluation_status>();
    enum_round_trip<star_decision>();
    enum_round_trip<reason_kind>();
    enum_round_trip<reason_severity>();
    CHECK(read_json<part_code>(boost::json::value("D")).error().code == errc::invalid_value);
}

TEST_CASE("leaf types round-trip") {
    auto m = read_json<milli_points>(boost::json::value(49.5));
    REQUIRE(m.has_value());
    CHECK(m->value == 49500);
    CHECK(read_json<milli_points>(to_json(*m))->value == 49500);
    CHECK(read_json<milli_points>(boost::json::value(70))->value == 70000);
    auto d = read_json<date>(boost::json::value("2026-05-22"));
    REQUIRE(d.has_value());
    CHECK(to_json(*d) == boost::json::value("2026-05-22"));
    lint_finding f{lint_severity::warning, "budget_mismatch", 11, "/sheets/10", "m"};
    auto back = read_json<lint_finding>(to_json(f));
    REQUIRE(back.has_value());
    CHECK(back->check == f.check);
    CHECK(back->sheet == 11);
    CHECK(back->severity == lint_severity::warning);
}

TEST_CASE("reader errors name the path") {
    auto r = read_json<star_band>(boost::json::parse(R"({"stars": 5, "min": 90, "max": "x"})"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().path == "/max");
    CHECK(r.error().code == errc::wrong_type);
    auto s = read_json<star_band>(boost::json::parse(R"({"stars": 5, "min": 90})"));
    CHECK(s.error().path == "/max");
    CHECK(s.error().code == errc::missing_field);
    auto t = read_json<policy_set>(
        boost::json::parse(R"({"missed_minimum": "cap", "defects": "probable", "x": 1})"));
    CHECK(t.error().path == "/x");
    CHECK(t.error().code == errc::unknown_field);
}
