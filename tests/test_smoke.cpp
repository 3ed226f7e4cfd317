#include "support.hpp"

#include <catch2/catch.hpp>

TEST_CASE("built-in rulesets load") {
    const auto& reg = ocop::registry::builtin();
    REQUIRE(reg.find("qd26-2026") != nullptr);
    REQUIRE(reg.find("qd148-2023") != nullptr);
    REQUIRE(reg.find("qd1048-2019") != nullptr);
    CHECK(reg.find("qd26-2026")->sheets().size() == 26);
    CHECK(reg.default_id() == "qd26-2026");
}
