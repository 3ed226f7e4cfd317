// Hand-worked 148/2023 examples (values from ../shared/ocop/qd148-2023-sheets.json).
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

TEST_CASE("qd148 sheet 1: a 4-star product") {
    // A: 3+2+2+2+1+1 = 11, 4+2+3 = 9, 2+1+3+2+1+1 = 10 -> 30
    // B: 3+3+2 = 8, 3+5+1 = 9 -> 17
    // C: 6 = 2+3+2+2 = 9, 7a 1, 8a 3, 9 = 2+2 = 4, 10a 3, 11a 1, 12a 2 -> 23
    // Total 70: band 4★. 3e carries a criterion-level 4★ mark (at least its lowest non-zero
    // option, 1). 5★ needs 1b = 3 (has 2): marker stars 4.
    const auto a =
        answers({{"1a", 3}, {"1b", 2},  {"1c", 2},  {"1d", 2}, {"1đ", 1}, {"1e", 1}, {"2a", 4},
                 {"2b", 2}, {"2c", 3},  {"3a", 2},  {"3b", 1}, {"3c", 3}, {"3d", 2}, {"3đ", 1},
                 {"3e", 1}, {"4a", 3},  {"4b", 3},  {"4c", 2}, {"5a", 3}, {"5b", 5}, {"5c", 1},
                 {"6a", 2}, {"6b", 3},  {"6c", 2},  {"6d", 2}, {"7a", 1}, {"8a", 3}, {"9a", 2},
                 {"9b", 2}, {"10a", 3}, {"11a", 1}, {"12a", 2}});
    auto s = score_text(record("148-1", "qd148-2023", 1, a));
    CHECK(s.res.total == score{70, 1});
    CHECK(s.res.parts[0] == score{30, 1});
    CHECK(s.res.parts[1] == score{17, 1});
    CHECK(s.res.parts[2] == score{23, 1});
    CHECK(s.res.band_stars == 4);
    CHECK(s.res.marker_stars == 4);
    CHECK(s.res.stars == 4);
    CHECK(s.ev.rules->id() == "qd148-2023");

    SECTION("the criterion-level mark on 3e is a 4★ minimum of 1") {
        const auto& cc = s.ev.sheet->criteria[static_cast<std::size_t>(s.ev.sheet->find("3e"))];
        CHECK(cc.min_for_star[3] == -1);
        CHECK(cc.min_for_star[4] == 1);
        CHECK(cc.min_for_star[5] == 1);
    }
}

TEST_CASE("qd148 sheet 11: repeated codes get unique ids; part C is short of 35") {
    const auto& rs = *registry::builtin().find("qd148-2023");
    const auto* sh = rs.sheet(11);
    REQUIRE(sh != nullptr);
    CHECK(sh->find("6a") == -2);
    CHECK(sh->find("6a-1") >= 0);
    CHECK(sh->find("6a-2") >= 0);
    CHECK(sh->find("6b-3") >= 0);
    CHECK(sh->max_total == 97); // 40 + 25 + 32 as transcribed
    boost::json::object a;
    for (std::size_t c = 0; c < sh->criteria.size(); ++c) {
        const auto& cc = sh->criteria[c];
        a[sh->criterion(c).id] = sh->options[cc.option_first + cc.option_count - 1].points;
    }
    auto s = score_text(record("148-11", "qd148-2023", 11, a));
    CHECK(s.res.total == score{97, 1});
    CHECK(s.res.parts[2] == score{32, 1});
    CHECK(s.res.stars == 5);
    a["6a"] = 2;
    const auto d = refusal(record("148-11", "qd148-2023", 11, a));
    CHECK(d.code == errc::ambiguous_criterion);
    CHECK(d.path == "/answers/6a");
    CHECK(d.message.find("6a-1") != std::string::npos);
}

TEST_CASE("qd148 sheets 18 and 19: the repeated 3c") {
    const auto& rs = *registry::builtin().find("qd148-2023");
    for (int no : {18, 19}) {
        const auto* sh = rs.sheet(no);
        REQUIRE(sh != nullptr);
        CHECK(sh->find("3c") == -2);
        REQUIRE(sh->find("3c-2") >= 0);
        CHECK(sh->criterion(static_cast<std::size_t>(sh->find("3c-2")))
                  .title_vi.find("Sở hữu trí tuệ") != std::string::npos);
    }
}

TEST_CASE("qd1048-2019 is the lapsed predecessor, parts 35/25/40 (tests/test_qd1048.cpp)") {
    const auto& rs = *registry::builtin().find("qd1048-2019");
    CHECK(rs.sheets().size() == 26);
    CHECK(rs.document().status == ruleset_status::lapsed);
    CHECK(rs.document().parts[0].budget == 35);
    CHECK(rs.document().parts[2].budget == 40);
}

TEST_CASE("qd148 knock-outs are read from the printed notes") {
    const auto& rs = *registry::builtin().find("qd148-2023");
    const auto* sh = rs.sheet(5);
    REQUIRE(sh != nullptr);
    REQUIRE(sh->find_knockout("2a") >= 0);
    REQUIRE(sh->find_knockout("1a") >= 0);
    CHECK(sh->knockouts[static_cast<std::size_t>(sh->find_knockout("2a"))].rule->effect ==
          knockout_effect::disqualified);
    CHECK(sh->knockouts[static_cast<std::size_t>(sh->find_knockout("6a"))].rule->effect ==
          knockout_effect::stop_evaluation);
    CHECK(rs.sheet(1)->find_knockout("2a") >= 0); // "Không đánh giá những sản phẩm…"
    CHECK(rs.sheet(1)
              ->knockouts[static_cast<std::size_t>(rs.sheet(1)->find_knockout("2a"))]
              .rule->effect == knockout_effect::not_evaluated);
    CHECK(rs.sheet(1)->find_knockout("1a") == -1); // "Yêu cầu: 100%…" states no consequence
}
