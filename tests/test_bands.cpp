// Band edges with exact council means: 49.99…/50, 69/70, 89/90. The member sheets are
// qd26 sheet 1 fixtures whose totals are summed by hand in fixtures.hpp.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {
evaluation_result council_of(std::initializer_list<int> totals) {
    boost::json::object o;
    o["id"] = "council";
    o["ruleset"] = "qd26-2026";
    o["sheet"] = 1;
    boost::json::array m;
    for (int t : totals) m.push_back(s1_total(t));
    o["members"] = m;
    return score_text(boost::json::serialize(o)).res;
}
} // namespace

TEST_CASE("fixture totals are what the hand sums say") {
    for (int t : {49, 50, 69, 70, 71, 89, 90, 91}) {
        auto s = score_text(record("t", "qd26-2026", 1, s1_total(t)));
        CHECK(s.res.total == score{t, 1});
        CHECK(s.res.marker_stars == 5); // every fixture keeps every minimum
    }
}

TEST_CASE("single-member band edges") {
    auto stars = [](int t) {
        return score_text(record("t", "qd26-2026", 1, s1_total(t))).res.stars;
    };
    CHECK(stars(49) == 2);
    CHECK(stars(50) == 3);
    CHECK(stars(69) == 3);
    CHECK(stars(70) == 4);
    CHECK(stars(89) == 4);
    CHECK(stars(90) == 5);
}

TEST_CASE("council means decide bands exactly") {
    SECTION("just under 50") {
        auto r = council_of({49, 50, 50}); // 149/3 = 49.67
        CHECK(r.total == score{149, 3});
        CHECK(r.band_stars == 2);
        CHECK(r.total.fraction() == "149/3");
        CHECK_FALSE(r.total.terminates());
        CHECK(r.total.decimal() == "49.666667");
    }
    SECTION("49.984375 with 64 members is still below 50") {
        boost::json::object o;
        o["id"] = "64";
        o["ruleset"] = "qd26-2026";
        o["sheet"] = 1;
        boost::json::array m;
        for (int i = 0; i < 63; ++i) m.push_back(s1_total(50));
        m.push_back(s1_total(49));
        o["members"] = m;
        auto r = score_text(boost::json::serialize(o)).res;
        CHECK(r.total == score{3199, 64});
        CHECK(r.total.decimal() == "49.984375");
        CHECK(r.band_stars == 2);
        CHECK(r.stars == 2);
    }
    SECTION("exactly 50") {
        auto r = council_of({50, 50});
        CHECK(r.stars == 3);
    }
    SECTION("69.5 and 70") {
        CHECK(council_of({69, 70}).stars == 3);
        CHECK(council_of({69, 70}).total.decimal() == "69.5");
        CHECK(council_of({69, 71}).stars == 4); // mean exactly 70
        CHECK(council_of({70, 70}).stars == 4);
    }
    SECTION("89.5 and 90") {
        CHECK(council_of({89, 90}).stars == 4);
        CHECK(council_of({89, 91}).stars == 5); // mean exactly 90
        CHECK(council_of({90, 90}).stars == 5);
    }
    SECTION("members answering with option numbers average the same") {
        auto a = s1_total(70);
        a["1.1"] = boost::json::object{{"option", 3}}; // 1/2/3: option 3 is 3 points
        boost::json::object o;
        o["id"] = "opt";
        o["ruleset"] = "qd26-2026";
        o["sheet"] = 1;
        o["members"] = boost::json::array{a, s1_total(69)};
        auto r = score_text(boost::json::serialize(o)).res;
        CHECK(r.total == score{139, 2});
    }
}

TEST_CASE("per-criterion minimums with averaged members") {
    // Member 1 has 1.3 = 3, member 2 has 1.3 = 2: the mean 2.5 misses the 5★ minimum 3.
    auto a = s1_total(91);
    auto b = s1_total(91);
    b["1.3"] = 2;
    b["11"] = 2;
    boost::json::object o;
    o["id"] = "mix";
    o["ruleset"] = "qd26-2026";
    o["sheet"] = 1;
    o["members"] = boost::json::array{a, b};
    auto r = score_text(boost::json::serialize(o)).res;
    CHECK(r.total == score{181, 2}); // 91 + 90
    CHECK(r.band_stars == 5);
    CHECK(r.marker_stars == 4);
    CHECK(r.stars == 4);
    CHECK(r.decided_by == star_decision::minimum);
}

TEST_CASE("score arithmetic") {
    CHECK(score{145, 2}.decimal() == "72.5");
    CHECK(score{145, 2}.fraction() == "145/2");
    CHECK(score{144, 2}.fraction() == "72");
    CHECK(score{0, 3}.decimal() == "0");
    CHECK(score{1, 8}.decimal() == "0.125");
    CHECK(score{2, 3}.decimal() == "0.666667");
    CHECK((score{139, 2} < score{70, 1}));
    CHECK(score{140, 2} == score{70, 1});
    CHECK(score{70, 1}.compare_milli(70000) == std::strong_ordering::equal);
    CHECK(score{1399, 20}.compare_milli(69950) == std::strong_ordering::equal);
}

TEST_CASE("point thresholds are read as exact thousandths") {
    CHECK(parse_points_milli("10") == 10000);
    CHECK(parse_points_milli("7.5") == 7500);
    CHECK(parse_points_milli("0.125") == 125);
    CHECK(parse_points_milli("0") == 0);
    CHECK(parse_points_milli("9999999.999") == 9999999999);
    for (const char* bad : {"", "-1", "+1", "1e2", "7.", ".5", "1.2345", "10000000", " 1", "1 ",
                            "0x10", "1,5", "nan"})
        CHECK_FALSE(parse_points_milli(bad).has_value());
}
