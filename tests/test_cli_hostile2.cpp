// Hostile inputs through the real CLI, second part (issue 14): the batch path of score,
// aggregate and report (src/io/batch.cpp) follows the record reader's framing rule, refuses
// repeated keys and NUL bytes naming the line, reports duplicate ids with both lines; every
// parse call of the CLI refuses repeated keys; validate and template face the same classes.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <ocop/batch.hpp>
#include <ocop/cohort.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <stdexcept>

using namespace ocop;
using namespace ocop::test;

namespace {

const std::string cli = OCOP_CLI;
const std::string tmp = OCOP_TEST_TMP;

std::string evals() {
    return record("e1", "qd26-2026", 1, s1_total(70)) + "\n" +
           record("e2", "qd26-2026", 1, s1_total(90)) + "\n";
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

/// `ocop ARGS` with stdout into `out` and stderr returned through `err`; the exit code.
int run2(const std::string& args, std::string& out, std::string& err, const std::string& name) {
    const std::string e = tmp + "/" + name + ".stderr";
    const int code = run(cli + " " + args + " 2>" + e, &out);
    err = read_file(e);
    return code;
}

/// A record with "sheet" written twice: 99 then 1 (last-one-wins would read sheet 1).
std::string dup_key_record(const std::string& id) {
    std::string r = record(id, "qd26-2026", 1, s1_total(70));
    const auto p = r.find("\"sheet\":1");
    REQUIRE(p != std::string::npos);
    r.insert(p, "\"sheet\":99,");
    return r;
}

std::string file(const std::string& name, const std::string& text) {
    return temp_file("h2-" + name, text);
}

} // namespace

TEST_CASE("score, aggregate, report: a first line starting with '[' loses nothing after it") {
    const auto in = file("bracket.jsonl", "[\"not a record\"\n" + evals());
    std::string out, err;
    CHECK(run2("score " + in + " --compact", out, err, "br-score") == 1);
    CHECK(contains(out, "\"id\":\"e1\""));
    CHECK(contains(out, "\"id\":\"e2\""));
    CHECK(contains(err, "error: line 1: invalid_json"));
    CHECK(contains(err, "warning: the input is not one JSON document: read as JSON Lines"));
    CHECK(contains(err, "scored 2 record(s), 1 failed"));
    CHECK(run2("aggregate " + in + " --format json", out, err, "br-agg") == 1);
    CHECK(contains(out, "\"count\":2"));
    CHECK(contains(err, "error: line 1: invalid_json"));
    const std::string dir = tmp + "/h2-bracket-report";
    run("rm -rf " + dir);
    CHECK(run2("report " + in + " --quiet --out-dir " + dir, out, err, "br-rep") == 1);
    CHECK(contains(err, "error: line 1: invalid_json"));
    // The same with 4 threads: same output.
    std::string out4;
    CHECK(run2("score " + in + " --compact --threads 4", out4, err, "br-score4") == 1);
    std::string out1;
    CHECK(run2("score " + in + " --compact", out1, err, "br-score1") == 1);
    CHECK(out4 == out1);
}

TEST_CASE("score: a JSON array is read as records; a line holding an array gives its elements") {
    std::string out, err;
    const auto arr = file("array.json", "[\n" + record("a1", "", 1, s1_total(70)) + ",\n" +
                                            record("a2", "", 1, s1_total(90)) + "\n]\n");
    CHECK(run2("score " + arr + " --compact", out, err, "arr") == 0);
    CHECK(contains(out, "\"id\":\"a1\""));
    CHECK(contains(out, "\"id\":\"a2\""));
    // JSON Lines whose first line is a complete array, then more lines.
    const auto mixed =
        file("array-line.jsonl", "[" + record("b1", "", 1, s1_total(70)) + "," +
                                     record("b2", "", 1, s1_total(90)) + "]\n" + evals());
    CHECK(run2("score " + mixed + " --compact", out, err, "arrline") == 0);
    for (const char* id : {"b1", "b2", "e1", "e2"})
        CHECK(contains(out, "\"id\":\"" + std::string(id) + "\""));
    // An element that is refused names its line and element.
    const auto bad = file("array-bad.jsonl", "[" + record("c1", "", 1, s1_total(70)) +
                                                 ",{\"id\":\"c2\",\"sheet\":1}]\n" + evals());
    CHECK(run2("score " + bad + " --compact", out, err, "arrbad") == 1);
    CHECK(contains(err, "error: line 1 (id c2): missing_field"));
    CHECK(contains(err, "(element 2 of the line)"));
    CHECK(contains(out, "\"id\":\"c1\""));
    CHECK(contains(out, "\"id\":\"e2\""));
}

TEST_CASE("score, aggregate: a lone '{' first line that is not one document is JSON Lines") {
    const auto in = file("brace.jsonl", "{\n" + evals());
    std::string out, err;
    CHECK(run2("score " + in + " --compact", out, err, "brace") == 1);
    CHECK(contains(err, "error: line 1: invalid_json"));
    CHECK(contains(out, "\"id\":\"e1\""));
    CHECK(contains(out, "\"id\":\"e2\""));
    // One object printed over several lines is still one record.
    boost::json::object o = boost::json::parse(record("p1", "", 1, s1_total(70))).as_object();
    std::string pretty = "{\n";
    bool first = true;
    for (const auto& kv : o) {
        pretty += (first ? "  \"" : ",\n  \"") + std::string(kv.key()) +
                  "\": " + boost::json::serialize(kv.value());
        first = false;
    }
    pretty += "\n}\n";
    const auto p = file("pretty.json", pretty);
    CHECK(run2("score " + p + " --compact", out, err, "pretty") == 0);
    CHECK(contains(out, "\"id\":\"p1\""));
}

TEST_CASE("every evaluation reader: a repeated key is refused with its path, line and id") {
    const auto in = file("dupkey.jsonl", dup_key_record("dk") + "\n" + evals());
    std::string out, err;
    for (const char* cmd : {"score", "aggregate", "plan", "range", "council", "explain"}) {
        INFO(cmd);
        CHECK(run2(std::string(cmd) + " " + in, out, err, std::string("dk-") + cmd) == 1);
        CHECK(contains(err, "error: line 1 (id dk): invalid_value at /sheet: duplicate key "
                            "\"sheet\""));
        if (std::string(cmd) != "aggregate") CHECK(contains(out, "e2"));
    }
    CHECK(run2("rescore " + in + " --from qd26-2026 --to qd26-2026 --format json", out, err,
               "dk-rescore") == 1);
    CHECK(contains(err, "invalid_value at /sheet: duplicate key"));
    CHECK(contains(out, "\"id\":\"e2\""));
    // Repeated answers (the direct reader gives up; the reference parser refuses).
    std::string r = record("da", "qd26-2026", 1, s1_total(70));
    r.insert(r.find("\"answers\":{") + 11, "\"1.1\":0,");
    const auto ans = file("dupans.jsonl", r + "\n" + evals());
    CHECK(run2("score " + ans + " --compact", out, err, "dk-ans") == 1);
    CHECK(contains(err, "error: line 1 (id da): invalid_value at /answers/1.1: duplicate key"));
    CHECK(contains(out, "\"id\":\"e2\""));
    // validate (its own reader of JSON, JSON Lines, CSV and workbooks).
    CHECK(run2("validate " + in + " --lang en", out, err, "dk-validate") == 1);
    CHECK(contains(out, "duplicate key \"sheet\""));
    CHECK(contains(out, "/sheet"));
    CHECK(contains(err, "3 record(s), 1 with problems")); // JSON Lines, not one document
    // A whole document with a repeated key is refused, never read with the last key.
    const auto doc = file("dupdoc.json", "[\n" + dup_key_record("dd") + "\n]\n");
    CHECK(run2("score " + doc + " --compact", out, err, "dk-doc") == 1);
    CHECK(contains(err, "invalid_value at /0/sheet: duplicate key"));
    CHECK(out.empty());
}

TEST_CASE("score, aggregate: a NUL byte names its line; the other records are scored") {
    const auto in = file("nul.jsonl", std::string("{\"id\":\"n\0\",\"sheet\":1}\n", 22) + evals());
    std::string out, err;
    for (const char* cmd : {"score", "aggregate"}) {
        INFO(cmd);
        CHECK(run2(std::string(cmd) + " " + in + " --format json", out, err,
                   std::string("nul-") + cmd) == 1);
        CHECK(contains(err, "error: line 1: invalid_value at /: NUL byte in the input"));
    }
    CHECK(run2("score " + in + " --compact", out, err, "nul-score2") == 1);
    CHECK(contains(out, "\"id\":\"e2\""));
    CHECK(run2("validate " + in + " --lang en", out, err, "nul-validate") == 1);
    CHECK(contains(out, "NUL byte"));
}

TEST_CASE("score, aggregate: duplicate ids are reported with both lines, both processed") {
    const auto in =
        file("dupid.jsonl", evals() + "\n" + record("e1", "qd26-2026", 1, s1_total(50)) + "\n");
    std::string out, err;
    for (const char* threads : {"1", "3"}) {
        INFO(threads);
        CHECK(run2("score " + in + " --compact --threads " + std::string(threads), out, err,
                   "dupid") == 0);
        CHECK(contains(err, "warning: line 4: id e1 already used by the record on line 1 "
                            "(both are processed)"));
        CHECK(std::count(out.begin(), out.end(), '\n') == 3);
    }
    CHECK(run2("aggregate " + in + " --format json", out, err, "dupid-agg") == 0);
    CHECK(contains(err, "warning: line 4: id e1 already used by the record on line 1"));
    // CSV input, through the same batch path.
    const auto a = s1_total(70);
    std::string header = "id,sheet", row = ",1";
    for (const auto& [k, v] : a) {
        header += "," + std::string(k);
        row += "," + boost::json::serialize(v);
    }
    const auto csv = file("dupid.csv", header + "\nx" + row + "\ny" + row + "\nx" + row + "\n");
    CHECK(run2("score " + csv + " --compact", out, err, "dupid-csv") == 0);
    CHECK(contains(err, "warning: line 4: id x already used by the record at line 2"));
}

TEST_CASE("validate and template: hostile command lines and inputs") {
    std::string out, err;
    const auto in = file("v.jsonl", evals());
    // Unknown options and malformed numbers: exit 2 with the usage line.
    CHECK(run2("validate " + in + " --marker fail", out, err, "v-unknown") == 2);
    CHECK(contains(err, "--marker"));
    CHECK(run2("template --sheet 1abc -o " + tmp + "/h2-t.xlsx", out, err, "t-num") == 2);
    CHECK(run2("template --sheet 0x1 -o " + tmp + "/h2-t.xlsx", out, err, "t-hex") == 2);
    CHECK(run2("template --bogus", out, err, "t-unknown") == 2);
    CHECK(run2("template --sheet 1.9 -o " + tmp + "/h2-t.xlsx", out, err, "t-dec") == 2);
    // --help answers.
    CHECK(run2("validate --help", out, err, "v-help") == 0);
    CHECK(contains(out, "--lang"));
    CHECK(run2("template -h", out, err, "t-help") == 0);
    CHECK(contains(out, "--sheet"));
    // A first line starting with '[' keeps the later records (validate lists them).
    const auto br =
        file("v-bracket.jsonl",
             "[\"not a record\"\n" + evals() +
                 record("bad", "qd26-2026", 1, with(s1_total(70), {{"1.1", 99}})) + "\n");
    CHECK(run2("validate " + br + " --lang en --format jsonl", out, err, "v-bracket") == 1);
    CHECK(contains(out, "\"record\":\"line 1\""));
    CHECK(contains(out, "\"id\":\"bad\""));
    CHECK(contains(err, "3 record(s)") == false); // 4 records: the bad first line counts
    CHECK(contains(err, "4 record(s), 2 with problems"));
    // Output over the input is refused (exit 2), the input left as it was.
    const std::string before = read_file(in);
    CHECK(run2("validate " + in + " -o " + in, out, err, "v-over") == 2);
    CHECK(read_file(in) == before);
    // stdout that cannot be written: exit 3 with the reason.
    CHECK(run(cli + " validate " + br + " --format jsonl >/dev/full 2>/dev/null") == 3);
    // template to a device is written through, never replaced; CSV template to stdout works.
    CHECK(run2("template --sheet 1 --format csv -o -", out, err, "t-csv") == 0);
    CHECK(contains(out, "1.1"));
}

TEST_CASE("every command that reads evaluations reads workbooks as its JSON twin (issue 16)",
          "[workbook]") {
    std::string py;
    for (const char* p : {"/usr/bin/python3", "python3"})
        if (run(std::string(p) + " -c 'import openpyxl' 2>/dev/null") == 0) {
            py = p;
            break;
        }
    if (py.empty()) {
        WARN("SKIP: python3-openpyxl is not installed (tools/install-deps.sh)");
        return;
    }
    const std::string tpl = tmp + "/h2-wb.xlsx", filled = tmp + "/h2-wb-filled.xlsx",
                      answers = tmp + "/h2-wb.jsonl";
    REQUIRE(run(cli + " template --ruleset qd26-2026 --sheet 1 --sheet 11 -o " + tpl) == 0);
    REQUIRE(run(py + " " + OCOP_SOURCE_DIR + "/tests/python/fill_workbook.py " + tpl + " " +
                filled + " " + answers + " --seed=3 --prefix=H2") == 0);
    const std::vector<std::string> commands = {
        "explain",
        "plan --format json",
        "council --format json",
        "range --format json",
        "rescore --from qd26-2026 --to qd26-2026 --format json",
        "aggregate --format json --quiet",
        "aggregate --by sheet --format csv --quiet",
    };
    for (const auto& c : commands) {
        INFO(c);
        std::string from_xlsx, from_json, err;
        const int a = run2(c + " " + filled, from_xlsx, err, "wb-x");
        INFO(err);
        const int b = run2(c + " " + answers, from_json, err, "wb-j");
        CHECK(a == 0);
        CHECK(a == b);
        CHECK(!from_xlsx.empty());
        CHECK(from_xlsx == from_json);
    }
    // report writes the same files from both.
    const std::string dx = tmp + "/h2-wb-report-x", dj = tmp + "/h2-wb-report-j";
    run("rm -rf " + dx + " " + dj);
    CHECK(run(cli + " report " + filled + " --quiet --out-dir " + dx) == 0);
    CHECK(run(cli + " report " + answers + " --quiet --out-dir " + dj) == 0);
    // The same files, but for the input's name in the header comment.
    CHECK(run("diff -r -I 'T\xe1\xbb\x87p d' " + dx + " " + dj + " >/dev/null") == 0);
}

TEST_CASE("office CSV (Windows-1258, title row, trailing columns) is read by every command") {
    const auto a = s1_total(70);
    std::string header = "id,sheet,province", row = "w1,1,H\xE0 Giang";
    for (const auto& [k, v] : a) {
        header += "," + std::string(k);
        row += "," + boost::json::serialize(v);
    }
    const auto in = file("office.csv", "Phieu danh gia\r\n" + header + ",,\r\n" + row + ",,\r\n");
    for (const std::string c :
         {"plan --format json", "council --format json", "range --format json", "explain",
          "aggregate --by province --format csv --quiet"}) {
        INFO(c);
        std::string out, err;
        CHECK(run2(c + " " + in, out, err, "office") == 0);
        CHECK(contains(err, "is not UTF-8; read as"));
        CHECK((contains(out, "w1") || contains(out, "H\xC3\xA0 Giang")));
    }
}

TEST_CASE("a consumer's checked-arithmetic refusal is a refused record (line, id), not the end") {
    // The cohort statistics throw std::overflow_error on a sum out of range: the batch reports
    // that record with its line and id and goes on.
    const std::string input = evals() + record("e3", "qd26-2026", 1, s1_total(90)) + "\n";
    for (const unsigned threads : {1u, 3u}) {
        INFO(threads);
        std::istringstream in(input);
        std::ostringstream out;
        batch_options o;
        o.threads = threads;
        o.chunk_records = 1;
        std::vector<batch_error> errors;
        batch_callbacks cb;
        cb.on_result = [](unsigned, const evaluation_result& r) {
            if (r.input->id == "e2")
                throw std::overflow_error("cohort statistics: a sum out of range");
        };
        cb.on_error = [&](const batch_error& e) { errors.push_back(e); };
        auto s = score_stream(in, &out, registry::builtin(), o, cb);
        REQUIRE(s.has_value());
        CHECK(s->records == 3);
        CHECK(s->scored == 2);
        CHECK(s->failed == 1);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 2);
        CHECK(errors[0].id == "e2");
        CHECK(errors[0].diag.code == errc::out_of_range);
        CHECK(contains(errors[0].diag.message, "refused: cohort statistics: a sum out of range"));
        CHECK_FALSE(contains(out.str(), "\"id\":\"e2\""));
        CHECK(contains(out.str(), "\"id\":\"e3\""));
    }
    // A refused add leaves the sum as it was.
    exact_sum sum;
    sum.add(INT64_MAX - 1, 1);
    CHECK_THROWS_AS(sum.add(10, 1), std::overflow_error);
    REQUIRE(sum.parts().size() == 1);
    CHECK(sum.parts()[0].second == INT64_MAX - 1);
}

TEST_CASE("result lines: more than 64 members or a criterion listed twice are refused") {
    std::string line;
    evaluation ev;
    REQUIRE(parse_evaluation(record("r1", "qd26-2026", 1, s1_total(70)), registry::builtin(), ev)
                .has_value());
    evaluation_result res;
    score_evaluation(ev, res);
    append_result_json(res, line, result_json_options::at(result_detail::criteria));
    const auto good = boost::json::parse(line).as_object();
    cohort_aggregator agg(registry::builtin(), {});
    REQUIRE(agg.add_result(good).has_value());
    auto twice = good;
    auto& crit = twice.at("criteria").as_array();
    REQUIRE(crit.size() > 1);
    crit.push_back(crit.at(0));
    auto r = agg.add_result(twice);
    REQUIRE_FALSE(r.has_value());
    CHECK(contains(r.error().message, "listed twice"));
    auto many = good;
    many["members"] = 65;
    r = agg.add_result(many);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().path == "/members");
}

TEST_CASE("a ruleset file that is not JSON is named by every command, with no stray '/: '") {
    const std::string cli = OCOP_CLI;
    const auto bad = temp_file("not-a-ruleset.json", "{\"id\":");
    const auto evals = temp_file("one-eval.jsonl", "{\"id\":\"x\",\"sheet\":1,\"answers\":{}}\n");
    for (const std::string& args :
         {"ruleset show " + bad, "ruleset lint " + bad, "ruleset export " + bad,
          "ruleset diff qd26-2026 " + bad, "score " + evals + " --ruleset-file " + bad}) {
        INFO(args);
        std::string out;
        CHECK(run(cli + " " + args + " 2>&1 >/dev/null", &out) == 3);
        CHECK(out.find(bad + ": ") != std::string::npos);
        CHECK(out.find("/: ") == std::string::npos);
        CHECK(out.find("not valid JSON") != std::string::npos);
    }
}
