// The ruleset linter on the known-defective built-in sheets and on broken rulesets.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace ocop;

namespace {
std::set<int> sheets_with(const std::vector<lint_finding>& fs, const std::string& check) {
    std::set<int> out;
    for (const auto& f : fs)
        if (f.check == check) out.insert(f.sheet);
    return out;
}
ruleset_document builtin_doc(const char* id) {
    return read_json<ruleset_document>(boost::json::parse(registry::builtin_text(id))).value();
}
/// A minimal valid ruleset: one sheet, one group per part.
boost::json::object tiny() {
    return boost::json::parse(R"({
      "format": "ocop-ruleset/1", "id": "tiny", "title": "t", "status": "provisional",
      "provenance": {"decision": "test", "issued_on": "2026-01-01", "effective_from": "2026-01-01"},
      "parts": [{"code": "A", "name_vi": "A", "budget": 40}, {"code": "B", "name_vi": "B", "budget": 25},
                {"code": "C", "name_vi": "C", "budget": 35}],
      "star_bands": [{"stars": 5, "min": 90, "max": 100, "max_inclusive": true},
                     {"stars": 4, "min": 70, "max": 90}, {"stars": 3, "min": 50, "max": 70},
                     {"stars": 2, "min": 30, "max": 50}, {"stars": 1, "min": 0, "max": 30}],
      "council": {"combine": "mean"},
      "policies": {"missed_minimum": "cap", "defects": "probable"},
      "sheets": [{"no": 1, "name_vi": "s", "status": "consistent", "groups": [
        {"part": "A", "code": "1", "title_vi": "g1", "max_points": 40, "criteria": [
          {"id": "1", "code": "1", "title_vi": "c1", "max_points": 40,
           "options": [{"label_vi": "o0", "points": 0}, {"label_vi": "o40", "points": 40, "marker": 4}]}]},
        {"part": "B", "code": "2", "title_vi": "g2", "max_points": 25, "criteria": [
          {"id": "2", "code": "2", "title_vi": "c2", "max_points": 25,
           "options": [{"label_vi": "o0", "points": 0}, {"label_vi": "o25", "points": 25}]}]},
        {"part": "C", "code": "3", "title_vi": "g3", "max_points": 35, "criteria": [
          {"id": "3", "code": "3", "title_vi": "c3", "max_points": 35,
           "options": [{"label_vi": "o0", "points": 0}, {"label_vi": "o35", "points": 35}]}]}]}]
    })")
        .as_object();
}
std::string text(const boost::json::object& o) {
    return boost::json::serialize(o);
}
} // namespace

TEST_CASE("qd148: budget mismatches, repeated codes and maxima are found") {
    const auto fs = lint(builtin_doc("qd148-2023"));
    CHECK(sheets_with(fs, "budget_mismatch") == std::set<int>{11, 12, 13});
    CHECK(sheets_with(fs, "duplicate_code") == std::set<int>{11, 13, 18, 19});
    CHECK(sheets_with(fs, "max_mismatch") == std::set<int>{7});
    CHECK(sheets_with(fs, "unreachable_star").empty());
    for (const auto& f : fs) CHECK(f.severity != lint_severity::error);
}

TEST_CASE("qd26: the five defective sheets are named; strict refuses them") {
    const auto doc = builtin_doc("qd26-2026");
    const auto fs = lint(doc);
    CHECK(sheets_with(fs, "printed_defect") == std::set<int>{4, 7, 10, 11, 23});
    CHECK(sheets_with(fs, "budget_mismatch").empty());
    for (const auto& f : fs) CHECK(f.severity != lint_severity::error);
    const auto strict = lint(doc, load_options{{}, defect_policy::strict});
    CHECK(sheets_with(strict, "sheet_defective") == std::set<int>{4, 7, 10, 11, 23});
    // Read as printed, the defects show up as arithmetic problems too.
    CHECK(sheets_with(strict, "budget_mismatch").count(23) == 1);
    CHECK(sheets_with(strict, "repeated_points").count(7) == 1);
    auto rs = ruleset::compile(doc, load_options{{}, defect_policy::strict});
    REQUIRE(rs.has_value());
    CHECK(rs->sheet(4)->refusal.has_value());
    CHECK_FALSE(rs->sheet(1)->refusal.has_value());
}

TEST_CASE("qd1048: the missing sheet, the four defective sheets and inferred cases") {
    const auto doc = builtin_doc("qd1048-2019");
    const auto fs = lint(doc);
    CHECK(sheets_with(fs, "sheet_missing") == std::set<int>{3});
    CHECK(sheets_with(fs, "printed_defect") == std::set<int>{6, 10, 16, 19});
    CHECK(sheets_with(fs, "budget_mismatch") == std::set<int>{10, 16, 19});
    CHECK(sheets_with(fs, "repeated_points") == std::set<int>{6});
    CHECK(sheets_with(fs, "duplicate_code") == std::set<int>{14});
    // 3.2 is printed with its case headings only on sheets 1, 7, 11 and 12; tourism 9, 10,
    // 16 print none: every other split is the data's inference, said as a note.
    std::set<int> inferred = sheets_with(fs, "case_inferred");
    CHECK(inferred.count(26) == 1);
    for (int no : {1, 7, 11, 12, 3}) CHECK(inferred.count(no) == 0);
    CHECK(inferred.size() == 21);
    int errors = 0;
    for (const auto& f : fs) {
        if (f.check == "case_inferred") CHECK(f.severity == lint_severity::note);
        errors += f.severity == lint_severity::error;
    }
    CHECK(errors == 1); // sheet 3 only
    const auto strict = lint(doc, load_options{{}, defect_policy::strict});
    CHECK(sheets_with(strict, "sheet_defective") == std::set<int>{6, 10, 16, 19});

    // The CLI prints them and exits 1 (an error finding).
    std::string out;
    CHECK(test::run(std::string(OCOP_CLI) + " ruleset lint qd1048-2019", &out) == 1);
    CHECK(out.find("error: sheet_missing: sheet 3: \"Gạo, ngũ cốc\" is missing") !=
          std::string::npos);
    CHECK(out.find("warning: printed_defect: sheet 16: Part C: groups sum to 38") !=
          std::string::npos);
}

TEST_CASE("alternative cases inside a criterion: checked when loading") {
    auto o = tiny();
    auto& crit = o["sheets"]
                     .as_array()[0]
                     .as_object()["groups"]
                     .as_array()[1]
                     .as_object()["criteria"]
                     .as_array()[0]
                     .as_object();
    crit["cases"] = boost::json::parse(R"([{"case_no": 1, "label_vi": "a"},
                                           {"case_no": 2, "label_vi": "b"}])");
    crit["options"] = boost::json::parse(R"([{"label_vi": "a0", "points": 0, "case_no": 1},
        {"label_vi": "a25", "points": 25, "case_no": 1}, {"label_vi": "b0", "points": 0,
        "case_no": 2}, {"label_vi": "b10", "points": 10, "case_no": 2}])");
    auto rs = ruleset::load(text(o));
    REQUIRE(rs.has_value());
    const auto* sh = rs->sheet(1);
    REQUIRE_FALSE(sh->refusal.has_value());
    CHECK(sh->max_total == 100);
    CHECK(sh->case_max(1, 1) == 25);
    CHECK(sh->case_max(1, 2) == 10);
    CHECK(sh->criteria[1].cases == 2);
    // Points restart at each case: no options_order warning; 0 is in both cases.
    for (const auto& f : rs->findings()) CHECK(f.check != "options_order");
    registry reg;
    reg.add(*rs);
    auto s = test::score_text(
        R"({"id":"x","ruleset":"tiny","sheet":1,"answers":{"1":40,"2":{"option":4},"3":35}})", reg);
    CHECK(s.res.total == score{85, 1});
    bool named = false;
    for (const auto& r : s.res.reasons)
        named = named || (r.kind == reason_kind::alternative_case &&
                          r.message == "2 answered from case 2 (\"b\"), case maximum 10; "
                                       "criterion maximum 25");
    CHECK(named);

    // An option without a declared case, and a case without options, refuse the sheet.
    auto bad = o;
    auto& bc = bad["sheets"]
                   .as_array()[0]
                   .as_object()["groups"]
                   .as_array()[1]
                   .as_object()["criteria"]
                   .as_array()[0]
                   .as_object();
    bc["options"].as_array()[3].as_object()["case_no"] = 3;
    auto r1 = ruleset::load(text(bad));
    REQUIRE(r1.has_value());
    REQUIRE(r1->sheet(1)->refusal.has_value());
    CHECK(r1->sheet(1)->refusal->code == errc::ruleset_invalid);
    CHECK(r1->sheet(1)->refusal->path == "/sheets/0/groups/1/criteria/0/options/3/case_no");
    bc["options"].as_array()[3].as_object()["case_no"] = 1;
    bc["options"].as_array()[2].as_object()["case_no"] = 1;
    auto r2 = ruleset::load(text(bad));
    REQUIRE(r2.has_value());
    REQUIRE(r2->sheet(1)->refusal.has_value());
    CHECK(r2->sheet(1)->refusal->path == "/sheets/0/groups/1/criteria/0/cases");
}

TEST_CASE("a tiny valid ruleset loads and scores") {
    auto rs = ruleset::load(text(tiny()));
    REQUIRE(rs.has_value());
    CHECK(rs->sheet(1)->max_total == 100);
    CHECK(rs->hash().rfind("sha256:", 0) == 0);
    CHECK(rs->hash().size() == 7 + 64);
    registry reg;
    reg.add(*rs);
    auto s = test::score_text(
        R"({"id":"x","ruleset":"tiny","sheet":1,"answers":{"1":0,"2":25,"3":35}})", reg);
    CHECK(s.res.total == score{60, 1});
    CHECK(s.res.band_stars == 3);
    CHECK(s.res.marker_stars == 3); // criterion 1 needs 40 for 4★
}

TEST_CASE("the same content gives the same hash, whatever the formatting") {
    auto a = ruleset::load(text(tiny()));
    // BOM, CRLF and indentation do not change the hash.
    std::string pretty = "\xEF\xBB\xBF";
    for (char ch : text(tiny())) {
        pretty += ch;
        if (ch == ',') pretty += "\r\n    ";
    }
    auto b = ruleset::load(pretty);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(a->hash() == b->hash());
    auto changed = tiny();
    changed["title"] = "other";
    CHECK(ruleset::load(text(changed))->hash() != a->hash());
}

TEST_CASE("broken rulesets are refused with a path") {
    auto expect = [](boost::json::object o, const std::string& path) {
        auto rs = ruleset::load(text(o));
        REQUIRE_FALSE(rs.has_value());
        INFO(rs.error().message);
        CHECK(rs.error().path == path);
    };
    auto o = tiny();
    o["format"] = "ocop-ruleset/2";
    expect(o, "/format");
    o = tiny();
    o.erase("council");
    expect(o, "/council");
    o = tiny();
    o["extra"] = 1;
    expect(o, "/extra");
    o = tiny();
    o["star_bands"].as_array()[1].as_object()["min"] = 60; // 4★ from 60 overlaps 3★ to 70
    expect(o, "/star_bands");
    o = tiny();
    o["star_bands"].as_array()[0].as_object()["stars"] = 4; // two 4★ bands: the second named
    expect(o, "/star_bands/1/stars");
    o = tiny();
    o["star_bands"].as_array()[2].as_object()["min"] = 49.5001;
    expect(o, "/star_bands/2/min");
    o = tiny();
    o["parts"].as_array()[2].as_object()["code"] = "A";
    expect(o, "/parts");
    o = tiny();
    o["sheets"].as_array()[0].as_object()["groups"].as_array()[0].as_object()["part"] = "D";
    expect(o, "/sheets/0/groups/0/part");
    CHECK(ruleset::load("{").error().code == errc::invalid_json);
}

TEST_CASE("sheet-level problems refuse only that sheet") {
    auto o = tiny();
    auto& crit = o["sheets"]
                     .as_array()[0]
                     .as_object()["groups"]
                     .as_array()[0]
                     .as_object()["criteria"]
                     .as_array()[0]
                     .as_object();
    crit["options"].as_array()[1].as_object()["marker"] = 6;
    auto rs = ruleset::load(text(o));
    REQUIRE(rs.has_value());
    REQUIRE(rs->sheet(1)->refusal.has_value());
    CHECK(rs->sheet(1)->refusal->path == "/sheets/0/groups/0/criteria/0/options/1/marker");
}

TEST_CASE("linter warnings: non-monotone bands, gaps, unreachable stars, order") {
    auto o = tiny();
    // 5★ from 101: unreachable on a 100-point sheet; leaves a gap above 4★.
    o["star_bands"].as_array()[0].as_object()["min"] = 101;
    o["star_bands"].as_array()[0].as_object()["max"] = 110;
    auto doc = read_json<ruleset_document>(o).value();
    auto fs = lint(doc);
    CHECK(sheets_with(fs, "unreachable_star") == std::set<int>{1});
    CHECK(sheets_with(fs, "band_gap") == std::set<int>{0});
    o = tiny();
    o["star_bands"].as_array()[0].as_object()["min"] = 10; // 5★ from 10 to 100 overlaps
    CHECK_FALSE(ruleset::load(text(o)).has_value());
    o = tiny();
    o["sheets"].as_array()[0].as_object()["groups"].as_array()[1].as_object()["max_points"] = 20;
    doc = read_json<ruleset_document>(o).value();
    fs = lint(doc);
    CHECK(sheets_with(fs, "group_sum") == std::set<int>{1});
    CHECK(sheets_with(fs, "budget_mismatch") == std::set<int>{1});
}
