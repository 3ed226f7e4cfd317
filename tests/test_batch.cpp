// Streaming batch scoring: order, thread-count independence, bad records never stop the
// batch nor lose a good record, office-file quirks, whole-document JSON, the CLI.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/generate.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

namespace {

using namespace ocop;

/// A complete sheet-1 evaluation (every criterion at its maximum) with this id.
std::string good(const std::string& id) {
    const auto* sh = registry::builtin().find("qd26-2026")->sheet(1);
    std::string s = "{\"id\":\"" + id + "\",\"sheet\":1,\"province\":\"Hà Nội\",\"answers\":{";
    for (std::size_t c = 0; c < sh->criteria.size(); ++c)
        s += (c ? ",\"" : "\"") + sh->criterion(c).id +
             "\":" + std::to_string(sh->criteria[c].max_points);
    return s + "}}";
}

struct run_result {
    std::string out;
    std::vector<batch_error> errors;
    batch_summary sum;
};

run_result run_batch(const std::string& input, batch_options o = {}) {
    std::istringstream in(input);
    std::ostringstream out;
    run_result r;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) { r.errors.push_back(e); };
    auto s = score_stream(in, &out, registry::builtin(), o, cb);
    REQUIRE(s.has_value());
    r.sum = *s;
    r.out = out.str();
    return r;
}

std::vector<std::string> ids_of(const std::string& jsonl) {
    std::vector<std::string> ids;
    std::istringstream in(jsonl);
    std::string line;
    while (std::getline(in, line))
        ids.push_back(boost::json::parse(line).at("id").as_string().c_str());
    return ids;
}

} // namespace

TEST_CASE("bad records are reported and skipped; every good record is scored, in order") {
    const std::string huge_line = "{\"id\":\"long\",\"pad\":\"" + std::string(10000, 'x') + "\"}";
    const std::vector<std::pair<std::string, bool>> lines = {
        {good("g1"), true},
        {"{\"id\":\"trunc\",\"sheet\":1,\"answ", false}, // truncated
        {good("g2"), true},
        {"{\"id\":\"type\",\"sheet\":\"one\",\"answers\":{}}", false},  // wrong type
        {"{\"id\":\"utf\xff\xfe\",\"sheet\":1,\"answers\":{}}", false}, // invalid UTF-8
        {good("g3"), true},
        {"{\"id\":\"big\",\"sheet\":99999999999999999999999,\"answers\":{}}", false}, // huge
        {"{\"id\":\"big2\",\"sheet\":1,\"answers\":{\"1.1\":1e400}}", false},
        {"not json at all", false},
        {"[1,2,3]", false}, // a line holding an array: 3 records (its elements), all refused
        {huge_line, false}, // over the limit
        {good("g4"), true},
    };
    std::string input;
    std::vector<std::string> want;
    for (const auto& [text, ok] : lines) {
        input += text + "\n";
        if (ok) want.push_back(boost::json::parse(text).at("id").as_string().c_str());
    }
    batch_options o;
    o.max_line_bytes = 4096;
    o.chunk_records = 3;
    const auto r = run_batch(input, o);
    CHECK(ids_of(r.out) == want);
    CHECK(r.sum.records == lines.size() - 1 + 3);
    CHECK(r.sum.scored == 4);
    CHECK(r.sum.failed == 10);
    REQUIRE(r.errors.size() == 10);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].diag.code == errc::invalid_json);
    CHECK(r.errors[1].id == "type");
    CHECK(r.errors[1].diag.path == "/sheet");
    CHECK(r.errors[2].diag.code == errc::invalid_json); // Boost.JSON refuses invalid UTF-8
    CHECK(r.errors[4].diag.path == "/answers/1.1");
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(r.errors[6 + k].line == 10);
        CHECK(r.errors[6 + k].diag.message.find("(element " + std::to_string(k + 1) +
                                                " of the line)") != std::string::npos);
    }
    CHECK(r.errors[9].line == 11);
    CHECK(r.errors[9].diag.code == errc::limit_exceeded);
}

TEST_CASE("output is identical for 1, 2 and 4 threads") {
    generate_options g;
    g.count = 1500;
    g.seed = 99;
    std::ostringstream gen;
    REQUIRE(generate_evaluations(registry::builtin(), g, gen).has_value());
    std::string input = gen.str();
    input.insert(input.find('\n', 5000) + 1, "{broken\n");
    input += "{\"id\":\"last-bad\",\"sheet\":1}\n";
    for (auto fmt : {batch_output::jsonl, batch_output::csv}) {
        batch_options o;
        o.output = fmt;
        o.chunk_records = 17;
        const auto one = run_batch(input, o);
        CHECK(one.sum.scored == 1500);
        CHECK(one.sum.failed == 2);
        for (unsigned t : {2u, 4u}) {
            o.threads = t;
            const auto many = run_batch(input, o);
            CHECK(many.out == one.out);
            REQUIRE(many.errors.size() == one.errors.size());
            for (std::size_t i = 0; i < one.errors.size(); ++i)
                CHECK(many.errors[i].line == one.errors[i].line);
        }
    }
}

TEST_CASE("BOM, CRLF, blank lines and no final newline are normal input") {
    const std::string input =
        "\xEF\xBB\xBF" + good("a") + "\r\n\r\n   \r\n" + good("b") + "\r\n\n" + good("c");
    const auto r = run_batch(input);
    CHECK(r.sum.failed == 0);
    CHECK(ids_of(r.out) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a JSON array or one pretty-printed object is read whole") {
    const auto arr = run_batch("[\n" + good("x") + ",\n" + good("y") + "\n]\n");
    CHECK(ids_of(arr.out) == std::vector<std::string>{"x", "y"});
    auto pretty = good("p");
    pretty.insert(1, "\n  ");
    const auto one = run_batch("{\n" + pretty.substr(1) + "\n");
    CHECK(ids_of(one.out) == std::vector<std::string>{"p"});
    // A first line "{" that starts no document: read as JSON Lines, nothing lost.
    const auto lines = run_batch("{\n" + good("q") + "\n");
    CHECK(ids_of(lines.out) == std::vector<std::string>{"q"});
    CHECK(lines.sum.failed == 1);
}

TEST_CASE("result lines go to on_result_line when accepted") {
    const auto scored = run_batch(good("r1") + "\n");
    batch_options o;
    o.accept_results = true;
    o.output = batch_output::none;
    std::istringstream in(scored.out + good("e1") + "\n");
    int lines = 0, results = 0;
    batch_callbacks cb;
    cb.on_result_line = [&](unsigned, const boost::json::object& obj) -> result<void> {
        CHECK(is_result_line(obj));
        ++lines;
        return {};
    };
    cb.on_result = [&](unsigned, const evaluation_result&) { ++results; };
    auto s = score_stream(in, nullptr, registry::builtin(), o, cb);
    REQUIRE(s.has_value());
    CHECK(lines == 1);
    CHECK(results == 1);
}

TEST_CASE("ocop score: exit code 1 with bad records, output written atomically, threads") {
    const std::string in =
        ocop::test::temp_file("batch-in.jsonl", good("c1") + "\n{oops\n" + good("c2") + "\n");
    const std::string out = std::string(OCOP_TEST_TMP) + "/batch-out.jsonl";
    std::remove(out.c_str());
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " score " + in + " -o " + out +
                          " --threads 2 --quiet 2>/dev/null") == 1);
    CHECK(ids_of(ocop::test::read_file(out)) == std::vector<std::string>{"c1", "c2"});
    std::string csv;
    CHECK(ocop::test::run(
              std::string(OCOP_CLI) + " score " + in + " --format csv --quiet 2>/dev/null", &csv) ==
          1);
    CHECK(csv.rfind("id,ruleset,sheet,status,stars", 0) == 0);
    CHECK(csv.find("\nc2,qd26-2026,1,scored,5,") != std::string::npos);
    CHECK(ocop::test::run(std::string(OCOP_CLI) +
                          " score /nonexistent/x.jsonl --quiet 2>/dev/null") == 3);
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " score " + in + " --threads 0 2>/dev/null") ==
          2);
}

TEST_CASE("JSON Lines in blocks: line numbers, long lines and order at any thread count") {
    // Several blocks (workers split them), with bad records, blank and CRLF lines, lines over
    // the limit inside a block, across blocks and at the very end without a newline.
    std::mt19937_64 rng(20261201);
    batch_options o;
    o.max_line_bytes = 200000;
    o.limits.max_string_bytes = 200000;
    std::string input = "\xEF\xBB\xBF";
    std::vector<std::string> want_ids;
    std::vector<std::size_t> want_err_lines;
    std::vector<errc> want_codes;
    std::size_t line = 0, records = 0;
    auto add = [&](const std::string& text, const char* eol) {
        input += text;
        input += eol;
        ++line;
    };
    for (int i = 0; i < 6000; ++i) {
        const auto pick = rng() % 100;
        if (pick < 3) {
            add(rng() % 2 ? "" : "  \t", rng() % 2 ? "\r\n" : "\n");
        } else if (pick < 6) {
            add("{\"id\":\"bad-" + std::to_string(i) + "\",\"sheet\":1}", "\n");
            want_err_lines.push_back(line);
            want_codes.push_back(errc::missing_field);
            ++records;
        } else if (pick == 6 || pick == 7) {
            // Over the limit: 210 kB (inside or across blocks) or 700 kB (more than a block).
            add("{\"id\":\"long\",\"pad\":\"" + std::string(pick == 6 ? 210000 : 700000, 'x') +
                    "\"}",
                "\n");
            want_err_lines.push_back(line);
            want_codes.push_back(errc::limit_exceeded);
            ++records;
        } else if (pick == 8) {
            // Long but within the limit: a record that crosses a block boundary.
            const std::string id = "wide-" + std::to_string(i);
            std::string g = good(id);
            g.insert(1, "\"pad\":\"" + std::string(150000, 'y') + "\",");
            add(g, "\r\n");
            want_ids.push_back(id);
            ++records;
        } else {
            const std::string id = "ok-" + std::to_string(i);
            add(good(id), rng() % 5 ? "\n" : "\r\n");
            want_ids.push_back(id);
            ++records;
        }
    }
    input += "{\"id\":\"tail\",\"pad\":\"" + std::string(300000, 'z') + "\"}"; // no newline
    ++line;
    ++records;
    want_err_lines.push_back(line);
    want_codes.push_back(errc::limit_exceeded);
    REQUIRE(input.size() > (4u << 20));
    std::string first_out;
    for (unsigned t : {1u, 2u, 3u}) {
        o.threads = t;
        const auto r = run_batch(input, o);
        INFO("threads " << t);
        CHECK(r.sum.records == records);
        CHECK(r.sum.scored == want_ids.size());
        CHECK(r.sum.bytes == input.size());
        CHECK(ids_of(r.out) == want_ids);
        REQUIRE(r.errors.size() == want_err_lines.size());
        for (std::size_t i = 0; i < r.errors.size(); ++i) {
            CHECK(r.errors[i].line == want_err_lines[i]);
            CHECK(r.errors[i].diag.code == want_codes[i]);
        }
        if (t == 1) first_out = r.out;
        CHECK(r.out == first_out);
    }
}

TEST_CASE("the same records give the same lines by blocks (JSON Lines) and one by one (array)") {
    generate_options g;
    g.count = 800;
    g.seed = 3;
    std::ostringstream gen;
    REQUIRE(generate_evaluations(registry::builtin(), g, gen).has_value());
    const std::string lines = gen.str();
    std::string array = "[";
    std::istringstream in(lines);
    std::string l;
    while (std::getline(in, l)) array += (array.size() > 1 ? ",\n" : "\n") + l;
    array += "\n]\n";
    for (const auto& opts : {result_json_options::at(result_detail::totals),
                             result_json_options::at(result_detail::full)}) {
        batch_options o;
        o.json = opts;
        o.threads = 2;
        const auto a = run_batch(lines, o);
        const auto b = run_batch(array, o);
        CHECK(a.sum.scored == 800);
        CHECK(a.out == b.out);
    }
}
