// The self-contained HTML cohort report: tables and three inline SVG charts, no script.
#include "report_common.hpp"

#include <algorithm>

namespace ocop {

void append_html_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
}

namespace {

using namespace detail;

// Star colours, 0★ to 5★ (grey, then light to dark green).
constexpr const char* star_colours[] = {"#9e9e9e", "#e57373", "#ffb74d",
                                        "#aed581", "#4caf50", "#1b5e20"};

std::string esc(std::string_view t) {
    std::string s;
    append_html_escaped(s, to_nfc(t));
    return s;
}

std::string num(std::int64_t v) {
    return std::to_string(v);
}

/// Stacked bars: one row per cohort, segments by star rank.
void stars_chart(std::string& h, const cohort_aggregator& agg,
                 const std::vector<const cohort*>& cohorts) {
    const int label_w = 260, bar_w = 480, row_h = 22, top = 30;
    const int height = top + row_h * static_cast<int>(cohorts.size()) + 10;
    h += "<svg class=\"chart\" data-chart=\"stars\" xmlns=\"http://www.w3.org/2000/svg\" "
         "role=\"img\" width=\"" +
         num(label_w + bar_w + 80) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " +
         num(label_w + bar_w + 80) + " " + num(height) +
         "\"><title>Star distribution per cohort</title>";
    for (int s = 0; s <= 5; ++s) { // legend
        const int x = label_w + s * 70;
        h += "<rect x=\"" + num(x) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
             star_colours[s] + "\"/><text x=\"" + num(x + 16) + "\" y=\"16\">" + num(s) +
             "★</text>";
    }
    for (std::size_t i = 0; i < cohorts.size(); ++i) {
        const auto& s = cohorts[i]->stats;
        const int y = top + row_h * static_cast<int>(i);
        h += "<g class=\"bar\"><text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 15) +
             "\" text-anchor=\"end\">" + esc(key_label(agg, *cohorts[i])) + "</text>";
        std::uint64_t before = 0;
        for (int st = 0; st <= 5; ++st) {
            const auto n = s.stars[static_cast<std::size_t>(st)];
            if (n == 0 || s.count == 0) continue;
            const auto x0 =
                static_cast<std::int64_t>(before * static_cast<std::uint64_t>(bar_w) / s.count);
            before += n;
            const auto x1 =
                static_cast<std::int64_t>(before * static_cast<std::uint64_t>(bar_w) / s.count);
            h += "<rect x=\"" + num(label_w + x0) + "\" y=\"" + num(y + 2) + "\" width=\"" +
                 num(std::max<std::int64_t>(x1 - x0, 1)) + "\" height=\"" + num(row_h - 4) +
                 "\" fill=\"" + star_colours[st] + "\"><title>" + num(st) +
                 "★: " + num(static_cast<std::int64_t>(n)) + " (" + percent(n, s.count) +
                 ")</title></rect>";
        }
        h += "<text x=\"" + num(label_w + bar_w + 6) + "\" y=\"" + num(y + 15) + "\">" +
             num(static_cast<std::int64_t>(s.count)) + "</text></g>";
    }
    h += "</svg>\n";
}

/// Vertical bars: how many totals fall in each bin.
void histogram_chart(std::string& h, const cohort_stats& all, int bin) {
    std::vector<std::uint64_t> counts;
    for (int lo = 0; lo < 100; lo += bin)
        counts.push_back(all.total.hist.count_between(lo, lo + bin >= 100 ? 101 : lo + bin));
    const std::uint64_t peak =
        std::max<std::uint64_t>(1, *std::max_element(counts.begin(), counts.end()));
    const int w = 640, plot_h = 220, left = 50, bottom = 30;
    const int bw = (w - left) / static_cast<int>(counts.size());
    h += "<svg class=\"chart\" data-chart=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" "
         "role=\"img\" width=\"" +
         num(w) + "\" height=\"" + num(plot_h + bottom + 10) + "\" viewBox=\"0 0 " + num(w) + " " +
         num(plot_h + bottom + 10) + "\"><title>Histogram of totals</title>";
    h += "<text x=\"0\" y=\"14\">" + num(static_cast<std::int64_t>(peak)) + "</text>";
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto bh =
            static_cast<std::int64_t>(counts[i] * static_cast<std::uint64_t>(plot_h - 10) / peak);
        const int x = left + static_cast<int>(i) * bw;
        const int lo = static_cast<int>(i) * bin;
        h += "<rect class=\"bin\" x=\"" + num(x + 1) + "\" y=\"" + num(plot_h - bh) +
             "\" width=\"" + num(bw - 2) + "\" height=\"" + num(bh) +
             "\" fill=\"#4e79a7\"><title>" + num(lo) + "–" + num(std::min(lo + bin, 100)) + ": " +
             num(static_cast<std::int64_t>(counts[i])) + "</title></rect>";
        if (lo % 10 == 0)
            h += "<text x=\"" + num(x) + "\" y=\"" + num(plot_h + 18) + "\">" + num(lo) + "</text>";
    }
    h += "<line x1=\"" + num(left) + "\" y1=\"" + num(plot_h) + "\" x2=\"" + num(w) + "\" y2=\"" +
         num(plot_h) + "\" stroke=\"#333\"/></svg>\n";
}

/// Horizontal bars: mean points lost on the weakest criteria.
void weakest_chart(std::string& h, const std::vector<weak_criterion>& weak) {
    const int label_w = 360, bar_w = 300, row_h = 22;
    const int height = row_h * static_cast<int>(weak.size()) + 10;
    fraction peak{1, 1};
    for (const auto& w : weak) peak = std::max(peak, w.mean_lost);
    h += "<svg class=\"chart\" data-chart=\"weakest\" xmlns=\"http://www.w3.org/2000/svg\" "
         "role=\"img\" width=\"" +
         num(label_w + bar_w + 80) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " +
         num(label_w + bar_w + 80) + " " + num(height) +
         "\"><title>Mean points lost on the weakest criteria</title>";
    for (std::size_t i = 0; i < weak.size(); ++i) {
        const auto& w = weak[i];
        const int y = row_h * static_cast<int>(i);
        // Layout only (never a decision): floating point is fine for a bar length.
        const double ratio =
            (static_cast<double>(w.mean_lost.num) / static_cast<double>(w.mean_lost.den)) /
            (static_cast<double>(peak.num) / static_cast<double>(peak.den));
        const auto bw = static_cast<std::int64_t>(ratio * bar_w + 0.5);
        std::string label = "sheet " + num(w.sheet.sheet) + " · " + w.id + " " + w.title_vi;
        if (label.size() > 70) {
            std::size_t cut = 66;
            while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
            label = label.substr(0, cut) + "…";
        }
        h += "<g class=\"bar\"><text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 15) +
             "\" text-anchor=\"end\">" + esc(label) + "</text><rect x=\"" + num(label_w) +
             "\" y=\"" + num(y + 3) + "\" width=\"" + num(std::max<std::int64_t>(bw, 1)) +
             "\" height=\"" + num(row_h - 6) + "\" fill=\"#e15759\"/><text x=\"" +
             num(label_w + bw + 6) + "\" y=\"" + num(y + 15) + "\">" + w.mean_lost.decimal() +
             " / " + num(w.max_points) + "</text></g>";
    }
    h += "</svg>\n";
}

} // namespace

std::string report_html(const cohort_aggregator& agg, const report_options& o) {
    const cohort_stats all = agg.overall();
    const auto cohorts = agg.cohorts();
    const auto weak = agg.weakest(all, o.top_criteria);
    std::string h = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>" +
                    esc(o.title) +
                    "</title><style>"
                    "body{font-family:system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
                    "margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                    "td,th{border:1px solid #ccc;padding:2px 8px}td.n{text-align:right}"
                    "svg text{font-size:12px;fill:#222}h2{margin-top:1.5em}"
                    "</style></head><body>\n";
    h += "<h1>" + esc(o.title) + "</h1>\n<p>";
    if (!o.source.empty()) h += "Source: <code>" + esc(o.source) + "</code> · ";
    h += num(static_cast<std::int64_t>(all.count)) + " records · grouped by " + esc(by_label(agg)) +
         " · near threshold: within " + fraction{agg.options().near_milli, 1000}.decimal() +
         " points below the next band</p>\n";
    h += "<table class=\"overall\"><tr><th>Records</th><th>Scored</th><th>Knocked out</th>"
         "<th>Rejected</th><th>0★</th><th>1★</th><th>2★</th><th>3★</th><th>4★</th><th>5★</th>"
         "<th>Mean total</th><th>Median</th></tr><tr>";
    auto cell = [&](const std::string& v) { h += "<td class=\"n\">" + v + "</td>"; };
    cell(num(static_cast<std::int64_t>(all.count)));
    cell(num(static_cast<std::int64_t>(all.scored)));
    cell(num(static_cast<std::int64_t>(all.knocked_out)));
    cell(num(static_cast<std::int64_t>(all.rejected)));
    for (auto n : all.stars)
        cell(num(static_cast<std::int64_t>(n)) + " (" + percent(n, all.count) + ")");
    cell(mean_total(all));
    cell(quantile_total(all, 50));
    h += "</tr></table>\n<h2>Star distribution per cohort</h2>\n";
    stars_chart(h, agg, cohorts);
    h += "<h2>Score histogram (all records, bins of " + num(o.histogram_bin) + " points)</h2>\n";
    histogram_chart(h, all, std::max(o.histogram_bin, 1));
    h += "<h2>Weakest criteria (mean points lost)</h2>\n";
    weakest_chart(h, weak);
    h += "<h2>Cohorts</h2>\n<table class=\"cohorts\"><tr><th>Cohort</th><th>Records</th>"
         "<th>0★</th><th>1★</th><th>2★</th><th>3★</th><th>4★</th><th>5★</th><th>≥ 3★</th>"
         "<th>Mean total</th><th>Median</th><th>P90</th><th>Near next band</th></tr>\n";
    for (const cohort* c : cohorts) {
        const auto& s = c->stats;
        h += "<tr><td>" + esc(key_label(agg, *c)) + "</td>";
        cell(num(static_cast<std::int64_t>(s.count)));
        for (auto n : s.stars) cell(num(static_cast<std::int64_t>(n)));
        cell(percent(three_plus(s), s.count));
        cell(mean_total(s));
        cell(quantile_total(s, 50));
        cell(quantile_total(s, 90));
        cell(num(static_cast<std::int64_t>(near_all(s))));
        h += "</tr>\n";
    }
    h += "</table>\n<p>Exact figures: <code>ocop aggregate</code> (JSON) and the CSV tables. "
         "Generated by ocop.</p>\n</body></html>\n";
    return h;
}

} // namespace ocop
