// The ocop command line: exit codes, office-PC input, explanations, rulesets, blank sheets.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {
const std::string cli = OCOP_CLI;
std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}
} // namespace

TEST_CASE("score: CRLF, BOM, blank lines, no final newline; bad records reported, good kept") {
    const std::string good1 = record("g1", "qd26-2026", 1, s1_total(70));
    const std::string good2 = record("g2", "qd26-2026", 1, s1_total(90));
    auto bad_a = s1_total(70);
    bad_a["1.5"] = 4;
    const std::string bad = record("b1", "qd26-2026", 1, bad_a);
    const std::string text =
        "\xEF\xBB\xBF" + good1 + "\r\n\r\n" + bad + "\r\n{\"id\": \r\n" + good2; // no final \n
    const auto in = temp_file("office.jsonl", text);
    const auto out = std::string(OCOP_TEST_TMP) + "/office.out.jsonl";
    const auto errs = std::string(OCOP_TEST_TMP) + "/office.err.jsonl";
    std::string stdout_text;
    const int rc = run(cli + " score " + in + " -o " + out + " --errors " + errs + " 2>/dev/null",
                       &stdout_text);
    CHECK(rc == 1);
    const auto results = read_file(out);
    CHECK(count_lines(results) == 2);
    CHECK(results.find("\"id\":\"g1\"") != std::string::npos);
    CHECK(results.find("\"id\":\"g2\"") != std::string::npos);
    CHECK(results.find("\"stars\":5") != std::string::npos);
    const auto e = read_file(errs);
    CHECK(count_lines(e) == 2);
    CHECK(e.find("\"line\":3,\"id\":\"b1\",\"error\":\"impossible_points\",\"path\":"
                 "\"/answers/1.5\"") != std::string::npos);
    CHECK(e.find("\"line\":4") != std::string::npos);
    CHECK(e.find("invalid_json") != std::string::npos);
}

TEST_CASE("score: all good exits 0; a pretty-printed single object and an array are read") {
    const auto pretty =
        temp_file("pretty.json", "{\n  \"id\": \"p\",\n  \"sheet\": 1,\n  \"answers\": " +
                                     boost::json::serialize(s1_total(50)) + "\n}\n");
    std::string out;
    CHECK(run(cli + " score " + pretty + " --compact 2>/dev/null", &out) == 0);
    CHECK(count_lines(out) == 1);
    CHECK(out.find("\"stars\":3") != std::string::npos);
    const auto arr = temp_file("array.json", "[" + record("a1", "", 1, s1_total(49)) + "," +
                                                 record("a2", "", 1, s1_total(89)) + "]");
    CHECK(run(cli + " score " + arr + " --compact 2>/dev/null", &out) == 0);
    CHECK(count_lines(out) == 2);
}

TEST_CASE("score: missing input is fatal; usage errors are 2") {
    CHECK(run(cli + " score /nonexistent/file.jsonl 2>/dev/null") == 3);
    CHECK(run(cli + " score 2>/dev/null") == 2);
    CHECK(run(cli + " frobnicate 2>/dev/null") == 2);
    CHECK(run(cli + " score x --markers sometimes 2>/dev/null") == 2); // a value outside its set
}

TEST_CASE("score: a failed run leaves no partial output file") {
    const auto out = std::string(OCOP_TEST_TMP) + "/never.jsonl";
    std::remove(out.c_str());
    CHECK(run(cli + " score /nonexistent.jsonl -o " + out + " 2>/dev/null") == 3);
    CHECK(read_file(out).empty());
}

TEST_CASE("explain: where points were lost and what decided the star") {
    // 71 - 2 (2.1: 3 -> 1) + 2 (12: 1 -> 3) + 1 (11: 1 -> 2) = 72: band 4★, and 2.1 misses
    // its 4★ minimum 3, so the star is capped at 3★.
    auto b = s1_total(71);
    b["2.1"] = 1;
    b["12"] = 3;
    b["11"] = 2;
    const auto in = temp_file("explain.jsonl", record("ex", "", 1, b) + "\n");
    std::string out;
    CHECK(run(cli + " explain " + in, &out) == 0);
    CHECK(out.find("Evaluation ex") != std::string::npos);
    CHECK(out.find("Total: 72 of 100") != std::string::npos);
    CHECK(out.find("Stars: 3 (band 4, markers 3; decided by minimum") != std::string::npos);
    CHECK(out.find("2.1 scores 1; 4★ needs at least 3") != std::string::npos);
    CHECK(out.find("Largest losses:") != std::string::npos);
}

TEST_CASE("ruleset list, show, lint, export") {
    std::string out;
    CHECK(run(cli + " ruleset list", &out) == 0);
    CHECK(out.find("qd26-2026") != std::string::npos);
    CHECK(out.find("(default)") != std::string::npos);
    CHECK(run(cli + " ruleset show qd26-2026", &out) == 0);
    CHECK(out.find("hash: sha256:") != std::string::npos);
    CHECK(run(cli + " ruleset lint qd148-2023", &out) == 0);
    CHECK(out.find("budget_mismatch") != std::string::npos);
    CHECK(run(cli + " ruleset lint qd26-2026 --defects strict", &out) == 1);
    CHECK(out.find("sheet_defective") != std::string::npos);
    const auto exported = std::string(OCOP_TEST_TMP) + "/exported.json";
    CHECK(run(cli + " ruleset export qd26-2026 -o " + exported) == 0);
    auto rs = ruleset::load_file(exported);
    REQUIRE(rs.has_value());
    CHECK(rs->hash() == registry::builtin().find("qd26-2026")->hash());
    // A user file loads the same way and lints.
    CHECK(run(cli + " ruleset lint " + exported, &out) == 0);
}

TEST_CASE("sheet: the blank sheet as Markdown") {
    std::string out;
    CHECK(run(cli + " sheet --ruleset qd26-2026 --sheet 26", &out) == 0);
    CHECK(out.find("Score exactly one case") != std::string::npos);
    CHECK(out.find("**8a**") != std::string::npos);
    CHECK(run(cli + " sheet --sheet 1", &out) == 0);
    CHECK(out.find("Hồ sơ bị loại khi") != std::string::npos);
    CHECK(out.find("| ☐ ") != std::string::npos);
    CHECK(run(cli + " sheet --ruleset qd26-2026 --sheet 4", &out) == 0);
    CHECK(out.find("(probable)") != std::string::npos);
    CHECK(run(cli + " sheet --sheet 99 2>/dev/null") == 3);
}

TEST_CASE("The --as-of option picks the edition in force for records that name none") {
    boost::json::object o;
    o["id"] = "asof";
    o["sheet"] = 1;
    o["answers"] = boost::json::object{{"1a", 3}};
    const auto in = temp_file("asof.jsonl", boost::json::serialize(o) + "\n");
    std::string out;
    // Under 148 the record is refused for its missing criteria, not for an unknown code.
    run(cli + " score " + in + " --as-of 2024-06-01 2>&1", &out);
    CHECK(out.find("missing_criterion") != std::string::npos);
    run(cli + " score " + in + " 2>&1", &out);
    CHECK(out.find("unknown_criterion") != std::string::npos);
    CHECK(run(cli + " score " + in + " --as-of 2024-13-01 2>/dev/null") == 2); // not a date
}
