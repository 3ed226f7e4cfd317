// Regressions found by the fuzz harnesses' invariants (tests/fuzz): each case replays the
// input that broke a check, so the fix stays fixed.
#include "support.hpp"

#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

using namespace ocop;

namespace {

/// A one-sheet ruleset (qd26-2026 sheet 1 as data) with `edit` applied to its JSON.
template <class Edit>
result<ruleset> edited_ruleset(Edit&& edit, const load_options& opts = {}) {
    auto doc = boost::json::parse(registry::builtin_text("qd26-2026")).as_object();
    auto& sheets = doc["sheets"].as_array();
    boost::json::array one{sheets[0]};
    doc["sheets"] = one;
    edit(doc["sheets"].as_array()[0].as_object());
    return ruleset::load(boost::json::serialize(doc), opts);
}

boost::json::object& criterion_1_1(boost::json::object& sheet) {
    return sheet["groups"].as_array()[0].as_object()["criteria"].as_array()[0].as_object();
}

} // namespace

TEST_CASE("option points outside 0..100 are refused, not wrapped to 16 bits") {
    // 65539 used to be stored as 3 (int16 narrowing) and score as a valid 3-point option.
    for (int pts : {65539, 101, -1, 2147483647}) {
        INFO(pts);
        auto rs = edited_ruleset([&](boost::json::object& sheet) {
            criterion_1_1(sheet)["options"].as_array()[2].as_object()["points"] = pts;
        });
        REQUIRE(rs.has_value());
        const auto* sh = rs->sheet(1);
        REQUIRE(sh != nullptr);
        REQUIRE(sh->refusal.has_value());
        CHECK(sh->refusal->code == errc::ruleset_invalid);
        CHECK(sh->refusal->path == "/sheets/0/groups/0/criteria/0/options/2/points");
    }
}

TEST_CASE("a maximum outside 0..100 is refused") {
    auto rs = edited_ruleset(
        [](boost::json::object& sheet) { criterion_1_1(sheet)["max_points"] = 65539; });
    REQUIRE(rs.has_value());
    REQUIRE(rs->sheet(1)->refusal.has_value());
    CHECK(rs->sheet(1)->refusal->path == "/sheets/0/groups/0/criteria/0/max_points");
}

TEST_CASE("an option above its criterion's maximum refuses the sheet") {
    // Found by the total <= max_total invariant: 1.1 with maximum 1 but an option worth 3
    // gave a total of 100 on a sheet whose max_total was 98.
    auto rs =
        edited_ruleset([](boost::json::object& sheet) { criterion_1_1(sheet)["max_points"] = 1; });
    REQUIRE(rs.has_value());
    REQUIRE(rs->sheet(1)->refusal.has_value());
    CHECK(rs->sheet(1)->refusal->code == errc::ruleset_invalid);
    CHECK(rs->sheet(1)->refusal->path == "/sheets/0/groups/0/criteria/0/max_points");
    // The untouched sheet still loads clean.
    auto same = edited_ruleset([](boost::json::object&) {});
    REQUIRE(same.has_value());
    CHECK_FALSE(same->sheet(1)->refusal.has_value());
}

TEST_CASE("a sheet larger than the 16-bit tables is refused") {
    load_options big;
    big.limits.max_bytes = 64u << 20;
    auto rs = edited_ruleset(
        [](boost::json::object& sheet) {
            auto& crit = criterion_1_1(sheet);
            auto& opts = crit["options"].as_array();
            const boost::json::value last = opts.back();
            while (opts.size() <= 70000) opts.push_back(last);
        },
        big); // past the default 8 MiB file budget, to reach the table check
    REQUIRE(rs.has_value());
    REQUIRE(rs->sheet(1)->refusal.has_value());
    CHECK(rs->sheet(1)->refusal->code == errc::limit_exceeded);
}
