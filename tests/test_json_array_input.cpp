// A JSON array as input, read element by element by both readers (the record reader of
// plan/range/council/… and the batch reader of score/aggregate/report): any size and any
// layout, each element bounded, one bad element never losing the others, a truncated first
// line never losing the file, and the same records and errors from both readers.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <sstream>

using namespace ocop;
using namespace ocop::test;

namespace {

std::string rec(const std::string& id) {
    return R"({"id":")" + id +
           R"(","ruleset":"qd26-2026","sheet":1,"answers":{"1.1":2,"1.2":2,"1.3":2,"1.4":2,)"
           R"("1.5":2,"1.6":1,"1.7":1,"2.1":1,"2.2":2,"2.3":3,"2.4":1,"3.1":3,"3.2":0,"3.3":2,)"
           R"("3.4":2,"3.5":2,"4.1":3,"4.2":3,"4.3":5,"5.1":5,"5.2":1,"5.3":3,"6.1":2,"6.2":3,)"
           R"("6.3":3,"6.4":2,"7":1,"8":3,"9":4,"10":3,"11":2,"12":3},"note":"a,]\"[{ }"})";
}

struct outcome {
    std::vector<std::string> ids;      // accepted, in order
    std::vector<std::size_t> lines;    // their lines
    std::vector<std::size_t> err_line; // refused, in order
    std::vector<std::string> err_text;
};

outcome via_record_reader(const std::string& text, std::size_t max_line = 1u << 20) {
    outcome o;
    std::istringstream in(text);
    record_reader_options opts;
    opts.max_line_bytes = max_line;
    opts.max_document_bytes = 1024; // arrays are not documents: never capped
    record_callbacks cb;
    cb.on_record = [&](const reader_record& r) -> result<void> {
        o.ids.push_back(record_id(*r.value));
        o.lines.push_back(r.line);
        return {};
    };
    cb.on_error = [&](const record_error& e) {
        o.err_line.push_back(e.line);
        o.err_text.push_back(e.diag.message);
    };
    auto n = read_records(in, "in.json", opts, cb);
    REQUIRE(n.has_value());
    CHECK(n->records == o.ids.size() + o.err_line.size());
    return o;
}

outcome via_batch(const std::string& text, unsigned threads, std::size_t max_line = 1u << 20) {
    outcome o;
    std::istringstream in(text);
    std::ostringstream out;
    batch_options opts;
    opts.threads = threads;
    opts.max_line_bytes = max_line;
    opts.max_document_bytes = 1024;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) {
        o.err_line.push_back(e.line);
        o.err_text.push_back(e.diag.message);
    };
    auto s = score_stream(in, &out, registry::builtin(), opts, cb);
    REQUIRE(s.has_value());
    std::istringstream lines(out.str());
    for (std::string l; std::getline(lines, l);)
        o.ids.push_back(std::string(boost::json::parse(l).at("id").as_string()));
    CHECK(s->records == o.ids.size() + o.err_line.size());
    return o;
}

// Both readers (and the batch at 1 and 3 threads) accept the same ids and refuse the same
// lines.
outcome both(const std::string& text, std::size_t max_line = 1u << 20) {
    const auto a = via_record_reader(text, max_line);
    for (unsigned t : {1u, 3u}) {
        INFO("batch threads " << t);
        const auto b = via_batch(text, t, max_line);
        CHECK(b.ids == a.ids);
        CHECK(b.err_line == a.err_line);
    }
    return a;
}

std::vector<std::string> ids(std::initializer_list<const char*> l) {
    return {l.begin(), l.end()};
}

} // namespace

TEST_CASE("JSON array input: pretty-printed, each element named by its own line") {
    const std::string text =
        "\xEF\xBB\xBF\n  \n[\n  " + rec("a") + ",\n  " + rec("b") + "\n  ,\n" + rec("c") + "\n]\n";
    const auto o = both(text);
    CHECK(o.ids == ids({"a", "b", "c"}));
    CHECK(o.lines == std::vector<std::size_t>{4, 5, 7});
    CHECK(o.err_line.empty());
}

TEST_CASE("JSON array input: minified on one line longer than the line limit, any size") {
    std::string text = "[";
    for (int i = 0; i < 50; ++i) text += (i ? "," : "") + rec("r" + std::to_string(i));
    text += "]";
    // Elements of ~600 bytes, a line of ~30 KB; the limit is per element.
    const auto o = both(text, 1000);
    REQUIRE(o.ids.size() == 50);
    CHECK(o.ids[49] == "r49");
    CHECK(o.err_line.empty());
}

TEST_CASE("JSON array input: a bad element is one refused record, the others are read") {
    SECTION("a typo in the first element") {
        const auto o = both("[\n{\"id\": tru},\n" + rec("b") + ",\n" + rec("c") + "\n]\n");
        CHECK(o.ids == ids({"b", "c"}));
        CHECK(o.err_line == std::vector<std::size_t>{2});
    }
    SECTION("a typo in the middle") {
        const auto o = both("[" + rec("a") + ",\n{\"id\": \"x\" \"y\"},\n" + rec("c") + "]");
        CHECK(o.ids == ids({"a", "c"}));
        CHECK(o.err_line == std::vector<std::size_t>{2});
    }
    SECTION("an element longer than the limit") {
        const auto o = both("[" + rec("a") + ",\n{\"id\":\"" + std::string(3000, 'x') + "\"},\n" +
                                rec("c") + "]",
                            1000);
        CHECK(o.ids == ids({"a", "c"}));
        REQUIRE(o.err_line == std::vector<std::size_t>{2});
        CHECK(o.err_text[0].find("longer than 1000") != std::string::npos);
    }
    SECTION("a comma too many") {
        const auto o = both("[" + rec("a") + ",\n]\n" + rec("d") + "\n");
        CHECK(o.ids == ids({"a", "d"})); // JSON Lines after the array are read too
        REQUIRE(o.err_line.size() == 1);
        CHECK(o.err_text[0].find("comma") != std::string::npos);
    }
    SECTION("the array not closed at the end of the input") {
        const auto o = both("[\n" + rec("a") + ",\n" + rec("b") + ",\n{\"id\":\"c\",\n");
        CHECK(o.ids == ids({"a", "b"}));
        REQUIRE(o.err_line == std::vector<std::size_t>{4});
        CHECK(o.err_text[0].find("not closed") != std::string::npos);
    }
    SECTION("empty") {
        const auto o = both(" [ ] \n");
        CHECK(o.ids.empty());
        CHECK(o.err_line.empty());
    }
}

TEST_CASE("JSON array input: a truncated first line never loses the lines after it") {
    const std::string whole = "[" + rec("a") + "]";
    for (std::size_t cut : {std::size_t(1), std::size_t(40), std::size_t(90), whole.size() - 2}) {
        INFO("first line cut at " << cut);
        const std::string text =
            whole.substr(0, cut) + "\n" + rec("b") + "\n" + rec("c") + "\n\n" + rec("d") + "\n";
        const auto o = both(text);
        CHECK(o.ids == ids({"b", "c", "d"}));
        REQUIRE(o.err_line == std::vector<std::size_t>{1});
        CHECK(o.err_text[0].find("read as JSON Lines") != std::string::npos);
    }
    // Cut inside a string, whose quote then pairs with the quotes of the lines after it.
    const std::string in_string =
        "[{\"id\":\"a\",\"note\":\"abc\n" + rec("b") + "\n" + rec("c") + "\n";
    const auto o = both(in_string);
    CHECK(o.ids == ids({"b", "c"}));
    CHECK(o.err_line == std::vector<std::size_t>{1});
}

TEST_CASE("JSON array input: the CLI reads a big array with every command that reads records") {
    std::string text = "[\n";
    for (int i = 0; i < 300; ++i) text += (i ? ",\n" : "") + rec("r" + std::to_string(i));
    text += "\n]\n";
    const auto path = temp_file("array-input.json", text);
    const std::string cli = OCOP_CLI;
    for (const char* cmd : {"score", "range", "plan", "council", "validate"}) {
        INFO(cmd);
        std::string out;
        // A record limit far below the file's size: each element is bounded, not the file.
        const std::string limit = std::string(cmd) == "validate" ? "" : " --max-line-bytes 2000";
        CHECK(run(cli + " " + cmd + " " + path + limit + " 2>/dev/null", &out) == 0);
        if (std::string(cmd) == "score" || std::string(cmd) == "range") {
            std::size_t n = 0;
            for (char c : out) n += c == '\n';
            CHECK(n == 300);
        }
    }
}
