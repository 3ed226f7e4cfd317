// The Markdown cohort report, the action-list CSV and the stamp as CSV comments.
#include "report_common.hpp"

#include "../detail/unicode.hpp"

#include <ocop/csv.hpp>

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

std::string markdown_escaped(std::string_view text) {
    const std::string t = detail::nfc(text);
    std::string out;
    out.reserve(t.size());
    for (char c : t) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
            out += '\\';
            out += c;
            break;
        default:
            out += (u < 0x20 || u == 0x7F) ? ' ' : c; // line breaks would end a table row
        }
    }
    return out;
}

namespace {

using namespace detail;

std::string md(std::string_view t) {
    return markdown_escaped(t);
}

void md_table_head(std::string& out,
                   std::initializer_list<std::pair<std::string_view, bool>> cols) {
    out += "|";
    for (const auto& [name, num] : cols) out += " " + std::string(name) + " |";
    out += "\n|";
    for (const auto& [name, num] : cols) out += num ? "---:|" : "---|";
    out += "\n";
}

void md_actions(std::string& out, const cohort_aggregator& agg, const std::vector<action_row>& v,
                const report_options& o, bool gap) {
    const auto L = o.lang;
    if (v.empty()) {
        out += std::string(tr(msg::no_actions, L)) + "\n\n";
        return;
    }
    md_table_head(out, {{tr(msg::cohort, L), false},
                        {tr(msg::id, L), false},
                        {tr(msg::sheet_col, L), true},
                        {tr(msg::stars, L), true},
                        {tr(msg::total, L), true},
                        {tr(msg::gap, L), true},
                        {tr(msg::fix, L), false},
                        {tr(msg::points_needed, L), true}});
    for (std::size_t i = 0; i < v.size() && i < o.action_rows; ++i) {
        const auto& a = *v[i].item;
        out += "| " + md(key_label(agg, *v[i].owner, L)) + " | " + md(a.id) + " | " +
               std::to_string(a.sheet) + " | " + std::to_string(a.stars) + "★ | " +
               fmt_dec(a.total, 2, L) + " | " + (gap ? fmt_dec(a.gap, 2, L) : "–") + " | " +
               md(fix_text(a, L)) + " | " +
               (a.points_needed < 0 ? std::string("–") : std::to_string(a.points_needed)) + " |\n";
    }
    if (v.size() > o.action_rows)
        out += "\n" + md(tr1(msg::more_rows, L, fmt_int(v.size() - o.action_rows, L))) + "\n";
    out += "\n";
}

std::string stars_cells(const std::array<std::uint64_t, 6>& st, std::uint64_t n, report_lang L) {
    std::string s;
    for (auto x : st) s += " | " + fmt_int(x, L);
    s += " | " + fmt_pct(st[3] + st[4] + st[5], n, L);
    return s;
}

} // namespace

std::string report_markdown(const cohort_aggregator& agg, const report_options& o) {
    const auto L = o.lang;
    const report_model m = make_model(agg, o);
    const auto& all = m.all;
    std::string out = "# " + md(m.title) + "\n\n## " + std::string(tr(msg::provenance, L)) + "\n\n";
    for (const auto& [k, v] : stamp_items(agg, o, m)) out += "- **" + md(k) + "**: " + md(v) + "\n";

    out += "\n## " + std::string(tr(msg::overall, L)) + "\n\n";
    md_table_head(out, {{tr(msg::records, L), true},
                        {tr(msg::scored, L), true},
                        {tr(msg::knocked_out, L), true},
                        {tr(msg::rejected, L), true},
                        {"0★", true},
                        {"1★", true},
                        {"2★", true},
                        {"3★", true},
                        {"4★", true},
                        {"5★", true},
                        {tr(msg::share3, L), true},
                        {tr(msg::mean_total, L), true},
                        {tr(msg::median, L), true},
                        {tr(msg::near_next, L), true},
                        {tr(msg::capped_count, L), true}});
    const auto n = all.total.hist.size();
    out += "| " + fmt_int(all.count, L) + " | " + fmt_int(all.scored, L) + " | " +
           fmt_int(all.knocked_out, L) + " | " + fmt_int(all.rejected, L) +
           stars_cells(all.stars, all.count, L) + " | " +
           (n ? fmt_dec(all.total.sum.mean(n), 2, L) : "–") + " | " +
           (n ? fmt_dec(all.total.hist.quantile(50, 100), 2, L) : "–") + " | " +
           fmt_int(near_all(all), L) + " | " + fmt_int(all.capped, L) + " |\n\n";

    out += "## " + std::string(tr(msg::cohorts, L)) + "\n\n";
    md_table_head(out, {{tr(msg::cohort, L), false},
                        {tr(msg::records, L), true},
                        {"0★", true},
                        {"1★", true},
                        {"2★", true},
                        {"3★", true},
                        {"4★", true},
                        {"5★", true},
                        {tr(msg::share3, L), true},
                        {tr(msg::mean_total, L), true},
                        {tr(msg::median, L), true},
                        {tr(msg::p90, L), true},
                        {tr(msg::near_next, L), true},
                        {tr(msg::capped_count, L), true}});
    for (const cohort* c : m.cohorts) {
        const auto& s = c->stats;
        const auto k = s.total.hist.size();
        out += "| " + md(key_label(agg, *c, L)) + " | " + fmt_int(s.count, L) +
               stars_cells(s.stars, s.count, L) + " | " +
               (k ? fmt_dec(s.total.sum.mean(k), 2, L) : "–") + " | " +
               (k ? fmt_dec(s.total.hist.quantile(50, 100), 2, L) : "–") + " | " +
               (k ? fmt_dec(s.total.hist.quantile(90, 100), 2, L) : "–") + " | " +
               fmt_int(near_all(s), L) + " | " + fmt_int(s.capped, L) + " |\n";
    }

    out += "\n## " + std::string(tr(msg::actions, L)) + "\n\n" +
           std::string(tr(msg::actions_intro, L)) + "\n\n### " +
           std::string(tr(msg::actions_near, L)) + " (" + fmt_int(m.near.size(), L) + ")\n\n";
    md_actions(out, agg, m.near, o, true);
    out += "### " + std::string(tr(msg::actions_capped, L)) + " (" + fmt_int(m.capped.size(), L) +
           ")\n\n";
    md_actions(out, agg, m.capped, o, false);

    out += "## " + std::string(tr(msg::weakest, L)) + "\n\n" +
           std::string(tr(msg::weakest_intro, L)) + "\n\n";
    md_table_head(out, {{"#", true},
                        {tr(msg::criterion, L), false},
                        {tr(msg::criterion_title, L), false},
                        {tr(msg::max, L), true},
                        {tr(msg::mean_lost, L), true},
                        {tr(msg::share_lost, L), true},
                        {tr(msg::products, L), true},
                        {tr(msg::sheets, L), false}});
    for (std::size_t i = 0; i < m.weakest.size(); ++i) {
        const auto& w = m.weakest[i];
        std::string sheets;
        for (int s : w.sheets) sheets += (sheets.empty() ? "" : ", ") + std::to_string(s);
        out += "| " + std::to_string(i + 1) + " | " + md(w.id) + " | " + md(w.title) + " | " +
               std::to_string(w.max_points) + " | " + fmt_dec(w.mean_lost, 2, L) + " | " +
               fmt_dec(fraction{w.share_lost.num * 100, w.share_lost.den}, 1, L) + "% | " +
               fmt_int(w.count, L) + " | " + sheets + " |\n";
    }
    if (o.weakest_per_sheet) {
        out += "\n### " + std::string(tr(msg::weakest_detail, L)) + "\n\n";
        md_table_head(out, {{"#", true},
                            {tr(msg::sheet_col, L), true},
                            {tr(msg::criterion, L), false},
                            {tr(msg::criterion_title, L), false},
                            {tr(msg::max, L), true},
                            {tr(msg::mean_lost, L), true},
                            {tr(msg::products, L), true}});
        for (std::size_t i = 0; i < m.weakest_sheet.size(); ++i) {
            const auto& w = m.weakest_sheet[i];
            out += "| " + std::to_string(i + 1) + " | " + std::to_string(w.sheet.sheet) + " | " +
                   md(w.id) + " | " + md(w.title_vi) + " | " + std::to_string(w.max_points) +
                   " | " + fmt_dec(w.mean_lost, 2, L) + " | " + fmt_int(w.count, L) + " |\n";
        }
    }

    out += "\n## " + std::string(tr(msg::trend, L)) + "\n\n" +
           std::string(tr(msg::trend_intro, L)) + "\n\n";
    md_table_head(out, {{tr(msg::cohort, L), false},
                        {tr(msg::year, L), false},
                        {tr(msg::records, L), true},
                        {"0★", true},
                        {"1★", true},
                        {"2★", true},
                        {"3★", true},
                        {"4★", true},
                        {"5★", true},
                        {tr(msg::share3, L), true},
                        {tr(msg::mean_total, L), true},
                        {tr(msg::editions, L), false}});
    for (const auto& t : m.trend) {
        std::string eds;
        for (const auto& [id, k] : t.stats.rulesets)
            eds += (eds.empty() ? "" : ", ") + id + " (" + fmt_int(k, L) + ")";
        out += "| " +
               md(t.owner ? key_label(agg, *t.owner, L) : std::string(tr(msg::all_records, L))) +
               " | " + md(t.year == cohort_missing ? std::string(tr(msg::none_value, L)) : t.year) +
               " | " + fmt_int(t.stats.count, L) + stars_cells(t.stats.stars, t.stats.count, L) +
               " | " +
               (t.stats.with_total ? fmt_dec(t.stats.total.mean(t.stats.with_total), 2, L) : "–") +
               " | " + md(eds) + " |\n";
    }
    out += "\n" + std::string(tr(msg::exact_note, L)) + "\n";
    return out;
}

std::string report_stamp_comment(const cohort_aggregator& agg, const report_options& o) {
    const auto m = make_model(agg, o);
    std::string out;
    for (const auto& [k, v] : stamp_items(agg, o, m)) {
        // One comment line per item: control characters would break the line.
        out += "# " + normalize_key(k) + ": " + normalize_key(v) + "\n";
    }
    return out;
}

std::string actions_csv(const cohort_aggregator& agg, const report_options& o) {
    const auto m = make_model(agg, o);
    std::string out = report_stamp_comment(agg, o);
    for (const auto& k : agg.options().by) {
        append_csv_field(out, k.name);
        out += ',';
    }
    out += "kind,id,ruleset,sheet,stars,band_stars,target,total,total_exact,gap,gap_exact,"
           "points_needed,fix,note\n";
    for (const auto* list : {&m.near, &m.capped})
        for (const auto& r : *list) {
            const auto& a = *r.item;
            for (const auto& v : r.owner->key) {
                append_csv_text(out, v);
                out += ',';
            }
            out += boost::describe::enum_to_string(a.kind, "?");
            out += ',';
            append_csv_text(out, a.id);
            out += ',';
            append_csv_text(out, a.ruleset);
            out += "," + std::to_string(a.sheet) + "," + std::to_string(a.stars) + "," +
                   std::to_string(a.band_stars) + "," + std::to_string(a.target) + "," +
                   a.total.decimal() + "," + a.total.text() + "," + a.gap.decimal() + "," +
                   a.gap.text() + "," +
                   (a.points_needed < 0 ? std::string() : std::to_string(a.points_needed)) + ",";
            std::string fix;
            for (const auto& [id, pts] : a.fix)
                fix += (fix.empty() ? "" : ";") + id + "+" + std::to_string(pts);
            append_csv_field(out, fix);
            out += ',';
            append_csv_text(out, a.note);
            out += '\n';
        }
    return out;
}

} // namespace ocop
