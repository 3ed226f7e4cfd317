// The report an office signs: both languages, vi-VN numbers, traceability stamp (hash equal
// to `ocop ruleset show`), action lists backed by the planner, weakest criteria rolled up
// across sheets, year trend with the edition per year, Markdown escaping of data.
#include "support.hpp"

#include <ocop/cohort.hpp>
#include <ocop/council.hpp>
#include <ocop/generate.hpp>
#include <ocop/planner.hpp>
#include <ocop/report.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <memory>

namespace {

using namespace ocop;

struct sample_set {
    std::vector<std::unique_ptr<test::scored>> items;
    std::unique_ptr<cohort_aggregator> agg;
};

std::vector<std::string> gen_lines(std::size_t n, std::uint64_t seed, std::string ruleset = {},
                                   int from = 2022, int to = 2026) {
    generate_options g;
    g.count = n;
    g.seed = seed;
    g.ruleset = std::move(ruleset);
    g.year_from = from;
    g.year_to = to;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

sample_set make(const std::vector<std::string>& lines, aggregate_options o) {
    sample_set s;
    o.collect_actions = true;
    s.agg = std::make_unique<cohort_aggregator>(registry::builtin(), o);
    for (const auto& l : lines) {
        auto p = std::make_unique<test::scored>();
        REQUIRE(parse_evaluation(boost::json::parse(l), registry::builtin(), p->ev).has_value());
        score_evaluation(p->ev, p->res);
        s.agg->add(p->res);
        s.items.push_back(std::move(p));
    }
    return s;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

std::string section(const std::string& md, const std::string& heading) {
    auto p = md.find("\n## " + heading);
    REQUIRE(p != std::string::npos);
    auto e = md.find("\n## ", p + 1);
    return md.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

} // namespace

TEST_CASE("both languages: every section, labels from the catalogue, lang attribute") {
    auto s = make(gen_lines(300, 4), {{cohort_key::province}});
    report_options vi, en;
    en.lang = report_lang::en;
    vi.stamp.generated_at = en.stamp.generated_at = 0;
    const auto hv = report_html(*s.agg, vi), he = report_html(*s.agg, en);
    CHECK(hv.find("<html lang=\"vi\">") != std::string::npos);
    CHECK(he.find("<html lang=\"en\">") != std::string::npos);
    for (const char* id :
         {"stamp", "overall", "stars", "histogram", "cohorts", "actions", "weakest", "trend"}) {
        INFO(id);
        CHECK(count(hv, "<section id=\"" + std::string(id) + "\">") == 1);
        CHECK(count(he, "<section id=\"" + std::string(id) + "\">") == 1);
    }
    for (const char* w : {"Nguồn gốc số liệu", "Tổng hợp chung", "Phân bố hạng sao theo nhóm",
                          "Theo nhóm", "Sản phẩm cần hỗ trợ nâng hạng", "Tiêu chí yếu nhất",
                          "Diễn biến theo năm", "Báo cáo kết quả đánh giá"})
        CHECK(hv.find(w) != std::string::npos);
    // No English label left on the Vietnamese page, and the reverse.
    for (const char* w : {">Overall<", ">Cohorts<", ">Provenance<", "Weakest", "records",
                          "Mean total", "Products to act on", "Trend by year"}) {
        INFO(w);
        CHECK(hv.find(w) == std::string::npos);
        CHECK((std::string(w) == "records" || he.find(w) != std::string::npos));
    }
    for (const char* w : {"Nguồn gốc số liệu", "Tổng hợp chung", "Điểm trung bình", "Diễn biến"})
        CHECK(he.find(w) == std::string::npos);
    const auto mv = report_markdown(*s.agg, vi), me = report_markdown(*s.agg, en);
    for (const char* h :
         {"## Nguồn gốc số liệu", "## Tổng hợp chung", "## Theo nhóm",
          "## Sản phẩm cần hỗ trợ nâng hạng", "## Tiêu chí yếu nhất", "## Diễn biến theo năm"})
        CHECK(mv.find(h) != std::string::npos);
    for (const char* h : {"## Provenance", "## Overall", "## Cohorts", "## Products to act on",
                          "## Weakest criteria", "## Trend by year"})
        CHECK(me.find(h) != std::string::npos);
    report_lang l{};
    CHECK(parse_report_lang("en", l));
    CHECK(l == report_lang::en);
    CHECK_FALSE(parse_report_lang("fr", l));
}

TEST_CASE("numbers: vi-VN separators and display rounding; exact values stay in JSON") {
    auto s = make(gen_lines(1200, 8), {});
    const auto all = s.agg->overall();
    report_options vi, en;
    en.lang = report_lang::en;
    const auto hv = report_html(*s.agg, vi), he = report_html(*s.agg, en);
    CHECK(hv.find("<td class=\"n\">1.200</td>") != std::string::npos);
    CHECK(he.find("<td class=\"n\">1,200</td>") != std::string::npos);
    // Mean total rounded to 2 decimals, decimal comma in Vietnamese.
    const fraction mean = all.total.sum.mean(all.total.hist.size());
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f",
                  static_cast<double>(mean.num) / static_cast<double>(mean.den));
    std::string en_mean = buf;
    while (en_mean.back() == '0') en_mean.pop_back();
    if (en_mean.back() == '.') en_mean.pop_back();
    std::string vi_mean = en_mean;
    for (auto& c : vi_mean)
        if (c == '.') c = ',';
    CHECK(he.find("<td class=\"n\">" + en_mean + "</td>") != std::string::npos);
    CHECK(hv.find("<td class=\"n\">" + vi_mean + "</td>") != std::string::npos);
    // The JSON keeps the exact mean (6 decimals or a fraction), not the display value.
    const auto json = cohorts_json(*s.agg);
    CHECK(json.find(mean.decimal()) != std::string::npos);
    // Percentages with one decimal and the language's decimal mark.
    const auto& st = all.stars;
    const fraction share{static_cast<std::int64_t>(st[3] + st[4] + st[5]) * 100,
                         static_cast<std::int64_t>(all.count)};
    std::snprintf(buf, sizeof buf, "%.1f",
                  static_cast<double>(share.num) / static_cast<double>(share.den));
    std::string pct = buf;
    if (pct.size() > 2 && pct.substr(pct.size() - 2) == ".0") pct.resize(pct.size() - 2);
    CHECK(he.find("<td class=\"n\">" + pct + "%</td>") != std::string::npos);
    for (auto& c : pct)
        if (c == '.') c = ',';
    CHECK(hv.find("<td class=\"n\">" + pct + "%</td>") != std::string::npos);
}

TEST_CASE("stamp: rulesets with the hash `ocop ruleset show` prints, policies, counts, time") {
    auto lines = gen_lines(200, 12);
    lines.push_back(R"({"id":"REJ-1","sheet":1,"dossier_rejected":"thiếu hồ sơ"})");
    auto s = make(lines, {{cohort_key::province}});
    report_options o;
    o.stamp.input = "dữ liệu <2025>.jsonl";
    o.stamp.refused = 7;
    o.stamp.generated_at = 1767225600; // 2026-01-01 00:00 UTC
    const auto h = report_html(*s.agg, o);
    const auto md = report_markdown(*s.agg, o);
    std::string show;
    REQUIRE(test::run(std::string(OCOP_CLI) + " ruleset show qd26-2026", &show) == 0);
    const auto hp = show.find("hash: ");
    REQUIRE(hp != std::string::npos);
    const std::string hash = show.substr(hp + 6, show.find('\n', hp) - hp - 6);
    CHECK(hash.rfind("sha256:", 0) == 0);
    CHECK(hash == registry::builtin().find("qd26-2026")->hash());
    CHECK(h.find("qd26-2026 (" + hash + ", 201)") != std::string::npos);
    CHECK(md.find("qd26-2026 (" + hash + ", 201)") != std::string::npos);
    CHECK(h.find("dữ liệu &lt;2025&gt;.jsonl") != std::string::npos);
    CHECK(md.find("dữ liệu &lt;2025&gt;.jsonl") != std::string::npos);
    const auto all = s.agg->overall();
    CHECK(all.rejected >= 1);
    CHECK(md.find("Đã chấm điểm " + std::to_string(all.scored)) != std::string::npos);
    CHECK(md.find("Hồ sơ không hợp lệ " + std::to_string(all.rejected)) != std::string::npos);
    CHECK(md.find("Bị loại (tiêu chí loại trừ) " + std::to_string(all.knocked_out)) !=
          std::string::npos);
    CHECK(md.find("Bản ghi bị từ chối (lỗi dữ liệu) 7") != std::string::npos);
    CHECK(md.find("chưa đạt điểm tối thiểu: cap") != std::string::npos);
    CHECK(md.find("ocop " + std::string(version_string)) != std::string::npos);
    CHECK(md.find("2026-01-01 00:00 UTC") != std::string::npos);
    report_options older; // callers that still set `source`
    older.source = "old.jsonl";
    CHECK(report_markdown(*s.agg, older).find("**Tệp dữ liệu**: old.jsonl") != std::string::npos);
    const auto csv = report_stamp_comment(*s.agg, o);
    CHECK(csv.find("# Bộ tiêu chí (mã băm): qd26-2026 (" + hash) != std::string::npos);
    for (std::size_t p = 0; p < csv.size(); p = csv.find('\n', p) + 1) CHECK(csv[p] == '#');
}

TEST_CASE("generation time is injectable: SOURCE_DATE_EPOCH makes reports reproducible") {
    auto s = make(gen_lines(50, 13), {});
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    CHECK(report_time() == 1700000000);
    const auto a = report_html(*s.agg), b = report_html(*s.agg);
    CHECK(a == b);
    CHECK(a.find("2023-11-14 22:13 UTC") != std::string::npos);
    ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("action lists: near-band and capped products with the planner's cheapest fix") {
    auto s = make(gen_lines(1500, 14), {{cohort_key::province}});
    const auto all = s.agg->overall();
    std::map<std::string, const test::scored*> by_id;
    for (const auto& it : s.items) by_id[it->ev.id] = it.get();
    std::size_t near = 0, capped = 0, planned = 0;
    for (const cohort* c : s.agg->cohorts())
        for (const auto& a : c->stats.actions) {
            INFO(a.id);
            const auto* item = by_id.at(a.id);
            CHECK(a.stars == item->res.stars);
            CHECK(a.target == a.stars + 1);
            if (a.kind == action_kind::capped) {
                ++capped;
                CHECK(a.stars < a.band_stars);
            } else {
                ++near;
                CHECK(a.stars == a.band_stars);
                CHECK(fraction{0, 1} < a.gap);
                CHECK_FALSE(fraction{2, 1} < a.gap);
            }
            // The plan is the planner's (on the consensus sheet for a council).
            const evaluation ev = item->ev.members > 1 ? consensus_evaluation(item->ev) : item->ev;
            plan_options po;
            po.target = static_cast<star_rank>(a.target);
            auto p = plan_upgrade(ev, po);
            REQUIRE(p.has_value());
            if (p->status == plan_status::planned) {
                ++planned;
                CHECK(a.points_needed == p->points_gained);
                REQUIRE(a.fix.size() == p->changes.size());
                int sum = 0;
                for (const auto& [id, pts] : a.fix) sum += pts;
                CHECK(sum == a.points_needed);
            } else {
                CHECK(a.points_needed == -1);
            }
        }
    CHECK(capped == all.capped);
    CHECK(near > 0);
    CHECK(near <= all.near[2] + all.near[3] + all.near[4] + all.near[5]);
    CHECK(planned > 0);
    // The CSV lists them all (stamp comment lines, a header, one row each).
    report_options o;
    const auto csv = actions_csv(*s.agg, o);
    std::size_t rows = 0, comments = 0;
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line)) (line[0] == '#' ? comments : rows)++;
    CHECK(comments > 3);
    CHECK(rows == 1 + near + capped);
    CHECK(count(csv, ",near_band,") == near);
    CHECK(count(csv, ",capped,") == capped);
    // The page shows at most action_rows per list, then points to the CSV.
    o.action_rows = 3;
    const auto html = report_html(*s.agg, o);
    const auto sec =
        html.substr(html.find("<section id=\"actions\">"),
                    html.find("<section id=\"weakest\">") - html.find("<section id=\"actions\">"));
    CHECK(count(sec, "<tr><td>") ==
          std::min<std::size_t>(near, 3) + std::min<std::size_t>(capped, 3));
    if (near > 3) CHECK(sec.find("sản phẩm khác (xem actions.csv)") != std::string::npos);
}

TEST_CASE("weakest criteria roll up by code and title across sheets; per-sheet on demand") {
    auto s = make(gen_lines(800, 15), {});
    report_options o;
    o.lang = report_lang::en;
    o.top_criteria = 40;
    const auto md = report_markdown(*s.agg, o);
    const auto weak = section(md, "Weakest criteria");
    // "4.3" (promotion) is printed on many sheets: one rolled-up row.
    CHECK(count(weak, "| 4.3 | ") == 1);
    const auto per_sheet = s.agg->weakest(s.agg->overall(), 1000);
    std::size_t sheets_43 = 0;
    std::uint64_t products_43 = 0;
    for (const auto& w : per_sheet)
        if (w.id == "4.3" && w.title_vi.find("Quảng bá sản phẩm") != std::string::npos)
            ++sheets_43, products_43 += w.count;
    CHECK(sheets_43 > 1);
    const auto row = weak.substr(weak.find("| 4.3 | "));
    CHECK(row.find("| " + std::to_string(products_43) + " |") < row.find('\n'));
    CHECK(md.find("Weakest criteria per sheet") == std::string::npos);
    o.weakest_per_sheet = true;
    const auto md2 = report_markdown(*s.agg, o);
    CHECK(md2.find("### Weakest criteria per sheet") != std::string::npos);
}

TEST_CASE("year trend names the edition that scored each year") {
    auto lines = gen_lines(60, 16, "qd148-2023", 2023, 2024);
    for (auto& l : gen_lines(60, 17, "", 2026, 2026)) lines.push_back(l);
    auto s = make(lines, {});
    report_options o;
    o.lang = report_lang::en;
    const auto trend = section(report_markdown(*s.agg, o), "Trend by year");
    const auto y2023 = trend.substr(trend.find("| All products | 2023 |"));
    CHECK(y2023.substr(0, y2023.find('\n')).find("qd148-2023 (") != std::string::npos);
    const auto y2026 = trend.substr(trend.find("| All products | 2026 |"));
    CHECK(y2026.substr(0, y2026.find('\n')).find("qd26-2026 (60)") != std::string::npos);
    CHECK(y2026.substr(0, y2026.find('\n')).find("qd148") == std::string::npos);
    // The stamp lists both editions.
    const auto md = report_markdown(*s.agg, o);
    CHECK(section(md, "Provenance").find("qd148-2023 (sha256:") != std::string::npos);
    CHECK(section(md, "Provenance").find("qd26-2026 (sha256:") != std::string::npos);
}

TEST_CASE("Markdown escapes data: pipes, HTML, emphasis, links, line breaks") {
    CHECK(markdown_escaped("A|B") == "A\\|B");
    CHECK(markdown_escaped("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(markdown_escaped("*x* _y_ `z` [l](u) ~s~") ==
          "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~");
    CHECK(markdown_escaped("a\nb\rc\x01") == "a b c ");
    CHECK(markdown_escaped("Ha\xcc\x80 No\xcc\xa3\xcc\x82i & co") == "Hà Nội &amp; co");
    auto lines = gen_lines(3, 18);
    for (auto& l : lines) {
        auto v = boost::json::parse(l);
        v.as_object()["province"] = "Tỉnh|X <script>alert(1)</script> *đậm*\nmới";
        l = boost::json::serialize(v);
    }
    auto s = make(lines, {{cohort_key::province}});
    const auto md = report_markdown(*s.agg, {});
    CHECK(md.find("<script") == std::string::npos);
    CHECK(md.find("Tỉnh\\|X &lt;script&gt;alert(1)&lt;/script&gt; \\*đậm\\* mới") !=
          std::string::npos);
    // Every row of the cohort table has as many unescaped cells as its header.
    const auto sec = section(md, "Theo nhóm");
    std::istringstream in(sec);
    std::string line;
    std::size_t cells = 0;
    while (std::getline(in, line)) {
        if (line.rfind("|", 0) != 0) continue;
        std::size_t n = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
        if (!cells) cells = n;
        CHECK(n == cells);
    }
    CHECK(report_html(*s.agg, {}).find("<script") == std::string::npos);
}
