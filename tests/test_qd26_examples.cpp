// Hand-worked 26/2026 examples. Expected values were computed by hand from
// ../shared/ocop/qd26-2026-sheets.json (the sums are written out beside each case).
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {
bool has_reason(const evaluation_result& r, reason_kind k, const std::string& code = "") {
    for (const auto& x : r.reasons)
        if (x.kind == k && (code.empty() || x.code == code)) return true;
    return false;
}
const reason* find_reason(const evaluation_result& r, reason_kind k, const std::string& code) {
    for (const auto& x : r.reasons)
        if (x.kind == k && x.code == code) return &x;
    return nullptr;
}
} // namespace

TEST_CASE("qd26 sheet 1: a 3-star product whose 5-star minimum on 1.3 is missed") {
    // A: 1.x 2+1+2+2+2+1+1 = 11, 2.x 3+2+3+1 = 9, 3.x 2+0+2+2+2 = 8 -> 28
    // B: 4.x 3+2+3 = 8, 5.x 5+1+3 = 9 -> 17
    // C: 6.x 2+3+2+2 = 9, 7=1, 8=3, 9=4, 10=3, 11=2, 12=1 -> 23
    // Total 68: band 3★ [50, 70). 3★ and 4★ minimums hold; 5★ needs 1.3 = 3 (has 2).
    const auto a =
        answers({{"1.1", 2}, {"1.2", 1}, {"1.3", 2}, {"1.4", 2}, {"1.5", 2}, {"1.6", 1}, {"1.7", 1},
                 {"2.1", 3}, {"2.2", 2}, {"2.3", 3}, {"2.4", 1}, {"3.1", 2}, {"3.2", 0}, {"3.3", 2},
                 {"3.4", 2}, {"3.5", 2}, {"4.1", 3}, {"4.2", 2}, {"4.3", 3}, {"5.1", 5}, {"5.2", 1},
                 {"5.3", 3}, {"6.1", 2}, {"6.2", 3}, {"6.3", 2}, {"6.4", 2}, {"7", 1},   {"8", 3},
                 {"9", 4},   {"10", 3},  {"11", 2},  {"12", 1}});
    auto s = score_text(record("s1-68", "qd26-2026", 1, a));
    const auto& r = s.res;
    CHECK(r.total == score{68, 1});
    CHECK(r.parts[0] == score{28, 1});
    CHECK(r.parts[1] == score{17, 1});
    CHECK(r.parts[2] == score{23, 1});
    CHECK(r.band_stars == 3);
    CHECK(r.marker_stars == 4);
    CHECK(r.stars == 3);
    CHECK(r.decided_by == star_decision::band);
    CHECK(r.status == evaluation_status::scored);
    // Group subtotals: 11, 9, 8 | 8, 9 | 9, 1, 3, 4, 3, 2, 1.
    const std::vector<std::int64_t> groups{11, 9, 8, 8, 9, 9, 1, 3, 4, 3, 2, 1};
    CHECK(r.group_sums == groups);
    // The 5★ miss is above the band: not a reason for this star.
    CHECK_FALSE(has_reason(r, reason_kind::missed_minimum));

    SECTION("the same product raised into the 4★ band but missing the 4★ minimum on 2.1") {
        // 2.1 3 -> 1 (-2); 4.3 3 -> 5 (+2), 4.2 2 -> 3 (+1), 6.3 2 -> 3 (+1), 12 1 -> 3 (+2),
        // 1.2 1 -> 2 (+1), 3.1 2 -> 3 (+1): 68 - 2 + 8 = 74, band 4★; 2.1 needs 3 for 4★.
        auto b = a;
        b["2.1"] = 1;
        b["4.3"] = 5;
        b["4.2"] = 3;
        b["6.3"] = 3;
        b["12"] = 3;
        b["1.2"] = 2;
        b["3.1"] = 3;
        auto t = score_text(record("s1-74", "qd26-2026", 1, b));
        CHECK(t.res.total == score{74, 1});
        CHECK(t.res.band_stars == 4);
        CHECK(t.res.marker_stars == 3);
        CHECK(t.res.stars == 3);
        CHECK(t.res.decided_by == star_decision::minimum);
        const reason* miss = find_reason(t.res, reason_kind::missed_minimum, "2.1");
        REQUIRE(miss != nullptr);
        CHECK(miss->stars == 4);
        CHECK(miss->needed_points == 3);
        CHECK(miss->needed_option == 3); // options 0 / 1 / 3****

        SECTION("policy fail: not rated at the level applied for") {
            auto reg = registry::builtin(load_options{missed_minimum_policy::fail, {}});
            REQUIRE(reg.has_value());
            auto f = score_text(record("s1-74", "qd26-2026", 1, b), *reg);
            CHECK(f.res.band_stars == 4);
            CHECK(f.res.marker_stars == 3);
            CHECK(f.res.stars == 0);
            CHECK(f.res.decided_by == star_decision::minimum_fail);
        }
        SECTION("policy ignore: the band decides, the miss is a warning") {
            auto reg = registry::builtin(load_options{missed_minimum_policy::ignore, {}});
            REQUIRE(reg.has_value());
            auto f = score_text(record("s1-74", "qd26-2026", 1, b), *reg);
            CHECK(f.res.stars == 4);
            CHECK(f.res.decided_by == star_decision::band);
            const reason* m = find_reason(f.res, reason_kind::missed_minimum, "2.1");
            REQUIRE(m != nullptr);
            CHECK(m->severity == reason_severity::warning);
        }
        SECTION("policies change the ruleset hash, which results carry") {
            auto reg = registry::builtin(load_options{missed_minimum_policy::fail, {}});
            REQUIRE(reg.has_value());
            CHECK(reg->find("qd26-2026")->hash() != registry::builtin().find("qd26-2026")->hash());
        }
    }
}

TEST_CASE("qd26 sheet 13: nested sub-groups 6.1 and 6.2") {
    // A: 2+1+2+2+2+2+1 = 12, 3+2+3+1 = 9, 2+1+3+2+2 = 10 -> 31
    // B: 3+3+3 = 9, 5+2+3 = 10 -> 19
    // C: 6.1 = 2+1+2+1+2 = 8, 6.2 = 2+3 = 5, group 6 = 13; 7=3, 8=4, 9=3, 10=2, 11=2 -> 27
    // Total 77: band 4★; 5★ needs 1.5 = 3 (has 2), so marker stars 4.
    const auto a =
        answers({{"1.1", 2},   {"1.2", 1},   {"1.3", 2},   {"1.4", 2},   {"1.5", 2},   {"1.6", 2},
                 {"1.7", 1},   {"2.1", 3},   {"2.2", 2},   {"2.3", 3},   {"2.4", 1},   {"3.1", 2},
                 {"3.2", 1},   {"3.3", 3},   {"3.4", 2},   {"3.5", 2},   {"4.1", 3},   {"4.2", 3},
                 {"4.3", 3},   {"5.1", 5},   {"5.2", 2},   {"5.3", 3},   {"6.1.1", 2}, {"6.1.2", 1},
                 {"6.1.3", 2}, {"6.1.4", 1}, {"6.1.5", 2}, {"6.2.1", 2}, {"6.2.2", 3}, {"7", 3},
                 {"8", 4},     {"9", 3},     {"10", 2},    {"11", 2}});
    auto s = score_text(record("s13", "qd26-2026", 13, a));
    CHECK(s.res.total == score{77, 1});
    CHECK(s.res.parts[0] == score{31, 1});
    CHECK(s.res.parts[1] == score{19, 1});
    CHECK(s.res.parts[2] == score{27, 1});
    REQUIRE(s.res.subgroup_sums.size() == 2);
    CHECK(s.res.subgroup_sums[0] == 8);
    CHECK(s.res.subgroup_sums[1] == 5);
    CHECK(s.ev.sheet->subgroup_max == std::vector<std::int16_t>{10, 5});
    CHECK(s.res.band_stars == 4);
    CHECK(s.res.marker_stars == 4);
    CHECK(s.res.stars == 4);
    std::string json;
    append_result_json(s.res, json);
    CHECK(json.find("\"subgroups\":[{\"code\":\"6.1\",\"points\":8,\"max\":10},"
                    "{\"code\":\"6.2\",\"points\":5,\"max\":5}]") != std::string::npos);

    SECTION("the sub-group code itself is not a criterion") {
        auto b = a;
        b["6.1"] = 2;
        CHECK(refusal(record("s13", "qd26-2026", 13, b)).code == errc::unknown_criterion);
    }
    SECTION("declared knock-out on 2.1 (copy of another maker's product) disqualifies") {
        boost::json::object extra;
        extra["knockouts"] = boost::json::array{"2.1"};
        auto k = score_text(record("s13-ko", "qd26-2026", 13, a, extra));
        CHECK(k.res.status == evaluation_status::knocked_out);
        CHECK(k.res.stars == 0);
        CHECK(k.res.band_stars == 4);
        CHECK(k.res.decided_by == star_decision::knockout);
        const reason* ko = find_reason(k.res, reason_kind::knockout, "2.1");
        REQUIRE(ko != nullptr);
        CHECK(ko->message.find("Bị loại nếu phát hiện giống hệt sản phẩm") != std::string::npos);
        CHECK(ko->message.find("disqualified") != std::string::npos);
    }
    SECTION("stop_evaluation on 6.1.1: later criteria may stay unanswered") {
        boost::json::object partial;
        for (const auto& kv : a) {
            partial[kv.key()] = kv.value();
            if (kv.key() == "5.3") break;
        }
        boost::json::object extra;
        extra["knockouts"] = boost::json::array{"6.1.1"};
        auto k = score_text(record("s13-stop", "qd26-2026", 13, partial, extra));
        CHECK(k.res.status == evaluation_status::knocked_out);
        CHECK(k.res.stars == 0);
        CHECK(k.res.total == score{50, 1}); // A 31 + B 19, part C not evaluated
        const reason* ko = find_reason(k.res, reason_kind::knockout, "6.1.1");
        REQUIRE(ko != nullptr);
        CHECK(ko->message.find("stop_evaluation") != std::string::npos);
    }
}

TEST_CASE("qd26 sheet 26: alternative cases answer exactly one case") {
    // A: 3+3+2+2 = 10, 3+2+3 = 8, 2+1+2+3+2 = 10 -> 28
    // B: 3+2+2+3+2 = 12, 2+2+1 = 5 -> 17
    // C: 6=2, 7=3, 8b=3, 9a=2, 10=2, 11=1, 12=2, 13=3, 14=2, 15a=1, 16=2, 17=2 -> 25
    // Total 70: band 4★ [70, 90); 3.4 = 3 and 3.5 = 2 meet the 4★/5★ marks.
    const auto a =
        answers({{"1.1", 3}, {"1.2", 3}, {"1.3", 2}, {"1.4", 2}, {"2.1", 3}, {"2.2", 2}, {"2.3", 3},
                 {"3.1", 2}, {"3.2", 1}, {"3.3", 2}, {"3.4", 3}, {"3.5", 2}, {"4.1", 3}, {"4.2", 2},
                 {"4.3", 2}, {"4.4", 3}, {"4.5", 2}, {"5.1", 2}, {"5.2", 2}, {"5.3", 1}, {"6", 2},
                 {"7", 3},   {"8b", 3},  {"9a", 2},  {"10", 2},  {"11", 1},  {"12", 2},  {"13", 3},
                 {"14", 2},  {"15a", 1}, {"16", 2},  {"17", 2}});
    auto s = score_text(record("s26", "qd26-2026", 26, a));
    CHECK(s.res.total == score{70, 1});
    CHECK(s.res.parts[2] == score{25, 1});
    CHECK(s.res.band_stars == 4);
    CHECK(s.res.marker_stars == 5);
    CHECK(s.res.stars == 4);
    CHECK(s.ev.sheet->max_total == 100);
    // The unanswered cases are not applicable and lose no points.
    std::string json;
    append_result_json(s.res, json);
    CHECK(json.find("\"id\":\"8a\"") == std::string::npos);
    CHECK(json.find("\"id\":\"8b\"") != std::string::npos);

    SECTION("both cases answered") {
        auto b = a;
        b["8a"] = 1;
        const auto d = refusal(record("s26", "qd26-2026", 26, b));
        CHECK(d.code == errc::case_conflict);
        CHECK(d.path == "/answers/8b");
    }
    SECTION("no case answered") {
        auto b = a;
        b.erase("9a");
        const auto d = refusal(record("s26", "qd26-2026", 26, b));
        CHECK(d.code == errc::case_missing);
        CHECK(d.path == "/answers");
        CHECK(d.message.find("9a or 9b") != std::string::npos);
    }
}

TEST_CASE("qd26 sheet 4: printed defects and the defect policy") {
    // A: 3+0+3+3+3+3+1 = 16, 3+3+3+1 = 10, 3+1+3+2+3 = 12 -> 38
    // B: 5+3+5 = 13, 5+2+5 = 12 -> 25
    // C: 2+2+4+4 = 12, 7 = 3 (printed 13, read 3), 5, 5, 5, 2, 3 -> 35
    // Total 98: band 5★; every minimum met.
    const auto a =
        answers({{"1.1", 3}, {"1.2", 0}, {"1.3", 3}, {"1.4", 3}, {"1.5", 3}, {"1.6", 3}, {"1.7", 1},
                 {"2.1", 3}, {"2.2", 3}, {"2.3", 3}, {"2.4", 1}, {"3.1", 3}, {"3.2", 1}, {"3.3", 3},
                 {"3.4", 2}, {"3.5", 3}, {"4.1", 5}, {"4.2", 3}, {"4.3", 5}, {"5.1", 5}, {"5.2", 2},
                 {"5.3", 5}, {"6.1", 2}, {"6.2", 2}, {"6.3", 4}, {"6.4", 4}, {"7", 3},   {"8", 5},
                 {"9", 5},   {"10", 5},  {"11", 2},  {"12", 3}});
    SECTION("probable readings (default): scored, with warnings naming each reading") {
        auto s = score_text(record("s4", "qd26-2026", 4, a));
        CHECK(s.res.total == score{98, 1});
        CHECK(s.res.stars == 5);
        const reason* r12 = find_reason(s.res, reason_kind::defect_reading, "1.2");
        const reason* r7 = find_reason(s.res, reason_kind::defect_reading, "7");
        REQUIRE(r12 != nullptr);
        REQUIRE(r7 != nullptr);
        CHECK(r12->severity == reason_severity::warning);
        CHECK(r12->message.rfind("used", 0) == 0);
        CHECK(r7->message.find("printed \"13\", read as 3") != std::string::npos);
        // The printed 13 is not an option under the probable reading.
        auto b = a;
        b["7"] = 13;
        CHECK(refusal(record("s4", "qd26-2026", 4, b)).code == errc::impossible_points);
    }
    SECTION("a result that did not pick a defective option still carries the warning") {
        auto b = a;
        b["1.2"] = 1;
        b["7"] = 1;
        auto s = score_text(record("s4", "qd26-2026", 4, b));
        const reason* r12 = find_reason(s.res, reason_kind::defect_reading, "1.2");
        REQUIRE(r12 != nullptr);
        CHECK(r12->message.rfind("on this sheet", 0) == 0);
    }
    SECTION("strict policy refuses the sheet with a clear error") {
        auto reg = registry::builtin(load_options{{}, defect_policy::strict});
        REQUIRE(reg.has_value());
        const auto d = refusal(record("s4", "qd26-2026", 4, a), *reg);
        CHECK(d.code == errc::sheet_defective);
        CHECK(d.path == "/sheet");
        CHECK(d.message.find("sheet 4") != std::string::npos);
        // Consistent sheets still score under strict.
        auto s1 = score_text(record("s1", "qd26-2026", 1, test::s1_total(70)), *reg);
        CHECK(s1.res.stars == 4);
    }
}

TEST_CASE("qd26 sheet 16: a zero on a sensory criterion stops the evaluation") {
    const auto& rs = *registry::builtin().find("qd26-2026");
    const auto* sh = rs.sheet(16);
    REQUIRE(sh != nullptr);
    boost::json::object a;
    for (std::size_t c = 0; c < sh->criteria.size(); ++c) {
        const auto& cc = sh->criteria[c];
        a[sh->criterion(c).id] = sh->options[cc.option_first + cc.option_count - 1].points;
    }
    auto top = score_text(record("s16", "qd26-2026", 16, a));
    CHECK(top.res.stars == 5);
    a["6.2"] = 0;
    auto s = score_text(record("s16-zero", "qd26-2026", 16, a));
    CHECK(s.res.status == evaluation_status::knocked_out);
    CHECK(s.res.stars == 0);
    CHECK(has_reason(s.res, reason_kind::knockout, "6"));
}

TEST_CASE("dossier rejected: reported, not scored") {
    boost::json::object o;
    o["id"] = "rej";
    o["sheet"] = 1;
    o["dossier_rejected"] = "giả mạo hồ sơ";
    auto s = score_text(boost::json::serialize(o));
    CHECK(s.res.status == evaluation_status::rejected);
    CHECK(s.res.stars == 0);
    CHECK(s.res.decided_by == star_decision::dossier_rejected);
    const reason* r = nullptr;
    for (const auto& x : s.res.reasons)
        if (x.kind == reason_kind::dossier_rejected) r = &x;
    REQUIRE(r != nullptr);
    CHECK(r->message.find("giả mạo hồ sơ") != std::string::npos);
    CHECK(r->message.find("Hồ sơ bị loại khi") != std::string::npos);
    std::string json;
    append_result_json(s.res, json);
    CHECK(json.find("\"total\"") == std::string::npos);
    CHECK(json.find("\"status\":\"rejected\"") != std::string::npos);
}
