// Limits against hostile input (docs/limits.md): each is a clear error naming the record and
// the field, never a crash or a hang, and a batch never loses a good record.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/csv.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace ocop;
using ocop::test::refusal;

namespace {

/// A complete, valid answers object for a sheet: option 1 everywhere, first case only.
boost::json::object full_answers(const compiled_sheet& sh) {
    boost::json::object a;
    for (const auto& g : sh.groups)
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            a[sh.criterion(g.criterion_first + k).id] = boost::json::object{{"option", 1}};
            if (g.choose_one_case) break;
        }
    return a;
}

const compiled_sheet& sheet1() {
    return *registry::builtin().find("qd26-2026")->sheet(1);
}

/// A good record of sheet 1 as one JSON line.
std::string good_line(const std::string& id) {
    return boost::json::serialize(boost::json::object{
        {"id", id}, {"ruleset", "qd26-2026"}, {"sheet", 1}, {"answers", full_answers(sheet1())}});
}

/// A record of sheet 1 whose criterion 1.1 is answered by `points` (raw JSON text).
std::string with_points(const std::string& points) {
    auto a = full_answers(sheet1());
    a.erase("1.1");
    std::string s = boost::json::serialize(
        boost::json::object{{"id", "n"}, {"ruleset", "qd26-2026"}, {"sheet", 1}, {"answers", a}});
    s.insert(s.size() - 2, ",\"1.1\":" + points);
    return s;
}

/// Parse `text` as the CLI and the batch reader do (depth 32); the error code when refused.
errc refusal_of_text(const std::string& text) {
    boost::json::parse_options po;
    po.max_depth = 32;
    boost::system::error_code ec;
    const auto v = boost::json::parse(text, ec, {}, po);
    if (ec) return errc::invalid_json;
    evaluation ev;
    auto r = parse_evaluation(v, registry::builtin(), ev);
    return r ? errc::ok : r.error().code;
}

struct batch_run {
    batch_summary summary;
    std::vector<std::string> lines;  // output lines
    std::vector<batch_error> errors; // in input order
};

batch_run run_batch(const std::string& input, std::size_t max_line_bytes = 1u << 20,
                    unsigned threads = 1) {
    std::istringstream in(input);
    std::ostringstream out;
    batch_options opts;
    opts.max_line_bytes = max_line_bytes;
    opts.threads = threads;
    opts.chunk_records = 2;
    batch_run run;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) { run.errors.push_back(e); };
    auto s = score_stream(in, &out, registry::builtin(), opts, cb);
    REQUIRE(s.has_value());
    run.summary = *s;
    std::istringstream o(out.str());
    for (std::string l; std::getline(o, l);) run.lines.push_back(l);
    return run;
}

std::string id_of_line(const std::string& line) {
    return std::string(boost::json::parse(line).as_object().at("id").as_string());
}

} // namespace

TEST_CASE("id longer than the string limit is refused") {
    input_limits lim;
    auto rec = boost::json::parse(good_line(std::string(lim.max_string_bytes, 'x')));
    evaluation ev;
    CHECK(parse_evaluation(rec, registry::builtin(), ev).has_value());
    rec.as_object()["id"] = std::string(lim.max_string_bytes + 1, 'x');
    auto r = parse_evaluation(rec, registry::builtin(), ev, lim);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::limit_exceeded);
    CHECK(r.error().path == "/id");
}

TEST_CASE("more council members than the limit are refused") {
    input_limits lim;
    lim.max_members = 5;
    boost::json::array members;
    for (int i = 0; i < 5; ++i) members.push_back(full_answers(sheet1()));
    boost::json::object rec{{"id", "m"}, {"sheet", 1}, {"members", members}};
    evaluation ev;
    CHECK(parse_evaluation(rec, registry::builtin(), ev, lim).has_value());
    rec["members"].as_array().push_back(full_answers(sheet1()));
    auto r = parse_evaluation(rec, registry::builtin(), ev, lim);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::limit_exceeded);
    CHECK(r.error().path == "/members");
    // The default limit holds too.
    CHECK(input_limits{}.max_members == 64);
}

namespace {

/// A good record of sheet 1 as a JSON object.
boost::json::object good_record() {
    return boost::json::parse(good_line("s")).as_object();
}

/// The diagnostic of parse_evaluation (code ok when accepted).
diagnostic parsed(const boost::json::object& rec, const input_limits& lim = {}) {
    evaluation ev;
    auto r = parse_evaluation(rec, registry::builtin(), ev, lim);
    return r ? diagnostic{} : r.error();
}

/// Expects `rec` refused with limit_exceeded at `path`, the message naming the field and N.
void expect_too_long(const boost::json::object& rec, const std::string& path,
                     const std::string& field, const input_limits& lim = {}) {
    const auto d = parsed(rec, lim);
    INFO("expected " << path << ", got " << d.what());
    CHECK(d.code == errc::limit_exceeded);
    CHECK(d.path == path);
    CHECK(d.message == field + " longer than " + std::to_string(lim.max_string_bytes) + " bytes");
}

/// A code of sheet 1 that may be declared in `knockouts`.
std::string declarable_knockout() {
    for (const auto& ko : sheet1().knockouts)
        if (sheet1().find_knockout(ko.code) >= 0) return ko.code;
    FAIL("sheet 1 has no declarable knock-out");
    return {};
}

} // namespace

TEST_CASE("every string of the record is bounded by max_string_bytes") {
    const std::size_t max = input_limits{}.max_string_bytes;
    REQUIRE(max == 4096);
    const std::string at_max(max, 'x'), over(max + 1, 'x');
    // A key of max+1 bytes holding both escaped characters of a JSON Pointer.
    const std::string odd_key = "a/b~" + std::string(max - 3, 'k');
    REQUIRE(odd_key.size() == max + 1);
    const std::string odd_token = "a~1b~0" + std::string(max - 3, 'k');
    REQUIRE(parsed(good_record()).code == errc::ok);

    SECTION("id") {
        auto rec = good_record();
        rec["id"] = over;
        expect_too_long(rec, "/id", "id");
        rec["id"] = at_max;
        CHECK(parsed(rec).code == errc::ok);
    }
    SECTION("ruleset: refused before lookup") {
        auto rec = good_record();
        rec["ruleset"] = over;
        expect_too_long(rec, "/ruleset", "ruleset");
        rec["ruleset"] = at_max;
        CHECK(parsed(rec).code == errc::unknown_ruleset);
    }
    SECTION("dossier_rejected") {
        auto rec = good_record();
        rec["dossier_rejected"] = over;
        expect_too_long(rec, "/dossier_rejected", "dossier_rejected");
        rec["dossier_rejected"] = at_max;
        evaluation ev;
        REQUIRE(parse_evaluation(rec, registry::builtin(), ev).has_value());
        REQUIRE(ev.dossier_rejected.has_value());
        CHECK(ev.dossier_rejected->size() == max);
    }
    SECTION("knock-out codes: refused before lookup, at their index") {
        auto rec = good_record();
        const auto ko = declarable_knockout();
        rec["knockouts"] = boost::json::array{ko.c_str()};
        CHECK(parsed(rec).code == errc::ok);
        rec["knockouts"] = boost::json::array{ko.c_str(), over.c_str()};
        expect_too_long(rec, "/knockouts/1", "knock-out code");
        rec["knockouts"] = boost::json::array{ko.c_str(), at_max.c_str()};
        CHECK(parsed(rec).code == errc::not_a_knockout);
        CHECK(parsed(rec).path == "/knockouts/1");
    }
    SECTION("evaluation_kind") {
        auto rec = good_record();
        rec["evaluation_kind"] = over;
        expect_too_long(rec, "/evaluation_kind", "evaluation_kind");
        rec["evaluation_kind"] = at_max;
        CHECK(parsed(rec).code == errc::invalid_value);
        rec["evaluation_kind"] = "upgrade";
        CHECK(parsed(rec).code == errc::ok);
    }
    SECTION("filed_on and evaluated_on") {
        for (const char* key : {"filed_on", "evaluated_on"}) {
            INFO(key);
            auto rec = good_record();
            rec[key] = over;
            expect_too_long(rec, std::string("/") + key, key);
            rec[key] = at_max;
            CHECK(parsed(rec).code == errc::invalid_value);
            rec[key] = "2026-03-01";
            CHECK(parsed(rec).code == errc::ok);
        }
    }
    SECTION("answers keys: refused before lookup, with the escaped key in the path") {
        auto rec = good_record();
        rec["answers"].as_object()[over] = 1;
        expect_too_long(rec, "/answers/" + over, "criterion code");
        rec = good_record();
        rec["answers"].as_object()[odd_key] = 1;
        expect_too_long(rec, "/answers/" + odd_token, "criterion code");
        rec = good_record();
        rec["answers"].as_object()[at_max] = 1;
        CHECK(parsed(rec).code == errc::unknown_criterion);
        CHECK(parsed(rec).path == "/answers/" + at_max);
    }
    SECTION("members' answers keys, with and without the answers wrapper") {
        const auto full = full_answers(sheet1());
        auto bad = full;
        bad[over] = 1;
        auto rec = good_record();
        rec.erase("answers");
        rec["members"] = boost::json::array{boost::json::object{{"answers", full}},
                                            boost::json::object{{"answers", bad}}};
        expect_too_long(rec, "/members/1/answers/" + over, "criterion code");
        rec["members"] = boost::json::array{full, full, bad};
        expect_too_long(rec, "/members/2/" + over, "criterion code");
        rec["members"] = boost::json::array{full, full};
        CHECK(parsed(rec).code == errc::ok);
    }
    SECTION("metadata: string values and keys at any depth") {
        auto rec = good_record();
        rec["metadata"] = boost::json::object{{"province", over}};
        expect_too_long(rec, "/metadata/province", "metadata string");
        rec["metadata"] = boost::json::object{
            {"a", boost::json::array{1, "short", boost::json::object{{"b/~", over}}}}};
        expect_too_long(rec, "/metadata/a/2/b~1~0", "metadata string");
        rec["metadata"] = boost::json::object{{"ok", "y"}, {odd_key, 1}};
        expect_too_long(rec, "/metadata/" + odd_token, "metadata key");
        rec["metadata"] =
            boost::json::object{{"n", boost::json::array{boost::json::object{{over, nullptr}}}}};
        expect_too_long(rec, "/metadata/n/0/" + over, "metadata key");
        // Exactly the limit is carried through.
        rec["metadata"] =
            boost::json::object{{"province", at_max}, {at_max, boost::json::array{at_max.c_str()}}};
        evaluation ev;
        REQUIRE(parse_evaluation(rec, registry::builtin(), ev).has_value());
        CHECK(ev.metadata.at("province").as_string().size() == max);
        CHECK(ev.metadata.at(at_max).as_array().at(0).as_string().size() == max);
    }
    SECTION("carried-through top-level keys: values and keys at any depth") {
        auto rec = good_record();
        rec["note"] = over;
        expect_too_long(rec, "/note", "metadata string");
        rec["note"] = boost::json::object{{"list", boost::json::array{"ok", over.c_str()}}};
        expect_too_long(rec, "/note/list/1", "metadata string");
        rec.erase("note");
        rec[odd_key] = 1;
        expect_too_long(rec, "/" + odd_token, "metadata key");
        rec.erase(odd_key);
        rec["note"] = at_max;
        rec[at_max] = boost::json::object{{"deep", at_max}};
        evaluation ev;
        REQUIRE(parse_evaluation(rec, registry::builtin(), ev).has_value());
        CHECK(ev.metadata.at("note").as_string().size() == max);
        CHECK(ev.metadata.at(at_max).as_object().at("deep").as_string().size() == max);
    }
    SECTION("a smaller limit is the one applied") {
        input_limits lim;
        lim.max_string_bytes = 8; // "qd26-2026" has 9 bytes
        auto rec = good_record();
        expect_too_long(rec, "/ruleset", "ruleset", lim);
        lim.max_string_bytes = 9;
        CHECK(parsed(rec, lim).code == errc::ok);
        rec["province"] = "Hà Nội"; // 9 bytes of UTF-8
        CHECK(parsed(rec, lim).code == errc::ok);
        rec["province"] = "Hà Nội!";
        expect_too_long(rec, "/province", "metadata string", lim);
    }
}

namespace {

/// CSV header for sheet 1: id, sheet, province and every criterion.
std::string csv_header() {
    std::string h = "id,sheet,province";
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) h += "," + sheet1().criterion(c).id;
    return h;
}

/// A CSV row of sheet 1 answering as full_answers does (option 1), criterion 1.1 given by
/// `members` members ("#1|#1|…").
std::string csv_row(const std::string& id, std::size_t members,
                    const std::string& province = "Huế") {
    const auto a = full_answers(sheet1());
    std::string r = id + ",1," + province;
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) {
        const auto& code = sheet1().criterion(c).id;
        r += ',';
        if (!a.contains(code)) continue;
        if (code != "1.1") {
            r += "#1";
            continue;
        }
        for (std::size_t m = 0; m < members; ++m) r += m ? "|#1" : "#1";
    }
    return r;
}

struct csv_run {
    std::vector<std::string> lines;
    std::vector<batch_error> errors;
};

csv_run run_csv(const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out;
    batch_options opts;
    opts.input = batch_input::csv;
    csv_run run;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) { run.errors.push_back(e); };
    REQUIRE(score_stream(in, &out, registry::builtin(), opts, cb).has_value());
    std::istringstream o(out.str());
    for (std::string l; std::getline(o, l);) run.lines.push_back(l);
    return run;
}

} // namespace

TEST_CASE("a CSV council larger than max_members is refused, naming the column") {
    const std::size_t max = input_limits{}.max_members;
    REQUIRE(sheet1().find("1.1") >= 0);
    const auto run = run_csv(csv_header() + "\n" + csv_row("at", max) + "\n" +
                             csv_row("over", max + 1) + "\n" + csv_row("one", 1) + "\n");
    REQUIRE(run.lines.size() == 2);
    const auto at = boost::json::parse(run.lines[0]).as_object();
    CHECK(at.at("id").as_string() == "at");
    CHECK(at.at("members").as_int64() == static_cast<std::int64_t>(max));
    CHECK(id_of_line(run.lines[1]) == "one");
    REQUIRE(run.errors.size() == 1);
    const auto& e = run.errors[0];
    CHECK(e.line == 3);
    CHECK(e.id == "over");
    CHECK(e.column == "1.1");
    CHECK(e.diag.code == errc::limit_exceeded);
    CHECK(e.diag.path == "/members");
    CHECK(e.diag.message == "column 1.1 has 65 member values; at most 64 members");

    // The limit given to the conversion is the one applied.
    auto layout = csv_layout::from_header(csv_header(), ',');
    REQUIRE(layout.has_value());
    input_limits lim;
    lim.max_members = 3;
    csv_splitter split;
    std::string err, column;
    for (std::size_t n : {3u, 4u}) {
        INFO(n << " members");
        const std::string text = csv_row("x", n); // the fields are views of it
        REQUIRE(split.split(text, ',', err));
        boost::json::object obj;
        auto r = layout->to_json(split, obj, column, lim);
        if (n == 3) {
            REQUIRE(r.has_value());
            CHECK(obj.at("members").as_array().size() == 3);
            CHECK(column.empty());
        } else {
            REQUIRE_FALSE(r.has_value());
            CHECK(r.error().code == errc::limit_exceeded);
            CHECK(r.error().path == "/members");
            CHECK(column == "1.1");
        }
    }
}

TEST_CASE("CSV cells meet the evaluation limits: long strings, option numbers") {
    const std::size_t max = input_limits{}.max_string_bytes;
    auto row = csv_row("opt", 1);
    row.replace(row.find("#1"), 2, "#1001"); // 1.1 is the first criterion column
    const auto run = run_csv(csv_header() + "\n" + csv_row("long", 1, std::string(max + 1, 'p')) +
                             "\n" + csv_row("fit", 1, std::string(max, 'p')) + "\n" + row + "\n");
    REQUIRE(run.lines.size() == 1);
    CHECK(id_of_line(run.lines[0]) == "fit");
    REQUIRE(run.errors.size() == 2);
    CHECK(run.errors[0].id == "long");
    CHECK(run.errors[0].diag.code == errc::limit_exceeded);
    CHECK(run.errors[0].diag.path == "/province");
    CHECK(run.errors[0].column == "province");
    // An option number is judged against the criterion's options, as {"option": k} in JSON.
    CHECK(run.errors[1].id == "opt");
    CHECK(run.errors[1].diag.code == errc::unknown_option);
    CHECK(run.errors[1].diag.path == "/answers/1.1/option");
    CHECK(run.errors[1].diag.message.find("not 1001") != std::string::npos);
    CHECK(run.errors[1].column == "1.1");
}

TEST_CASE("numbers out of range are refused with the field's path") {
    // 1.1 on qd26-2026 sheet 1 takes 1, 2 or 3 points.
    CHECK(refusal_of_text(with_points("3")) == errc::ok);
    CHECK(refusal_of_text(with_points("3.0")) == errc::ok); // an integral number
    CHECK(refusal_of_text(with_points("1e400")) != errc::ok);
    CHECK(refusal_of_text(with_points("-1e400")) != errc::ok);
    CHECK(refusal_of_text(with_points("18446744073709551616")) == errc::impossible_points);
    CHECK(refusal_of_text(with_points("18446744073709551615")) == errc::impossible_points);
    CHECK(refusal_of_text(with_points("9223372036854775807")) == errc::impossible_points);
    CHECK(refusal_of_text(with_points("-9223372036854775808")) == errc::impossible_points);
    CHECK(refusal_of_text(with_points("-0")) == errc::impossible_points);   // no 0 option
    CHECK(refusal_of_text(with_points("-0.0")) == errc::impossible_points); // idem
    CHECK(refusal_of_text(with_points("2.5")) == errc::impossible_points);
    CHECK(refusal_of_text(with_points("1e-400")) == errc::impossible_points); // 0 after all
    CHECK(refusal_of_text(with_points("NaN")) == errc::invalid_json);
    CHECK(refusal_of_text(with_points("Infinity")) == errc::invalid_json);
    CHECK(refusal_of_text(with_points("{\"option\": 18446744073709551616}")) == errc::wrong_type);
    CHECK(refusal_of_text(with_points("{\"option\": -9223372036854775808}")) ==
          errc::unknown_option);
    const auto d = refusal(with_points("2.5"));
    CHECK(d.path == "/answers/1.1");

    auto sheet = [](const std::string& v) {
        auto s = good_line("s");
        const auto at = s.find("\"sheet\":1");
        REQUIRE(at != std::string::npos);
        s.replace(at, 9, "\"sheet\":" + v);
        return refusal(s);
    };
    for (const char* v : {"18446744073709551616", "1e400", "1.0", "\"1\"", "null"}) {
        INFO(v);
        CHECK(sheet(v).code == errc::wrong_type);
        CHECK(sheet(v).path == "/sheet");
    }
    for (const char* v : {"0", "-0", "27", "9223372036854775807", "-9223372036854775808"}) {
        INFO(v);
        CHECK(sheet(v).code == errc::unknown_sheet);
    }
}

TEST_CASE("nesting deeper than the limit is invalid JSON, not a stack overflow") {
    std::string deep_ok(31, '['), deep_bad(100000, '[');
    deep_ok += std::string(31, ']');
    CHECK(refusal_of_text(deep_ok) == errc::wrong_type); // parsed, then not an object
    CHECK(refusal_of_text(deep_bad) == errc::invalid_json);
    auto rs = ruleset::load(std::string(100000, '[') + std::string(100000, ']'));
    REQUIRE_FALSE(rs.has_value());
    CHECK(rs.error().code == errc::invalid_json);
}

TEST_CASE("hostile ruleset files are refused, not crashed on") {
    const std::string cases[] = {
        "",
        "\xEF\xBB\xBF",
        "{}",
        "null",
        "{\"format\": \"ocop-ruleset/1\"",
        "\xFF\xFE{\"format\": 1}",
        "{\"format\": \"ocop-ruleset/1\", \"star_bands\": [{\"min\": 1e400}]}",
        "{\"format\": \"ocop-ruleset/1\", \"star_bands\": [{\"min\": 18446744073709551615}]}",
    };
    for (const auto& text : cases) {
        INFO(text);
        auto rs = ruleset::load(text);
        CHECK_FALSE(rs.has_value());
        if (!rs) CHECK(rs.error().code != errc::ok);
    }
}

TEST_CASE("a batch of hostile records keeps every good record") {
    const std::string g1 = good_line("g1"), g2 = good_line("g2"), g3 = good_line("g3"),
                      g4 = good_line("g4"), g5 = good_line("g5");
    std::string deep(200, '[');
    deep += std::string(200, ']');
    const std::string long_line = "{\"id\": \"" + std::string(5000, 'L') + "\"}";
    const std::string input = "\xEF\xBB\xBF" + g1 + "\r\n" +                   // 1 BOM + CRLF
                              "{\"id\": \"bad-utf8\xC3\", \"sheet\": 1}\r\n" + // 2
                              "\r\n" +                                         // 3 blank
                              g2 + "\r\n" +                                    // 4
                              deep + "\n" +                                    // 5
                              with_points("NaN") + "\n" +                      // 6
                              "   \t \n" +                                     // 7 blank
                              long_line + "\n" +                               // 8 over the limit
                              g3 + "\n" +                                      // 9
                              with_points("1e400") + "\n" +                    // 10
                              "{\"id\": \"trunc\", \"sheet\": 1, \n" +         // 11 truncated
                              g4 + "\n" +                                      // 12
                              std::string("\x00\x01garbage\n", 10) +           // 13
                              g5;                                              // 14, no final NL
    for (unsigned threads : {1u, 3u}) {
        const auto run = run_batch(input, 4096, threads);
        INFO("threads " << threads);
        REQUIRE(run.lines.size() == 5);
        CHECK(id_of_line(run.lines[0]) == "g1");
        CHECK(id_of_line(run.lines[1]) == "g2");
        CHECK(id_of_line(run.lines[2]) == "g3");
        CHECK(id_of_line(run.lines[3]) == "g4");
        CHECK(id_of_line(run.lines[4]) == "g5");
        CHECK(run.summary.scored == 5);
        CHECK(run.summary.failed == run.errors.size());
        CHECK(run.summary.records == run.summary.scored + run.summary.failed);
        std::vector<std::size_t> lines;
        for (const auto& e : run.errors) lines.push_back(e.line);
        CHECK(std::find(lines.begin(), lines.end(), 2) != lines.end());
        CHECK(std::find(lines.begin(), lines.end(), 5) != lines.end());
        CHECK(std::find(lines.begin(), lines.end(), 6) != lines.end());
        CHECK(std::find(lines.begin(), lines.end(), 8) != lines.end());
        CHECK(std::find(lines.begin(), lines.end(), 10) != lines.end());
        for (const auto& e : run.errors) {
            INFO("line " << e.line << ": " << e.diag.what());
            CHECK(e.diag.code != errc::ok);
            CHECK_FALSE(e.diag.message.empty());
            if (e.line == 8) CHECK(e.diag.code == errc::limit_exceeded);
            if (e.line == 2 || e.line == 6) CHECK(e.diag.code == errc::invalid_json);
        }
    }
}

TEST_CASE("empty and whitespace-only batches score nothing and fail nothing") {
    for (const std::string input :
         {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\r\n", "  \t\n\n"}) {
        const auto run = run_batch(input);
        CHECK(run.lines.empty());
        CHECK(run.summary.records == 0);
        CHECK(run.summary.failed == 0);
    }
}

TEST_CASE("the CLI scores the good records of a hostile file and reports the others") {
    std::string deep(100, '[');
    deep += std::string(100, ']');
    const std::string input = "\xEF\xBB\xBF" + good_line("c1") + "\r\n" +
                              "{\"id\": \"x\xFF\", \"sheet\": 1}\r\n" + // invalid UTF-8
                              good_line("c2") + "\r\n" + deep + "\r\n" + with_points("1e400") +
                              "\r\n" + "\r\n" + good_line("c3");
    const auto in = test::temp_file("limits-cli.jsonl", input);
    const auto out = std::string(OCOP_TEST_TMP) + "/limits-cli.out";
    const auto err = std::string(OCOP_TEST_TMP) + "/limits-cli.err";
    std::remove(out.c_str());
    const int rc = test::run(std::string(OCOP_CLI) + " score " + in + " -o " + out + " --errors " +
                             err + " --quiet 2>/dev/null");
    CHECK(rc == 1); // some records failed, the others were processed
    const auto text = test::read_file(out);
    CHECK(std::count(text.begin(), text.end(), '\n') == 3);
    CHECK(text.find("\"c1\"") != std::string::npos);
    CHECK(text.find("\"c2\"") != std::string::npos);
    CHECK(text.find("\"c3\"") != std::string::npos);
    const auto errors = test::read_file(err);
    CHECK(std::count(errors.begin(), errors.end(), '\n') == 3);
    std::istringstream lines(errors);
    for (std::string l; std::getline(lines, l);) {
        const auto e = boost::json::parse(l).as_object();
        CHECK(e.at("line").as_int64() > 1);
        CHECK_FALSE(e.at("message").as_string().empty());
    }
}

TEST_CASE("the CLI accepts an empty file") {
    const auto in = test::temp_file("limits-empty.jsonl", "");
    std::string out;
    CHECK(test::run(std::string(OCOP_CLI) + " score " + in + " --quiet 2>/dev/null", &out) == 0);
    CHECK(out.empty());
}

TEST_CASE("the CLI refuses a line over --max-line-bytes and keeps the others") {
    const std::string long_line =
        "{\"id\": \"long\", \"sheet\": 1, \"note\": \"" + std::string(3000, 'x') + "\"}";
    const auto in = test::temp_file("limits-long.jsonl",
                                    good_line("l1") + "\n" + long_line + "\n" + good_line("l2"));
    const auto err = std::string(OCOP_TEST_TMP) + "/limits-long.err";
    std::string out;
    const std::string cli = std::string(OCOP_CLI) + " score " + in;
    CHECK(test::run(cli + " --max-line-bytes 2000 --errors " + err + " --quiet 2>/dev/null",
                    &out) == 1);
    CHECK(std::count(out.begin(), out.end(), '\n') == 2);
    CHECK(out.find("\"l1\"") != std::string::npos);
    CHECK(out.find("\"l2\"") != std::string::npos);
    const auto e = boost::json::parse(test::read_file(err)).as_object();
    CHECK(e.at("line").as_int64() == 2);
    CHECK(e.at("error").as_string() == "limit_exceeded");
    // Under the default limit (1 MiB) the same line is read, and refused for its content.
    CHECK(test::run(cli + " --quiet 2>/dev/null", &out) == 1);
    CHECK(std::count(out.begin(), out.end(), '\n') == 2);
    // A limit that is not a number is a usage error.
    CHECK(test::run(cli + " --max-line-bytes lots --quiet 2>/dev/null", &out) == 2);
}
