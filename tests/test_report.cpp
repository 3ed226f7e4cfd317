// Reports: Markdown content, HTML structure (three inline SVG charts, no external
// resource), HTML escaping, NFC normalisation of Vietnamese text.
#include "support.hpp"

#include <ocop/cohort.hpp>
#include <ocop/generate.hpp>
#include <ocop/report.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace {

using namespace ocop;

cohort_aggregator sample(std::vector<group_key> by) {
    generate_options g;
    g.count = 300;
    g.seed = 5;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    aggregate_options o;
    o.by = std::move(by);
    cohort_aggregator agg(registry::builtin(), o);
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) agg.add(ocop::test::score_text(line).res);
    return agg;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("NFC: decomposed Vietnamese is composed, in canonical order") {
    // "Hà Nội" decomposed: a + U+0300, o + U+0323 + U+0302 (and the marks swapped).
    CHECK(to_nfc("Ha\xcc\x80 No\xcc\xa3\xcc\x82i") == "Hà Nội");
    CHECK(to_nfc("Ha\xcc\x80 No\xcc\x82\xcc\xa3i") == "Hà Nội");
    CHECK(to_nfc("Đà Nẵng") == "Đà Nẵng");
    CHECK(to_nfc("u\xcc\x9b\xcc\x81") == "ứ"); // u + horn + acute
    CHECK(to_nfc("plain ascii") == "plain ascii");
}

TEST_CASE("HTML escaping") {
    std::string s;
    append_html_escaped(s, "<b>\"Hà\" & 'Nội'</b>");
    CHECK(s == "&lt;b&gt;&quot;Hà&quot; &amp; &#39;Nội&#39;&lt;/b&gt;");
}

TEST_CASE("Markdown report: overall, one row per cohort, weakest criteria") {
    const auto agg = sample({cohort_key::province});
    report_options o;
    o.top_criteria = 5;
    o.lang = report_lang::en;
    const std::string md = report_markdown(agg, o);
    CHECK(md.rfind("# ", 0) == 0);
    CHECK(md.find("## Overall") != std::string::npos);
    CHECK(md.find("**Records**: 300 ") != std::string::npos);
    for (const auto* c : agg.cohorts())
        CHECK(md.find("| " + c->key[0] + " | ") != std::string::npos);
    auto weak = md.substr(md.find("## Weakest criteria"));
    weak = weak.substr(0, weak.find("\n## "));
    CHECK(count(weak, "\n| ") == 1 + 5); // header + five rows
}

TEST_CASE("HTML report: self-contained, three charts, bars per cohort, escaped text") {
    auto agg = sample({cohort_key::province, cohort_key::star});
    report_options o;
    o.title = "Báo cáo <thử> & \"kiểm tra\"";
    const std::string html = report_html(agg, o);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(count(html, "<svg") == 3);
    CHECK(count(html, "data-chart=\"stars\"") == 1);
    CHECK(count(html, "data-chart=\"histogram\"") == 1);
    CHECK(count(html, "data-chart=\"weakest\"") == 1);
    CHECK(count(html, "<rect class=\"bin\"") == 20);
    CHECK(count(html, "<g class=\"bar\">") == agg.cohorts().size() + 10);
    CHECK(html.find("Báo cáo &lt;thử&gt; &amp; &quot;kiểm tra&quot;") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") ==
          html.find("http://www.w3.org/2000/svg")); // only the SVG namespace
    CHECK(html.find("https://") == std::string::npos);
}

TEST_CASE("ocop report writes every file and prints the Markdown") {
    const std::string dir = std::string(OCOP_TEST_TMP) + "/report-cli";
    std::string md;
    const std::string cmd = std::string(OCOP_CLI) + " report " + OCOP_SOURCE_DIR +
                            "/examples/data/sample-national.jsonl --by province --out-dir " + dir +
                            " --threads 2 --quiet";
    REQUIRE(ocop::test::run(cmd, &md) == 0);
    CHECK(md.find("## Theo nhóm") != std::string::npos);
    CHECK(md.find("Thành phố Hồ Chí Minh") != std::string::npos);
    for (const char* f : {"report.html", "report.md", "cohorts.json", "cohorts.csv", "weakest.csv",
                          "histogram.csv"})
        CHECK_FALSE(ocop::test::read_file(dir + "/" + f).empty());
    CHECK(ocop::test::read_file(dir + "/report.md") == md);
}
