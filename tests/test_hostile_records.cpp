// Hostile records and what they become in outputs: spreadsheet formulas in CSV cells, NUL
// bytes, council member limits before any expansion, overflow in cohort arithmetic.
#include "support.hpp"

#include <ocop/batch.hpp>
#include <ocop/csv.hpp>

#include <catch2/catch.hpp>

#include <limits>
#include <sstream>

using namespace ocop;

namespace {

std::string full_answers() {
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    std::string a = "{";
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        a += (c ? ",\"" : "\"") + sh.criterion(c).id +
             "\":" + std::to_string(sh.criteria[c].max_points);
    return a + "}";
}

std::string record(const std::string& id, const std::string& province) {
    boost::json::object o{
        {"id", id}, {"ruleset", "qd26-2026"}, {"sheet", 1}, {"province", province}};
    o["answers"] = boost::json::parse(full_answers());
    return boost::json::serialize(o);
}

/// The cells of one CSV line (no quoted line breaks in these tests).
std::vector<std::string> cells(const std::string& line) {
    csv_splitter sp;
    std::string err;
    REQUIRE(sp.split(line, ',', err));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < sp.size(); ++i) out.emplace_back(sp.field(i));
    return out;
}

} // namespace

TEST_CASE("CSV text cells starting with a formula character are neutralised with a quote") {
    for (const std::string lead : {"=", "+", "-", "@", "\t", "\r"}) {
        const std::string payload = lead + "HYPERLINK(\"http://x\",\"y\")";
        const auto s = ocop::test::score_text(record(payload, lead + "1+1"));
        std::string line;
        append_result_csv(s.res, line);
        line.pop_back(); // newline
        const auto c = cells(line);
        INFO(line);
        CHECK(c[0] == "'" + payload);       // id
        CHECK(c[14] == "'" + lead + "1+1"); // province
        CHECK(c[8] == "100");               // numbers ocop writes stay numbers
    }
    // Ordinary text is left alone; so are minus signs ocop writes in numbers.
    const auto s = ocop::test::score_text(record("P-1", "Hà Nội"));
    std::string line;
    append_result_csv(s.res, line);
    CHECK(line.rfind("P-1,qd26-2026,1,", 0) == 0);
    CHECK(line.find(",Hà Nội,") != std::string::npos);

    std::string f;
    append_csv_text(f, "=1,2");
    CHECK(f == "\"'=1,2\"");
    f.clear();
    append_csv_text(f, "a=1");
    CHECK(f == "a=1");
}

TEST_CASE("cohort CSV tables neutralise formula keys and titles") {
    aggregate_options o;
    o.by = {cohort_key::province};
    cohort_aggregator agg(registry::builtin(), o);
    agg.add(ocop::test::score_text(record("a", "=cmd|' /C calc'!A0")).res);
    agg.add(ocop::test::score_text(record("b", "@SUM(1)")).res);
    const auto csv = cohorts_csv(agg);
    INFO(csv);
    CHECK(csv.find("\n'=cmd|' /C calc'!A0,") != std::string::npos);
    CHECK(csv.find("\n'@SUM(1),") != std::string::npos);
    CHECK(csv.find("\n=") == std::string::npos);
    CHECK(csv.find("\n@") == std::string::npos);
    const auto weak = weakest_csv(agg, {});
    CHECK(weak.find("\n=") == std::string::npos);
    const auto hist = histogram_csv(agg, 10);
    CHECK(hist.find("\n'=cmd") != std::string::npos);
}

TEST_CASE("NUL bytes in evaluation strings are refused with the field's path") {
    struct hostile {
        std::string json, path;
    };
    const std::string ans = full_answers();
    for (const auto& h : {
             hostile{R"({"id":"a\u0000b","sheet":1,"answers":)" + ans + "}", "/id"},
             hostile{R"({"id":"a","sheet":1,"province":"H\u0000N","answers":)" + ans + "}",
                     "/province"},
             hostile{R"({"id":"a","sheet":1,"metadata":{"x":["ok","\u0000"]},"answers":)" + ans +
                         "}",
                     "/metadata/x/1"},
             hostile{R"({"id":"a","sheet":1,"metadata":{"k\u0000":1},"answers":)" + ans + "}",
                     R"(/metadata/k\u0000)"},
             hostile{R"({"id":"a","sheet":1,"dossier_rejected":"x\u0000"})", "/dossier_rejected"},
         }) {
        INFO(h.json);
        const auto d = ocop::test::refusal(h.json);
        CHECK(d.code == errc::invalid_value);
        CHECK(d.path == std::string(boost::json::parse("\"" + h.path + "\"").as_string()));
        CHECK(d.message.find("NUL") != std::string::npos);
    }
    // Through a CSV batch: the row is refused naming the column, the others are scored.
    const auto& sh = *registry::builtin().find("qd26-2026")->sheet(1);
    std::string header = "id,sheet,province", row;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        header += "," + sh.criterion(c).id;
        row += "," + std::to_string(sh.criteria[c].max_points);
    }
    std::string in = header + "\n" + "a,1,Huế" + row + "\n" + "b,1,H" + std::string(1, '\0') + "N" +
                     row + "\n" + "c,1,Huế" + row + "\n";
    std::istringstream s(in);
    batch_options bo;
    bo.input = batch_input::csv;
    std::vector<batch_error> errors;
    std::size_t scored = 0;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) { errors.push_back(e); };
    cb.on_result = [&](unsigned, const evaluation_result&) { ++scored; };
    REQUIRE(score_stream(s, nullptr, registry::builtin(), bo, cb).has_value());
    CHECK(scored == 2);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 3);
    CHECK(errors[0].column == "province");
    CHECK(errors[0].diag.message.find("NUL") != std::string::npos);
}

TEST_CASE("a CSV header naming a column with a NUL byte is refused as a whole") {
    // Found by fuzz_csv: the column became a metadata key the direct reader accepted and the
    // reference path refused.
    std::istringstream s(std::string("id,sheet,y\0ar\nx,1,2025\n", 23));
    batch_options bo;
    bo.input = batch_input::csv;
    auto r = score_stream(s, nullptr, registry::builtin(), bo);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("NUL") != std::string::npos);
}

TEST_CASE("range refuses a council over the member limit before copying its members") {
    boost::json::object rec{{"id", "big"}, {"ruleset", "qd26-2026"}, {"sheet", 1}};
    boost::json::array members;
    members.reserve(100000);
    for (int i = 0; i < 100000; ++i) members.push_back(boost::json::object{{"answers", {}}});
    rec["members"] = std::move(members);
    auto ev = parse_partial_evaluation(boost::json::value(rec), registry::builtin());
    REQUIRE_FALSE(ev.has_value());
    CHECK(ev.error().code == errc::limit_exceeded);
    CHECK(ev.error().path == "/members");
}

TEST_CASE("cohort arithmetic is checked: overflow is refused, never wrapped or looped") {
    exact_sum s;
    s.add(std::numeric_limits<std::int64_t>::max(), 1);
    CHECK_THROWS_AS(s.add(1, 1), std::overflow_error);
    CHECK_THROWS_AS(s.add(1, 0), std::domain_error);

    // A value no 64-bit fraction can hold, even rounded: refused (it used to recurse forever).
    exact_sum big;
    big.add(std::numeric_limits<std::int64_t>::max(), 1);
    big.add(std::numeric_limits<std::int64_t>::max(), 3);
    CHECK_THROWS_AS(big.mean(1), std::overflow_error);
    // Large but representable once rounded: a value.
    exact_sum mixed;
    for (std::int64_t d = 1; d <= 64; ++d) mixed.add(100 * d, d);
    CHECK(mixed.mean(64).decimal() == "100");

    exact_histogram h;
    h.add(std::numeric_limits<std::int64_t>::min(), 1); // -INT64_MIN is not negated in 64 bits
    h.add(3, 2);
    CHECK(h.quantile(1, 1).decimal() == "1.5");
    CHECK_THROWS_AS(h.add(1, 0), std::domain_error);
    CHECK_THROWS_AS((fraction{1, 0}.decimal()), std::domain_error);
}

TEST_CASE("council review: a huge spread threshold is compared exactly, not overflowed") {
    const std::string a = full_answers();
    const auto s = ocop::test::score_text(
        R"({"id":"c","ruleset":"qd26-2026","sheet":1,"members":[)" + a + "," + a + "]}");
    council_options o;
    o.spread_milli = std::numeric_limits<std::int64_t>::max();
    const auto r = review_council(s.ev, o);
    REQUIRE(r.members.size() == 2);
    for (const auto& m : r.members) CHECK_FALSE(m.flagged);
}
