// Effective-dated registry: the ruleset in force on a date, from the library and the CLI.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

TEST_CASE("ruleset in force on a date, with provenance and hash") {
    const auto& reg = registry::builtin();
    CHECK(reg.in_force_on(date(2024, 6, 1))->id() == "qd148-2023");
    CHECK(reg.in_force_on(date(2026, 5, 21))->id() == "qd148-2023");
    CHECK(reg.in_force_on(date(2026, 5, 22))->id() == "qd26-2026");
    CHECK(reg.in_force_on(date(2020, 1, 1))->id() == "qd1048-2019");

    std::string out;
    REQUIRE(run(std::string(OCOP_CLI) + " ruleset in-force --as-of 2024-06-01 --format json",
                &out) == 0);
    const auto j = boost::json::parse(out);
    CHECK(j.at("ruleset").as_string() == "qd148-2023");
    CHECK(j.at("hash").as_string() == reg.find("qd148-2023")->hash());
    CHECK(j.at("decision").as_string() == reg.find("qd148-2023")->document().provenance.decision);
    REQUIRE(run(std::string(OCOP_CLI) + " ruleset in-force --as-of 2026-05-22", &out) == 0);
    CHECK(out.find("qd26-2026") != std::string::npos);
    CHECK(out.find(reg.find("qd26-2026")->hash()) != std::string::npos);
    // 2021: the 1048/2019 edition (as amended by 781/2020), now a full ruleset.
    REQUIRE(run(std::string(OCOP_CLI) + " ruleset in-force --as-of 2021-06-01 --format json",
                &out) == 0);
    const auto j1048 = boost::json::parse(out);
    CHECK(j1048.at("ruleset").as_string() == "qd1048-2019");
    CHECK(j1048.at("hash").as_string() == reg.find("qd1048-2019")->hash());
    CHECK(reg.in_force_on(date(2023, 2, 23))->id() == "qd1048-2019");
    CHECK(reg.in_force_on(date(2023, 2, 24))->id() == "qd148-2023");
    CHECK(run(std::string(OCOP_CLI) + " ruleset in-force --as-of 2026-02-30 2>/dev/null") == 2);
    CHECK(run(std::string(OCOP_CLI) + " ruleset in-force --as-of 1990-01-01 2>/dev/null") == 1);
}
