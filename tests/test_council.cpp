// Council review: exact mean, members far from the others, spread and consensus (hand-checked).
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

boost::json::object base_answers() {
    return boost::json::parse(
               R"({"1.1": 2, "1.2": 2, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1,
    "2.1": 1, "2.2": 2, "2.3": 3, "2.4": 1, "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2,
    "4.1": 3, "4.2": 3, "4.3": 5, "5.1": 5, "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3,
    "6.4": 2, "7": 1, "8": 3, "9": 4, "10": 3, "11": 2, "12": 3})")
        .as_object();
}

} // namespace

TEST_CASE("council: three members, one far from the others") {
    auto m1 = base_answers(); // 74
    auto m2 = base_answers();
    m2["2.1"] = 3; // 76
    auto m3 = base_answers();
    m3["4.3"] = 0; // -5
    m3["5.1"] = 0; // -5
    m3["8"] = 0;   // -3 -> 61
    boost::json::object rec{{"id", "C"},
                            {"ruleset", "qd26-2026"},
                            {"sheet", 1},
                            {"members", boost::json::array{m1, m2, m3}}};
    auto s = score_text(boost::json::serialize(rec));
    council_review r = review_council(s.ev);
    // Mean (74 + 76 + 61) / 3 = 211/3 = 70.333…: 4★ band exactly (not rounded).
    CHECK(r.mean.total == score{211, 3});
    REQUIRE(r.members.size() == 3);
    // Member 3: 61 vs others' mean 75: difference -14 > 10 -> flagged.
    CHECK(r.members[2].total == 61);
    CHECK(r.members[2].others_mean == score{75, 1});
    CHECK(r.members[2].difference == score{-14, 1});
    CHECK(r.members[2].flagged);
    // Member 1: 74 vs (76 + 61)/2 = 68.5: +5.5, not flagged; member 2: 76 vs 67.5: +8.5.
    CHECK(r.members[0].difference == score{11, 2});
    CHECK_FALSE(r.members[0].flagged);
    CHECK(r.members[1].difference == score{17, 2});
    CHECK_FALSE(r.members[1].flagged);
    // A stricter spread flags member 2 as well (8.5 > 8), not member 1 (5.5).
    council_options strict;
    strict.spread_milli = 8000;
    auto r8 = review_council(s.ev, strict);
    CHECK(r8.members[1].flagged);
    CHECK_FALSE(r8.members[0].flagged);

    // Spread of 4.3: 5, 5, 0; consensus = median 5 (option 5).
    const auto c43 = static_cast<std::size_t>(s.ev.sheet->find("4.3"));
    CHECK(r.spread[c43].min_points == 0);
    CHECK(r.spread[c43].max_points == 5);
    CHECK(r.spread[c43].range == 5);
    CHECK(r.spread[c43].consensus_option == 4);
    // 2.1: 1, 3, 1 -> median 1 (option 2); consensus sheet = member 1's sheet: 74, 3★.
    const auto c21 = static_cast<std::size_t>(s.ev.sheet->find("2.1"));
    CHECK(r.spread[c21].consensus_option == 1);
    CHECK(r.consensus_result.total == score{74, 1});
    CHECK(r.consensus_result.stars == 3);
}

TEST_CASE("council: even count takes the lower median; a single member flags nobody") {
    auto m1 = base_answers();
    auto m2 = base_answers();
    m2["2.1"] = 3;
    boost::json::object rec{{"id", "C2"},
                            {"ruleset", "qd26-2026"},
                            {"sheet", 1},
                            {"members", boost::json::array{m2, m1}}};
    auto s = score_text(boost::json::serialize(rec));
    auto cons = consensus_evaluation(s.ev);
    CHECK(cons.members == 1);
    CHECK(cons.choices[static_cast<std::size_t>(s.ev.sheet->find("2.1"))] == 1); // 1 point
    auto one = score_text(R"({"id": "S", "ruleset": "qd26-2026", "sheet": 1, "answers": )" +
                          boost::json::serialize(m1) + "}");
    auto r = review_council(one.ev);
    REQUIRE(r.members.size() == 1);
    CHECK_FALSE(r.members[0].flagged);

    std::string out;
    const auto path = temp_file("council.json", boost::json::serialize(rec));
    REQUIRE(run(std::string(OCOP_CLI) + " council --format json --spread 1.5 " + path, &out) == 0);
    const auto j = boost::json::parse(out);
    CHECK(j.at("total").as_string() == "75");
    CHECK(j.at("member_totals").as_array()[0].at("flagged").as_bool()); // 76 vs 74: 2 > 1.5
    CHECK(run(std::string(OCOP_CLI) + " council --spread x " + path + " 2>/dev/null") == 2);
}
