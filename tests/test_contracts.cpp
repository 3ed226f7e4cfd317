// Contract tests for the public boundary (issue 19): each checks a trap that once compiled
// and read freed memory or a null state. See also tests/contracts/ (compile-time checks).
#include <catch2/catch.hpp>
#include <ocop/ocop.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

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
    CHECK(ocop::sheet_view(*sheet).criteria().size() > 0);
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

namespace {

// A complete evaluation (docs/examples/hn-0042.json) under another id.
std::string complete_evaluation(const std::string& id) {
    std::ifstream in(std::string(OCOP_SOURCE_DIR) + "/docs/examples/hn-0042.json");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const auto at = s.find("HN-0042");
    REQUIRE(at != std::string::npos);
    return s.replace(at, 7, id);
}

} // namespace

TEST_CASE("contract: a stored result never describes a later record", "[contract]") {
    // The documented reuse pattern: one evaluation buffer, a result kept per record.
    const auto& reg = ocop::registry::builtin();
    ocop::evaluation ev;
    std::vector<ocop::evaluation_result> kept;
    for (const char* id : {"first", "second"}) {
        REQUIRE(ocop::parse_evaluation(complete_evaluation(id), reg, ev).has_value());
        kept.push_back(ocop::score_evaluation(ev));
        CHECK(kept.back().input.current());
        CHECK(kept.back().input->id == id);
    }
    // The first result's buffer now holds "second": reading it through the result is refused
    // by every writer, instead of printing the second record under the first one's totals.
    CHECK_FALSE(kept[0].input.current());
    CHECK_FALSE(kept[0].input == kept[1].input); // one buffer, two records
    CHECK(kept[1].input == ocop::borrowed_evaluation(ev));
    CHECK_THROWS_AS(kept[0].input.get(), std::logic_error);
    CHECK_THROWS_AS(ocop::explain(kept[0]), std::logic_error);
    std::string line;
    CHECK_THROWS_AS(ocop::append_result_json(kept[0], line), std::logic_error);
    CHECK_THROWS_AS(ocop::append_result_csv(kept[0], line), std::logic_error);
    // The last one is still current and prints its own record.
    REQUIRE(kept[1].input.current());
    line.clear();
    ocop::append_result_json(kept[1], line);
    CHECK(line.find(R"("id":"second")") != std::string::npos);

    // An empty result borrows nothing and says so.
    const ocop::evaluation_result none;
    CHECK_FALSE(none.input);
    CHECK_THROWS_AS(ocop::explain(none), std::logic_error);
}

TEST_CASE("contract: every read into a buffer is a new generation", "[contract]") {
    // The JSON Lines and CSV readers fill the buffer through their own fast paths.
    const auto& reg = ocop::registry::builtin();
    ocop::evaluation_reader reader(reg);
    ocop::evaluation ev;
    // Plain points for every criterion: what the reader's fast path takes.
    const ocop::sheet_view sheet = *reg.find("qd26-2026")->sheet(1);
    std::string text = R"({"id":"a","sheet":1,"answers":{)";
    for (const ocop::criterion_view c : sheet.criteria())
        text += (c.index() ? ",\"" : "\"") + std::string(c.id()) +
                "\":" + std::to_string(c.options().back().points());
    text += "}}";
    REQUIRE(reader.read(text, ev).has_value());
    REQUIRE(reader.direct_reads() == 1); // the fast path, not parse_evaluation
    const auto g1 = ev.generation;
    const auto r = ocop::score_evaluation(ev);
    REQUIRE(reader.read(text, ev).has_value());
    CHECK(ev.generation != g1);
    CHECK_FALSE(r.input.current());
}

TEST_CASE("contract: every error code has one name, from the one list") {
    // The names come from errc's description: each enumerator's own name, all different, the
    // values 0..n-1 without a gap (the C API's OCOP_E_* numbers are these values).
    std::set<std::string> names;
    int expected = 0;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<ocop::errc>>([&](auto d) {
        CHECK(static_cast<int>(d.value) == expected++);
        CHECK(std::string(ocop::to_string(d.value)) == d.name);
        names.insert(d.name);
    });
    CHECK(names.size() == static_cast<std::size_t>(expected));
    CHECK(expected == static_cast<int>(ocop::errc::sheet_missing) + 1);
    CHECK(std::string(ocop::to_string(static_cast<ocop::errc>(expected))) == "unknown");
}
