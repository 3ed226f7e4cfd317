// CSV evaluations: layout, options by number, councils, quoting, malformed rows, and the
// same results as the equivalent JSON.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/csv.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <catch2/catch.hpp>

#include <sstream>

namespace {

using namespace ocop;

const compiled_sheet& sheet1() {
    return *registry::builtin().find("qd26-2026")->sheet(1);
}

/// Header and a full row of maximum points for sheet 1, with extra leading columns.
std::string header() {
    std::string h = "id,sheet,province,year";
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) h += "," + sheet1().criterion(c).id;
    return h;
}

std::string row(const std::string& lead, const std::string& first_cell = "") {
    std::string r = lead;
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c)
        r +=
            "," + (c == 0 && !first_cell.empty() ? first_cell
                                                 : std::to_string(sheet1().criteria[c].max_points));
    return r;
}

struct outcome {
    std::string out;
    std::vector<batch_error> errors;
    batch_summary sum;
};

outcome run_csv(const std::string& input, batch_output fmt = batch_output::jsonl) {
    std::istringstream in(input);
    std::ostringstream out;
    outcome r;
    batch_options o;
    o.input = batch_input::csv;
    o.output = fmt;
    o.json.criteria = o.json.groups = false;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) { r.errors.push_back(e); };
    auto s = score_stream(in, &out, registry::builtin(), o, cb);
    REQUIRE(s.has_value());
    r.sum = *s;
    r.out = out.str();
    return r;
}

} // namespace

TEST_CASE("csv splitter: quotes, doubled quotes, empty and trailing fields") {
    csv_splitter sp;
    std::string err;
    REQUIRE(sp.split("a,\"b,c\",\"say \"\"hi\"\"\",,", ',', err));
    REQUIRE(sp.size() == 5);
    CHECK(sp.field(1) == "b,c");
    CHECK(sp.field(2) == "say \"hi\"");
    CHECK(sp.field(3).empty());
    CHECK(sp.field(4).empty());
    CHECK_FALSE(sp.split("\"open,b", ',', err));
    CHECK_FALSE(sp.split("\"a\"x,b", ',', err));
    CHECK(detect_csv_separator("id;sheet;1.1") == ';');
    std::string f;
    append_csv_field(f, "a,\"b\"");
    CHECK(f == "\"a,\"\"b\"\"\"");
}

TEST_CASE("a CSV row scores like the same evaluation in JSON") {
    const auto r = run_csv(header() + "\n" + row("c1,1,\"Hà Nội\",2025") + "\n");
    REQUIRE(r.sum.scored == 1);
    const auto v = boost::json::parse(r.out).as_object();
    CHECK(v.at("total").as_int64() == 100);
    CHECK(v.at("stars").as_int64() == 5);
    CHECK(v.at("metadata").at("province").as_string() == "Hà Nội");
    CHECK(v.at("metadata").at("year").as_int64() == 2025); // year read as an integer
}

TEST_CASE("#k selects an option, a|b|c is a council, a single value counts for every member") {
    // 1.1 options are 1, 2, 3 points: #2 is 2 points.
    auto r = run_csv(header() + "\n" + row("o1,1,Huế,2025", "#2") + "\n");
    REQUIRE(r.sum.scored == 1);
    CHECK(boost::json::parse(r.out).at("total").as_int64() == 99);
    // Council of three on 1.1: 3, 2, 1 → mean loss 1; every other cell shared.
    r = run_csv(header() + "\n" + row("o2,1,Huế,2025", "3|2|1") + "\n");
    REQUIRE(r.sum.scored == 1);
    const auto v = boost::json::parse(r.out);
    CHECK(v.at("members").as_int64() == 3);
    CHECK(v.at("total_exact").as_string() == "99");
}

TEST_CASE("malformed CSV rows are reported with their column and never stop the batch") {
    std::string in = "\xEF\xBB\xBF" + header() + "\r\n";
    in += row("g1,1,Huế,2025") + "\r\n";
    in += "short,1,Huế\r\n";                                          // wrong column count
    in += row("bad-points,1,Huế,2025", "7") + "\r\n";                 // impossible points
    in += row("huge,1,Huế,2025", "99999999999999999999999") + "\r\n"; // huge number
    in += row("opt,1,Huế,2025", "#9") + "\r\n";                       // option out of range
    in += row("utf,1,\"Hu\xe9\",2025") + "\r\n";                      // invalid UTF-8
    in += "\r\n";
    in += row("g2,1,\"Đà\nNẵng\",2025") + "\r\n"; // quoted line break
    in += row("two,1,Huế,2025", "3|2") + "\r\n";  // a council of two
    in += row("quote,1,\"Huế,2025");              // quote never closed, no newline
    const auto r = run_csv(in);
    std::vector<std::string> ids;
    for (std::size_t b = 0; b < r.out.size();) {
        const auto e = r.out.find('\n', b);
        ids.push_back(boost::json::parse(r.out.substr(b, e - b)).at("id").as_string().c_str());
        b = e + 1;
    }
    CHECK(ids == std::vector<std::string>{"g1", "g2", "two"});
    REQUIRE(r.errors.size() == 6);
    CHECK(r.errors[0].line == 3);
    CHECK(r.errors[0].diag.message.find("fields") != std::string::npos);
    CHECK(r.errors[1].column == "1.1");
    CHECK(r.errors[1].diag.code == errc::impossible_points);
    CHECK(r.errors[2].column == "1.1");
    CHECK(r.errors[3].diag.code == errc::unknown_option);
    CHECK(r.errors[4].column == "province");
    CHECK(r.errors[5].line == 12);
    CHECK(r.sum.records == r.sum.scored + r.sum.failed);
}

TEST_CASE("a bad CSV header is fatal and says why") {
    std::istringstream in("sheet,1.1\n1,3\n");
    batch_options o;
    o.input = batch_input::csv;
    auto s = score_stream(in, nullptr, registry::builtin(), o);
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().message.find("id") != std::string::npos);
}

TEST_CASE("CSV results: header and one row per record") {
    const auto r =
        run_csv(header() + "\n" + row("c1,1,\"Hà Nội, phường X\",2025") + "\n", batch_output::csv);
    CHECK(r.out.rfind(result_csv_header(), 0) == 0);
    CHECK(r.out.find(
              "c1,qd26-2026,1,scored,5,5,5,band,100,100,40,25,35,1,\"Hà Nội, phường X\",2025,") !=
          std::string::npos);
}

TEST_CASE("ocop score reads .csv files by extension") {
    const auto path =
        ocop::test::temp_file("in.csv", header() + "\n" + row("x1,1,Huế,2025") + "\n");
    std::string out;
    CHECK(ocop::test::run(std::string(OCOP_CLI) + " score " + path + " --compact --quiet", &out) ==
          0);
    CHECK(out.find("\"id\":\"x1\"") != std::string::npos);
}

TEST_CASE("CSV results: the deciding reasons' kinds, quoted only when ';' separates cells") {
    // Full marks but two criteria with a 3-star minimum at their lowest option: the band
    // decides and two minimums are missed, so the last cell joins several kinds with ';'
    // (written in place, not through a string).
    boost::json::object answers;
    int lowered = 0;
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) {
        const auto& cc = sheet1().criteria[c];
        const bool lower = lowered < 2 && cc.min_for_star[3] > 0;
        lowered += lower;
        answers[sheet1().criterion(c).id] =
            boost::json::object{{"option", lower ? 1 : static_cast<int>(cc.option_count)}};
    }
    REQUIRE(lowered == 2);
    boost::json::object rec{{"id", "low"}, {"ruleset", "qd26-2026"}, {"sheet", 1}};
    rec["answers"] = answers;
    evaluation ev;
    REQUIRE(parse_evaluation(rec, registry::builtin(), ev).has_value());
    for (auto detail : {score_detail::full, score_detail::reasons}) {
        evaluation_result res;
        score_evaluation(ev, res, detail);
        std::string kinds;
        for (const auto& x : res.reasons)
            if (x.severity == reason_severity::decision)
                kinds += (kinds.empty() ? "" : ";") +
                         std::string(boost::describe::enum_to_string(x.kind, "?"));
        REQUIRE(kinds.find(';') != std::string::npos);
        std::string comma, semicolon;
        append_result_csv(res, comma, ',');
        append_result_csv(res, semicolon, ';');
        CHECK(comma.substr(comma.rfind(',') + 1) == kinds + "\n");
        CHECK(semicolon.substr(semicolon.size() - kinds.size() - 3) == "\"" + kinds + "\"\n");
    }
}
