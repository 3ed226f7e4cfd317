// Reading workbooks: files that are not workbooks, and registers (one record per row) written
// by openpyxl with a title row, trailing empty columns, floats, real dates and option texts.
#include "support.hpp"

#include <ocop/spreadsheet_input.hpp>
#include <ocop/workbook.hpp>

#include <catch2/catch.hpp>

namespace {

using namespace ocop;

std::string python_with_openpyxl() {
    for (const char* py : {"/usr/bin/python3", "python3"})
        if (test::run(std::string(py) + " -c 'import openpyxl' 2>/dev/null") == 0) return py;
    return {};
}

} // namespace

TEST_CASE("files that are not workbooks are refused, not crashed on", "[workbook]") {
    auto r = read_workbook(test::temp_file("not-a-zip.xlsx", "id,sheet\n"), registry::builtin());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::io_error);
    CHECK(r.error().message.find("not a readable .xlsx workbook") != std::string::npos);
    auto missing = read_workbook(std::string(OCOP_TEST_TMP) + "/no-such.xlsx", registry::builtin());
    REQUIRE_FALSE(missing.has_value());
    CHECK(is_workbook_path("a/B.XLSX"));
    CHECK_FALSE(is_workbook_path("a.csv"));
    CHECK(cell_reference("Sheet1", 13, 2) == "Sheet1!C14");
    CHECK(cell_reference("Phiếu 1", 0, 27) == "'Phiếu 1'!AB1");
    CHECK(cell_reference("it's", 0, 0) == "'it''s'!A1");
}

TEST_CASE("a register worksheet: title rows, trailing columns, floats, dates, option texts",
          "[workbook]") {
    const std::string py = python_with_openpyxl();
    if (py.empty()) {
        WARN("SKIP: python3-openpyxl is not installed");
        return;
    }
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    // Row 1 a title, row 2 empty, row 3 the header (with two empty columns after it), then
    // three products: maximum points as floats, one with option texts, one with an error.
    std::string script = "import datetime, openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\n"
                         "ws.title = 'So'\nws['A1'] = 'Sổ đánh giá OCOP 2026'\n"
                         "head = ['id', 'sheet', 'province', 'evaluated_on'";
    for (const auto* c : sh.criterion_defs) script += ", '" + c->id + "'";
    script += "]\nfor i, h in enumerate(head): ws.cell(row=3, column=i + 1, value=h)\n";
    std::string full = "[", texts = "[";
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        full += (c ? ", " : "") + std::to_string(sh.criteria[c].max_points) + ".0";
        // The last option's text, exactly as the template's drop-down shows it.
        std::string t = option_display_text(sh, c, sh.criteria[c].option_count - 1);
        std::string esc;
        for (char ch : t)
            esc += ch == '\''   ? std::string("\\'")
                   : ch == '\\' ? std::string("\\\\")
                                : std::string(1, ch);
        texts += (c ? ", '" : "'") + esc + "'";
    }
    full += "]";
    texts += "]";
    script += "rows = [['R1', 1, 'Huế', datetime.datetime(2026, 3, 15)] + " + full +
              ",\n ['R2', 1.0, 'Huế', '15/03/2026'] + " + texts +
              ",\n ['R3', 1, 'Huế', None] + [7] + " + full +
              "[1:]]\n"
              "for r, row in enumerate(rows):\n"
              "    for c, v in enumerate(row): ws.cell(row=4 + r, column=c + 1, value=v)\n"
              "ws.cell(row=3, column=len(head) + 3, value=None)\n"
              "wb.save('" +
              std::string(OCOP_TEST_TMP) + "/register.xlsx')\n";
    const std::string sp = test::temp_file("make_register.py", script);
    REQUIRE(test::run(py + " " + sp) == 0);
    auto recs = read_evaluation_file(std::string(OCOP_TEST_TMP) + "/register.xlsx",
                                     registry::builtin(), input_encoding::automatic);
    REQUIRE(recs.has_value());
    REQUIRE(recs->size() == 3);
    for (int i = 0; i < 2; ++i) {
        const auto& r = (*recs)[static_cast<std::size_t>(i)];
        INFO(r.where);
        REQUIRE_FALSE(r.refusal);
        CHECK(r.record.at("evaluated_on").as_string() == "2026-03-15");
        evaluation ev;
        auto p = parse_evaluation(r.record, registry::builtin(), ev);
        REQUIRE(p.has_value());
        CHECK(score_evaluation(ev).total == score{100, 1});
    }
    CHECK((*recs)[0].where == "So!4");
    const auto& bad = (*recs)[2];
    evaluation ev;
    auto p = parse_evaluation(bad.record, registry::builtin(), ev);
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().code == errc::impossible_points);
    CHECK(bad.place_of(p.error().path) == "So!E6"); // the first criterion column, row 6
}

TEST_CASE("ocop score -o results.xlsx writes the wide table with numbers as numbers",
          "[workbook]") {
    const std::string py = python_with_openpyxl();
    if (py.empty()) {
        WARN("SKIP: python3-openpyxl is not installed");
        return;
    }
    const std::string dir = OCOP_TEST_TMP;
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    std::string csv = "id,sheet";
    for (const auto* c : sh.criterion_defs) csv += "," + c->id;
    csv += "\n007,1";
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        csv += "," + std::string(c == 0 ? "1|2|2" : std::to_string(sh.criteria[c].max_points));
    csv += "\n";
    const std::string in = test::temp_file("to-xlsx.csv", csv);
    REQUIRE(test::run(std::string(OCOP_CLI) + " score " + in + " -o " + dir +
                      "/results.xlsx --quiet") == 0);
    const std::string check = test::temp_file(
        "check_results.py",
        "import openpyxl\nws = openpyxl.load_workbook('" + dir +
            "/results.xlsx').active\n"
            "h = [c.value for c in ws[1]]\nr = [c.value for c in ws[2]]\n"
            "v = lambda k: r[h.index(k)]\n"
            "print(repr(v('id')), repr(v('members')), repr(v('1.1 option')), repr(v('1.1 points')),"
            " repr(v('total')), repr(v('total_exact')), ws.freeze_panes)\n");
    std::string out;
    REQUIRE(test::run(py + " " + check, &out) == 0);
    // The id keeps its zeros; members disagree on 1.1 (no single option); means are numbers
    // (exact 5/3 and 296/3 divided; libxlsxwriter stores 16 significant digits).
    CHECK(out == "'007' 3 None 1.666666666666667 98.66666666666667 '296/3' B2\n");
    // Never over the input.
    CHECK(test::run(std::string(OCOP_CLI) + " score " + dir + "/results.xlsx -o " + dir +
                    "/results.xlsx 2>/dev/null") == 2);
}
