// The generator: deterministic for a seed, valid evaluations on every sheet, the 34
// provinces, a star mix close to the national shares.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/generate.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

namespace {

using namespace ocop;

std::string gen(std::uint64_t count, std::uint64_t seed, const std::string& ruleset = "") {
    generate_options g;
    g.count = count;
    g.seed = seed;
    g.ruleset = ruleset;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    return out.str();
}

} // namespace

TEST_CASE("34 province-level units, NFC names, no duplicates") {
    const auto ps = provinces_2025();
    REQUIRE(ps.size() == 34);
    std::set<std::string> names;
    for (const auto& p : ps) names.insert(p.name_vi);
    CHECK(names.size() == 34);
    CHECK(names.count("Thành phố Hồ Chí Minh") == 1);
    CHECK(names.count("Tuyên Quang") == 1);
}

TEST_CASE("same seed, same bytes; another seed, other bytes") {
    const auto a = gen(200, 42), b = gen(200, 42), c = gen(200, 43);
    CHECK(a == b);
    CHECK(a != c);
    // A golden prefix guards cross-platform determinism (integer-only generator): recorded
    // once from `ocop generate --count 1 --seed 42`; a change means the sample changes too.
    CHECK(a.rfind("{\"id\":\"SYN-2025-0000001\",\"sheet\":8,\"province\":\"Phú Thọ\","
                  "\"year\":2025,\"subject_type\":\"Hợp tác xã\",\"members\":[",
                  0) == 0);
}

TEST_CASE("every generated record scores; all sheets, provinces; national star mix") {
    const std::string text = gen(4000, 2026);
    std::istringstream in(text);
    std::array<std::size_t, 6> stars{};
    std::set<int> sheets;
    std::set<std::string> provinces;
    std::size_t councils = 0, knocked = 0, rejected = 0, errors = 0;
    batch_options o;
    o.output = batch_output::none;
    batch_callbacks cb;
    cb.on_result = [&](unsigned, const evaluation_result& r) {
        ++stars[static_cast<std::size_t>(r.stars)];
        sheets.insert(r.input->sheet->no);
        provinces.insert(r.input->metadata.at("province").as_string().c_str());
        councils += r.input->members > 1;
        knocked += r.status == evaluation_status::knocked_out;
        rejected += r.status == evaluation_status::rejected;
    };
    cb.on_error = [&](const batch_error&) { ++errors; };
    auto s = score_stream(in, nullptr, registry::builtin(), o, cb);
    REQUIRE(s.has_value());
    CHECK(errors == 0);
    CHECK(s->scored == 4000);
    CHECK(sheets.size() == 26);
    CHECK(provinces.size() == 34);
    CHECK(councils > 100);
    CHECK(knocked > 0);
    CHECK(rejected > 0);
    // About 3/4 three-star, 1/5 four-star, ~2 % five-star, a few below three.
    CHECK(stars[3] > 4000 * 70 / 100);
    CHECK(stars[3] < 4000 * 80 / 100);
    CHECK(stars[4] > 4000 * 15 / 100);
    CHECK(stars[4] < 4000 * 24 / 100);
    CHECK(stars[5] > 4000 * 1 / 100);
    CHECK(stars[5] < 4000 * 4 / 100);
    CHECK(stars[0] + stars[1] + stars[2] < 4000 * 6 / 100);
}

TEST_CASE("another ruleset is named in the records; unknown rulesets are refused") {
    const auto text = gen(50, 1, "qd148-2023");
    CHECK(text.find("\"ruleset\":\"qd148-2023\"") != std::string::npos);
    std::istringstream in(text);
    batch_options o;
    o.output = batch_output::none;
    auto s = score_stream(in, nullptr, registry::builtin(), o);
    REQUIRE(s.has_value());
    CHECK(s->failed == 0);
    generate_options g;
    g.ruleset = "nope";
    CHECK_FALSE(evaluation_generator::create(registry::builtin(), g).has_value());
}

TEST_CASE("ocop generate is deterministic from the command line") {
    std::string a, b;
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " generate --count 20 --seed 9", &a) == 0);
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " generate --count 20 --seed 9", &b) == 0);
    CHECK(a == b);
    CHECK(std::count(a.begin(), a.end(), '\n') == 20);
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " generate --count x 2>/dev/null") == 2);
}

TEST_CASE("a named edition's records are filed in the years it was in force") {
    // 1048/2019 was in force 2019-08-21 – 2023-02-23 (qd1048-2019 provenance): the default
    // years 2022-2026 narrow to 2022-2023; --years 2019-2022 gives the 1048 era.
    const auto years_of = [](const std::string& text) {
        std::set<int> ys;
        for (std::size_t p = text.find("\"year\":"); p != std::string::npos;
             p = text.find("\"year\":", p + 1))
            ys.insert(std::stoi(text.substr(p + 7, 4)));
        return ys;
    };
    CHECK(years_of(gen(400, 3, "qd1048-2019")) == std::set<int>{2022, 2023});
    CHECK(years_of(gen(400, 3, "qd26-2026")) == std::set<int>{2026});
    generate_options g;
    g.count = 400;
    g.ruleset = "qd1048-2019";
    g.year_from = 2019;
    g.year_to = 2022;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    CHECK(years_of(out.str()) == std::set<int>{2019, 2020, 2021, 2022});
    // Wholly outside: refused, naming the period.
    g.year_from = 2024;
    g.year_to = 2026;
    auto bad = evaluation_generator::create(registry::builtin(), g);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("2023-02-23") != std::string::npos);
    // Without a named ruleset nothing changes (the default edition, years as given).
    CHECK(years_of(gen(400, 3)) == std::set<int>{2022, 2023, 2024, 2025, 2026});
}
