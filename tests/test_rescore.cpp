// Re-scoring between rulesets: identity, a what-if variant, and 148 -> 26 with fill policies.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

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

// Points of target criterion `id` summed over its options' minimum or maximum.
int option_bound(const compiled_sheet& sh, const std::string& id, bool hi) {
    const auto& cc = sh.criteria[static_cast<std::size_t>(sh.find(id))];
    int best = sh.options[cc.option_first].points;
    for (std::uint16_t k = 0; k < cc.option_count; ++k) {
        const int p = sh.options[cc.option_first + k].points;
        best = hi ? std::max(best, p) : std::min(best, p);
    }
    return best;
}

TEST_CASE("rescore: qd148-2023 -> qd26-2026 moves answers through the reviewed crosswalk only") {
    // qd26-2026-notes.md §6: "Merged: quality declaration + periodic food-safety testing → one
    // 'Công bố chất lượng sản phẩm' criterion | 1–17". No 148 answer says which standards the
    // declaration applies (the 26/2026 options), so the merged criterion stays open.
    const auto& reg = registry::builtin();
    const ruleset& a = *reg.find("qd148-2023");
    const ruleset& b = *reg.find("qd26-2026");
    {
        rescorer refuse(reg, a, b, fill_policy::refuse);
        auto e = refuse.rescore(boost::json::parse(top148()));
        REQUIRE_FALSE(e.has_value());
        CHECK(e.error().code == errc::missing_criterion);
        CHECK(e.error().message.find("1.2") != std::string::npos);
        CHECK(e.error().message.find("9") != std::string::npos);
    }
    rescorer rg(reg, a, b); // --fill range is the default
    REQUIRE(rg.crosswalk_used() != nullptr);
    auto r = rg.rescore(boost::json::parse(top148()));
    REQUIRE(r.has_value());
    CHECK_FALSE(r->exact);
    CHECK(r->merged == std::vector<std::string>{"9"});
    CHECK(std::find(r->open.begin(), r->open.end(), "9") != r->open.end());
    CHECK(std::find(r->open.begin(), r->open.end(), "1.2") != r->open.end()); // new criterion
    CHECK(std::find(r->mapped.begin(), r->mapped.end(), "1.1") != r->mapped.end());
    CHECK(r->filled.empty());
    // Under 148: 100 - 1 (2a 3 of 4) = 99 with 2a below its 4★ mark (4): capped at 3★.
    CHECK(r->total_from == score{99, 1});
    CHECK(r->stars_from == 3);
    // The range, computed independently: linked answers at their target points, every open
    // criterion at its lowest (highest) option.
    const auto& sh = *b.sheet(1);
    int lo = 0, hi = 0;
    for (std::size_t j = 0; j < sh.criteria.size(); ++j) {
        const auto& id = sh.criterion(j).id;
        if (std::find(r->open.begin(), r->open.end(), id) != r->open.end()) {
            lo += option_bound(sh, id, false);
            hi += option_bound(sh, id, true);
        }
    }
    // Linked answers: the crosswalk row's target option for top148's source option.
    const auto& sa = *a.sheet(1);
    int linked = 0;
    for (const auto& row : rg.crosswalk_used()->sheet(1)->rows) {
        if (std::find(r->mapped.begin(), r->mapped.end(), row.to) == r->mapped.end()) continue;
        const auto& ca = sa.criteria[static_cast<std::size_t>(sa.find(row.from[0]))];
        const int src = row.from[0] == "2a" ? 2 : ca.option_count - 1;
        const int tgt = row.options[static_cast<std::size_t>(src)];
        REQUIRE(tgt >= 0);
        const auto& cc = sh.criteria[static_cast<std::size_t>(sh.find(row.to))];
        linked += sh.options[cc.option_first + static_cast<std::size_t>(tgt)].points;
    }
    CHECK(r->total_to == score{linked + lo, 1});
    CHECK(r->total_to_max == score{linked + hi, 1});
    CHECK(r->stars_to <= r->stars_to_max);
    // Accounting (148 A 3đ) is dropped by 26/2026 (notes §6 "Removed: Kế toán").
    bool kt = false;
    for (const auto& d : r->drivers) kt = kt || (d.from_id == "3đ" && d.to_id.empty());
    CHECK(kt);
    // 1a 5 points (75–100 % grown in the commune) is 1.1 3 points: same rung, re-weighted.
    bool origin = false;
    for (const auto& d : r->drivers)
        origin = origin ||
                 (d.to_id == "1.1" && d.from_points == score{5, 1} && d.to_points == score{3, 1});
    CHECK(origin);
    CHECK(rg.matrix()[3][static_cast<std::size_t>(r->stars_to)] == 1);
    CHECK(rg.matrix_max()[3][static_cast<std::size_t>(r->stars_to_max)] == 1);

    // --fill min gives the bottom of the range, --fill max the top (no knock-out option here).
    rescorer mn(reg, a, b, fill_policy::min);
    auto m = mn.rescore(boost::json::parse(top148()));
    REQUIRE(m.has_value());
    CHECK(m->exact);
    CHECK(m->total_to == r->total_to);
    CHECK(m->filled == m->open);
    rescorer mx(reg, a, b, fill_policy::max);
    auto x = mx.rescore(boost::json::parse(top148()));
    REQUIRE(x.has_value());
    CHECK(x->total_to == r->total_to_max);

    std::string out;
    const auto path = temp_file("rescore.jsonl", top148() + "\n" + top148() + "\n");
    REQUIRE(run(std::string(OCOP_CLI) + " rescore " + path +
                    " --from qd148-2023 --to qd26-2026 --format json",
                &out) == 0);
    const auto j = boost::json::parse(out);
    CHECK(j.at("fill").as_string() == "range");
    CHECK(j.at("crosswalk").at("hash").as_string().starts_with("sha256:"));
    const auto& rec = j.at("records").as_array()[0];
    CHECK(rec.at("exact").as_bool() == false);
    CHECK(rec.at("merged").as_array()[0].as_string() == "9");
    CHECK(rec.at("total_to_fraction").as_string() == r->total_to.fraction());
    CHECK(
        j.at("matrix").as_array()[3].as_array()[static_cast<std::size_t>(r->stars_to)].as_int64() ==
        2);
    CHECK(run(std::string(OCOP_CLI) + " rescore " + path +
              " --from qd148-2023 --to qd26-2026 --fill refuse >/dev/null 2>&1") == 1);
    // A crosswalk file that does not validate is fatal (exit 3).
    const auto bad = temp_file("bad-cw.json", R"({"format": "ocop-crosswalk/1",
        "from": "qd148-2023", "to": "qd26-2026", "sheets": [{"sheet": 1, "from_sheet": 1,
        "criteria": [{"to": "1.1", "kind": "same", "from": ["1a"]}]}]})");
    CHECK(run(std::string(OCOP_CLI) + " rescore " + path +
              " --from qd148-2023 --to qd26-2026 --crosswalk " + bad + " >/dev/null 2>&1") == 3);
}

TEST_CASE("rescore: a pair with no crosswalk and different sheets is refused, not guessed") {
    const auto& reg = registry::builtin();
    rescorer rs(reg, *reg.find("qd26-2026"), *reg.find("qd148-2023"));
    auto e = rs.rescore(boost::json::parse(p74));
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().message.find("no crosswalk") != std::string::npos);
}
