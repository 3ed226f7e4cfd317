// Hostile command lines, files and inputs through the real CLI, for every command: unknown
// options, malformed numbers, --help, outputs on devices, symlinks, over the input, modes,
// /dev/full, input framing (a first line starting with '[', a truncated first line, long lines,
// NUL bytes), CSV for every evaluation reader, and control characters on stderr.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace ocop;
using namespace ocop::test;

namespace {

const std::string cli = OCOP_CLI;
const std::string tmp = OCOP_TEST_TMP;

std::string evals() {
    return record("e1", "qd26-2026", 1, s1_total(70)) + "\n" +
           record("e2", "qd26-2026", 1, s1_total(90)) + "\n";
}
std::string recognitions() {
    return "{\"id\": \"C1\", \"stars\": 4, \"recognised_on\": \"2023-08-10\"}\n"
           "{\"id\": \"C2\", \"stars\": 3, \"recognised_on\": \"2023-09-01\"}\n";
}

/// One command: how to run it ({IN}: an input file, {N}: a whole-number value), whether it
/// writes a file with -o, its whole-number option, its input kind.
struct command_case {
    std::string words;   // "ruleset diff"
    std::string args;    // after the words
    bool writes = false; // takes -o
    std::string int_opt; // an option taking a whole number ("" when none)
    std::string input;   // "eval", "recog" or ""
};

const std::vector<command_case>& all_commands() {
    static const std::vector<command_case> c = {
        {"score", "{IN} --quiet", true, "--threads", "eval"},
        {"explain", "{IN}", false, "--max-line-bytes", "eval"},
        {"plan", "{IN}", true, "--target", "eval"},
        {"range", "{IN}", true, "--max-line-bytes", "eval"},
        {"council", "{IN}", true, "--max-line-bytes", "eval"},
        // 26/2026 → 148/2023 needs a crosswalk (there is none that way): rescore within one
        // edition.
        {"rescore", "{IN} --from qd26-2026 --to qd26-2026", true, "--max-line-bytes", "eval"},
        {"aggregate", "{IN} --quiet", true, "--top", "eval"},
        {"report", "{IN} --quiet", false, "--top", "eval"},
        {"expiring", "--on 2026-06-01 --all {IN}", true, "--max-line-bytes", "recog"},
        {"authority", "--on 2026-06-01", false, "--stars", ""},
        {"generate", "--count 3", true, "--seed", ""},
        {"reference", "--sheet 1", true, "--sheet", ""},
        {"ruleset list", "", false, "", ""},
        {"ruleset show", "qd26-2026", false, "", ""},
        {"ruleset lint", "qd26-2026", false, "", ""},
        {"ruleset export", "qd26-2026", true, "--sheet", ""},
        {"ruleset diff", "qd148-2023 qd26-2026", true, "--sheet", ""},
        {"ruleset in-force", "--as-of 2026-06-01", false, "", ""},
        {"schema", "--sheet 1", true, "--sheet", ""},
        {"sheet", "--sheet 1", true, "--sheet", ""},
        {"version", "", false, "", ""},
    };
    return c;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
        s.replace(p, from.size(), to);
    return s;
}

/// The command line of `c` on input `in` (written for it when empty).
std::string line_of(const command_case& c, std::string in = "") {
    if (in.empty() && !c.input.empty())
        in = temp_file("h-" + replace_all(c.words, " ", "-") + "." + c.input + ".jsonl",
                       c.input == "eval" ? evals() : recognitions());
    return cli + " " + c.words + " " + replace_all(c.args, "{IN}", in);
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

mode_t mode_of(const std::string& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 ? st.st_mode : 0;
}

} // namespace

TEST_CASE("every command: an unknown option exits 2 with the usage line and a did-you-mean") {
    for (const auto& c : all_commands()) {
        INFO(c.words);
        std::string out;
        CHECK(run(line_of(c) + " --hlep 2>&1", &out) == 2);
        CHECK(contains(out, "unknown option --hlep; did you mean --help?"));
        CHECK(contains(out, "usage: ocop " + c.words));
    }
    std::string out;
    CHECK(run(cli + " score x --marker fail 2>&1", &out) == 2);
    CHECK(contains(out, "did you mean --markers?"));
    CHECK(run(cli + " plan x --formt json 2>&1", &out) == 2);
    CHECK(contains(out, "did you mean --format?"));
    CHECK(run(cli + " frobnicate 2>&1", &out) == 2);
    CHECK(run(cli + " ruleset 2>&1", &out) == 2);
    CHECK(contains(out, "ruleset diff"));
}

TEST_CASE("every command: --help, -h and `ocop help CMD` print the declared options, exit 0") {
    for (const auto& c : all_commands()) {
        INFO(c.words);
        std::string a, b, h;
        CHECK(run(cli + " " + c.words + " --help", &a) == 0);
        CHECK(run(cli + " " + c.words + " -h", &b) == 0);
        CHECK(run(cli + " help " + c.words, &h) == 0);
        CHECK(contains(a, "Usage: ocop " + c.words));
        CHECK(a == b);
        CHECK(a == h);
        if (c.writes)
            CHECK(contains(a, "-o,--output"));
        else
            CHECK_FALSE(contains(a, "--output"));
    }
    std::string out;
    CHECK(run(cli + " help", &out) == 0);
    CHECK(contains(out, "ruleset in-force"));
    CHECK(run(cli + " help nosuch 2>/dev/null") == 2);
}

TEST_CASE("every command with a number option: malformed numbers exit 2") {
    for (const auto& c : all_commands()) {
        if (c.int_opt.empty()) continue;
        for (const char* bad : {"1abc", "0x1", "1.9", "-1", "", "1e3"}) {
            INFO(c.words << " " << c.int_opt << " '" << bad << "'");
            std::string out;
            CHECK(run(line_of(c) + " " + c.int_opt + " '" + bad + "' 2>&1", &out) == 2);
            CHECK(contains(out, "usage: ocop " + c.words));
        }
    }
    // Out of range and choices outside their set are usage errors too.
    CHECK(run(cli + " schema --sheet 100000 2>/dev/null") == 2);
    CHECK(run(cli + " score x --markers sometimes 2>/dev/null") == 2);
    CHECK(run(cli + " council x --spread 1.2345 2>/dev/null") == 2);
    CHECK(run(cli + " expiring --on 2026-02-30 x 2>/dev/null") == 2);
    CHECK(run(cli + " aggregate x --by 'a=b' 2>/dev/null") == 2);     // any metadata key, not '='
    CHECK(run(cli + " aggregate x --where county 2>/dev/null") == 2); // KEY=VALUE
    // "010" is ten, not octal eight.
    std::string out;
    CHECK(run(cli + " authority --on 2026-06-01 --stars 05", &out) == 0);
    CHECK(contains(out, "5★"));
}

TEST_CASE("every command: stdout that cannot be written exits 3 with the reason") {
    for (const auto& c : all_commands()) {
        INFO(c.words);
        std::string err;
        CHECK(run(line_of(c) + " 2>&1 >/dev/full", &err) == 3);
        CHECK(contains(err, "No space left on device"));
    }
}

TEST_CASE("every command that writes: devices, FIFOs, symlinks, modes, output over input") {
    const bool root = ::geteuid() == 0;
    for (const auto& c : all_commands()) {
        if (!c.writes) continue;
        INFO(c.words);
        const std::string base = tmp + "/w-" + replace_all(c.words, " ", "-");
        // A character device (a private null device, as /dev/null is shared with other
        // programs) stays a device: written in place, never replaced.
        if (root) {
            const std::string dev = base + ".null";
            std::remove(dev.c_str());
            REQUIRE(::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
            CHECK(run(line_of(c) + " -o " + dev + " 2>/dev/null") == 0);
            CHECK(S_ISCHR(mode_of(dev)));
        }
        // A FIFO is written through, not replaced.
        const std::string fifo = base + ".fifo";
        std::remove(fifo.c_str());
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        std::string got;
        CHECK(run("(cat " + fifo + " > " + fifo + ".read &) ; " + line_of(c) + " -o " + fifo +
                      " 2>/dev/null; sleep 0.2; cat " + fifo + ".read",
                  &got) == 0);
        CHECK(S_ISFIFO(mode_of(fifo)));
        CHECK(!got.empty());
        // A symlink is followed: its target gets the output, the link stays a link.
        const std::string target = base + ".target", link = base + ".link";
        std::remove(link.c_str());
        temp_file(replace_all(target, tmp + "/", ""), "old");
        REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
        CHECK(run(line_of(c) + " -o " + link + " 2>/dev/null") == 0);
        CHECK(S_ISLNK(mode_of(link)));
        CHECK(read_file(target) != "old");
        CHECK(!read_file(target).empty());
        // The mode of an existing output is kept.
        const std::string priv = base + ".priv";
        temp_file(replace_all(priv, tmp + "/", ""), "x");
        REQUIRE(::chmod(priv.c_str(), 0600) == 0);
        CHECK(run(line_of(c) + " -o " + priv + " 2>/dev/null") == 0);
        CHECK((mode_of(priv) & 07777) == 0600);
        // No temporary file is left beside it (".<name>.ocop-XXXXXX"; only this command's
        // outputs: other tests write in the same directory at the same time).
        std::string left;
        const std::string mine = "\\.w-" + replace_all(c.words, " ", "-") + "\\..*\\.ocop-";
        run("ls -a " + tmp + " | grep -c '^" + mine + "' || true", &left);
        CHECK(left == "0\n");
        // An output naming the input (or a ruleset file) is refused and the input kept.
        if (!c.input.empty()) {
            const std::string in = temp_file(replace_all(base, tmp + "/", "") + ".in.jsonl",
                                             c.input == "eval" ? evals() : recognitions());
            const std::string before = read_file(in);
            std::string err;
            CHECK(run(line_of(c, in) + " -o " + in + " 2>&1", &err) == 2);
            CHECK(contains(err, "output is the input"));
            CHECK(read_file(in) == before);
            // The same file through another spelling (a symlink) is caught by its inode.
            const std::string alias = base + ".alias";
            std::remove(alias.c_str());
            REQUIRE(::symlink(in.c_str(), alias.c_str()) == 0);
            CHECK(run(line_of(c, in) + " -o " + alias + " 2>/dev/null") == 2);
            CHECK(read_file(in) == before);
        }
    }
    (void)root;
    // Two outputs naming one file are refused.
    const auto in = temp_file("two-outputs.jsonl", evals());
    CHECK(run(cli + " score " + in + " -o " + tmp + "/same.out --errors " + tmp +
              "/same.out 2>/dev/null") == 2);
    CHECK(run(cli + " score " + in + " -o " + in + " --errors /dev/null 2>/dev/null") == 2);
    CHECK(read_file(in) == evals());
}

TEST_CASE("workbook outputs (.xlsx) are as safe: devices, FIFOs, symlinks, modes, no leftovers") {
    const std::string in = temp_file("wb-out.jsonl", evals());
    // The template writer and the result-table writer (score -o x.xlsx).
    for (const std::string& line : {cli + " template --sheet 1", cli + " score " + in + " -q"}) {
        INFO(line);
        const std::string base =
            tmp + "/wb-" +
            (line.find("template") != std::string::npos ? std::string("template")
                                                        : std::string("score"));
        if (::geteuid() == 0) {
            const std::string dev = base + "-null.xlsx";
            std::remove(dev.c_str());
            REQUIRE(::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
            CHECK(run(line + " -o " + dev + " 2>/dev/null") == 0);
            CHECK(S_ISCHR(mode_of(dev)));
        }
        const std::string fifo = base + "-fifo.xlsx";
        std::remove(fifo.c_str());
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        std::string got;
        CHECK(run("(cat " + fifo + " > " + fifo + ".read &) ; " + line + " -o " + fifo +
                      " 2>/dev/null; sleep 0.2; head -c 2 " + fifo + ".read",
                  &got) == 0);
        CHECK(S_ISFIFO(mode_of(fifo)));
        CHECK(got == "PK"); // a zip: the whole workbook went through the FIFO
        const std::string target = base + "-target.xlsx", link = base + "-link.xlsx";
        std::remove(link.c_str());
        temp_file(replace_all(target, tmp + "/", ""), "old");
        REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
        CHECK(run(line + " -o " + link + " 2>/dev/null") == 0);
        CHECK(S_ISLNK(mode_of(link)));
        CHECK(read_file(target).substr(0, 2) == "PK");
        // A link to nothing is refused and stays a link (never replaced by a file).
        const std::string dangling = base + "-dangling.xlsx";
        std::remove(dangling.c_str());
        REQUIRE(::symlink((base + "-nowhere.xlsx").c_str(), dangling.c_str()) == 0);
        CHECK(run(line + " -o " + dangling + " 2>/dev/null") == 3);
        CHECK(S_ISLNK(mode_of(dangling)));
        const std::string priv = base + "-priv.xlsx";
        temp_file(replace_all(priv, tmp + "/", ""), "x");
        REQUIRE(::chmod(priv.c_str(), 0640) == 0);
        CHECK(run(line + " -o " + priv + " 2>/dev/null") == 0);
        CHECK((mode_of(priv) & 07777) == 0640);
        CHECK(read_file(priv).substr(0, 2) == "PK");
        std::string left;
        run("ls -a " + tmp + " | grep -c '^\\." + replace_all(base, tmp + "/", "") +
                ".*\\.ocop-' || true",
            &left);
        CHECK(left == "0\n");
    }
}

TEST_CASE("readers: a JSON Lines file whose first line starts with '[' keeps its later records") {
    const std::string text = "[\"not a record\"\n" + evals();
    for (const char* cmd : {"plan", "range", "council", "explain"}) {
        INFO(cmd);
        const auto in = temp_file(std::string("bracket-") + cmd + ".jsonl", text);
        std::string out, err;
        CHECK(run(cli + " " + cmd + " " + in + " 2>" + tmp + "/bracket.err", &out) == 1);
        CHECK(contains(out, "e1"));
        err = read_file(tmp + "/bracket.err");
        CHECK(contains(err, "line 1"));
    }
    const auto in = temp_file("bracket-rescore.jsonl", text);
    std::string out;
    // Within one edition: 26/2026 → 148/2023 has no crosswalk (see all_commands()).
    CHECK(run(cli + " rescore " + in +
                  " --from qd26-2026 --to qd26-2026 --format json "
                  "2>/dev/null",
              &out) == 1);
    CHECK(contains(out, "\"id\":\"e2\""));
    // An array whose elements are records is still read as records (one JSON document).
    const auto arr =
        temp_file("array-plan.json", "[\n" + record("a1", "", 1, s1_total(70)) + ",\n" +
                                         record("a2", "", 1, s1_total(90)) + "\n]\n");
    CHECK(run(cli + " plan " + arr + " --format json", &out) == 0);
    CHECK(contains(out, "\"id\":\"a1\""));
    CHECK(contains(out, "\"id\":\"a2\""));
}

TEST_CASE("readers: a truncated first line is one bad record; the rest is read") {
    const std::string text = "{\"id\":\"t\",\"sheet\":1,\"answ\n" + evals();
    for (const char* cmd : {"plan", "range", "council", "explain"}) {
        INFO(cmd);
        const auto in = temp_file(std::string("trunc-") + cmd + ".jsonl", text);
        std::string out;
        CHECK(run(cli + " " + cmd + " " + in + " 2>" + tmp + "/trunc.err", &out) == 1);
        CHECK(contains(out, "e1"));
        CHECK(contains(read_file(tmp + "/trunc.err"), "error: line 1: invalid_json"));
    }
    const auto rin = temp_file("trunc-recog.jsonl", "{\"id\": \"C0\", \"sta\n" + recognitions());
    std::string out;
    CHECK(run(cli + " expiring --on 2026-06-01 --all " + rin + " 2>/dev/null", &out) == 1);
    CHECK(contains(out, "C2"));
}

TEST_CASE("readers: lines over --max-line-bytes are refused, the others read") {
    const std::string long_line =
        record("long", "qd26-2026", 1, s1_total(70), {{"note", std::string(5000, 'x')}});
    const std::string text = long_line + "\n" + evals();
    for (const char* cmd : {"plan", "range", "council", "score", "aggregate"}) {
        INFO(cmd);
        const auto in = temp_file(std::string("long-") + cmd + ".jsonl", text);
        std::string out;
        CHECK(run(cli + " " + cmd + " " + in + " --max-line-bytes 4096 2>" + tmp + "/long.err",
                  &out) == 1);
        CHECK(contains(read_file(tmp + "/long.err"), "limit_exceeded"));
        if (std::string(cmd) != "aggregate") CHECK(contains(out, "e2"));
    }
}

TEST_CASE("readers: CSV evaluations are read by explain, plan, council, range and rescore") {
    const auto a = s1_total(70);
    std::string header = "id,sheet", row1 = "c1,1", row2 = "c2,1", row_bad = "c3,1";
    for (const auto& [k, v] : a) {
        header += "," + std::string(k);
        row1 += "," + boost::json::serialize(v);
        row2 += "," + boost::json::serialize(v);
        row_bad += "," + (row_bad == "c3,1" ? std::string("77") : boost::json::serialize(v));
    }
    const auto in = temp_file("evals.csv", header + "\r\n" + row1 + "\r\n" + row2 + "\r\n");
    for (const char* cmd : {"explain", "plan", "council", "range"}) {
        INFO(cmd);
        std::string out;
        CHECK(run(cli + " " + cmd + " " + in + " 2>/dev/null", &out) == 0);
        CHECK(contains(out, "c1"));
    }
    std::string out;
    CHECK(run(cli + " rescore " + in + " --from qd26-2026 --to qd26-2026 --format json", &out) ==
          0);
    CHECK(contains(out, "\"id\":\"c2\""));
    // From stdin, the format is detected from the first character.
    CHECK(run(cli + " plan - < " + in, &out) == 0);
    CHECK(contains(out, "c2"));
    // A bad CSV row names the column.
    const auto bad = temp_file("bad.csv", header + "\n" + row1 + "\n" + row_bad + "\n");
    std::string err;
    CHECK(run(cli + " plan " + bad + " 2>&1 >/dev/null", &err) == 1);
    CHECK(contains(err, "line 3 (id c3) column " + std::string(a.begin()->key())));
}

TEST_CASE("readers: control characters in ids are escaped on stderr and in text; NUL refused") {
    auto bad = s1_total(70);
    bad["1.5"] = 4;
    const std::string evil = record("x\x1b[31mred\nerror: line 99 forged", "qd26-2026", 1, bad);
    const auto in = temp_file("evil.jsonl", evil + "\n" + evals());
    for (const char* cmd : {"plan", "range", "council", "score", "aggregate"}) {
        INFO(cmd);
        std::string err;
        CHECK(run(cli + " " + cmd + " " + in + " 2>&1 >/dev/null", &err) == 1);
        CHECK_FALSE(contains(err, "\x1b"));
        CHECK_FALSE(contains(err, "\nerror: line 99"));
        CHECK(contains(err, "\\x1b[31mred\\nerror: line 99 forged"));
    }
    // In a text output (plan, council, range) the id cannot forge a line either.
    const auto ok = temp_file("evil-ok.jsonl",
                              record("y\x1b]0;title\x07\ny", "qd26-2026", 1, s1_total(70)) + "\n");
    for (const char* cmd : {"plan", "council", "explain"}) {
        INFO(cmd);
        std::string out;
        CHECK(run(cli + " " + cmd + " " + ok +
                      (std::string(cmd) == "explain" ? "" : " --format text"),
                  &out) == 0);
        CHECK_FALSE(contains(out, "\x1b"));
        CHECK_FALSE(contains(out, "\x07"));
        CHECK(contains(out, "y\\x1b]0;title\\x07\\ny"));
    }
    const auto nul =
        temp_file("nul.jsonl", std::string("{\"id\":\"n\0\",\"sheet\":1}\n", 22) + evals());
    std::string out, err;
    CHECK(run(cli + " plan " + nul + " 2>" + tmp + "/nul.err", &out) == 1);
    CHECK(contains(read_file(tmp + "/nul.err"), "line 1: invalid_value at /: NUL byte"));
    CHECK(contains(out, "e2"));
}

TEST_CASE("readers: duplicate record ids are reported, both records processed") {
    const auto in =
        temp_file("dup.jsonl", evals() + record("e1", "qd26-2026", 1, s1_total(90)) + "\n");
    std::string out;
    CHECK(run(cli + " plan " + in + " --format json 2>" + tmp + "/dup.err", &out) == 0);
    CHECK(contains(read_file(tmp + "/dup.err"),
                   "warning: line 3: id e1 already used by the record on line 1"));
    CHECK(std::count(out.begin(), out.end(), '\n') == 3);
}

TEST_CASE("rulesets: - is stdin; a file may not shadow a built-in id unless --replace; "
          "several files combine") {
    const std::string text = std::string(registry::builtin_text("qd26-2026"));
    const auto same = temp_file("shadow.json", text);
    std::string err;
    CHECK(run(cli + " sheet --sheet 1 --ruleset-file " + same + " 2>&1 >/dev/null", &err) == 3);
    CHECK(contains(err, "is a built-in ruleset; add --replace"));
    CHECK(run(cli + " sheet --sheet 1 --replace --ruleset-file " + same + " >/dev/null") == 0);
    // Two files with other ids both count.
    auto renamed = [&](const std::string& id) {
        return temp_file(id + ".json",
                         replace_all(text, "\"id\": \"qd26-2026\"", "\"id\": \"" + id + "\""));
    };
    const auto a = renamed("mine-a"), b = renamed("mine-b");
    REQUIRE(read_file(a) != text);
    std::string out;
    CHECK(run(cli + " schema --sheet 1 --ruleset mine-a --ruleset-file " + a + " --ruleset-file " +
              b + " >/dev/null") == 0);
    CHECK(run(cli + " schema --sheet 1 --ruleset mine-b --ruleset-file " + a + " --ruleset-file " +
              b + " >/dev/null") == 0);
    CHECK(run(cli + " schema --sheet 1 --ruleset-file " + a + " --ruleset-file " + a +
                  " 2>&1 >/dev/null",
              &err) == 3);
    CHECK(contains(err, "already given by"));
    // "-" reads the ruleset from stdin, for ruleset commands too.
    CHECK(run(cli + " sheet --sheet 1 --ruleset mine-a --ruleset-file - < " + a, &out) == 0);
    CHECK(contains(out, "mine-a"));
    CHECK(run(cli + " ruleset show - < " + a, &out) == 0);
    CHECK(contains(out, "mine-a"));
    // stdin cannot be both the records and a ruleset.
    CHECK(run(cli + " plan - --ruleset-file - < " + a + " 2>/dev/null") == 2);
}

TEST_CASE("report --out-dir: complete or untouched") {
    const auto in = temp_file("rep.jsonl", evals());
    const std::string dir = tmp + "/rep-out";
    run("rm -rf " + dir);
    CHECK(run(cli + " report " + in + " --quiet --no-stdout --out-dir " + dir) == 0);
    const std::string first = read_file(dir + "/cohorts.json");
    CHECK(!first.empty());
    // A second run replaces the whole directory.
    const auto in2 = temp_file("rep2.jsonl", evals() + record("e3", "", 1, s1_total(50)) + "\n");
    CHECK(run(cli + " report " + in2 + " --quiet --no-stdout --out-dir " + dir) == 0);
    CHECK(read_file(dir + "/cohorts.json") != first);
    // A directory with other files is refused and left as it was.
    const std::string other = tmp + "/rep-other";
    run("rm -rf " + other + " && mkdir -p " + other + " && echo keep > " + other + "/mine.txt");
    CHECK(run(cli + " report " + in + " --quiet --no-stdout --out-dir " + other + " 2>/dev/null") ==
          3);
    CHECK(read_file(other + "/mine.txt") == "keep\n");
    std::string ls;
    run("ls -a " + tmp + " | grep -c '\\.ocop-' || true", &ls);
    CHECK(ls == "0\n");
}

TEST_CASE("aggregate: every --format works") {
    const auto in = temp_file("agg.jsonl", evals());
    for (const char* f : {"json", "csv", "weakest-csv", "histogram-csv"}) {
        INFO(f);
        std::string out;
        CHECK(run(cli + " aggregate " + in + " --quiet --format " + f, &out) == 0);
        CHECK(!out.empty());
    }
    std::string out;
    CHECK(run(cli + " aggregate " + in + " --quiet --format histogram-csv", &out) == 0);
    CHECK(out.find(',') != std::string::npos);
}

TEST_CASE("score: -o NAME.csv writes CSV unless --format says otherwise") {
    const auto in = temp_file("fmt.jsonl", evals());
    CHECK(run(cli + " score " + in + " --quiet -o " + tmp + "/fmt.csv") == 0);
    CHECK(read_file(tmp + "/fmt.csv").rfind("id,", 0) == 0);
    CHECK(run(cli + " score " + in + " --quiet --format jsonl -o " + tmp + "/fmt2.csv") == 0);
    CHECK(read_file(tmp + "/fmt2.csv").rfind("{", 0) == 0);
}

TEST_CASE("SIGTERM removes the temporary output file") {
    const auto in = temp_file("slow.jsonl", evals());
    const std::string fifo = tmp + "/slow.fifo";
    std::remove(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // The input is a FIFO kept open: the command waits with its temporary file created.
    const std::string out = tmp + "/sig-out.jsonl";
    std::remove(out.c_str());
    std::string left;
    run("(sleep 5 > " + fifo + " &) ; " + cli + " plan " + fifo + " -o " + out +
            " & pid=$!; sleep 0.5; ls -a " + tmp +
            " | grep -c '^\\.sig-out.jsonl.ocop-' ; kill -TERM $pid; "
            "wait $pid; ls -a " +
            tmp + " | grep -c '^\\.sig-out.jsonl.ocop-' || true",
        &left);
    CHECK(left == "1\n0\n");
    CHECK(read_file(out).empty());
}

namespace {
std::set<std::string> long_options(const std::string& text) {
    std::set<std::string> out;
    for (std::size_t p = 0; (p = text.find("--", p)) != std::string::npos;) {
        std::size_t e = p + 2;
        while (e < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '-'))
            ++e;
        if (e > p + 2 && std::isalpha(static_cast<unsigned char>(text[p + 2])))
            out.insert(text.substr(p, e - p));
        p = e;
    }
    return out;
}
} // namespace

// Commands documented and checked against their help, not yet in the hostile table above
// (template writes .xlsx, validate prints nothing for good records, serve listens).
const std::vector<command_case>& documented_only() {
    static const std::vector<command_case> c = {{"template"}, {"validate"}, {"serve"}};
    return c;
}

TEST_CASE("docs/cli.md lists exactly the options each command declares (ocop help CMD)") {
    const std::string doc = read_file(std::string(OCOP_SOURCE_DIR) + "/docs/cli.md");
    const std::set<std::string> ruleset_group = {"--ruleset-file", "--replace", "--default",
                                                 "--as-of",        "--markers", "--defects"};
    const std::set<std::string> input_group = {"--input-format", "--max-line-bytes"};
    std::size_t checked = 0;
    std::vector<command_case> commands = all_commands();
    commands.insert(commands.end(), documented_only().begin(), documented_only().end());
    for (const auto& c : commands) {
        INFO(c.words);
        const std::string head = "\n### " + c.words + "\n";
        const auto b = doc.find(head);
        REQUIRE(b != std::string::npos);
        const auto e = doc.find("\n##", b + head.size());
        const std::string section = doc.substr(b, e == std::string::npos ? e : e - b);
        auto documented = long_options(section);
        if (section.find("*ruleset options*") != std::string::npos)
            documented.insert(ruleset_group.begin(), ruleset_group.end());
        if (section.find("*input options*") != std::string::npos)
            documented.insert(input_group.begin(), input_group.end());
        documented.insert("--help");
        if (section.find("-o OUT") != std::string::npos) documented.insert("--output");
        std::string help;
        REQUIRE(run(cli + " help " + c.words, &help) == 0);
        CHECK(documented == long_options(help));
        ++checked;
    }
    CHECK(checked == commands.size());
    // Every command of `ocop help` is in the table of this test (and so in the docs).
    std::string overview;
    run(cli + " help", &overview);
    for (const auto& c : commands) CHECK(contains(overview, "  " + c.words + " "));
    std::size_t listed = 0;
    for (std::size_t p = overview.find("commands:\n");
         (p = overview.find("\n  ", p)) != std::string::npos; ++p)
        ++listed;
    CHECK(listed == commands.size() + 1); // + help
}

// The batch reader of score/aggregate/report follows the record reader's rule too (more in
// tests/test_cli_hostile2.cpp).
TEST_CASE("score: a JSON Lines file whose first line starts with '[' keeps its later records") {
    const auto in = temp_file("bracket-score.jsonl", "[\"not a record\"\n" + evals());
    std::string out;
    CHECK(run(cli + " score " + in + " --quiet --compact 2>/dev/null", &out) == 1);
    CHECK(contains(out, "\"id\":\"e2\""));
}
