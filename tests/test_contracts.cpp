// Contract tests for the public boundary (issue 19): each checks a trap that once compiled
// and read freed memory or a null state. See also tests/contracts/ (compile-time checks).
#include <catch2/catch.hpp>
#include <ocop/ocop.hpp>

#include <string>
#include <type_traits>

namespace {

// A built-in ruleset's text with another id, so a registry can grow and replace entries.
std::string renamed(std::string_view builtin, const std::string& id) {
    std::string text(ocop::registry::builtin_text(builtin));
    const auto at = text.find("\"id\"");
    REQUIRE(at != std::string::npos);
    const auto open = text.find('"', text.find(':', at));
    const auto close = text.find('"', open + 1);
    text.replace(open + 1, close - open - 1, id);
    return text;
}

} // namespace

TEST_CASE("contract: a ruleset cannot be made empty", "[contract]") {
    // Every member function of ruleset reads its compiled implementation: no null state.
    STATIC_REQUIRE_FALSE(std::is_default_constructible_v<ocop::ruleset>);
}

TEST_CASE("contract: registry pointers survive growth and replacement", "[contract]") {
    ocop::registry reg;
    reg.add(ocop::ruleset::load(ocop::registry::builtin_text("qd26-2026")).value());
    const ocop::ruleset* first = reg.find("qd26-2026");
    REQUIRE(first != nullptr);
    const std::string hash = first->hash();
    const ocop::compiled_sheet* sheet = first->sheet(1);
    REQUIRE(sheet != nullptr);

    // Growth: a vector of rulesets would move `first` here.
    for (int i = 0; i < 40; ++i)
        reg.add(ocop::ruleset::load(renamed("qd148-2023", "copy-" + std::to_string(i))).value());
    CHECK(reg.find("qd26-2026") == first);
    CHECK(first->hash() == hash);

    // An evaluation parsed before the growth still scores.
    const std::string ev_text = R"({"id":"x","ruleset":"qd26-2026","sheet":1,"answers":{}})";
    ocop::evaluation ev;
    // Incomplete answers are refused; what matters is that the refusal reads valid tables.
    CHECK(!ocop::parse_evaluation(ev_text, reg, ev).has_value());

    // Replacement: the old ruleset is retired, not freed; pointers taken before still read it.
    reg.add(ocop::ruleset::load(ocop::registry::builtin_text("qd26-2026")).value());
    CHECK(first->id() == "qd26-2026");
    CHECK(first->hash() == hash);
    CHECK(first->sheet(1) == sheet);
    CHECK(sheet->criteria.size() > 0);
    CHECK(reg.find("qd26-2026") != nullptr);
}

TEST_CASE("contract: copies of a registry share rulesets that outlive the original", "[contract]") {
    const ocop::ruleset* kept = nullptr;
    ocop::registry copy;
    {
        ocop::registry reg;
        reg.add(ocop::ruleset::load(ocop::registry::builtin_text("qd148-2023")).value());
        copy = reg;
        kept = copy.find("qd148-2023");
    }
    REQUIRE(kept != nullptr);
    CHECK(kept->id() == "qd148-2023");
    CHECK(kept->sheet(1) != nullptr);
}
