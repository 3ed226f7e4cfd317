// Choice of edition by filing and evaluation dates (Decision 26/2026, Art. 12.2).
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {
std::string chosen(const char* filed, const char* evaluated = nullptr,
                   dossier_kind kind = dossier_kind::first) {
    auto c = registry::builtin().choose(date::parse(filed),
                                        evaluated ? date::parse(evaluated) : std::nullopt, kind);
    REQUIRE(c.has_value());
    return c->rules->id();
}
} // namespace

TEST_CASE("filing date picks the edition in force") {
    CHECK(chosen("2026-05-21") == "qd148-2023");
    CHECK(chosen("2026-05-22") == "qd26-2026");
    CHECK(chosen("2024-06-01") == "qd148-2023");
    CHECK(chosen("2020-01-01") == "qd1048-2019");
    CHECK(registry::builtin().in_force_on(*date::parse("2023-02-23"))->id() == "qd1048-2019");
    CHECK(registry::builtin().in_force_on(*date::parse("2023-02-24"))->id() == "qd148-2023");
}

TEST_CASE("pending dossiers finish under 148 within 60 days (30 for re-evaluations)") {
    // 22 May 2026 + 60 days = 21 Jul 2026, the 60th day; + 30 days = 21 Jun 2026.
    CHECK(date(2026, 5, 22).plus_days(60) == date(2026, 7, 21));
    CHECK(chosen("2026-05-21", "2026-07-21") == "qd148-2023");
    CHECK(chosen("2026-05-21", "2026-07-22") == "qd26-2026");
    CHECK(chosen("2026-05-21", "2026-06-21", dossier_kind::re_evaluation) == "qd148-2023");
    CHECK(chosen("2026-05-21", "2026-06-22", dossier_kind::re_evaluation) == "qd26-2026");
    CHECK(chosen("2026-05-21", "2026-06-22", dossier_kind::upgrade) == "qd148-2023");
}

TEST_CASE("the 2023 cut-over: 1048 until 23 Feb 2023, 148 from 24 Feb, no pending window") {
    const auto& reg = registry::builtin();
    CHECK(reg.in_force_on(date(2021, 6, 1))->id() == "qd1048-2019");
    CHECK(reg.in_force_on(date(2019, 8, 21))->id() == "qd1048-2019");
    CHECK(reg.in_force_on(date(2019, 8, 20)) == nullptr);
    // Filed before the cut-over: 1048 if evaluated before it (or no evaluation date).
    CHECK(chosen("2022-11-30") == "qd1048-2019");
    CHECK(chosen("2023-02-23") == "qd1048-2019");
    CHECK(chosen("2023-02-23", "2023-02-23") == "qd1048-2019");
    // 148/2023 is effective on signing and names no window: evaluated on 24 Feb or later,
    // the dossier is scored under 148, for every kind of dossier.
    CHECK(chosen("2023-02-23", "2023-02-24") == "qd148-2023");
    CHECK(chosen("2022-12-01", "2023-03-15", dossier_kind::re_evaluation) == "qd148-2023");
    CHECK(chosen("2023-02-24") == "qd148-2023");
    const auto& t = reg.find("qd148-2023")->document().transition;
    REQUIRE(t.has_value());
    CHECK(t->predecessor == "qd1048-2019");
    CHECK(t->cutover == date(2023, 2, 24));
    CHECK(t->pending_dossiers.first_evaluation_days == 0);

    auto c = reg.choose(date(2023, 2, 20), date(2023, 3, 1), dossier_kind::first);
    REQUIRE(c.has_value());
    CHECK(c->basis == edition_basis::transition_expired);
    std::string why;
    c->describe(why);
    CHECK(why.find("after the transition deadline 2023-02-23") != std::string::npos);
    CHECK(why.find("no window") != std::string::npos);
    CHECK(why.find("scored under qd148-2023") != std::string::npos);
}

TEST_CASE("records without a ruleset: default edition or by dates, named in the result") {
    auto plain = score_text(record("d", "", 1, s1_total(70)));
    CHECK(plain.ev.rules->id() == "qd26-2026");
    std::string json;
    append_result_json(plain.res, json);
    CHECK(json.find("\"ruleset\":\"qd26-2026\"") != std::string::npos);

    boost::json::object extra;
    extra["filed_on"] = "2026-05-22";
    CHECK(score_text(record("d", "", 1, s1_total(70), extra)).ev.rules->id() == "qd26-2026");

    // Filed the day before: a qd148 answer set is required, and qd26 codes are refused.
    extra["filed_on"] = "2026-05-21";
    const auto d = refusal(record("d", "", 1, s1_total(70), extra));
    CHECK(d.code == errc::unknown_criterion);
    extra["evaluated_on"] = "2026-07-22";
    auto late = score_text(record("d", "", 1, s1_total(70), extra));
    CHECK(late.ev.rules->id() == "qd26-2026");
    bool noted = false;
    for (const auto& r : late.res.reasons)
        noted = noted ||
                (r.kind == reason_kind::edition &&
                 r.message.find("after the transition deadline 2026-07-21") != std::string::npos);
    CHECK(noted);
}

TEST_CASE("dates") {
    CHECK(date::parse("2024-02-29").has_value());
    CHECK_FALSE(date::parse("2023-02-29").has_value());
    CHECK_FALSE(date::parse("2023-13-01").has_value());
    CHECK_FALSE(date::parse("2023-1-01").has_value());
    CHECK(date(2026, 5, 22).to_string() == "2026-05-22");
    CHECK(date(2023, 11, 30).plus_months(3) == date(2024, 2, 29));
    CHECK(date(2026, 5, 22).plus_months(36) == date(2029, 5, 22));
    CHECK(date(1970, 1, 1).days() == 0);
}
