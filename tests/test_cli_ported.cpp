// The options main's branches added to the commands, as ported to CLI11 (issue 14 merge).
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocop::test;

namespace {
const std::string cli = OCOP_CLI;
const std::string tmp = OCOP_TEST_TMP;
bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}
std::string evals() {
    return record("e1", "qd26-2026", 1, s1_total(70)) + "\n" +
           record("e2", "qd26-2026", 1, s1_total(90)) + "\n";
}
} // namespace

TEST_CASE("ported score: --detail totals by default, criteria and full on request") {
    const auto in = temp_file("ported-score.jsonl", evals());
    std::string lean, crit, full;
    REQUIRE(run(cli + " score " + in + " --quiet", &lean) == 0);
    REQUIRE(run(cli + " score " + in + " --quiet --detail criteria", &crit) == 0);
    REQUIRE(run(cli + " score " + in + " --quiet --detail full", &full) == 0);
    CHECK_FALSE(has(lean, "\"max_total\""));
    CHECK(has(crit, "\"max_total\""));
    CHECK_FALSE(has(crit, "\"message\""));
    CHECK(has(full, "\"message\""));
    std::string msgs;
    REQUIRE(run(cli + " score " + in + " --quiet --messages", &msgs) == 0);
    CHECK(has(msgs, "\"message\""));
    CHECK_FALSE(has(msgs, "\"max_total\""));
    CHECK(run(cli + " score " + in + " --detail everything 2>/dev/null") == 2);
}

TEST_CASE("ported explain: a result line is told without scoring again") {
    const auto in = temp_file("ported-explain.jsonl", evals());
    const auto lines = tmp + "/ported-explain.results.jsonl";
    REQUIRE(run(cli + " score " + in + " --quiet -o " + lines) == 0);
    std::string out;
    REQUIRE(run(cli + " explain " + lines + " --id e2", &out) == 0);
    CHECK(has(out, "Result e2"));
}

TEST_CASE("ported authority: --score is read exactly and routed for any --stars") {
    std::string out;
    REQUIRE(run(cli + " authority --on 2026-06-01 --stars 4 --score 92.5", &out) == 0);
    CHECK(has(out, "score 92.5"));
    CHECK(run(cli + " authority --on 2026-06-01 --stars 4 --score 9x 2>/dev/null") == 2);
    CHECK(run(cli + " authority --on 2026-06-01 --score 92 2>/dev/null") == 2); // needs --stars
}

TEST_CASE("ported aggregate and report: --where, --provinces, --pdf needs --out-dir") {
    const auto in = temp_file("ported-agg.jsonl", evals());
    std::string out;
    REQUIRE(run(cli + " aggregate " + in + " --quiet --where sheet=2", &out) == 0);
    CHECK(has(out, "\"count\":0"));
    CHECK(run(cli + " aggregate " + in + " --where sheet 2>/dev/null") == 2);
    CHECK(run(cli + " aggregate " + in + " --provinces 2024 2>/dev/null") == 2);
    CHECK(run(cli + " report " + in + " --pdf --quiet 2>/dev/null") == 2);
    CHECK(run(cli + " report " + in + " --lang fr --quiet 2>/dev/null") == 2);
    const std::string dir = tmp + "/ported-report";
    run("rm -rf " + dir);
    REQUIRE(run(cli + " report " + in + " --quiet --no-stdout --out-dir " + dir) == 0);
    CHECK(has(read_file(dir + "/actions.csv"), "#"));
    CHECK(read_file(dir + "/cohorts.csv").rfind("#", 0) == 0); // the stamp comes first
}

TEST_CASE("ported rescore: --fill range is the default and --crosswalk must exist") {
    const auto in = temp_file("ported-rescore.jsonl", evals());
    std::string out;
    REQUIRE(run(cli + " rescore " + in + " --from qd26-2026 --to qd26-2026 --format json", &out) ==
            0);
    CHECK(has(out, "\"fill\":\"range\""));
    CHECK(run(cli + " rescore " + in + " --from qd26-2026 --to qd26-2026 --crosswalk " + tmp +
              "/no-such-crosswalk.json 2>/dev/null") == 3);
}
