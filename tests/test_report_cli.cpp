// `ocop aggregate` and `ocop report` through the real binary: --by any metadata key,
// --where (repeatable), --provinces 2025, --lang, the files written, bad values exit 2.
#include "support.hpp"

#include <catch2/catch.hpp>

namespace {

std::string cli() {
    return OCOP_CLI;
}

/// Evaluations from the generator with a district, a decomposed province and a former one.
std::string input_file() {
    std::string gen;
    REQUIRE(ocop::test::run(cli() + " generate --count 30 --seed 77", &gen) == 0);
    std::istringstream in(gen);
    std::string line, out;
    int i = 0;
    const char* district[] = {"Ba Vì", "Sóc Sơn", "Mê Linh"};
    const char* province[] = {"Quảng Nam", "Đà Nẵng", "Ha\xcc\x80 No\xcc\xa3\xcc\x82i", "Hà Nội",
                              "Hà Giang"};
    while (std::getline(in, line)) {
        auto v = boost::json::parse(line);
        v.as_object()["district"] = district[i % 3];
        v.as_object()["province"] = province[i % 5];
        out += boost::json::serialize(v) + "\n";
        ++i;
    }
    return ocop::test::temp_file("report-cli-in.jsonl", out);
}

} // namespace

TEST_CASE("aggregate --by district --where province=… counts the hand-computed cohorts") {
    const auto in = input_file();
    std::string out;
    // i % 5 == 2 or 3 is Hà Nội (composed or not): i = 2,3,7,8,…,27,28 (12 records);
    // their districts i % 3: 2→Mê Linh, 3→Ba Vì, 7→Sóc Sơn, 8→Mê Linh, 12→Ba Vì, 13→Sóc Sơn,
    // 17→Mê Linh, 18→Ba Vì, 22→Sóc Sơn, 23→Mê Linh, 27→Ba Vì, 28→Sóc Sơn.
    REQUIRE(ocop::test::run(cli() + " aggregate " + in +
                                " --by district --where 'province=hà nội' --quiet",
                            &out) == 0);
    const auto doc = boost::json::parse(out).as_object();
    CHECK(doc.at("records").as_int64() == 12);
    CHECK(doc.at("by").as_array().at(0).as_string() == "district");
    std::map<std::string, std::int64_t> got;
    for (const auto& c : doc.at("cohorts").as_array())
        got[std::string(c.at("key").at("district").as_string())] = c.at("count").as_int64();
    CHECK(got == std::map<std::string, std::int64_t>{{"Ba Vì", 4}, {"Mê Linh", 4}, {"Sóc Sơn", 4}});
    // Two filters: Hà Nội and Ba Vì.
    REQUIRE(ocop::test::run(cli() + " aggregate " + in +
                                " --where province=Hà\\ Nội --where district=Ba\\ Vì --quiet",
                            &out) == 0);
    CHECK(boost::json::parse(out).at("records").as_int64() == 4);
}

TEST_CASE("aggregate --provinces 2025 merges former provinces") {
    const auto in = input_file();
    std::string out;
    REQUIRE(ocop::test::run(cli() + " aggregate " + in + " --by province --provinces 2025 --quiet",
                            &out) == 0);
    std::map<std::string, std::int64_t> got;
    const auto doc = boost::json::parse(out);
    for (const auto& c : doc.at("cohorts").as_array())
        got[std::string(c.at("key").at("province").as_string())] = c.at("count").as_int64();
    // Quảng Nam + Đà Nẵng → Đà Nẵng (12); Hà Nội (12); Hà Giang → Tuyên Quang (6).
    CHECK(got ==
          std::map<std::string, std::int64_t>{{"Hà Nội", 12}, {"Tuyên Quang", 6}, {"Đà Nẵng", 12}});
    REQUIRE(ocop::test::run(cli() + " aggregate " + in + " --by province --quiet", &out) == 0);
    CHECK(boost::json::parse(out).at("cohorts").as_array().size() == 4); // as written, NFC
}

TEST_CASE("report --lang en --where writes every file with the stamp; bad values exit 2") {
    const auto in = input_file();
    const std::string dir = std::string(OCOP_TEST_TMP) + "/report-cli-en";
    std::string md, show;
    REQUIRE(ocop::test::run("SOURCE_DATE_EPOCH=0 " + cli() + " report " + in +
                                " --by district --where province=Hà\\ Nội --lang en --out-dir " +
                                dir + " --quiet",
                            &md) == 0);
    REQUIRE(ocop::test::run(cli() + " ruleset show qd26-2026", &show) == 0);
    const auto hp = show.find("hash: ");
    const std::string hash = show.substr(hp + 6, show.find('\n', hp) - hp - 6);
    CHECK(md.find("## Provenance") != std::string::npos);
    CHECK(md.find("qd26-2026 (" + hash + ", 12)") != std::string::npos);
    CHECK(md.find("**Filters**: province = Hà Nội") != std::string::npos);
    CHECK(md.find("1970-01-01 00:00 UTC") != std::string::npos);
    for (const char* f : {"report.html", "report.md", "cohorts.json", "cohorts.csv", "weakest.csv",
                          "histogram.csv", "actions.csv"})
        CHECK_FALSE(ocop::test::read_file(dir + "/" + f).empty());
    for (const char* f : {"cohorts.csv", "weakest.csv", "histogram.csv", "actions.csv"}) {
        INFO(f);
        CHECK(
            ocop::test::read_file(dir + "/" + f).rfind("# Input file: report-cli-in.jsonl\n", 0) ==
            0);
    }
    CHECK(ocop::test::read_file(dir + "/report.html").find("<html lang=\"en\">") !=
          std::string::npos);
    for (const char* bad : {" --lang fr", " --where province", " --where =x", " --provinces 2030",
                            " --by ''", " --pdf", " --action-rows x"})
        CHECK(ocop::test::run(cli() + " report " + in + bad + " --quiet 2>/dev/null") == 2);
    CHECK(ocop::test::run(cli() + " aggregate " + in + " --where nope --quiet 2>/dev/null") == 2);
}
