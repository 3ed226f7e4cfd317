// The spreadsheet round trip: `ocop template` → filled by openpyxl (an independent .xlsx
// writer) → read back → scored, equal to scoring the same answers given as JSON, for every
// sheet of qd26-2026 and qd148-2023, one product per form and as a council.
#include "support.hpp"

#include <ocop/result_json.hpp>
#include <ocop/workbook.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace {

using namespace ocop;

/// A Python 3 with openpyxl (the Debian one may not be first on PATH), or "".
std::string python_with_openpyxl() {
    for (const char* py : {"/usr/bin/python3", "python3"})
        if (test::run(std::string(py) + " -c 'import openpyxl' 2>/dev/null") == 0) return py;
    return {};
}

/// Score one evaluation object, as a full JSON result line (or the refusal).
std::string score_line(const boost::json::value& v) {
    evaluation ev;
    auto r = parse_evaluation(v, registry::builtin(), ev);
    if (!r) return "refused: " + r.error().what();
    evaluation_result res;
    score_evaluation(ev, res);
    std::string out;
    append_result_json(res, out);
    return out;
}

std::vector<boost::json::value> read_jsonl(const std::string& path) {
    std::vector<boost::json::value> out;
    std::istringstream in(test::read_file(path));
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(boost::json::parse(line));
    return out;
}

/// Template → filled → read back; every record scores as its JSON twin.
void round_trip(const std::string& ruleset, const std::string& extra, const std::string& tag,
                std::size_t expected_records) {
    const std::string py = python_with_openpyxl();
    if (py.empty()) {
        WARN("SKIP: python3-openpyxl is not installed (tools/install-deps.sh)");
        return;
    }
    const std::string dir = OCOP_TEST_TMP;
    const std::string tpl = dir + "/rt-" + tag + ".xlsx",
                      filled = dir + "/rt-" + tag + "-filled.xlsx",
                      answers = dir + "/rt-" + tag + ".jsonl";
    REQUIRE(test::run(std::string(OCOP_CLI) + " template --ruleset " + ruleset + " " + extra +
                      " -o " + tpl) == 0);
    // The structure, read by openpyxl: drop-downs, protection, formulas, A4.
    std::string forms;
    REQUIRE(test::run(py + " " + OCOP_SOURCE_DIR + "/tests/python/inspect_template.py " + tpl,
                      &forms) == 0);
    CHECK(std::stoul(forms) >= expected_records);
    REQUIRE(test::run(py + " " + OCOP_SOURCE_DIR + "/tests/python/fill_workbook.py " + tpl + " " +
                      filled + " " + answers + " --seed=7 --prefix=" + tag) == 0);
    const auto twins = read_jsonl(answers);
    auto wb = read_workbook(filled, registry::builtin());
    REQUIRE(wb.has_value());
    REQUIRE(wb->size() == expected_records);
    REQUIRE(twins.size() == expected_records);
    std::size_t scored = 0;
    for (std::size_t i = 0; i < wb->size(); ++i) {
        const auto& rec = (*wb)[i];
        INFO("record " << i << " (" << rec.where << ")");
        REQUIRE_FALSE(rec.refusal);
        const std::string from_xlsx = score_line(rec.evaluation);
        const std::string from_json = score_line(twins[i]);
        CHECK(from_xlsx == from_json);
        scored += from_xlsx.rfind("refused", 0) != 0;
    }
    CHECK(scored == expected_records); // every filled form is a valid evaluation
}

} // namespace

TEST_CASE("every sheet of qd26-2026 round-trips through a filled workbook", "[workbook]") {
    round_trip("qd26-2026", "", "qd26", registry::builtin().find("qd26-2026")->sheets().size());
}

TEST_CASE("every sheet of qd148-2023 round-trips through a filled workbook", "[workbook]") {
    round_trip("qd148-2023", "--english", "qd148",
               registry::builtin().find("qd148-2023")->sheets().size());
}

TEST_CASE("a council workbook scores as a council", "[workbook]") {
    round_trip("qd26-2026", "--sheet 26 --sheet 1 --members 3", "council26", 2);
    round_trip("qd148-2023", "--sheet 11 --members 4", "council148", 1);
    const std::string dir = OCOP_TEST_TMP;
    if (python_with_openpyxl().empty()) return;
    auto wb = read_workbook(dir + "/rt-council148-filled.xlsx", registry::builtin());
    REQUIRE(wb.has_value());
    REQUIRE(wb->size() == 1);
    const auto& ev = (*wb)[0].evaluation;
    REQUIRE(ev.at("members").as_array().size() == 4);
    // Member 3's answer to the first criterion (row 17: 12 header rows, heading, part, group).
    CHECK((*wb)[0].cell_of("/members/2/1a") == "'Phiếu 11 - TV3'!C17");
}
