// The self-contained HTML cohort report: stamp, tables, three inline SVG charts with axes,
// action lists, rolled-up weakest criteria, year trend; A4 print stylesheet; no script.
#include "report_common.hpp"

#include "../detail/unicode.hpp"

#include <ocop/version.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

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
        case '\0':
            break; // never reaches a page
        default:
            out += c;
        }
    }
}

namespace {

using namespace detail;

// Star colours, 0★ to 5★ (grey, red, orange, then light to dark green).
constexpr const char* star_colours[] = {"#9e9e9e", "#e57373", "#ffb74d",
                                        "#aed581", "#4caf50", "#1b5e20"};

constexpr const char* css =
    "body{font-family:'Noto Sans','DejaVu Sans',system-ui,'Segoe UI',Roboto,sans-serif;"
    "margin:24px auto;max-width:1100px;padding:0 16px;color:#222;line-height:1.4}"
    "h1{font-size:1.6em;margin:.2em 0 .4em}"
    "h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #1b5e20;padding-bottom:2px}"
    "h3{font-size:1.05em;margin:1em 0 .3em}"
    "table{border-collapse:collapse;margin:.6em 0;font-size:13px}"
    "td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}"
    "th{background:#eef4ee;text-align:left;font-weight:600}"
    "td.n{text-align:right;white-space:nowrap}th.n{text-align:right;max-width:7.5em}"
    "td.id{white-space:nowrap}table.stamp th{width:15em}table.stamp td{overflow-wrap:anywhere}"
    "svg.chart{display:block;max-width:100%;height:auto;margin:.4em 0}"
    "svg text{font-size:12px;fill:#222}svg .axis{stroke:#444;stroke-width:1}"
    "svg .grid{stroke:#ddd;stroke-width:1}"
    "svg line.band{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 3}"
    "svg text.bandlabel{fill:#c62828;font-weight:600}"
    "p.note{color:#555;font-size:12px}"
    "@page{size:A4;margin:14mm 12mm 16mm}"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}"
    "h2{break-after:avoid;page-break-after:avoid}h3{break-after:avoid}"
    "tr,svg{break-inside:avoid;page-break-inside:avoid}table{font-size:8.5pt}"
    "td,th{padding:2px 5px}}";

/// Text as a CSS string literal: ASCII other than letters, digits and spaces as hex escapes
/// (so that no data can close the string or the style element).
std::string css_string(std::string_view t) {
    std::string out = "\"";
    for (char c : t) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u) || c == ' ') {
            out += c;
        } else {
            char b[8];
            std::snprintf(b, sizeof b, "\\%X ", u);
            out += b;
        }
    }
    return out + "\"";
}

std::string esc(std::string_view t) {
    std::string s;
    append_html_escaped(s, nfc(t));
    return s;
}

std::string num(std::int64_t v) {
    return std::to_string(v);
}

std::string numf(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

double to_double(const fraction& f) {
    return f.den ? static_cast<double>(f.num) / static_cast<double>(f.den) : 0.0;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// At most `max` code points, "…" when cut.
std::string shorten(const std::string& s, std::size_t max) {
    if (code_points(s) <= max) return s;
    std::size_t n = 0, i = 0;
    for (; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n > max - 1) break;
    return s.substr(0, i) + "…";
}

/// A "nice" tick step (1, 2, 5 × 10^k) giving at most `ticks` intervals up to `peak`.
double nice_step(double peak, int ticks) {
    if (peak <= 0) return 1;
    const double raw = peak / ticks;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10 * p;
}

std::string svg_open(const char* kind, int w, int h, std::string_view title) {
    return "<svg class=\"chart\" data-chart=\"" + std::string(kind) +
           "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + num(w) +
           "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) + "\"><title>" +
           esc(title) + "</title>";
}

/// Stacked bars, one row per cohort, with a 0–100 % axis.
void stars_chart(std::string& h, const cohort_aggregator& agg,
                 const std::vector<const cohort*>& cohorts, report_lang L) {
    std::size_t longest = 4;
    for (const cohort* c : cohorts) longest = std::max(longest, code_points(key_label(agg, *c, L)));
    const std::size_t max_chars = 40;
    const int label_w = 16 + 7 * static_cast<int>(std::min(longest, max_chars));
    const int bar_w = 560, row_h = 22, top = 52, right = 70;
    const int width = label_w + bar_w + right;
    const int height = top + row_h * static_cast<int>(cohorts.size()) + 30;
    h += svg_open("stars", width, height, tr(msg::stars_chart, L));
    for (int s = 0; s <= 5; ++s) { // legend
        const int x = label_w + s * 64;
        h += "<rect x=\"" + num(x) + "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" +
             star_colours[s] + "\"/><text x=\"" + num(x + 16) + "\" y=\"14\">" + num(s) +
             "★</text>";
    }
    const int bottom = top + row_h * static_cast<int>(cohorts.size());
    for (int p = 0; p <= 100; p += 25) { // % axis on top, grid through the rows
        const int x = label_w + bar_w * p / 100;
        h += "<line class=\"grid\" x1=\"" + num(x) + "\" y1=\"" + num(top - 4) + "\" x2=\"" +
             num(x) + "\" y2=\"" + num(bottom) + "\"/><text x=\"" + num(x) + "\" y=\"" +
             num(top - 8) + "\" text-anchor=\"middle\">" + num(p) + "%</text>";
    }
    for (std::size_t i = 0; i < cohorts.size(); ++i) {
        const auto& s = cohorts[i]->stats;
        const int y = top + row_h * static_cast<int>(i);
        const std::string label = key_label(agg, *cohorts[i], L);
        h += "<g class=\"bar\"><text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 15) +
             "\" text-anchor=\"end\"><title>" + esc(label) + "</title>" +
             esc(shorten(label, max_chars)) + "</text>";
        std::uint64_t before = 0;
        for (int st = 0; st <= 5; ++st) {
            const auto n = s.stars[static_cast<std::size_t>(st)];
            if (n == 0 || s.count == 0) continue;
            const auto x0 =
                static_cast<std::int64_t>(before * static_cast<std::uint64_t>(bar_w) / s.count);
            before += n;
            const auto x1 =
                static_cast<std::int64_t>(before * static_cast<std::uint64_t>(bar_w) / s.count);
            h += "<rect x=\"" + num(label_w + x0) + "\" y=\"" + num(y + 3) + "\" width=\"" +
                 num(std::max<std::int64_t>(x1 - x0, 1)) + "\" height=\"" + num(row_h - 6) +
                 "\" fill=\"" + star_colours[st] + "\"><title>" + num(st) + "★: " + fmt_int(n, L) +
                 " (" + fmt_pct(n, s.count, L) + ")</title></rect>";
        }
        h += "<text x=\"" + num(label_w + bar_w + 6) + "\" y=\"" + num(y + 15) + "\">" +
             fmt_int(s.count, L) + "</text></g>";
    }
    h += "<line class=\"axis\" x1=\"" + num(label_w) + "\" y1=\"" + num(top - 4) + "\" x2=\"" +
         num(label_w) + "\" y2=\"" + num(bottom) + "\"/>";
    h += "<text x=\"" + num(label_w + bar_w / 2) + "\" y=\"" + num(bottom + 20) +
         "\" text-anchor=\"middle\">" + esc(tr(msg::share_axis, L)) + " · " +
         esc(tr(msg::count_right, L)) + "</text>";
    h += "</svg>\n";
}

/// Vertical bars of totals with a count axis, a points axis and the star band lines.
void histogram_chart(std::string& h, const report_model& m, int bin, report_lang L) {
    std::vector<std::uint64_t> counts;
    for (int lo = 0; lo < 100; lo += bin)
        counts.push_back(m.all.total.hist.count_between(lo, lo + bin >= 100 ? 101 : lo + bin));
    const std::uint64_t peak =
        std::max<std::uint64_t>(1, *std::max_element(counts.begin(), counts.end()));
    const double step = std::max(1.0, nice_step(static_cast<double>(peak), 5));
    const double ymax = std::ceil(static_cast<double>(peak) / step) * step;
    const int left = 64, right = 16, top = 26, plot_w = 640, plot_h = 220, bottom = 44;
    const int width = left + plot_w + right, height = top + plot_h + bottom;
    auto X = [&](double pts) { return left + pts * plot_w / 100.0; };
    auto Y = [&](double v) { return top + plot_h - v * plot_h / ymax; };
    h += svg_open("histogram", width, height, tr1(msg::histogram, L, num(bin)));
    for (double v = 0; v <= ymax + 1e-9; v += step) { // count axis and grid
        h += "<line class=\"grid\" x1=\"" + num(left) + "\" y1=\"" + numf(Y(v)) + "\" x2=\"" +
             num(left + plot_w) + "\" y2=\"" + numf(Y(v)) + "\"/><text x=\"" + num(left - 6) +
             "\" y=\"" + numf(Y(v) + 4) + "\" text-anchor=\"end\">" +
             fmt_int(static_cast<std::uint64_t>(v), L) + "</text>";
    }
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const int lo = static_cast<int>(i) * bin;
        const double x0 = X(lo), x1 = X(std::min(lo + bin, 100));
        const double y = Y(static_cast<double>(counts[i]));
        h += "<rect class=\"bin\" x=\"" + numf(x0 + 1) + "\" y=\"" + numf(y) + "\" width=\"" +
             numf(x1 - x0 - 2) + "\" height=\"" + numf(top + plot_h - y) +
             "\" fill=\"#4e79a7\"><title>" + num(lo) + "–" + num(std::min(lo + bin, 100)) + ": " +
             fmt_int(counts[i], L) + "</title></rect>";
    }
    for (int p = 0; p <= 100; p += 10) // points axis
        h += "<line class=\"axis\" x1=\"" + numf(X(p)) + "\" y1=\"" + num(top + plot_h) +
             "\" x2=\"" + numf(X(p)) + "\" y2=\"" + num(top + plot_h + 4) + "\"/><text x=\"" +
             numf(X(p)) + "\" y=\"" + num(top + plot_h + 17) + "\" text-anchor=\"middle\">" +
             num(p) + "</text>";
    h += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" +
         num(left + plot_w) + "\" y2=\"" + num(top + plot_h) + "\"/><line class=\"axis\" x1=\"" +
         num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(top + plot_h) + "\"/>";
    int band_stars = 3;
    for (auto lo : m.band_lines_milli) { // star band lower bounds
        const double pts = static_cast<double>(lo) / 1000.0;
        h += "<line class=\"band\" x1=\"" + numf(X(pts)) + "\" y1=\"" + num(top - 4) + "\" x2=\"" +
             numf(X(pts)) + "\" y2=\"" + num(top + plot_h) + "\"/><text class=\"bandlabel\" x=\"" +
             numf(X(pts) + 4) + "\" y=\"" + num(top - 10) + "\">" +
             (m.band_lines_milli.size() == 3 ? num(band_stars++) + "★ ≥ " : "") +
             fmt_dec(fraction{lo, 1000}, 1, L) + "</text>";
    }
    h += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(height - 6) +
         "\" text-anchor=\"middle\">" + esc(tr(msg::total_axis, L)) + "</text>";
    h += "<text transform=\"translate(14," + num(top + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + esc(tr(msg::count_axis, L)) + "</text>";
    h += "</svg>\n";
}

/// Horizontal bars: mean points lost on the weakest criteria (rolled up), with a points axis.
void weakest_chart(std::string& h, const std::vector<rolled_criterion>& weak, report_lang L) {
    const std::size_t max_chars = 58;
    const int label_w = 420, bar_w = 300, row_h = 22, top = 22, right = 110;
    const int width = label_w + bar_w + right;
    const int bottom = top + row_h * static_cast<int>(weak.size());
    const int height = bottom + 30;
    double peak = 0;
    for (const auto& w : weak) peak = std::max(peak, to_double(w.mean_lost));
    const double step = nice_step(std::max(peak, 0.1), 4);
    const double xmax = std::ceil(std::max(peak, 0.1) / step) * step;
    h += svg_open("weakest", width, height, tr(msg::weakest, L));
    for (double v = 0; v <= xmax + 1e-9; v += step) {
        const double x = label_w + v * bar_w / xmax;
        h += "<line class=\"grid\" x1=\"" + numf(x) + "\" y1=\"" + num(top - 4) + "\" x2=\"" +
             numf(x) + "\" y2=\"" + num(bottom) + "\"/><text x=\"" + numf(x) + "\" y=\"" +
             num(top - 8) + "\" text-anchor=\"middle\">" +
             fmt_dec(fraction{static_cast<std::int64_t>(std::llround(v * 1000)), 1000}, 2, L) +
             "</text>";
    }
    for (std::size_t i = 0; i < weak.size(); ++i) {
        const auto& w = weak[i];
        const int y = top + row_h * static_cast<int>(i);
        const double bw = to_double(w.mean_lost) * bar_w / xmax;
        const std::string label = w.id + " " + w.title;
        h += "<g class=\"bar\"><text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 15) +
             "\" text-anchor=\"end\"><title>" + esc(label) + "</title>" +
             esc(shorten(label, max_chars)) + "</text><rect x=\"" + num(label_w) + "\" y=\"" +
             num(y + 3) + "\" width=\"" + numf(std::max(bw, 1.0)) + "\" height=\"" +
             num(row_h - 6) + "\" fill=\"#e15759\"/><text x=\"" + numf(label_w + bw + 6) +
             "\" y=\"" + num(y + 15) + "\">" + fmt_dec(w.mean_lost, 2, L) + " / " +
             num(w.max_points) + "</text></g>";
    }
    h += "<line class=\"axis\" x1=\"" + num(label_w) + "\" y1=\"" + num(top - 4) + "\" x2=\"" +
         num(label_w) + "\" y2=\"" + num(bottom) + "\"/>";
    h += "<text x=\"" + num(label_w + bar_w / 2) + "\" y=\"" + num(bottom + 20) +
         "\" text-anchor=\"middle\">" + esc(tr(msg::mean_lost, L)) + "</text>";
    h += "</svg>\n";
}

struct table {
    std::string& h;
    void head(std::initializer_list<std::pair<std::string, bool>> cols, const char* cls) {
        h += "<table class=\"" + std::string(cls) + "\"><thead><tr>";
        for (const auto& [name, n] : cols)
            h += std::string(n ? "<th class=\"n\">" : "<th>") + esc(name) + "</th>";
        h += "</tr></thead><tbody>\n";
    }
    void text(std::string_view v) { h += "<td>" + esc(v) + "</td>"; }
    void n(const std::string& v) { h += "<td class=\"n\">" + esc(v) + "</td>"; }
    void end() { h += "</tbody></table>\n"; }
};

std::string S(msg m, report_lang L) {
    return std::string(tr(m, L));
}

void star_cells(table& t, const std::array<std::uint64_t, 6>& st, std::uint64_t n, report_lang L) {
    for (auto x : st) t.n(fmt_int(x, L));
    t.n(fmt_pct(st[3] + st[4] + st[5], n, L));
}

void actions_table(std::string& h, const cohort_aggregator& agg, const std::vector<action_row>& v,
                   const report_options& o, bool gap) {
    const auto L = o.lang;
    if (v.empty()) {
        h += "<p>" + esc(tr(msg::no_actions, L)) + "</p>\n";
        return;
    }
    table t{h};
    t.head({{S(msg::cohort, L), false},
            {S(msg::id, L), false},
            {S(msg::sheet_col, L), true},
            {S(msg::stars, L), true},
            {S(msg::total, L), true},
            {S(msg::gap, L), true},
            {S(msg::fix, L), false},
            {S(msg::points_needed, L), true}},
           gap ? "actions near" : "actions capped");
    for (std::size_t i = 0; i < v.size() && i < o.action_rows; ++i) {
        const auto& a = *v[i].item;
        h += "<tr>";
        t.text(key_label(agg, *v[i].owner, L));
        h += "<td class=\"id\">" + esc(a.id) + "</td>";
        t.n(std::to_string(a.sheet));
        t.n(std::to_string(a.stars) + "★");
        t.n(fmt_dec(a.total, 2, L));
        t.n(gap ? fmt_dec(a.gap, 2, L) : "–");
        t.text(fix_text(a, L));
        t.n(a.points_needed < 0 ? std::string("–") : std::to_string(a.points_needed));
        h += "</tr>\n";
    }
    t.end();
    if (v.size() > o.action_rows)
        h += "<p class=\"note\">" +
             esc(tr1(msg::more_rows, L, fmt_int(v.size() - o.action_rows, L))) + "</p>\n";
}

/// "Title · qd26-2026 sha256:0a5115da… · 2026-12-01 01:23 UTC".
std::string print_footer(const report_model& m) {
    std::string s = m.title;
    for (const auto& u : m.rulesets)
        s += " · " + u.id + (u.hash.empty() ? "" : " " + u.hash.substr(0, 19) + "…");
    return s + " · " + fmt_time(m.generated_at);
}

} // namespace

std::string report_html(const cohort_aggregator& agg, const report_options& o) {
    const auto L = o.lang;
    const report_model m = make_model(agg, o);
    const auto& all = m.all;
    std::string h = "<!DOCTYPE html>\n<html lang=\"" +
                    std::string(L == report_lang::en ? "en" : "vi") +
                    "\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<meta name=\"generator\" content=\"ocop\"><title>" +
                    esc(m.title) + "</title><style>" + css +
                    // Every printed page names the report, its rulesets and its time.
                    "@page{@bottom-left{content:" + css_string(print_footer(m)) +
                    ";font-size:7pt;color:#555}@bottom-right{content:" +
                    css_string(std::string(tr(msg::page_of, L)) + " ") +
                    " counter(page) \" / \" counter(pages);font-size:7pt;color:#555}}"
                    "</style></head><body>\n";
    h += "<h1>" + esc(m.title) + "</h1>\n";
    table t{h};

    h += "<section id=\"stamp\"><h2>" + esc(tr(msg::provenance, L)) + "</h2>\n";
    h += "<table class=\"stamp\"><tbody>\n";
    for (const auto& [k, v] : stamp_items(agg, o, m))
        h += "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>\n";
    h += "</tbody></table></section>\n";

    h += "<section id=\"overall\"><h2>" + esc(tr(msg::overall, L)) + "</h2>\n";
    t.head({{S(msg::records, L), true},
            {S(msg::scored, L), true},
            {S(msg::knocked_out, L), true},
            {S(msg::rejected, L), true},
            {"0★", true},
            {"1★", true},
            {"2★", true},
            {"3★", true},
            {"4★", true},
            {"5★", true},
            {S(msg::share3, L), true},
            {S(msg::mean_total, L), true},
            {S(msg::median, L), true},
            {S(msg::near_next, L), true},
            {S(msg::capped_count, L), true}},
           "overall");
    const auto n = all.total.hist.size();
    h += "<tr>";
    t.n(fmt_int(all.count, L));
    t.n(fmt_int(all.scored, L));
    t.n(fmt_int(all.knocked_out, L));
    t.n(fmt_int(all.rejected, L));
    star_cells(t, all.stars, all.count, L);
    t.n(n ? fmt_dec(all.total.sum.mean(n), 2, L) : "–");
    t.n(n ? fmt_dec(all.total.hist.quantile(50, 100), 2, L) : "–");
    t.n(fmt_int(near_all(all), L));
    t.n(fmt_int(all.capped, L));
    h += "</tr>\n";
    t.end();
    h += "<p>" + esc(tr(msg::star_shares, L)) + ": ";
    for (int s = 5; s >= 0; --s)
        h += num(s) + "★ " + esc(fmt_pct(all.stars[static_cast<std::size_t>(s)], all.count, L)) +
             (s ? " · " : "");
    h += "</p></section>\n";

    h += "<section id=\"stars\"><h2>" + esc(tr(msg::stars_chart, L)) + "</h2>\n";
    stars_chart(h, agg, m.cohorts, L);
    h += "</section>\n<section id=\"histogram\"><h2>" +
         esc(tr1(msg::histogram, L, num(std::max(o.histogram_bin, 1)))) + "</h2>\n";
    histogram_chart(h, m, std::clamp(o.histogram_bin, 1, 50), L);
    h += "</section>\n";

    h += "<section id=\"cohorts\"><h2>" + esc(tr(msg::cohorts, L)) + "</h2>\n";
    t.head({{S(msg::cohort, L), false},
            {S(msg::records, L), true},
            {"0★", true},
            {"1★", true},
            {"2★", true},
            {"3★", true},
            {"4★", true},
            {"5★", true},
            {S(msg::share3, L), true},
            {S(msg::mean_total, L), true},
            {S(msg::median, L), true},
            {S(msg::p90, L), true},
            {S(msg::near_next, L), true},
            {S(msg::capped_count, L), true}},
           "cohorts");
    for (const cohort* c : m.cohorts) {
        const auto& s = c->stats;
        const auto k = s.total.hist.size();
        h += "<tr>";
        t.text(key_label(agg, *c, L));
        t.n(fmt_int(s.count, L));
        star_cells(t, s.stars, s.count, L);
        t.n(k ? fmt_dec(s.total.sum.mean(k), 2, L) : "–");
        t.n(k ? fmt_dec(s.total.hist.quantile(50, 100), 2, L) : "–");
        t.n(k ? fmt_dec(s.total.hist.quantile(90, 100), 2, L) : "–");
        t.n(fmt_int(near_all(s), L));
        t.n(fmt_int(s.capped, L));
        h += "</tr>\n";
    }
    t.end();
    h += "</section>\n";

    h += "<section id=\"actions\"><h2>" + esc(tr(msg::actions, L)) + "</h2>\n<p class=\"note\">" +
         esc(tr(msg::actions_intro, L)) + "</p>\n<h3>" + esc(tr(msg::actions_near, L)) + " (" +
         fmt_int(m.near.size(), L) + ")</h3>\n";
    actions_table(h, agg, m.near, o, true);
    h += "<h3>" + esc(tr(msg::actions_capped, L)) + " (" + fmt_int(m.capped.size(), L) + ")</h3>\n";
    actions_table(h, agg, m.capped, o, false);
    h += "</section>\n";

    h += "<section id=\"weakest\"><h2>" + esc(tr(msg::weakest, L)) + "</h2>\n<p class=\"note\">" +
         esc(tr(msg::weakest_intro, L)) + "</p>\n";
    weakest_chart(h, m.weakest, L);
    t.head({{"#", true},
            {S(msg::criterion, L), false},
            {S(msg::criterion_title, L), false},
            {S(msg::max, L), true},
            {S(msg::mean_lost, L), true},
            {S(msg::share_lost, L), true},
            {S(msg::products, L), true},
            {S(msg::sheets, L), false}},
           "weakest");
    for (std::size_t i = 0; i < m.weakest.size(); ++i) {
        const auto& w = m.weakest[i];
        std::string sheets;
        for (int s : w.sheets) sheets += (sheets.empty() ? "" : ", ") + std::to_string(s);
        h += "<tr>";
        t.n(std::to_string(i + 1));
        t.text(w.id);
        t.text(w.title);
        t.n(std::to_string(w.max_points));
        t.n(fmt_dec(w.mean_lost, 2, L));
        t.n(fmt_dec(fraction{w.share_lost.num * 100, w.share_lost.den}, 1, L) + "%");
        t.n(fmt_int(w.count, L));
        t.text(sheets);
        h += "</tr>\n";
    }
    t.end();
    if (o.weakest_per_sheet) {
        h += "<h3>" + esc(tr(msg::weakest_detail, L)) + "</h3>\n";
        t.head({{"#", true},
                {S(msg::sheet_col, L), true},
                {S(msg::criterion, L), false},
                {S(msg::criterion_title, L), false},
                {S(msg::max, L), true},
                {S(msg::mean_lost, L), true},
                {S(msg::products, L), true}},
               "weakest-sheet");
        for (std::size_t i = 0; i < m.weakest_sheet.size(); ++i) {
            const auto& w = m.weakest_sheet[i];
            h += "<tr>";
            t.n(std::to_string(i + 1));
            t.n(std::to_string(w.sheet.sheet));
            t.text(w.id);
            t.text(w.title_vi);
            t.n(std::to_string(w.max_points));
            t.n(fmt_dec(w.mean_lost, 2, L));
            t.n(fmt_int(w.count, L));
            h += "</tr>\n";
        }
        t.end();
    }
    h += "</section>\n";

    h += "<section id=\"trend\"><h2>" + esc(tr(msg::trend, L)) + "</h2>\n<p class=\"note\">" +
         esc(tr(msg::trend_intro, L)) + "</p>\n";
    t.head({{S(msg::cohort, L), false},
            {S(msg::year, L), false},
            {S(msg::records, L), true},
            {"0★", true},
            {"1★", true},
            {"2★", true},
            {"3★", true},
            {"4★", true},
            {"5★", true},
            {S(msg::share3, L), true},
            {S(msg::mean_total, L), true},
            {S(msg::editions, L), false}},
           "trend");
    for (const auto& r : m.trend) {
        std::string eds;
        for (const auto& [id, k] : r.stats.rulesets)
            eds += (eds.empty() ? "" : ", ") + id + " (" + fmt_int(k, L) + ")";
        h += "<tr>";
        t.text(r.owner ? key_label(agg, *r.owner, L) : S(msg::all_records, L));
        t.text(r.year == cohort_missing ? S(msg::none_value, L) : r.year);
        t.n(fmt_int(r.stats.count, L));
        star_cells(t, r.stats.stars, r.stats.count, L);
        t.n(r.stats.with_total ? fmt_dec(r.stats.total.mean(r.stats.with_total), 2, L) : "–");
        t.text(eds);
        h += "</tr>\n";
    }
    t.end();
    h += "</section>\n<p class=\"note\">" + esc(tr(msg::exact_note, L)) + " ocop " +
         esc(version_string) + "</p>\n</body></html>\n";
    return h;
}

} // namespace ocop
