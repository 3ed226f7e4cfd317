// Re-scoring between rulesets: identity, a what-if variant, and 148 -> 26 with fill policies.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

const std::string p74 =
    R"({"id": "P74", "sheet": 1, "answers": {"1.1": 2, "1.2": 2,
    "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1, "2.1": 1, "2.2": 2, "2.3": 3, "2.4": 1,
    "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2, "4.1": 3, "4.2": 3, "4.3": 5, "5.1": 5,
    "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2, "7": 1, "8": 3, "9": 4,
    "10": 3, "11": 2, "12": 3}})";

// A 148 sheet-1 record: every criterion at its top option except 2a (3 of 0/1/3/4).
std::string top148() {
    const auto& sh = *registry::builtin().find("qd148-2023")->sheet(1);
    boost::json::object ans;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        ans[sh.criterion(c).id] =
            boost::json::object{{"option", static_cast<int>(sh.criteria[c].option_count)}};
    ans["2a"] = boost::json::object{{"option", 3}};
    return boost::json::serialize(boost::json::object{
        {"id", "T148"}, {"ruleset", "qd148-2023"}, {"sheet", 1}, {"answers", ans}});
}

} // namespace

TEST_CASE("rescore: a ruleset against itself keeps every star") {
    const auto& reg = registry::builtin();
    const ruleset& b = *reg.find("qd26-2026");
    rescorer rs(reg, b, b, fill_policy::refuse);
    auto r = rs.rescore(boost::json::parse(p74));
    REQUIRE(r.has_value());
    CHECK(r->stars_from == 3);
    CHECK(r->stars_to == 3);
    CHECK(r->drivers.empty());
    CHECK(rs.matrix()[3][3] == 1);
}

TEST_CASE("rescore: a what-if variant without the 4-star mark on 2.1 lifts P74 to 4 stars") {
    auto doc = boost::json::parse(registry::builtin_text("qd26-2026")).as_object();
    doc["id"] = "what-if";
    auto& crit = doc["sheets"].as_array()[0].at("groups").as_array()[1].at("criteria").as_array();
    auto& opts = crit[0].as_object()["options"].as_array();
    REQUIRE(crit[0].at("id").as_string() == "2.1");
    for (auto& o : opts) o.as_object().erase("marker");
    auto variant = ruleset::load(boost::json::serialize(doc));
    REQUIRE(variant.has_value());
    registry reg = registry::builtin();
    reg.add(*variant);
    rescorer rs(reg, *reg.find("qd26-2026"), *reg.find("what-if"), fill_policy::refuse);
    auto r = rs.rescore(boost::json::parse(p74));
    REQUIRE(r.has_value());
    CHECK(r->stars_from == 3);
    CHECK(r->stars_to == 4); // 74 points, no minimum missed any more
    CHECK(r->total_from == r->total_to);
    CHECK(rs.matrix()[3][4] == 1);
    // A record answered under another ruleset is refused.
    auto bad = boost::json::parse(p74).as_object();
    bad["ruleset"] = "qd148-2023";
    auto e = rs.rescore(bad);
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().path == "/ruleset");
}

TEST_CASE("rescore: qd148-2023 -> qd26-2026 maps by title and fills new criteria") {
    const auto& reg = registry::builtin();
    const ruleset& a = *reg.find("qd148-2023");
    const ruleset& b = *reg.find("qd26-2026");
    {
        rescorer refuse(reg, a, b, fill_policy::refuse);
        auto e = refuse.rescore(boost::json::parse(top148()));
        REQUIRE_FALSE(e.has_value());
        CHECK(e.error().code == errc::missing_criterion);
        CHECK(e.error().message.find("1.2, 2.4, 9") != std::string::npos);
    }
    rescorer mx(reg, a, b, fill_policy::max);
    auto r = mx.rescore(boost::json::parse(top148()));
    REQUIRE(r.has_value());
    CHECK(r->filled == std::vector<std::string>{"1.2", "2.4", "9"});
    // Under 26/2026 every criterion is at its top option except 2.1: 2a option 3 of
    // 0/1/3/4 maps by proportional rank (round(2 x 2 / 3) = 1) to 2.1 option 2 of 0/1/3, one
    // point: 100 - 2 = 98, and 2.1 misses its 4★ mark (3): capped at 3★.
    CHECK(r->total_to == score{98, 1});
    CHECK(r->stars_to == 3);
    // Under 148: 100 - 1 (2a 3 of 4) = 99 with 2a below its 4★ mark (4): capped at 3★.
    CHECK(r->total_from == score{99, 1});
    CHECK(r->stars_from == 3);
    bool kt = false;
    for (const auto& d : r->drivers) kt = kt || (d.from_id == "3đ" && d.to_id.empty());
    CHECK(kt); // accounting removed
    bool idea = false;
    for (const auto& d : r->drivers)
        idea = idea ||
               (d.to_id == "2.1" && d.from_points == score{3, 1} && d.to_points == score{1, 1});
    CHECK(idea);
    CHECK(mx.matrix()[3][3] == 1);

    rescorer mn(reg, a, b, fill_policy::min);
    auto m = mn.rescore(boost::json::parse(top148()));
    REQUIRE(m.has_value());
    // min fill: 1.2 -> 0, 2.4 -> 0, 9 -> 2 (its lowest): 98 - 2 - 1 - 3 = 92.
    CHECK(m->total_to == score{92, 1});

    std::string out;
    const auto path = temp_file("rescore.jsonl", top148() + "\n" + top148() + "\n");
    REQUIRE(run(std::string(OCOP_CLI) + " rescore " + path +
                    " --from qd148-2023 --to qd26-2026 --fill max --format json",
                &out) == 0);
    const auto j = boost::json::parse(out);
    CHECK(j.at("matrix").as_array()[3].as_array()[3].as_int64() == 2);
    CHECK(run(std::string(OCOP_CLI) + " rescore " + path +
              " --from qd148-2023 --to qd26-2026 --fill refuse >/dev/null 2>&1") == 1);
}
