// Procedure and certificates from ruleset data: authorities by date, validity and windows
// (dates computed by hand), recognition parsing errors, and the expiring/authority commands.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

TEST_CASE("authority by date and stars, from the rulesets' procedure stages") {
    const auto& reg = registry::builtin();
    auto s2024 = stage_on(reg, date(2024, 6, 1));
    REQUIRE(s2024);
    CHECK(s2024->rules->id() == "qd148-2023");
    CHECK(authority_for(*s2024, 3) == "district");
    CHECK(authority_for(*s2024, 4) == "province");
    CHECK(authority_for(*s2024, 5) == "central");
    CHECK(authority_for(*s2024, 2).empty());
    auto s2025 = stage_on(reg, date(2025, 7, 6)); // 1489/2025 from 6 Jul 2025
    REQUIRE(s2025);
    CHECK(authority_for(*s2025, 3) == "province");
    CHECK(authority_for(*s2025, 5) == "ministry");
    CHECK(s2025->central_min_score == 90);
    CHECK(authority_for(*stage_on(reg, date(2025, 7, 5)), 3) == "district");
    auto s2026 = stage_on(reg, date(2026, 5, 22));
    REQUIRE(s2026);
    CHECK(s2026->rules->id() == "qd26-2026");
    CHECK(s2026->central_below_min.has_value());
    auto c = certificate_rules_of(*reg.find("qd26-2026"));
    REQUIRE(c.has_value());
    CHECK(c->valid_months == 36);
    CHECK(c->window_earliest_days == 180);
    CHECK(c->window_latest_days == 120);
}

TEST_CASE("renewal calendar: 148 certificate re-evaluated under 26/2026") {
    const auto& reg = registry::builtin();
    auto rec = parse_recognition(
        boost::json::parse(R"({"id": "C1", "stars": 4, "recognised_on": "2023-08-10"})"));
    REQUIRE(rec.has_value());
    auto st = renewal_on(*rec, reg, date(2026, 6, 1));
    REQUIRE(st.has_value());
    CHECK(st->issued_under->id() == "qd148-2023");
    CHECK(st->authority == "province");
    // 36 months from 2023-08-10: last valid day 2026-08-09.
    CHECK(st->valid_until == date(2026, 8, 9));
    // 26/2026 Art. 7.6.a: filed 180 to 120 days before expiry: 2026-02-10 .. 2026-04-11.
    CHECK(st->window_open == date(2026, 2, 10));
    CHECK(st->window_close == date(2026, 4, 11));
    CHECK(st->state == renewal_state::window_closed);
    CHECK(st->due);
    // Late filing grace: at most 180 days after expiry: 2027-02-05.
    REQUIRE(st->grace_until);
    CHECK(*st->grace_until == date(2027, 2, 5));
    // On 2026-03-01 148/2023 is still in force: its 30-day notice applies (from 2026-07-10).
    auto early = renewal_on(*rec, reg, date(2026, 3, 1));
    CHECK(early->renewal_rules->id() == "qd148-2023");
    CHECK(early->window_open == date(2026, 7, 10));
    CHECK(early->state == renewal_state::valid);
    CHECK(renewal_on(*rec, reg, date(2026, 9, 1))->state == renewal_state::grace);
    CHECK(renewal_on(*rec, reg, date(2027, 2, 6))->state == renewal_state::expired);

    // Under 148 rules (on a date before 26/2026): notice 30 days before expiry.
    auto r2 = parse_recognition(boost::json::parse(
        R"({"id": "C2", "stars": 3, "recognised_on": "2022-01-31", "ruleset": "qd148-2023"})"));
    REQUIRE(r2.has_value());
    auto s2 = renewal_on(*r2, reg, date(2025, 1, 10));
    REQUIRE(s2.has_value());
    CHECK(s2->valid_until == date(2025, 1, 30));
    CHECK(s2->window_open == date(2024, 12, 31));
    CHECK(s2->state == renewal_state::window_open);
    CHECK(renewal_on(*r2, reg, date(2024, 12, 30))->state == renewal_state::valid);
}

TEST_CASE("recognition records: errors with JSON Pointers; the expiring command") {
    auto bad = parse_recognition(
        boost::json::parse(R"({"id": "X", "stars": 2, "recognised_on": "2024-01-01"})"));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::out_of_range);
    CHECK(bad.error().path == "/stars");
    auto d = parse_recognition(
        boost::json::parse(R"({"id": "X", "stars": 3, "recognised_on": "2024-02-30"})"));
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().path == "/recognised_on");
    auto m = parse_recognition(boost::json::parse(R"({"id": "X", "stars": 3})"));
    REQUIRE_FALSE(m.has_value());
    CHECK(m.error().code == errc::missing_field);

    const auto path = temp_file(
        "recognitions.jsonl",
        "\xEF\xBB\xBF{\"id\": \"C1\", \"stars\": 4, \"recognised_on\": \"2023-08-10\"}\r\n\r\n"
        "{\"id\": \"C3\", \"stars\": 5, \"recognised_on\": \"2026-06-01\"}\r\n"
        "{\"id\": \"BAD\", \"stars\": 7, \"recognised_on\": \"2026-06-01\"}");
    std::string out;
    CHECK(run(std::string(OCOP_CLI) + " expiring --on 2026-06-01 --format json " + path +
                  " 2>/dev/null",
              &out) == 1); // BAD fails, the others are processed
    CHECK(out.find("\"id\":\"C1\"") != std::string::npos);
    CHECK(out.find("\"window_close\":\"2026-04-11\"") != std::string::npos);
    CHECK(out.find("\"id\":\"C3\"") == std::string::npos); // not due
    std::string auth;
    REQUIRE(run(std::string(OCOP_CLI) + " authority --on 2024-06-01 --stars 3", &auth) == 0);
    CHECK(auth.find("district") != std::string::npos);
}
