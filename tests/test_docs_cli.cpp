// What the docs promise of the command line, where a doc example alone cannot show it (issue 23):
// the progress line is erased, rulesets read from stdin, --split makes its directory, the
// aggregate CSV formats of docs/cli.md. The examples themselves run in ctest doc_examples.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace {

const std::string cli = OCOP_CLI;
const std::string tmp = OCOP_TEST_TMP;

std::string sh_quote(const std::string& s) {
    return "'" + s + "'";
}

/// What a terminal received, control characters shown (for the failure message).
std::string visible(const std::string& s) {
    std::string out;
    for (const unsigned char c : s) {
        if (c == '\r')
            out += "\\r";
        else if (c == 033)
            out += "\\e";
        else if (c < 0x20 && c != '\n')
            out += "\\x" + std::to_string(c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

} // namespace

TEST_CASE("score erases its progress line on a terminal before the summary", "[docs][cli]") {
    if (ocop::test::run("command -v script >/dev/null 2>&1") != 0) {
        WARN("script(1) not installed: no terminal to test the progress line on");
        return;
    }
    const std::string in = tmp + "/docs_progress.jsonl";
    REQUIRE(ocop::test::run(cli + " generate --count 60000 --seed 7 -o " + in) == 0);
    // script(1) gives the command a terminal, so the progress line is shown.
    std::string out;
    const int rc = ocop::test::run(
        "script -qec " + sh_quote(cli + " score " + in + " -o /dev/null") + " /dev/null", &out);
    INFO("the terminal received: "
         << visible(out.substr(out.size() > 2000 ? out.size() - 2000 : 0)));
    REQUIRE(rc == 0);
    const auto summary = out.find("scored 60000 record(s), 0 failed");
    REQUIRE(summary != std::string::npos);
    const auto eta = out.rfind("ETA", summary);
    if (eta == std::string::npos) {
        WARN("no progress line was shown (the run took under 250 ms)");
        return;
    }
    // Between the last progress text and the summary: carriage return and erase-line.
    const std::string between = out.substr(eta, summary - eta);
    CHECK(between.find("\r\033[K") != std::string::npos);
}

TEST_CASE("a ruleset file can be read from stdin", "[docs][cli]") {
    const std::string rs = tmp + "/docs_stdin_ruleset.json";
    REQUIRE(ocop::test::run(cli + " ruleset export qd26-2026 -o " + rs) == 0);
    std::string out;
    CHECK(ocop::test::run(cli +
                              " score " OCOP_SOURCE_DIR "/docs/examples/p74.json --quiet "
                              "--ruleset-file - --replace < " +
                              rs,
                          &out) == 0);
    CHECK(out.find("\"total\":74") != std::string::npos);
    CHECK(ocop::test::run(cli + " ruleset lint - < " + rs + " >/dev/null") == 0);
    CHECK(ocop::test::run(cli + " ruleset show - < " + rs, &out) == 0);
    CHECK(out.starts_with("qd26-2026"));
}

TEST_CASE("reference --split creates a missing directory", "[docs][cli]") {
    const std::string dir = tmp + "/docs_split/a/b";
    std::filesystem::remove_all(tmp + "/docs_split");
    REQUIRE(ocop::test::run(cli + " reference --ruleset qd26-2026 --split " + dir) == 0);
    CHECK(std::filesystem::is_regular_file(dir + "/qd26-2026.md"));
    CHECK(std::filesystem::is_regular_file(dir + "/qd26-2026-sheet-1.md"));
}

TEST_CASE("aggregate writes the CSV formats docs/cli.md names", "[docs][cli]") {
    const std::string in = OCOP_SOURCE_DIR "/docs/examples/hn-0042.json";
    std::string out;
    REQUIRE(ocop::test::run(cli + " aggregate " + in + " --format weakest-csv --quiet", &out) == 0);
    CHECK(out.find("criterion") != std::string::npos);
    REQUIRE(ocop::test::run(cli + " aggregate " + in + " --format histogram-csv --quiet", &out) ==
            0);
    CHECK_FALSE(out.empty());
    CHECK(ocop::test::run(cli + " aggregate " + in + " --format weakest 2>/dev/null") == 2);
}
