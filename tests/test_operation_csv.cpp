// CSV tables of plan, range, council, rescore and expiring: every row as wide as its header,
// the same figures as the JSON lines, both dialects, no formula injection, and the CLI's
// --format csv / -o x.csv / --csv-dialect on every one of these commands.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <map>

using namespace ocop;
using namespace ocop::test;

namespace {

const std::string p74_answers =
    R"({"1.1": 2, "1.2": 2, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1, "2.1": 1,
    "2.2": 2, "2.3": 3, "2.4": 1, "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2, "4.1": 3,
    "4.2": 3, "4.3": 5, "5.1": 5, "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2,
    "7": 1, "8": 3, "9": 4, "10": 3, "11": 2, "12": 3})";

// One evaluation on one line (a JSON Lines record).
std::string record(const std::string& id, const std::string& answers) {
    return R"({"id":")" + id + R"(","ruleset":"qd26-2026","sheet":1,"answers":)" +
           boost::json::serialize(boost::json::parse(answers)) + "}";
}

// A CSV text split into rows of fields (no quoted line breaks in these tables).
std::vector<std::vector<std::string>> rows_of(std::string_view text, char sep) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<std::vector<std::string>> rows;
    csv_splitter split;
    std::string err;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        REQUIRE(nl != std::string_view::npos); // every row ends with a newline
        REQUIRE(split.split(text.substr(0, nl), sep, err));
        std::vector<std::string> row;
        for (std::size_t i = 0; i < split.size(); ++i) row.emplace_back(split.field(i));
        rows.push_back(std::move(row));
        text.remove_prefix(nl + 1);
    }
    return rows;
}

// Rows as maps from column name to cell; every row as wide as the header.
std::vector<std::map<std::string, std::string>> table_of(std::string_view text, char sep) {
    auto rows = rows_of(text, sep);
    REQUIRE(!rows.empty());
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        INFO("row " << r);
        REQUIRE(rows[r].size() == rows[0].size());
        std::map<std::string, std::string> m;
        for (std::size_t i = 0; i < rows[0].size(); ++i) m[rows[0][i]] = rows[r][i];
        out.push_back(std::move(m));
    }
    return out;
}

std::string json_text(const boost::json::value& v, std::string_view key) {
    const auto& x = v.as_object().at(key);
    if (x.is_string()) return std::string(x.get_string());
    if (x.is_null()) return "";
    if (x.is_bool()) return x.get_bool() ? "true" : "false";
    return std::to_string(x.to_number<long long>());
}

} // namespace

TEST_CASE("operation CSV: plan rows, one per change, agree with the JSON plan") {
    auto s = score_text(record("P74", p74_answers));
    auto p = plan_upgrade(s.ev, {});
    REQUIRE(p.has_value());
    REQUIRE(p->status == plan_status::planned);
    REQUIRE(!p->changes.empty());
    std::string csv = operation_csv_header(operation_table::plan);
    append_plan_csv(s.ev, *p, csv);
    std::string json;
    append_plan_json(s.ev, *p, json);
    const auto j = boost::json::parse(json);
    const auto t = table_of(csv, ',');
    REQUIRE(t.size() == p->changes.size());
    const auto& changes = j.at("changes").as_array();
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(t[i].at("id") == "P74");
        CHECK(t[i].at("status") == "planned");
        CHECK(t[i].at("change") == std::to_string(i + 1));
        CHECK(t[i].at("criterion") == json_text(changes[i], "criterion"));
        CHECK(t[i].at("from_points") == json_text(changes[i], "from_points"));
        CHECK(t[i].at("to_option") == json_text(changes[i], "to_option"));
        CHECK(t[i].at("total_before") == json_text(j, "total_before"));
        CHECK(t[i].at("total_after") == json_text(j, "total_after"));
        CHECK(t[i].at("stars_after") == json_text(j, "stars_after"));
        CHECK(t[i].at("ruleset_hash") == json_text(j, "ruleset_hash"));
        CHECK(!t[i].at("to_option_text").empty());
    }

    // A plan without changes still gets its row, saying why.
    plan_options at_target;
    at_target.target = p->stars_before;
    auto none = plan_upgrade(s.ev, at_target);
    REQUIRE(none.has_value());
    REQUIRE(none->changes.empty());
    std::string one = operation_csv_header(operation_table::plan);
    append_plan_csv(s.ev, *none, one);
    const auto t1 = table_of(one, ',');
    REQUIRE(t1.size() == 1);
    CHECK(t1[0].at("status") == "already_reached");
    CHECK(t1[0].at("criterion").empty());
    CHECK(t1[0].at("message") == none->message);
}

TEST_CASE("operation CSV: range rows in the excel-vi dialect") {
    // 2.1 and 4.3 unanswered: a range of totals.
    auto ans = boost::json::parse(p74_answers).as_object();
    ans.erase("2.1");
    ans.erase("4.3");
    const auto rec = boost::json::parse(record("R1", boost::json::serialize(ans)));
    auto ev = parse_partial_evaluation(rec, registry::builtin());
    REQUIRE(ev.has_value());
    auto r = range_of(*ev);
    REQUIRE(r.has_value());
    std::string csv = operation_csv_header(operation_table::range, csv_excel_vi);
    CHECK(csv.starts_with("\xEF\xBB\xBFid;ruleset;sheet;"));
    append_range_csv(*ev, *r, csv, csv_excel_vi);
    std::string json;
    append_range_json(*ev, *r, json);
    const auto j = boost::json::parse(json);
    const auto t = table_of(csv, ';');
    REQUIRE(t.size() == 1);
    CHECK(t[0].at("unscored") == "2");
    CHECK(t[0].at("missing") == "2.1 4.3");
    auto comma = [](std::string s) {
        for (auto& c : s)
            if (c == '.') c = ',';
        return s;
    };
    CHECK(t[0].at("total_min") == comma(json_text(j, "total_min")));
    CHECK(t[0].at("total_max") == comma(json_text(j, "total_max")));
    CHECK(t[0].at("total_max_fraction") == json_text(j, "total_max_fraction"));
    CHECK(t[0].at("stars_min") == json_text(j, "stars_min"));
    CHECK(t[0].at("stars_max") == json_text(j, "stars_max"));
    CHECK(t[0].at("knockout_possible") == json_text(j, "knockout_possible"));
}

TEST_CASE("operation CSV: council rows, one per member, with exact means") {
    auto m1 = boost::json::parse(p74_answers).as_object(); // 74
    auto m2 = m1;
    m2["2.1"] = 3; // 76
    auto m3 = m1;
    m3["4.3"] = 0; // 69
    boost::json::object rec{{"id", "=HYPERLINK(\"x\")"},
                            {"ruleset", "qd26-2026"},
                            {"sheet", 1},
                            {"members", boost::json::array{m1, m2, m3}}};
    auto s = score_text(boost::json::serialize(rec));
    const auto review = review_council(s.ev);
    std::string csv = operation_csv_header(operation_table::council);
    append_review_csv(s.ev, review, csv);
    const auto t = table_of(csv, ',');
    REQUIRE(t.size() == 3);
    // 74 + 76 + 69 = 219 → 73; the others' mean of member 3 is (74 + 76) / 2 = 75.
    CHECK(t[0].at("mean_total") == "73");
    CHECK(t[2].at("member") == "3");
    CHECK(t[2].at("member_total") == "69");
    CHECK(t[2].at("others_mean") == "75");
    CHECK(t[2].at("difference") == "-6");
    CHECK(t[0].at("others_mean_fraction") == "145/2");
    CHECK(t[0].at("others_mean") == "72.5");
    CHECK(t[0].at("disagreement") == "2.1 1–3; 4.3 0–5");
    // The id would be a formula in a spreadsheet: written as text.
    CHECK(t[0].at("id") == "'=HYPERLINK(\"x\")");
}

TEST_CASE("operation CSV: rescore rows and the migration matrix") {
    const auto& reg = registry::builtin();
    const ruleset& from = *reg.find("qd26-2026");
    rescorer rs(reg, from, from, fill_policy::refuse);
    std::string csv = operation_csv_header(operation_table::rescore, csv_excel_vi);
    for (const char* id : {"A", "B"}) {
        auto r = rs.rescore(boost::json::parse(record(id, p74_answers)));
        REQUIRE(r.has_value());
        append_rescored_csv(rs, *r, csv, csv_excel_vi);
    }
    const auto t = table_of(csv, ';');
    REQUIRE(t.size() == 2);
    CHECK(t[1].at("id") == "B");
    CHECK(t[1].at("from") == "qd26-2026");
    CHECK(t[1].at("changed") == "false");
    CHECK(t[1].at("total_from") == t[1].at("total_to"));
    CHECK(t[1].at("to_hash") == from.hash());
    const auto m = rows_of(rescore_matrix_csv(rs), ',');
    REQUIRE(m.size() == 7); // header + stars 0..5, no open criteria
    long long sum = 0;
    for (std::size_t r = 1; r < m.size(); ++r) {
        REQUIRE(m[r].size() == 8);
        for (std::size_t c = 2; c < 8; ++c) sum += std::stoll(m[r][c]);
    }
    CHECK(sum == 2);
}

TEST_CASE("operation CSV: every command's --format csv, -o x.csv and --csv-dialect") {
    const std::string cli = OCOP_CLI;
    std::string lines;
    for (int i = 0; i < 3; ++i) lines += record("P" + std::to_string(i), p74_answers) + "\n";
    const auto in = temp_file("opcsv.jsonl", lines);
    const auto out = std::string(OCOP_TEST_TMP) + "/opcsv-out.csv";
    struct cmd {
        std::string args;
        std::string first_column;
        std::size_t rows;
    };
    const std::vector<cmd> cmds = {
        {"plan " + in, "id", 3 * 0}, // rows counted below: one per change
        {"range " + in, "id", 3},
        {"council " + in, "id", 3},
        {"rescore --from qd26-2026 --to qd26-2026 " + in, "id", 3},
        {"aggregate --by province --quiet " + in, "province", 1},
    };
    for (const auto& c : cmds) {
        INFO(c.args);
        std::remove(out.c_str());
        // The format follows -o's extension…
        REQUIRE(run(cli + " " + c.args + " -o " + out) == 0);
        const auto standard = read_file(out);
        const auto t = table_of(standard, ',');
        CHECK(standard.starts_with(c.first_column + ","));
        if (c.rows) CHECK(t.size() == c.rows);
        if (!c.rows) CHECK(t.size() >= 3);
        // …or is asked for on stdout, in the excel-vi dialect.
        std::string vi;
        REQUIRE(run(cli + " " + c.args + " --format csv --csv-dialect excel-vi", &vi) == 0);
        CHECK(vi.starts_with("\xEF\xBB\xBF" + c.first_column + ";"));
        CHECK(table_of(vi, ';').size() == t.size());
    }
    // -o x.json still writes JSON.
    const auto json_out = std::string(OCOP_TEST_TMP) + "/opcsv-out.json";
    REQUIRE(run(cli + " range " + in + " -o " + json_out) == 0);
    CHECK(read_file(json_out).starts_with("{\"id\":\"P0\""));
    // The migration matrix.
    std::string matrix;
    REQUIRE(run(cli + " rescore --from qd26-2026 --to qd26-2026 --format matrix-csv " + in,
                &matrix) == 0);
    CHECK(matrix.starts_with("matrix,from_stars,to_0,"));
    // Aggregate means get the decimal comma in excel-vi.
    std::string agg;
    REQUIRE(run(cli + " aggregate --quiet --format csv --csv-dialect excel-vi " + in, &agg) == 0);
    const auto at = table_of(agg, ';');
    REQUIRE(at.size() == 1);
    CHECK(at[0].at("A_mean").find('.') == std::string::npos);
    // The report's CSV files in the excel-vi dialect: BOM, then the stamp, then the table.
    const auto dir = std::string(OCOP_TEST_TMP) + "/opcsv-report";
    std::filesystem::remove_all(dir);
    REQUIRE(run(cli +
                " report --quiet --no-stdout --by province --csv-dialect excel-vi --out-dir " +
                dir + " " + in) == 0);
    for (const char* f : {"cohorts.csv", "weakest.csv", "histogram.csv", "actions.csv"}) {
        INFO(f);
        const auto text = read_file(dir + "/" + f);
        CHECK(text.starts_with("\xEF\xBB\xBF#"));
        std::size_t at = 3;
        while (text.compare(at, 1, "#") == 0) at = text.find('\n', at) + 1;
        CHECK(text.compare(at, 9, "province;") == 0);
    }
    CHECK(read_file(dir + "/cohorts.csv").find(";74;") != std::string::npos); // total_mean
    // A recognition listed by expiring.
    const auto recs =
        temp_file("opcsv-rec.jsonl", R"({"id":"C1","stars":4,"recognised_on":"2023-08-10"})"
                                     "\n");
    std::string exp;
    REQUIRE(run(cli + " expiring --on 2026-03-01 --all --format csv " + recs, &exp) == 0);
    const auto et = table_of(exp, ',');
    REQUIRE(et.size() == 1);
    CHECK(et[0].at("id") == "C1");
    CHECK(et[0].at("valid_until") == "2026-08-09");
}

TEST_CASE("operation CSV: expiring reads a recognition register saved as CSV") {
    const std::string cli = OCOP_CLI;
    // BOM, CRLF, an id with leading zeros, an empty column, a blank line, a bad date.
    const auto path = temp_file("register.csv", "\xEF\xBB\xBFid,stars,recognised_on,note,\r\n"
                                                "007,4,2023-08-10,,\r\n"
                                                "\r\n"
                                                "C2,4,2023-13-40,x,\r\n"
                                                "C3,5,2026-06-01,,\r\n");
    std::string out;
    CHECK(run(cli + " expiring --on 2026-06-01 --all --format csv " + path + " 2>" + OCOP_TEST_TMP +
                  "/register.err",
              &out) == 1); // one bad row, the others listed
    const auto t = table_of(out, ',');
    REQUIRE(t.size() == 2);
    CHECK(t[0].at("id") == "007"); // text, not the number 7
    CHECK(t[0].at("stars") == "4");
    CHECK(t[0].at("valid_until") == "2026-08-09");
    CHECK(t[1].at("id") == "C3");
    const auto err = read_file(std::string(OCOP_TEST_TMP) + "/register.err");
    CHECK(err.find("line 4") != std::string::npos);
    CHECK(err.find("recognised_on") != std::string::npos);
}
