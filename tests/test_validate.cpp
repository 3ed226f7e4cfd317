// ocop validate: every problem of every record at once, in Vietnamese and English, with the
// column (CSV) or cell (workbook) named; never silent on what parse_evaluation refuses.
#include "support.hpp"

#include <ocop/spreadsheet_input.hpp>
#include <ocop/validate.hpp>
#include <ocop/workbook.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace {

using namespace ocop;

std::vector<validation_problem> check(const std::string& json,
                                      message_language l = message_language::en) {
    return validate_evaluation(boost::json::parse(json), registry::builtin(), l);
}

bool has(const std::vector<validation_problem>& ps, errc code, const std::string& path) {
    for (const auto& p : ps)
        if (p.code == code && p.path == path) return true;
    return false;
}

} // namespace

TEST_CASE("every problem of a record at once", "[validate]") {
    // Sheet 1 with only three answers: one impossible, one unknown, one bad option number.
    const auto ps = check(R"({"id":"X","sheet":1,
        "answers":{"1.1":7,"9.9":1,"1.2":{"option":9},"1.3":"Có"},"knockouts":["1.1"]})");
    CHECK(has(ps, errc::impossible_points, "/answers/1.1"));
    CHECK(has(ps, errc::unknown_criterion, "/answers/9.9"));
    CHECK(has(ps, errc::unknown_option, "/answers/1.2/option"));
    CHECK(has(ps, errc::wrong_type, "/answers/1.3"));
    CHECK(has(ps, errc::not_a_knockout, "/knockouts/0"));
    // Knock-out declared: later criteria may be left out, so none is reported missing.
    for (const auto& p : ps) CHECK(p.code != errc::missing_criterion);

    const auto missing = check(R"({"id":"X","sheet":1,"answers":{"1.1":3}})");
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    std::size_t n = 0;
    for (const auto& p : missing) n += p.code == errc::missing_criterion;
    CHECK(n == sh.criteria.size() - 1); // all 28 missing criteria in one pass
}

TEST_CASE("record-level problems, choose-one cases, ambiguous codes", "[validate]") {
    auto ps = check(R"({"sheet":"one","ruleset":"qd99","answers":{}})");
    CHECK(has(ps, errc::missing_field, "/id"));
    CHECK(has(ps, errc::unknown_ruleset, "/ruleset"));
    CHECK(has(ps, errc::wrong_type, "/sheet"));
    ps = check(R"({"id":"X","sheet":26,"answers":{"8a":1,"8b":1},"evaluated_on":"15/03/2026"})");
    CHECK(has(ps, errc::case_conflict, "/answers"));
    CHECK(has(ps, errc::invalid_value, "/evaluated_on"));
    ps = check(R"({"id":"X","ruleset":"qd148-2023","sheet":11,"answers":{"6a":1}})");
    CHECK(has(ps, errc::ambiguous_criterion, "/answers/6a"));
    ps = check(R"({"id":"X","sheet":1,"members":[{"1.1":3},{"answers":{"1.1":8}}]})");
    CHECK(has(ps, errc::missing_criterion, "/members/0/1.2"));
    CHECK(has(ps, errc::impossible_points, "/members/1/answers/1.1"));
}

TEST_CASE("messages in Vietnamese and English", "[validate]") {
    const std::string rec = R"({"id":"X","sheet":1,"answers":{"1.1":7}})";
    const auto vi = check(rec, message_language::vi);
    const auto en = check(rec, message_language::en);
    REQUIRE(vi.size() == en.size());
    CHECK(vi[0].message.find("điểm không ứng với phương án nào") != std::string::npos);
    CHECK(en[0].message.find("match no option") != std::string::npos);
    message_language l{};
    CHECK(parse_message_language("en", l));
    CHECK_FALSE(parse_message_language("fr", l));
}

TEST_CASE("validate is empty exactly when parse_evaluation accepts", "[validate]") {
    std::istringstream in(
        test::read_file(std::string(OCOP_SOURCE_DIR) + "/examples/data/sample-national.jsonl"));
    std::string line;
    int n = 0, refused = 0;
    evaluation ev;
    while (std::getline(in, line) && n < 400) {
        if (line.empty()) continue;
        ++n;
        auto v = boost::json::parse(line);
        // Break every fifth record in a different way.
        if (n % 5 == 0) {
            auto& o = v.as_object();
            auto* a = o.if_contains("answers");
            if (n % 10 == 0 && a && !a->as_object().empty())
                a->as_object().erase(a->as_object().begin());
            else
                o["sheet"] = 99;
        }
        const bool ok = parse_evaluation(v, registry::builtin(), ev).has_value();
        refused += !ok;
        CHECK(validate_evaluation(v, registry::builtin(), message_language::en).empty() == ok);
    }
    CHECK(refused > 0);
}

TEST_CASE("ocop validate names CSV columns and workbook cells, and duplicate ids", "[validate]") {
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    std::string csv = "id,sheet";
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) csv += "," + sh.criterion(c).id;
    csv += "\n";
    for (const char* id : {"A", "B", "A"}) {
        csv += std::string(id) + ",1";
        for (std::size_t c = 0; c < sh.criteria.size(); ++c)
            csv += "," + (c == 1 && id[0] == 'B'   ? std::string("7")
                          : c == 2 && id[0] == 'B' ? ""
                                                   : std::to_string(sh.criteria[c].max_points));
        csv += "\n";
    }
    const std::string path = test::temp_file("validate.csv", csv);
    std::string out;
    CHECK(test::run(std::string(OCOP_CLI) + " validate --lang en " + path + " 2>&1", &out) == 1);
    CHECK(out.find("line 3 (id B)  column 1.2  impossible_points") != std::string::npos);
    CHECK(out.find("line 3 (id B)  column 1.3  missing_criterion") != std::string::npos);
    CHECK(
        out.find("line 4 (id A)  column id  invalid_value  duplicate id: already used by line 2") !=
        std::string::npos);
    CHECK(out.find("3 record(s), 2 with problems, 3 problem(s)") != std::string::npos);

    // A workbook: the cells of a wrong answer and of the empty id.
    const std::string tpl = std::string(OCOP_TEST_TMP) + "/validate-template.xlsx";
    REQUIRE(test::run(std::string(OCOP_CLI) + " template --sheet 1 -o " + tpl) == 0);
    // Nothing filled: the form is skipped, nothing to report.
    CHECK(test::run(std::string(OCOP_CLI) + " validate " + tpl + " 2>&1", &out) == 0);
    CHECK(out.find("0 bản ghi") != std::string::npos);
}

TEST_CASE("ocop validate and ocop score name the cells of a spoilt workbook", "[validate]") {
    std::string py;
    for (const char* p : {"/usr/bin/python3", "python3"})
        if (test::run(std::string(p) + " -c 'import openpyxl' 2>/dev/null") == 0) {
            py = p;
            break;
        }
    if (py.empty()) {
        WARN("SKIP: python3-openpyxl is not installed");
        return;
    }
    const std::string dir = OCOP_TEST_TMP, src = OCOP_SOURCE_DIR;
    const std::string tpl = dir + "/spoil.xlsx", filled = dir + "/spoil-filled.xlsx";
    REQUIRE(test::run(std::string(OCOP_CLI) + " template --sheet 1 -o " + tpl) == 0);
    REQUIRE(test::run(py + " " + src + "/tests/python/fill_workbook.py " + tpl + " " + filled +
                      " " + dir + "/spoil.jsonl --prefix=SP") == 0);
    for (const char* date : {"31/02/2026", "15/03/2026"}) {
        const std::string bad = dir + "/spoilt.xlsx";
        REQUIRE(test::run(py + " " + src + "/tests/python/break_workbook.py " + filled + " " + bad +
                          " " + date) == 0);
        std::string out;
        CHECK(test::run(std::string(OCOP_CLI) + " validate --lang en " + bad + " 2>&1", &out) == 1);
        // Rows: title, note, 9 key rows, a blank, heading 13, part A, group 1, 1.1 at 16.
        CHECK(out.find("'Phiếu 1'!C18  missing_criterion  1.3 is not answered") !=
              std::string::npos);
        CHECK(out.find("'Phiếu 1'!C25  wrong_type  2.2: \"Đẹp\" is not one of the options") !=
              std::string::npos);
        // 15/03/2026 is read as 2026-03-15; 31/02/2026 is no date, named by its cell.
        const bool bad_date = std::string(date) == "31/02/2026";
        CHECK((out.find("'Phiếu 1'!C9  invalid_value") != std::string::npos) == bad_date);
        CHECK(out.find(bad_date ? "3 problem(s)" : "2 problem(s)") != std::string::npos);
        CHECK(test::run(std::string(OCOP_CLI) + " score " + bad + " -o /dev/null 2>&1", &out) == 1);
        CHECK(out.find("error: Phiếu 1 (id SP-qd26-2026-1) 'Phiếu 1'!C") != std::string::npos);
    }
    // The filled form itself validates and scores.
    CHECK(test::run(std::string(OCOP_CLI) + " validate " + filled + " 2>/dev/null") == 0);
}

TEST_CASE("text in memory is read and named as the file reader names it", "[validate]") {
    // JSON Lines with a blank line and a bad line, a JSON array, and CSV (chosen by the name).
    const std::string jsonl = "\xEF\xBB\xBF{\"id\":\"a\",\"sheet\":1}\n\n{bad\n{\"id\":\"a\"}\n";
    const std::string array = "[\n {\"id\":\"x\"},\n {\"id\":\"y\"}\n]\n";
    const std::string csv = "id,sheet,1.1\nk,1,2\nk,1,\n";
    for (const auto& [name, text] :
         {std::pair{"mem.jsonl", jsonl}, std::pair{"mem.json", array}, std::pair{"mem.CSV", csv}}) {
        const std::string path = test::temp_file(name, text);
        auto from_file = read_evaluation_file(path, registry::builtin(), input_encoding::automatic);
        auto from_text = read_evaluation_utf8(text, path);
        REQUIRE(from_file.has_value());
        REQUIRE(from_text.has_value());
        REQUIRE(from_file->size() == from_text->size());
        for (std::size_t i = 0; i < from_file->size(); ++i) {
            const auto &f = (*from_file)[i], &t = (*from_text)[i];
            CHECK(f.where == t.where);
            CHECK(f.id == t.id);
            CHECK(f.record == t.record);
            CHECK(f.refusal.has_value() == t.refusal.has_value());
        }
        // The same table and summary either way.
        const auto a = validate_records(*from_file, registry::builtin(), message_language::en);
        const auto b = validate_records(*from_text, registry::builtin(), message_language::en);
        for (auto format :
             {validation_format::text, validation_format::csv, validation_format::jsonl})
            CHECK(write_validation_table(a, format, csv_dialect{}) ==
                  write_validation_table(b, format, csv_dialect{}));
        CHECK(validation_summary(a, message_language::en) ==
              validation_summary(b, message_language::en));
        CHECK(a.records == from_file->size());
        CHECK(a.bad_records > 0);
    }
    const auto lines = read_evaluation_utf8(jsonl, "-");
    REQUIRE(lines.has_value());
    REQUIRE(lines->size() == 3);
    CHECK((*lines)[1].where == "line 3");
    CHECK((*lines)[2].where == "line 4");
    const auto rows = validate_records(*lines, registry::builtin(), message_language::en).rows;
    bool duplicate = false;
    for (const auto& r : rows)
        duplicate |= r.where == "line 4" && r.message == "duplicate id: already used by line 1";
    CHECK(duplicate);
    // Control characters in data cannot forge a line of the text table.
    validation_table forged;
    forged.rows.push_back({"line 1", "x\nline 9 (id y)", "/", "invalid_value", "m\x1b[2J"});
    const auto text = write_validation_table(forged, validation_format::text, csv_dialect{});
    CHECK(text == "line 1 (id x\\nline 9 (id y))  /  invalid_value  m\\x1b[2J\n");
}

TEST_CASE("file extensions are compared whatever their case", "[validate]") {
    CHECK(has_extension("a.csv", ".csv"));
    CHECK(has_extension("A.CSV", ".csv"));
    CHECK(has_extension("x/y.Xlsx", ".xlsx"));
    CHECK_FALSE(has_extension("a.csv.txt", ".csv"));
    CHECK_FALSE(has_extension("csv", ".csv"));
    CHECK(is_workbook_path("Phieu.XLSM"));
    records_output f{};
    CHECK(output_format_from_path("out.JSONL", f));
    CHECK(f == records_output::jsonl);
    CHECK_FALSE(output_format_from_path("out.txt", f));
}
