// Hand-worked 1048/2019 (+781/2020) examples. Every expected value was summed by hand from
// ../shared/ocop/qd1048-2019-sheets.json (option points written beside each answer).
#include "fixtures.hpp"
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/diff.hpp>
#include <ocop/generate.hpp>
#include <ocop/planner.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <tuple>

using namespace ocop;
using namespace ocop::test;

namespace {

const reason* find_reason(const evaluation_result& r, reason_kind k, const std::string& code = "") {
    for (const auto& x : r.reasons)
        if (x.kind == k && (code.empty() || x.code == code)) return &x;
    return nullptr;
}

boost::json::object option(int k) {
    return boost::json::object{{"option", k}};
}

// Sheet 1 "Rau, củ, quả, hạt tươi", a cooperative (3.2 answered from case 1):
//   A: 1.1 3 (75–100 % local), 1.2 2, 1.3 3, 1.4 1, 1.5 3, 1.6 0            = 12
//      2.1 3, 2.2 2, 2.3 1                                                   =  6
//      3.1 3 (HTX), 3.2 option 2 = case 1 "≥ 50 % … người trong tỉnh" 2,
//      3.3 1, 3.4 1, 3.5 1                                                   =  8  -> A 26
//   B: 4.1 3, 4.2 1, 4.3 2 = 6; 5.1 3, 5.2 2, 5.3 2 = 7                           -> B 13
//   C: 6.1 2, 6.2 5 (Phù hợp), 6.3 2, 6.4 2, 6.5 1 = 12; 7 1, 8 3, 9.1 1, 9.2 2,
//      10 3, 11 1 = 11                                                            -> C 23
//   Total 62: 3★ [50, 70).
boost::json::object sheet1_coop() {
    boost::json::object a =
        answers({{"1.1", 3}, {"1.2", 2}, {"1.3", 3}, {"1.4", 1}, {"1.5", 3}, {"1.6", 0},
                 {"2.1", 3}, {"2.2", 2}, {"2.3", 1}, {"3.1", 3}, {"3.3", 1}, {"3.4", 1},
                 {"3.5", 1}, {"4.1", 3}, {"4.2", 1}, {"4.3", 2}, {"5.1", 3}, {"5.2", 2},
                 {"5.3", 2}, {"6.1", 2}, {"6.2", 5}, {"6.3", 2}, {"6.4", 2}, {"6.5", 1},
                 {"7", 1},   {"8", 3},   {"9.1", 1}, {"9.2", 2}, {"10", 3},  {"11", 1}});
    a["3.2"] = option(2);
    return a;
}

// Sheet 12 "Chè tươi, chế biến" (third level: 6.1 Ngoại hình = 6.1.1–6.1.3, max 6;
// 6.2 Nước pha = 6.2.1–6.2.3, max 14):
//   A: 1.1 2, 1.2 2, 1.3 2, 1.4 1, 1.5 2, 1.6 1 = 10; 2.1 2, 2.2 2, 2.3 2 = 6;
//      3.1 2, 3.2 2 (case 1, the only option worth 2), 3.3 1, 3.4 0, 3.5 2 = 7   -> A 23
//   B: 4.1 2, 4.2 3, 4.3 1 = 6; 5.1 2, 5.2 1, 5.3 1 = 4                        -> B 10
//   C: 6.1.1 2, 6.1.2 1, 6.1.3 2 (6.1 = 5); 6.2.1 3, 6.2.2 4, 6.2.3 3 (6.2 = 10);
//      group 6 = 15; 7 3, 8.1 2, 8.2 1, 9 4, 10 3 = 13                         -> C 28
//   Total 61: 3★.
boost::json::object sheet12_base() {
    return answers({{"1.1", 2},   {"1.2", 2},   {"1.3", 2},   {"1.4", 1},   {"1.5", 2},
                    {"1.6", 1},   {"2.1", 2},   {"2.2", 2},   {"2.3", 2},   {"3.1", 2},
                    {"3.2", 2},   {"3.3", 1},   {"3.4", 0},   {"3.5", 2},   {"4.1", 2},
                    {"4.2", 3},   {"4.3", 1},   {"5.1", 2},   {"5.2", 1},   {"5.3", 1},
                    {"6.1.1", 2}, {"6.1.2", 1}, {"6.1.3", 2}, {"6.2.1", 3}, {"6.2.2", 4},
                    {"6.2.3", 3}, {"7", 3},     {"8.1", 2},   {"8.2", 1},   {"9", 4},
                    {"10", 3}});
}

// Sheet 12 with every criterion at its best option: 18 + 8 + 9 | 15 + 10 | 20 + 5 + 5 + 5 +
// 5 = 35 | 25 | 40 = 100.
boost::json::object sheet12_max() {
    return answers({{"1.1", 3},   {"1.2", 3},   {"1.3", 4},   {"1.4", 2},   {"1.5", 5},
                    {"1.6", 1},   {"2.1", 3},   {"2.2", 3},   {"2.3", 2},   {"3.1", 3},
                    {"3.2", 2},   {"3.3", 1},   {"3.4", 1},   {"3.5", 2},   {"4.1", 5},
                    {"4.2", 5},   {"4.3", 5},   {"5.1", 5},   {"5.2", 3},   {"5.3", 2},
                    {"6.1.1", 2}, {"6.1.2", 2}, {"6.1.3", 2}, {"6.2.1", 3}, {"6.2.2", 6},
                    {"6.2.3", 5}, {"7", 5},     {"8.1", 3},   {"8.2", 2},   {"9", 5},
                    {"10", 5}});
}

// Sheet 10 (defective: Part C groups add to 38) at every best option:
//   A 18 + 8 + 9 = 35, B 15 + 10 = 25, C 6: 2+3+3+3+6+3 = 20, 7: 3, 8: 3+2 = 5, 9: 5,
//   10: 5 -> 38. Total 98.
boost::json::object sheet10_max() {
    return answers({{"1.1", 3}, {"1.2", 3}, {"1.3", 4}, {"1.4", 2}, {"1.5", 5}, {"1.6", 1},
                    {"2.1", 3}, {"2.2", 3}, {"2.3", 2}, {"3.1", 3}, {"3.2", 2}, {"3.3", 1},
                    {"3.4", 1}, {"3.5", 2}, {"4.1", 5}, {"4.2", 5}, {"4.3", 5}, {"5.1", 5},
                    {"5.2", 3}, {"5.3", 2}, {"6.1", 2}, {"6.2", 3}, {"6.3", 3}, {"6.4", 3},
                    {"6.5", 6}, {"6.6", 3}, {"7", 3},   {"8.1", 3}, {"8.2", 2}, {"9", 5},
                    {"10", 5}});
}

} // namespace

TEST_CASE("qd1048 is a lapsed edition with 26 named sheets, parts 35/25/40") {
    const ruleset* rs = registry::builtin().find("qd1048-2019");
    REQUIRE(rs);
    const auto& doc = rs->document();
    CHECK(doc.status == ruleset_status::lapsed);
    CHECK(doc.provenance.effective_from == date(2019, 8, 21));
    CHECK(doc.provenance.effective_until == date(2023, 2, 23));
    CHECK(doc.provenance.replaced_by == std::optional<std::string>("qd148-2023"));
    REQUIRE(doc.parts.size() == 3);
    CHECK(doc.parts[0].budget == 35);
    CHECK(doc.parts[1].budget == 25);
    CHECK(doc.parts[2].budget == 40);
    REQUIRE(rs->sheets().size() == 26);
    std::set<int> defective, missing;
    for (const auto& s : doc.sheets) {
        if (s.status == sheet_status::defective) defective.insert(s.no);
        if (s.status == sheet_status::missing) missing.insert(s.no);
    }
    CHECK(defective == std::set<int>{6, 10, 16, 19});
    CHECK(missing == std::set<int>{3});
    // 21 consistent sheets score 100 at most; the three Part-C-38 sheets 98.
    for (const auto& s : rs->sheets()) {
        if (s.no == 3) continue;
        INFO("sheet " << s.no);
        CHECK_FALSE(s.refusal.has_value());
        const bool short_c = s.no == 10 || s.no == 16 || s.no == 19;
        CHECK(s.part_max[0] == 35);
        CHECK(s.part_max[1] == 25);
        CHECK(s.part_max[2] == (short_c ? 38 : 40));
        CHECK(s.max_total == (short_c ? 98 : 100));
    }
    // No star markers are printed in 1048: no criterion carries a per-star minimum.
    for (const auto& s : rs->sheets())
        for (const auto& c : s.criteria)
            for (int n = 3; n <= 5; ++n) CHECK(c.min_for_star[n] == -1);
    // 781's partial minimums are kept as text beside the procedure, not applied.
    const auto& proc = doc.procedure.as_object();
    CHECK(proc.at("minimums_781").as_object().contains("quoted_chat_luong_san_pham"));
}

TEST_CASE("qd1048 sheet 1: 3.2 answered from case 1 and from case 2") {
    SECTION("a cooperative answers case 1") {
        auto s = score_text(record("1048-s1-coop", "qd1048-2019", 1, sheet1_coop()));
        const auto& r = s.res;
        CHECK(r.parts[0] == score{26, 1});
        CHECK(r.parts[1] == score{13, 1});
        CHECK(r.parts[2] == score{23, 1});
        CHECK(r.total == score{62, 1});
        CHECK(r.band_stars == 3);
        CHECK(r.stars == 3);
        const std::vector<std::int64_t> groups{12, 6, 8, 6, 7, 12, 1, 3, 3, 3, 1};
        CHECK(r.group_sums == groups);
        const reason* c = find_reason(r, reason_kind::alternative_case, "3.2");
        REQUIRE(c);
        CHECK(c->message.find("case 1 (\"a. Trường hợp 1: Công ty TNHH 2 thành viên trở lên") !=
              std::string::npos);
        CHECK(c->message.find("case maximum 2; criterion maximum 2") != std::string::npos);
    }
    SECTION("a household answers case 2: 3.1 1 (hộ gia đình), 3.2 option 4 = 1") {
        // A group 3 = 1 + 1 + 1 + 1 + 1 = 5, A = 12 + 6 + 5 = 23; total 23 + 13 + 23 = 59.
        auto a = sheet1_coop();
        a["3.1"] = 1;
        a["3.2"] = option(4);
        auto s = score_text(record("1048-s1-household", "qd1048-2019", 1, a));
        CHECK(s.res.parts[0] == score{23, 1});
        CHECK(s.res.total == score{59, 1});
        CHECK(s.res.stars == 3);
        const reason* c = find_reason(s.res, reason_kind::alternative_case, "3.2");
        REQUIRE(c);
        CHECK(c->message.find("case 2 (\"b. Trường hợp 2: Công ty TNHH 1 thành viên") !=
              std::string::npos);
        CHECK(c->message.find("case maximum 1; criterion maximum 2") != std::string::npos);
        // 0 points exist only in case 2 ("Giám đốc/Chủ hộ không phải là người trong tỉnh").
        a["3.2"] = 0;
        auto z = score_text(record("1048-s1-h0", "qd1048-2019", 1, a));
        CHECK(z.res.total == score{58, 1});
        CHECK(z.res.criteria[10].option == 2); // 0-based: option 3
        CHECK(find_reason(z.res, reason_kind::ambiguous_points) == nullptr);
    }
    SECTION("1 point is in both cases: the first (case 1) is recorded, with a warning") {
        auto a = sheet1_coop();
        a["3.2"] = 1;
        auto s = score_text(record("1048-s1-amb", "qd1048-2019", 1, a));
        CHECK(s.res.total == score{61, 1});
        CHECK(find_reason(s.res, reason_kind::ambiguous_points, "3.2"));
        const reason* c = find_reason(s.res, reason_kind::alternative_case, "3.2");
        REQUIRE(c);
        CHECK(c->message.find("case 1") != std::string::npos);
    }
    SECTION("a council split over the two cases is explained with both") {
        auto b = sheet1_coop();
        b["3.2"] = option(4); // 1 point in case 2: member totals 62 and 61
        auto s = score_text(council("1048-s1-c", "qd1048-2019", 1, {sheet1_coop(), b}));
        CHECK(s.res.total == score{123, 2});
        const reason* c = find_reason(s.res, reason_kind::alternative_case, "3.2");
        REQUIRE(c);
        CHECK(c->message.find("from cases 1") != std::string::npos);
        CHECK(c->message.find("; 2 (") != std::string::npos);
    }
}

TEST_CASE("qd1048 sheet 12: the third level (6.1 Ngoại hình, 6.2 Nước pha)") {
    auto s = score_text(record("1048-s12", "qd1048-2019", 12, sheet12_base()));
    const auto& r = s.res;
    CHECK(r.parts[0] == score{23, 1});
    CHECK(r.parts[1] == score{10, 1});
    CHECK(r.parts[2] == score{28, 1});
    CHECK(r.total == score{61, 1});
    CHECK(r.stars == 3);
    const std::vector<std::int64_t> subgroups{5, 10};
    CHECK(r.subgroup_sums == subgroups);
    const auto& sh = *s.ev.sheet;
    REQUIRE(sh.subgroup_max.size() == 2);
    CHECK(sh.subgroup_max[0] == 6);
    CHECK(sh.subgroup_max[1] == 14);

    SECTION("the knock-out printed under 6.1 Ngoại hình, declared by the council") {
        boost::json::object extra;
        extra["knockouts"] = boost::json::array{"6.1"};
        auto k = score_text(record("1048-s12-ko", "qd1048-2019", 12, sheet12_base(), extra));
        CHECK(k.res.status == evaluation_status::knocked_out);
        CHECK(k.res.stars == 0);
        const reason* ko = find_reason(k.res, reason_kind::knockout, "6.1");
        REQUIRE(ko);
        CHECK(ko->message.find("stop_evaluation") != std::string::npos);
        CHECK(ko->message.find("Chú ý: Nếu có các tạp chất không chấp nhận được (có nguy cơ gây "
                               "mất ATTP) như đất, côn trùng, lông, len") != std::string::npos);
    }
    SECTION("the raw-material knock-out of 1.1 quotes its note") {
        boost::json::object extra;
        extra["knockouts"] = boost::json::array{"1.1"};
        auto k = score_text(record("1048-s12-ko11", "qd1048-2019", 12, sheet12_base(), extra));
        const reason* ko = find_reason(k.res, reason_kind::knockout, "1.1");
        REQUIRE(ko);
        CHECK(ko->message.find("disqualified") != std::string::npos);
        CHECK(ko->message.find("Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu") !=
              std::string::npos);
    }
}

TEST_CASE("qd1048 sheet 7: a 2-star product, and the 0-point knock-out of 6.1") {
    // A: 1.1 3, 1.2 2, 1.3 2, 1.4 1, 1.5 2, 1.6 1 = 11; 2.1 2, 2.2 2, 2.3 1 = 5;
    //    3.1 1, 3.2 0 (case 2 only), 3.3 1, 3.4 1, 3.5 1 = 4                      -> A 20
    // B: 4.1 2, 4.2 1, 4.3 1 = 4; 5.1 1, 5.2 1, 5.3 1 = 3                          -> B 7
    // C: 6.1 2, 6.2 1, 6.3 2, 6.4 3, 6.5 3, 6.6 1 = 12; 7 1; 8.1 1, 8.2 1; 9 2; 10 1 -> C 18
    // Total 45: 2★ [30, 50), no certificate.
    auto a =
        answers({{"1.1", 3}, {"1.2", 2}, {"1.3", 2}, {"1.4", 1}, {"1.5", 2}, {"1.6", 1}, {"2.1", 2},
                 {"2.2", 2}, {"2.3", 1}, {"3.1", 1}, {"3.2", 0}, {"3.3", 1}, {"3.4", 1}, {"3.5", 1},
                 {"4.1", 2}, {"4.2", 1}, {"4.3", 1}, {"5.1", 1}, {"5.2", 1}, {"5.3", 1}, {"6.1", 2},
                 {"6.2", 1}, {"6.3", 2}, {"6.4", 3}, {"6.5", 3}, {"6.6", 1}, {"7", 1},   {"8.1", 1},
                 {"8.2", 1}, {"9", 2},   {"10", 1}});
    auto s = score_text(record("1048-s7", "qd1048-2019", 7, a));
    CHECK(s.res.parts[0] == score{20, 1});
    CHECK(s.res.parts[1] == score{7, 1});
    CHECK(s.res.parts[2] == score{18, 1});
    CHECK(s.res.total == score{45, 1});
    CHECK(s.res.stars == 2);
    CHECK(s.res.status == evaluation_status::scored);

    // "Ghi chú: Nếu bị 0 Điểm, sẽ không đánh giá các bước tiếp theo": 6.1 at 0 stops.
    a["6.1"] = 0;
    auto k = score_text(record("1048-s7-0", "qd1048-2019", 7, a));
    CHECK(k.res.total == score{43, 1});
    CHECK(k.res.status == evaluation_status::knocked_out);
    CHECK(k.res.stars == 0);
    const reason* ko = find_reason(k.res, reason_kind::knockout, "6.1");
    REQUIRE(ko);
    CHECK(ko->message.find("0 points on 6.1") != std::string::npos);
    CHECK(ko->message.find("Ghi chú: Nếu bị 0 Điểm, sẽ không đánh giá các bước tiếp theo") !=
          std::string::npos);
    // The one-pass scorer agrees (knock-out folded into the option).
    evaluation_result fast;
    score_evaluation(k.ev, fast, score_detail::totals);
    CHECK(fast.status == evaluation_status::knocked_out);
    CHECK(fast.total == score{43, 1});
}

TEST_CASE("qd1048 band edges on sheet 12") {
    auto stars = [](const boost::json::object& a) {
        return score_text(record("e", "qd1048-2019", 12, a)).res;
    };
    // 61 + 4.3 1→5 (+4), 10 3→5 (+2), 1.3 2→4 (+2), 3.4 0→1 (+1) = 70: 4★.
    auto r70 = stars(with(sheet12_base(), {{"4.3", 5}, {"10", 5}, {"1.3", 4}, {"3.4", 1}}));
    CHECK(r70.total == score{70, 1});
    CHECK(r70.stars == 4);
    // Without 3.4: 69, still 3★ (the printed "50 đến 69").
    auto r69 = stars(with(sheet12_base(), {{"4.3", 5}, {"10", 5}, {"1.3", 4}}));
    CHECK(r69.total == score{69, 1});
    CHECK(r69.stars == 3);
    // 100 - 6.2.2 6→2 (-4), 4.3 5→3 (-2), 10 5→3 (-2), 7 5→3 (-2) = 90: 5★.
    const auto m90 = with(sheet12_max(), {{"6.2.2", 2}, {"4.3", 3}, {"10", 3}, {"7", 3}});
    auto r90 = stars(m90);
    CHECK(r90.total == score{90, 1});
    CHECK(r90.stars == 5);
    // And 1.6 1→0: 89, 4★.
    const auto m89 = with(m90, {{"1.6", 0}});
    auto r89 = stars(m89);
    CHECK(r89.total == score{89, 1});
    CHECK(r89.stars == 4);
    CHECK(stars(sheet12_max()).total == score{100, 1});
    // A council of 90 and 89: 89.5 exactly, between the printed integer bands: 4★ under the
    // half-open reading the ruleset uses.
    auto c = score_text(council("e2", "qd1048-2019", 12, {m90, m89}));
    CHECK(c.res.total == score{179, 2});
    CHECK(c.res.band_stars == 4);
    CHECK(c.res.stars == 4);
}

TEST_CASE("qd1048 defective sheet 10 under both defect policies") {
    SECTION("probable (default): scored as printed, 98 at most, with a warning") {
        auto s = score_text(record("1048-s10", "qd1048-2019", 10, sheet10_max()));
        CHECK(s.res.parts[2] == score{38, 1});
        CHECK(s.res.total == score{98, 1});
        CHECK(s.res.stars == 5);
        const reason* w = find_reason(s.res, reason_kind::defect_reading);
        REQUIRE(w);
        CHECK(w->severity == reason_severity::warning);
        CHECK(w->message.find("sheet 10 has a printed defect, scored as printed: Part C: groups "
                              "sum to 38, the decision fixes Part C at 40") != std::string::npos);
        CHECK(w->message.find("not applied") != std::string::npos);
        // A consistent sheet carries no such warning.
        auto ok = score_text(record("1048-s12", "qd1048-2019", 12, sheet12_base()));
        CHECK(find_reason(ok.res, reason_kind::defect_reading) == nullptr);
    }
    SECTION("strict: refused with sheet_defective; consistent sheets still score") {
        load_options lo;
        lo.defects = defect_policy::strict;
        auto reg = registry::builtin(lo);
        REQUIRE(reg.has_value());
        const auto d = refusal(record("1048-s10", "qd1048-2019", 10, sheet10_max()), *reg);
        CHECK(d.code == errc::sheet_defective);
        CHECK(d.path == "/sheet");
        for (int no : {6, 16, 19})
            CHECK(reg->find("qd1048-2019")->sheet(no)->refusal->code == errc::sheet_defective);
        CHECK(score_text(record("1048-s12", "qd1048-2019", 12, sheet12_base()), *reg).res.total ==
              score{61, 1});
    }
    SECTION("sheet 6: the repeated 3 of 6.2 is ambiguous when answered by points") {
        const auto* sh = registry::builtin().find("qd1048-2019")->sheet(6);
        const int c = sh->find("6.2");
        REQUIRE(c >= 0);
        std::vector<int> pts;
        const auto& cc = sh->criteria[static_cast<std::size_t>(c)];
        for (std::uint16_t k = 0; k < cc.option_count; ++k)
            pts.push_back(sh->options[cc.option_first + k].points);
        CHECK(pts == std::vector<int>{0, 1, 3, 3});
    }
}

TEST_CASE("qd1048 sheet 3 is named and refuses to score") {
    const ruleset* rs = registry::builtin().find("qd1048-2019");
    const compiled_sheet* s3 = rs->sheet(3);
    REQUIRE(s3);
    CHECK(s3->def->name_vi == "Gạo, ngũ cốc");
    REQUIRE(s3->refusal.has_value());
    CHECK(s3->refusal->code == errc::sheet_missing);
    const auto d = refusal(record("1048-s3", "qd1048-2019", 3, answers({{"1.1", 3}})));
    CHECK(d.code == errc::sheet_missing);
    CHECK(d.path == "/sheet");
    CHECK(d.message.find("qd1048-2019: sheet 3: \"Gạo, ngũ cốc\" is missing") != std::string::npos);
    CHECK(std::string(to_string(errc::sheet_missing)) == "sheet_missing");
    // The CLI names the record and the error; the good record beside it is still scored.
    const std::string path =
        temp_file("qd1048_s3.jsonl", record("bad", "qd1048-2019", 3, answers({{"1.1", 3}})) + "\n" +
                                         record("good", "qd1048-2019", 12, sheet12_base()) + "\n");
    std::string out;
    CHECK(run(std::string(OCOP_CLI) + " score " + path + " 2>&1", &out) == 1);
    CHECK(out.find("line 1 (id bad): sheet_missing at /sheet") != std::string::npos);
    CHECK(out.find("\"id\":\"good\"") != std::string::npos);
}

TEST_CASE("ocop generate by date: 2019–2022 records are scored under 1048") {
    generate_options g;
    g.count = 1500;
    g.seed = 1048;
    g.ruleset = generate_by_date;
    g.year_from = 2019;
    g.year_to = 2026;
    std::ostringstream text;
    REQUIRE(generate_evaluations(registry::builtin(), g, text).has_value());
    std::istringstream in(text.str());
    std::map<int, std::set<std::string>> by_year;
    std::set<int> sheets_1048;
    std::size_t errors = 0, case2 = 0;
    batch_options o;
    o.output = batch_output::none;
    batch_callbacks cb;
    cb.on_result = [&](unsigned, const evaluation_result& r) {
        const int year = static_cast<int>(r.input->metadata.at("year").as_int64());
        REQUIRE(r.input->filed_on.has_value());
        REQUIRE(r.input->evaluated_on.has_value());
        const date filed = *r.input->filed_on;
        by_year[year].insert(r.input->rules->id());
        // The record names the edition the registry chooses for its own dates.
        const auto chosen =
            registry::builtin().choose(filed, r.input->evaluated_on, dossier_kind::first);
        REQUIRE(chosen.has_value());
        CHECK(chosen->rules == r.input->rules);
        CHECK(filed >= date(2019, 8, 21));
        if (r.input->rules->id() == "qd1048-2019") {
            sheets_1048.insert(r.input->sheet->no);
            const int c = r.input->sheet->find("3.2");
            if (c >= 0 && r.status != evaluation_status::rejected && r.input->members == 1) {
                const auto& cc = r.input->sheet->criteria[static_cast<std::size_t>(c)];
                const auto o = r.input->choice(0, static_cast<std::size_t>(c));
                if (o >= 0 && r.input->sheet->options[cc.option_first + o].case_no == 2) ++case2;
            }
        }
    };
    cb.on_error = [&](const batch_error&) { ++errors; };
    auto s = score_stream(in, nullptr, registry::builtin(), o, cb);
    REQUIRE(s.has_value());
    CHECK(errors == 0);
    CHECK(s->scored == 1500);
    for (int y = 2019; y <= 2022; ++y) CHECK(by_year[y] == std::set<std::string>{"qd1048-2019"});
    CHECK(by_year[2024] == std::set<std::string>{"qd148-2023"});
    CHECK(by_year[2023].count("qd148-2023") == 1);
    CHECK(by_year[2026].count("qd26-2026") == 1);
    CHECK(sheets_1048.count(3) == 0); // the missing sheet is never generated
    CHECK(sheets_1048.size() >= 20);
    CHECK(case2 > 0); // households answer 3.2 from case 2
    // Deterministic for a seed.
    std::ostringstream again;
    REQUIRE(generate_evaluations(registry::builtin(), g, again).has_value());
    CHECK(again.str() == text.str());
}

TEST_CASE("diff 1048 → 148 on sheet 1: part and group maxima, checked by hand") {
    // By hand from the two shared files, sheet 1 "Rau, củ, quả, hạt tươi":
    //   1048 A 18 + 8 + 9 = 35, B 15 + 10 = 25, C 18 + 2 + 5 + 5 + 5 + 5 = 40;
    //   148  A 18 + 10 + 12 = 40, B 13 + 12 = 25, C 13 + 2 + 5 + 5 + 5 + 2 + 3 = 35.
    //   Groups 1 (18), 7 Dinh dưỡng (2), 8 Tính độc đáo (5), 9 Công bố (5), 10 Đảm bảo (5)
    //   keep their maxima; 148's group 11 "Hướng dẫn sử dụng" (2) is new and 1048's 11
    //   "Cơ hội thị trường toàn cầu" is 148's 12, 5 → 3.
    const auto& reg = registry::builtin();
    auto d = diff_rulesets(*reg.find("qd1048-2019"), *reg.find("qd148-2023"), 1);
    REQUIRE(d.has_value());
    REQUIRE(d->size() == 1);
    using row = std::tuple<change_kind, std::string, std::string, int, int>;
    std::set<row> got;
    for (const auto& e : d->front().entries)
        if (e.kind == change_kind::part_changed || e.kind == change_kind::group_changed ||
            e.kind == change_kind::group_added || e.kind == change_kind::group_removed)
            got.insert({e.kind, e.ids_a.empty() ? "" : e.ids_a[0],
                        e.ids_b.empty() ? "" : e.ids_b[0], e.max_a, e.max_b});
    const std::set<row> want{
        {change_kind::part_changed, "A", "A", 35, 40},
        {change_kind::part_changed, "C", "C", 40, 35},
        {change_kind::group_changed, "2", "2", 8, 10},
        {change_kind::group_changed, "3", "3", 9, 12},
        {change_kind::group_changed, "4", "4", 15, 13},
        {change_kind::group_changed, "5", "5", 10, 12},
        {change_kind::group_changed, "6", "6", 18, 13},
        {change_kind::group_added, "", "11", -1, 2},
        {change_kind::group_changed, "11", "12", 5, 3},
    };
    CHECK(got == want);
    const std::string md = diff_markdown(*reg.find("qd1048-2019"), *reg.find("qd148-2023"), *d);
    CHECK(md.find("| A | A Part A | A Part A | part maximum 35 → 40 |") != std::string::npos);
    CHECK(md.find("| C | C Part C | C Part C | part maximum 40 → 35 |") != std::string::npos);
    // The missing sheet cannot be compared.
    auto s3 = diff_rulesets(*reg.find("qd1048-2019"), *reg.find("qd148-2023"), 3);
    REQUIRE_FALSE(s3.has_value());
    CHECK(s3.error().code == errc::sheet_missing);
    // The CLI prints the same rows.
    std::string out;
    REQUIRE(run(std::string(OCOP_CLI) + " ruleset diff qd1048-2019 qd148-2023 --sheet 1", &out) ==
            0);
    CHECK(out.find("part maximum 35 → 40") != std::string::npos);
    CHECK(out.find("| C | 11 11. CƠ HỘI THỊ TRƯỜNG TOÀN CẦU | 12 12. CƠ HỘI THỊ TRƯỜNG TOÀN "
                   "CẦU | re-weighted 5 → 3 |") != std::string::npos);
}

TEST_CASE("the upgrade planner keeps the answered case of 3.2 (the producer's type)") {
    // The household of sheet 1 (59, 3★) answers 3.2 from case 2 at its maximum (1): case 1's
    // 2 points describe another kind of producer and are never proposed.
    auto a = sheet1_coop();
    a["3.1"] = 1;
    a["3.2"] = option(4);
    auto s = score_text(record("1048-plan", "qd1048-2019", 1, a));
    plan_options po;
    po.target = 5;
    auto plan = plan_upgrade(s.ev, po);
    REQUIRE(plan.has_value());
    CHECK(plan->status == plan_status::planned);
    CHECK(plan->stars_after == 5);
    for (const auto& ch : plan->changes) CHECK(ch.id != "3.2");
    // Down in case 2 (option 3, 0 points), the only move left is within case 2: option 4.
    a["3.2"] = option(3);
    auto s0 = score_text(record("1048-plan0", "qd1048-2019", 1, a));
    po.target = 5;
    auto plan0 = plan_upgrade(s0.ev, po);
    REQUIRE(plan0.has_value());
    for (const auto& ch : plan0->changes)
        if (ch.id == "3.2") CHECK(ch.to_option == 4);
}
