// The 1048/2019 → 148/2023 crosswalk shipped and used end to end (issue 22 item 5): per
// source-sheet entries (148 sheet 8 ← 1048 sheets 8 and 9, sheet 21 ← 24 and 23), two
// migrations checked by hand (docs/crosswalk-1048.md), the chain 1048 → 148 → 26/2026 through
// the built-ins, and the choose-one tourism cases fed by one split 1048 criterion.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <ocop/crosswalk.hpp>
#include <ocop/evaluation.hpp>
#include <ocop/rescore.hpp>

#include <algorithm>
#include <set>

using namespace ocop;
using namespace ocop::test;

namespace {

// Records of `ocop generate --count 500 --seed 3 --ruleset qd1048-2019` (the generator before
// it narrowed the years), both on sheet 1, checked by hand in docs/crosswalk-1048.md.
const char* const rec43 =
    R"({"id":"SYN-2022-0000043","ruleset":"qd1048-2019","sheet":1,"province":"Hải Phòng","year":2022,"subject_type":"Hộ kinh doanh","answers":{"1.1":1,"1.2":3,"1.3":1,"1.4":2,"1.5":3,"1.6":1,"2.1":2,"2.2":2,"2.3":0,"3.1":3,"3.2":0,"3.3":1,"3.4":1,"3.5":0,"4.1":3,"4.2":1,"4.3":3,"5.1":1,"5.2":1,"5.3":2,"6.1":2,"6.2":0,"6.3":3,"6.4":3,"6.5":2,"7":2,"8":1,"9.1":1,"9.2":2,"10":3,"11":5}})";
const char* const rec28 =
    R"({"id":"SYN-2026-0000028","ruleset":"qd1048-2019","sheet":1,"province":"Ninh Bình","year":2026,"subject_type":"Hợp tác xã","answers":{"1.1":2,"1.2":0,"1.3":2,"1.4":2,"1.5":2,"1.6":1,"2.1":0,"2.2":0,"2.3":2,"3.1":3,"3.2":2,"3.3":1,"3.4":1,"3.5":2,"4.1":2,"4.2":1,"4.3":1,"5.1":1,"5.2":3,"5.3":2,"6.1":1,"6.2":8,"6.3":3,"6.4":3,"6.5":2,"7":2,"8":3,"9.1":2,"9.2":1,"10":2,"11":5}})";

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

const crosswalk_row* row_for(const crosswalk_sheet& s, const std::string& to) {
    for (const auto& r : s.rows)
        if (r.to == to) return &r;
    return nullptr;
}

std::int64_t points(const compiled_sheet& sh, std::size_t c, int option) {
    return sh.options[sh.criteria[c].option_first + static_cast<std::size_t>(option)].points;
}

} // namespace

TEST_CASE("crosswalk 1048: the shipped file validates; sheets 9 -> 8 and 23 -> 21 are entries") {
    const auto& reg = registry::builtin();
    const auto* cw = crosswalk::builtin("qd1048-2019", "qd148-2023");
    REQUIRE(cw != nullptr);
    auto v = cw->validate(*reg.find("qd1048-2019"), *reg.find("qd148-2023"));
    INFO((v ? std::string() : v.error().what()));
    CHECK(v.has_value());
    // 26 target sheets, 148 sheets 8 and 21 twice (once per source sheet).
    CHECK(cw->sheets().size() == 28);
    REQUIRE(cw->sheet(8, 9) != nullptr);
    REQUIRE(cw->sheet(21, 23) != nullptr);
    CHECK(cw->sheet(8)->from_sheet == 8); // the first entry of the target sheet
    CHECK(cw->sheet(21)->from_sheet == 24);
    REQUIRE(cw->from_sheet(9) != nullptr);
    CHECK(cw->from_sheet(9)->sheet == 8);
    CHECK(cw->from_sheet(23)->sheet == 21);
    CHECK(cw->from_sheet(8)->sheet == 8);
    CHECK(cw->from_sheet(10)->sheet == 9);
    CHECK(cw->from_sheet(21) == nullptr); // Trang thiết bị, dụng cụ y tế: no 148 set
    // 1048 sheet 9 grades shape and size, 148 sheet 8 shape and texture: every answer open.
    const auto* r = row_for(*cw->sheet(8, 9), "6b");
    REQUIRE(r != nullptr);
    CHECK(r->kind == crosswalk_kind::replaced);
    CHECK(r->options.empty());
    // 1048 sheet 23 has no testing group: 148 sheet 21's 7 is new there, its declaration dropped.
    r = row_for(*cw->sheet(21, 23), "7");
    REQUIRE(r != nullptr);
    CHECK(r->kind == crosswalk_kind::added);
    const auto& d = cw->sheet(21, 23)->dropped;
    CHECK(std::any_of(d.begin(), d.end(), [](const auto& x) { return x.from == "7"; }));
    r = row_for(*cw->sheet(21, 23), "9");
    REQUIRE(r != nullptr);
    CHECK(r->from == std::vector<std::string>{"8"});
}

TEST_CASE("crosswalk 1048: one entry per (sheet, from_sheet) in the loader") {
    const std::string head =
        R"({"format": "ocop-crosswalk/1", "from": "a", "to": "b", "sheets": [)";
    const std::string e88 = R"({"sheet": 8, "from_sheet": 8, "criteria": []})";
    const std::string e89 = R"({"sheet": 8, "from_sheet": 9, "criteria": []})";
    const std::string e99 = R"({"sheet": 9, "from_sheet": 9, "criteria": []})";
    auto two = crosswalk::load(head + e88 + "," + e89 + "]}");
    REQUIRE(two.has_value());
    CHECK(two->sheet(8, 9) == &two->sheets()[1]);
    CHECK(two->from_sheet(9) == &two->sheets()[1]);
    auto twice = crosswalk::load(head + e88 + "," + e88 + "]}");
    REQUIRE_FALSE(twice.has_value());
    CHECK(twice.error().path == "/sheets/1/sheet");
    auto fork = crosswalk::load(head + e89 + "," + e99 + "]}");
    REQUIRE_FALSE(fork.has_value());
    CHECK(fork.error().path == "/sheets/1/from_sheet");
}

TEST_CASE("crosswalk 1048: two sheet-1 migrations 1048 -> 148 checked by hand") {
    const auto& reg = registry::builtin();
    rescorer rs(reg, *reg.find("qd1048-2019"), *reg.find("qd148-2023"));
    REQUIRE(rs.crosswalk_used() == crosswalk::builtin("qd1048-2019", "qd148-2023"));
    REQUIRE_FALSE(rs.crosswalk_error().has_value());

    // SYN-2022-0000043 (3.2 answered in case 2, 0 points). 1048: A 20 + B 11 + C 24 = 55 → 3★.
    // 148 linked (1048 option → 148 option = 148 points): 1a 1.1 1→1 = 1; 1c 1.3 1→1 = 1;
    // 3a 3.1 3→3 = 3; 4a 4.1 3→3 = 3; 4b 4.2 2→2 = 1; 4c 4.3 4→4 = 3; 5a 5.1 2→2 = 1;
    // 5b 5.2 2→2 = 1; 5c 5.3 2→2 = 1; 6a 6.1 3→3 = 2; 6b 6.2 1→1 = 0; 6c 6.3 4→4 = 3;
    // 6d 6.4 4→4 = 3; 7a 7 3→3 = 2; 8a 8 2→2 = 1; 9a 9.1 2→2 = 1; 9b 9.2 3→3 = 2;
    // 12a 11 3→3 = 3: 32. Open (min..max): 1b 1..3, 1d 0..3, 1đ 1..3, 1e 0..1, 2a 0..4,
    // 2b 0..3, 2c 1..3, 3b 0..1, 3c 1..3, 3d 1..2, 3đ 0..1, 3e 1..2, 10a 0..5, 11a 1..2:
    // 7..36. Dropped: 6.5. Total 39..68; 39 → 2★; 68 is in the 3★ band but 5b (1) and 9a (1)
    // miss their 3★ markers → 2★..2★.
    auto a = rs.rescore(boost::json::parse(rec43));
    REQUIRE(a.has_value());
    CHECK(a->sheet == 1);
    CHECK(a->total_from == score{55, 1});
    CHECK(a->stars_from == 3);
    CHECK(a->total_to == score{39, 1});
    CHECK(a->total_to_max == score{68, 1});
    CHECK(a->stars_to == 2);
    CHECK(a->stars_to_max == 2);
    CHECK(sorted(a->open) == sorted({"1b", "1d", "1đ", "1e", "2a", "2b", "2c", "3b", "3c", "3d",
                                     "3đ", "3e", "10a", "11a"}));

    // SYN-2026-0000028 (3.2 answered in case 1, 2 points). 1048: 20 + 10 + 32 = 62 → 3★.
    // 148 linked: 1c 2→2 = 2; 3a 3→3 = 3; 4a 2→2 = 2; 4b 2→2 = 1; 4c 2→2 = 1; 5a 2→2 = 1;
    // 5c 2→2 = 1; 6a 2→2 = 1; 6b 5→5 = 5; 6c 4→4 = 3; 6d 4→4 = 3; 7a 3→3 = 2; 9b 2→2 = 1;
    // 12a 3→3 = 3: 29. Open: 1a 1..5, 1b 1..3, 1d 0..3, 1đ 1..3, 1e 0..1, 2a 0..4, 2b 0..3,
    // 2c 1..3, 3b 0..1, 3c 1..3, 3d 1..2, 3đ 0..1, 3e 1..2, 5b 0..5, 8a 0..5, 9a 0..2,
    // 10a 0..5, 11a 1..2: 8..53. Total 37..82; 37 → 2★; 82 is in the 4★ band but 6a (1)
    // misses its 4★ marker → 3★ (the open 3★ markers 5b, 9a, 10a are reachable): 2★..3★.
    auto b = rs.rescore(boost::json::parse(rec28));
    REQUIRE(b.has_value());
    CHECK(b->total_from == score{62, 1});
    CHECK(b->stars_from == 3);
    CHECK(b->total_to == score{37, 1});
    CHECK(b->total_to_max == score{82, 1});
    CHECK(b->stars_to == 2);
    CHECK(b->stars_to_max == 3);
    CHECK(sorted(b->open) == sorted({"1a", "1b", "1d", "1đ", "1e", "2a", "2b", "2c", "3b", "3c",
                                     "3d", "3đ", "3e", "5b", "8a", "9a", "10a", "11a"}));
}

TEST_CASE("crosswalk 1048: records of 1048 sheets 9 and 23 move to 148 sheets 8 and 21") {
    const auto& reg = registry::builtin();
    rescorer rs(reg, *reg.find("qd1048-2019"), *reg.find("qd148-2023"));
    const auto& a = *reg.find("qd1048-2019");
    for (const auto& [from, to] : {std::pair{9, 8}, std::pair{23, 21}, std::pair{24, 21}}) {
        // Every criterion at its first option (by option number).
        boost::json::object ans;
        const auto& sh = *a.sheet(from);
        for (std::size_t c = 0; c < sh.criteria.size(); ++c)
            ans[sh.criterion(c).id] = boost::json::object{{"option", 1}};
        boost::json::object rec{{"id", "R" + std::to_string(from)},
                                {"ruleset", "qd1048-2019"},
                                {"sheet", from},
                                {"answers", ans}};
        auto r = rs.rescore(rec);
        INFO(from << (r ? std::string() : " " + r.error().message));
        REQUIRE(r.has_value());
        CHECK(r->sheet == to);
    }
    // 1048 sheet 21 (medical equipment) has no 148 set: still refused, naming the sheet.
    boost::json::object ans;
    const auto& sh = *a.sheet(21);
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        ans[sh.criterion(c).id] = boost::json::object{{"option", 1}};
    auto r = rs.rescore(boost::json::object{
        {"id", "R21"}, {"ruleset", "qd1048-2019"}, {"sheet", 21}, {"answers", ans}});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("has no row for sheet 21") != std::string::npos);
}

TEST_CASE("crosswalk 1048: chained 1048 -> 148 -> 26/2026 through the built-ins") {
    const auto& reg = registry::builtin();
    const auto& ra = *reg.find("qd1048-2019");
    const auto& rc = *reg.find("qd26-2026");
    const auto* ab = crosswalk::builtin("qd1048-2019", "qd148-2023");
    const auto* bc = crosswalk::builtin("qd148-2023", "qd26-2026");
    REQUIRE(ab != nullptr);
    REQUIRE(bc != nullptr);
    CHECK(crosswalk::builtin("qd1048-2019", "qd26-2026") == nullptr);
    rescorer rs(reg, ra, rc);
    const crosswalk* ac = rs.crosswalk_used();
    REQUIRE(ac != nullptr);
    REQUIRE_FALSE(rs.crosswalk_error().has_value());
    REQUIRE(ac->chained());
    REQUIRE(ac->steps().size() == 2);
    CHECK(ac->steps()[0].from == "qd1048-2019");
    CHECK(ac->steps()[0].hash == ab->hash());
    CHECK(ac->steps()[1].to == "qd26-2026");
    CHECK(ac->steps()[1].hash == bc->hash());
    // 26/2026 sheet 8 takes 148 sheet 8, which takes 1048 sheets 8 and 9: two entries.
    REQUIRE(ac->sheet(8, 9) != nullptr);
    CHECK(ac->from_sheet(9)->sheet == 8);
    CHECK(ac->from_sheet(23)->sheet == 21);

    // No credit invented: an A option linked in the chain is linked in both steps, to
    // bc(ab(o)); every option open in either step is open in the chain (every sheet entry).
    for (const auto& s : ac->sheets()) {
        const auto* s1 = s.from_sheet ? ab->from_sheet(s.from_sheet) : nullptr;
        const auto* s2 = bc->sheet(s.sheet, s1 ? s1->sheet : s.sheet);
        REQUIRE(s2 != nullptr);
        for (const auto& r : s.rows) {
            const auto* r2 = row_for(*s2, r.to);
            REQUIRE(r2 != nullptr);
            for (std::size_t o = 0; o < r.options.size(); ++o) {
                if (r.options[o] < 0) continue;
                INFO("sheet " << s.sheet << " from " << s.from_sheet << " row " << r.to);
                REQUIRE(s1 != nullptr);
                REQUIRE(r2->from.size() == 1);
                const auto* r1 = row_for(*s1, r2->from[0]);
                REQUIRE(r1 != nullptr);
                REQUIRE(o < r1->options.size());
                const int m = r1->options[o];
                REQUIRE(m >= 0);
                REQUIRE(static_cast<std::size_t>(m) < r2->options.size());
                CHECK(r2->options[static_cast<std::size_t>(m)] == r.options[o]);
            }
        }
    }

    // SYN-2022-0000043 through the chain, the expected range computed here from the two
    // crosswalks' option maps and the 26/2026 points (not by re-scoring twice).
    const auto rec = boost::json::parse(rec43);
    evaluation ea;
    REQUIRE(parse_evaluation(rec, reg, ea).has_value());
    const compiled_sheet& sa = *ea.sheet;
    const crosswalk_sheet* s1 = ab->from_sheet(1);
    REQUIRE(s1 != nullptr);
    const crosswalk_sheet* s2 = bc->from_sheet(s1->sheet);
    REQUIRE(s2 != nullptr);
    const compiled_sheet& sc = *rc.sheet(s2->sheet);
    std::int64_t lo = 0, hi = 0;
    std::set<std::string> open_expected;
    for (const auto& r2 : s2->rows) {
        const int j = sc.find(r2.to);
        REQUIRE(j >= 0);
        const auto jc = static_cast<std::size_t>(j);
        // Sheet 1 has no choose-one group: every criterion applies. Linked only when both
        // steps link the answer (one source each); open otherwise.
        int target = -1;
        if (r2.from.size() == 1 && !r2.options.empty()) {
            const auto* r1 = row_for(*s1, r2.from[0]);
            REQUIRE(r1 != nullptr);
            if (r1->from.size() == 1 && !r1->options.empty()) {
                const int i = sa.find(r1->from[0]);
                REQUIRE(i >= 0);
                const int o = ea.choice(0, static_cast<std::size_t>(i));
                REQUIRE(o >= 0);
                const int m = r1->options[static_cast<std::size_t>(o)];
                if (m >= 0) target = r2.options[static_cast<std::size_t>(m)];
            }
        }
        if (target >= 0) {
            lo += points(sc, jc, target);
            hi += points(sc, jc, target);
            continue;
        }
        open_expected.insert(r2.to);
        std::int64_t mn = 1 << 20, mx = -(1 << 20);
        for (int k = 0; k < sc.criteria[jc].option_count; ++k) {
            mn = std::min(mn, points(sc, jc, k));
            mx = std::max(mx, points(sc, jc, k));
        }
        lo += mn;
        hi += mx;
    }
    auto r = rs.rescore(rec);
    REQUIRE(r.has_value());
    CHECK(r->sheet == s2->sheet);
    CHECK(r->total_from == score{55, 1});
    // Every criterion open in either step is open in the chain, and nothing else.
    CHECK(std::set<std::string>(r->open.begin(), r->open.end()) == open_expected);
    CHECK(r->total_to == score{lo, 1});
    CHECK(r->total_to_max == score{hi, 1});
    CHECK(r->stars_to <= r->stars_to_max);
}

TEST_CASE("crosswalk 1048: a split criterion into a choose-one case group keeps the linked case") {
    // 1048 sheet 26 criteria 9, 10 and 16 hold both tourism cases (options tagged case 1 /
    // case 2); 148 splits each into 8a/8b, 9a/9b, 15a/15b (choose one case). Before the fix
    // the case of the last target criterion with an answered source won: case-1 answers
    // ended with 8a/9a/15a dropped and 8b/9b/15b open.
    const auto& reg = registry::builtin();
    rescorer rs(reg, *reg.find("qd1048-2019"), *reg.find("qd148-2023"));
    auto record = [](int o9, int o10, int o16) {
        return boost::json::parse(
            R"({"id":"T26","ruleset":"qd1048-2019","sheet":26,"answers":{"1.1":1,"1.2":2,"1.3":1,"1.4":2,"2.1":5,"2.2":2,"3.1":3,"3.2":{"option":2},"3.3":3,"3.4":3,"3.5":2,"4.1":5,"4.2":3,"4.3":2,"4.4":1,"4.5":2,"5.1":2,"5.2":2,"5.3":2,"6":3,"7":3,"8":2,"9":{"option":)" +
            std::to_string(o9) + R"(},"10":{"option":)" + std::to_string(o10) +
            R"(},"11":3,"12":2,"13":1,"14":2,"15":2,"16":{"option":)" + std::to_string(o16) +
            R"(},"17":3,"18":2}})");
    };
    // Case 1: 9 option 1 → 8a option 1; 16 option 1 → 15a option 1; 10 option 1 links
    // nowhere, and the product is of case 1 by its other answers: 9a open.
    auto c1 = rs.rescore(record(1, 1, 1));
    REQUIRE(c1.has_value());
    CHECK(c1->sheet == 26);
    CHECK(has(c1->mapped, "8a"));
    CHECK(has(c1->mapped, "15a"));
    CHECK(has(c1->open, "9a"));
    for (const char* id : {"8b", "9b", "15b"}) {
        INFO(id);
        CHECK_FALSE(has(c1->open, id));
        CHECK_FALSE(has(c1->mapped, id));
    }
    // Case 1 on 9 by an option no row links (3, "Có từ 75 % trở lên": 148 prints "trên
    // 75 %"), case 2 elsewhere with nothing linked: 8a is the row of 9's case-1 options, so
    // 8a is open, not 8b (the last case, as before).
    auto mixed = rs.rescore(record(3, 4, 4));
    REQUIRE(mixed.has_value());
    CHECK(has(mixed->open, "8a"));
    CHECK_FALSE(has(mixed->open, "8b"));
    // Case 2: 9 option 4 → 8b option 1; 16 option 3 → 15b option 1; 10 option 3: 9b open.
    auto c2 = rs.rescore(record(4, 3, 3));
    REQUIRE(c2.has_value());
    CHECK(has(c2->mapped, "8b"));
    CHECK(has(c2->mapped, "15b"));
    CHECK(has(c2->open, "9b"));
    for (const char* id : {"8a", "9a", "15a"}) {
        INFO(id);
        CHECK_FALSE(has(c2->open, id));
        CHECK_FALSE(has(c2->mapped, id));
    }
}

TEST_CASE("crosswalk 1048: the shipped file is the draft plus the reviewed overrides") {
    // tools/crosswalk_draft.py with "from_sheets" lists ("8": [8, 9]) must give the shipped
    // file exactly (the 148 -> 26/2026 one is checked in test_domain_crosswalk).
    const std::string src = OCOP_SOURCE_DIR;
    const std::string out = std::string(OCOP_TEST_TMP) + "/cw1048_draft.json";
    if (run("command -v python3 >/dev/null") != 0)
        SUCCEED("no python3: skipped");
    else {
        REQUIRE(run("python3 " + src + "/tools/crosswalk_draft.py " + src +
                    "/src/rulesets/qd1048-2019.json " + src + "/src/rulesets/qd148-2023.json " +
                    src + "/tools/crosswalks/qd1048-2019_to_qd148-2023.overrides.json " + out) ==
                0);
        CHECK(read_file(out) == read_file(src + "/src/crosswalks/qd1048-2019_to_qd148-2023.json"));
    }
}
