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

namespace {

/// The built-in registry with ruleset `id` patched by `edit` (a datum the ruleset files may
/// not carry yet).
template <class Edit>
registry patched(const std::string& id, Edit edit) {
    auto doc = boost::json::parse(registry::builtin_text(id)).as_object();
    edit(doc);
    auto rs = ruleset::load(boost::json::serialize(doc));
    REQUIRE(rs.has_value());
    registry reg = registry::builtin();
    reg.add(*rs);
    return reg;
}

} // namespace

TEST_CASE("last valid day: 36 months, both readings, leap days") {
    // Default (day_before): the 36 months include the decision day, so the last valid day is
    // the day before the same date 36 months later ("có giá trị 36 tháng", 148 App. II and
    // 26/2026 Art. 4.3).
    // Civil Code 2015 Art. 147.2: "Khi thời hạn được xác định bằng ngày, tuần, tháng, năm thì
    // ngày đầu tiên của thời hạn không được tính"; Art. 148.1.c: "Khi thời hạn tính bằng
    // tháng thì thời hạn kết thúc tại thời điểm kết thúc ngày tương ứng của tháng cuối cùng
    // của thời hạn; nếu tháng kết thúc thời hạn không có ngày tương ứng thì thời hạn kết thúc
    // vào ngày cuối cùng của tháng đó" (same_day_number).
    using r = last_day_rule;
    CHECK(last_valid_day(date(2023, 8, 10), 36, r::day_before) == date(2026, 8, 9));
    CHECK(last_valid_day(date(2023, 8, 10), 36, r::same_day_number) == date(2026, 8, 10));
    // Recognised on a leap day: February 2027 has no 29th.
    CHECK(last_valid_day(date(2024, 2, 29), 36, r::same_day_number) == date(2027, 2, 28));
    CHECK(last_valid_day(date(2024, 2, 29), 36, r::day_before) == date(2027, 2, 27));
    // Ending in a leap year: 28 Feb stays 28 Feb (not 29).
    CHECK(last_valid_day(date(2025, 2, 28), 36, r::same_day_number) == date(2028, 2, 28));
    CHECK(last_valid_day(date(2025, 2, 28), 36, r::day_before) == date(2028, 2, 27));
    CHECK(last_valid_day(date(2021, 2, 28), 36, r::day_before) == date(2024, 2, 27));
    // 1 March: the day before is the last day of February, 28th or 29th.
    CHECK(last_valid_day(date(2024, 3, 1), 36, r::day_before) == date(2027, 2, 28));
    CHECK(last_valid_day(date(2025, 3, 1), 36, r::day_before) == date(2028, 2, 29));
    CHECK(last_valid_day(date(2025, 3, 1), 36, r::same_day_number) == date(2028, 3, 1));
    // 31st into a 30-day month.
    CHECK(last_valid_day(date(2023, 5, 31), 36, r::same_day_number) == date(2026, 5, 31));
    CHECK(last_valid_day(date(2023, 8, 31), 1, r::same_day_number) == date(2023, 9, 30));

    // The rule is a ruleset datum with its source; the built-in default is day_before.
    auto c = certificate_rules_of(*registry::builtin().find("qd148-2023"));
    REQUIRE(c.has_value());
    const registry reg = patched("qd148-2023", [](boost::json::object& doc) {
        doc["procedure"].as_object()["certificate"].as_object()["last_valid_day"] =
            boost::json::object{{"rule", "same_day_number"},
                                {"source", "Bộ luật Dân sự 2015, Điều 147.2 và 148.1.c"}};
    });
    auto c2 = certificate_rules_of(*reg.find("qd148-2023"));
    REQUIRE(c2.has_value());
    CHECK(c2->last_day == last_day_rule::same_day_number);
    CHECK(c2->last_day_source.find("148.1.c") != std::string::npos);
    auto rec = parse_recognition(boost::json::parse(
        R"({"id": "L", "stars": 4, "recognised_on": "2024-02-29", "ruleset": "qd148-2023"})"));
    REQUIRE(rec.has_value());
    CHECK(renewal_on(*rec, reg, date(2026, 1, 1))->valid_until == date(2027, 2, 28));
    CHECK(renewal_on(*rec, registry::builtin(), date(2026, 1, 1))->valid_until ==
          (c->last_day == last_day_rule::day_before ? date(2027, 2, 27) : date(2027, 2, 28)));
    const registry bad = patched("qd148-2023", [](boost::json::object& doc) {
        doc["procedure"].as_object()["certificate"].as_object()["last_valid_day"] = "monthly";
    });
    auto e = certificate_rules_of(*bad.find("qd148-2023"));
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().path == "/procedure/certificate/last_valid_day");
}

TEST_CASE("late grace only for certificates that lapsed while 26/2026 was in force") {
    // 26/2026 Art. 12.3: a re-evaluation dossier that misses the Art. 7.6.a window keeps the
    // certificate valid until the decision "nhưng không quá 180 ngày tính từ ngày hết thời
    // hạn". The window is a fact of the edition in force when the certificate lapsed: 26/2026
    // is in force from 2026-05-22 (Art. 11.1).
    const auto& reg = registry::builtin();
    // Recognised 2023-03-01 under 148: last valid day 2026-02-28 (148 in force): no grace.
    auto old = parse_recognition(
        boost::json::parse(R"({"id": "OLD", "stars": 4, "recognised_on": "2023-03-01"})"));
    REQUIRE(old.has_value());
    auto s = renewal_on(*old, reg, date(2026, 6, 1));
    REQUIRE(s.has_value());
    CHECK(s->valid_until == date(2026, 2, 28));
    CHECK(s->renewal_rules->id() == "qd26-2026");
    CHECK(s->lapse_rules->id() == "qd148-2023");
    CHECK_FALSE(s->grace_until.has_value());
    CHECK(s->state == renewal_state::expired);
    CHECK_FALSE(s->due);
    // Lapsing the day before 26/2026 takes effect: still no grace.
    auto eve = parse_recognition(
        boost::json::parse(R"({"id": "EVE", "stars": 3, "recognised_on": "2023-05-22"})"));
    auto se = renewal_on(*eve, reg, date(2026, 6, 1));
    CHECK(se->valid_until == date(2026, 5, 21));
    CHECK_FALSE(se->grace_until.has_value());
    // Lapsing on its first day: 180 days of grace, to 2026-11-18.
    auto day1 = parse_recognition(
        boost::json::parse(R"({"id": "D1", "stars": 3, "recognised_on": "2023-05-23"})"));
    auto s1 = renewal_on(*day1, reg, date(2026, 6, 1));
    CHECK(s1->valid_until == date(2026, 5, 22));
    REQUIRE(s1->grace_until.has_value());
    CHECK(*s1->grace_until == date(2026, 11, 18));
    CHECK(s1->state == renewal_state::grace);
}

TEST_CASE("procedure: >= 90 goes to the central level; 1048/2019 stages answer 2019-2023") {
    // 148/QĐ-TTg (2023) App. II and 1489/QĐ-TTg (2025): the province proposes products of
    // ≥ 90 points for 5★ (qd148-2023-notes.md §4.2); 26/2026 Art. 7.3.e "có tiềm năng đạt 5 sao
    // (đạt từ 90 trở lên)". A stage that states no threshold takes the 5★ band floor.
    const auto& reg = registry::builtin();
    auto s2024 = stage_on(reg, date(2024, 6, 1));
    REQUIRE(s2024);
    REQUIRE(s2024->central_min_score.has_value());
    CHECK(*s2024->central_min_score == 90);
    auto route = route_for_score(*s2024, score{92, 1});
    REQUIRE(route);
    CHECK(route->sent_up);
    CHECK(route->to == "central");
    CHECK_FALSE(route_for_score(*s2024, score{1799, 20})->sent_up); // 89.95
    CHECK(route_for_score(*s2024, score{180, 2})->sent_up);         // exactly 90
    std::string out;
    REQUIRE(run(std::string(OCOP_CLI) + " authority --on 2026-06-01 --stars 4 --score 92", &out) ==
            0);
    CHECK(out.find("province") != std::string::npos); // 4★ recognised by the province
    CHECK(out.find("≥ 90") != std::string::npos);
    CHECK(out.find("ministry") != std::string::npos); // and the dossier goes up for 5★
    CHECK(run(std::string(OCOP_CLI) + " authority --on 2026-06-01 --stars 4 --score 9x " +
              ">/dev/null 2>&1") == 2);

    // 1048/QĐ-TTg (2019): "province recognises 3★ and 4★, central council 5★ (products ≥ 90
    // forwarded)" (issue 22 item 4; qd1048-2019-notes.md §6). The code reads the stage from the
    // ruleset; with it, 2019–2023 certificates get their authority and expiry.
    const registry r1048 = patched("qd1048-2019", [](boost::json::object& doc) {
        auto& proc = doc["procedure"].as_object();
        proc["stages"] = boost::json::array{boost::json::object{
            {"from", "2019-08-21"},
            {"until", "2023-02-23"},
            {"basis", "1048/QĐ-TTg Phụ lục II"},
            {"recognised_by",
             boost::json::object{{"3", "province"}, {"4", "province"}, {"5", "central"}}},
            {"central_min_score", 90}}};
    });
    auto s2021 = stage_on(r1048, date(2021, 6, 1));
    REQUIRE(s2021);
    CHECK(s2021->rules->id() == "qd1048-2019");
    CHECK(authority_for(*s2021, 3) == "province");
    CHECK(authority_for(*s2021, 5) == "central");
    CHECK(route_for_score(*s2021, score{92, 1})->sent_up);
    auto rec = parse_recognition(
        boost::json::parse(R"({"id": "R21", "stars": 4, "recognised_on": "2021-06-15"})"));
    auto st = renewal_on(*rec, r1048, date(2024, 6, 1));
    REQUIRE(st.has_value());
    CHECK(st->issued_under->id() == "qd1048-2019");
    CHECK(st->authority == "province");
    CHECK(st->valid_until == date(2024, 6, 14)); // 36 months, day_before
    CHECK(st->lapse_rules->id() == "qd148-2023");
    CHECK(st->state == renewal_state::window_open); // 148's 30-day notice from 2024-05-15
}
