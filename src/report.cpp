// The Markdown cohort report and the helpers shared with the HTML page.
#include "report_common.hpp"

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

namespace detail {

std::string percent(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) return "–";
    // One decimal, rounded half up, in integers.
    const std::uint64_t tenths = (part * 2000 + whole) / (2 * whole);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " %";
}

std::string key_label(const cohort_aggregator& agg, const cohort& c) {
    std::string s;
    for (std::size_t i = 0; i < c.key.size(); ++i) {
        if (i) s += " · ";
        if (agg.options().by[i] == cohort_key::star)
            s += c.key[i] + "★";
        else if (agg.options().by[i] == cohort_key::sheet)
            s += "sheet " + c.key[i];
        else
            s += to_nfc(c.key[i]);
    }
    return s.empty() ? std::string("all records") : s;
}

std::string by_label(const cohort_aggregator& agg) {
    std::string s;
    for (auto k : agg.options().by) {
        if (!s.empty()) s += ", ";
        s += boost::describe::enum_to_string(k, "?");
    }
    return s.empty() ? std::string("(no grouping)") : s;
}

std::string mean_total(const cohort_stats& s) {
    const auto n = s.total.hist.size();
    return n ? s.total.sum.mean(n).decimal() : std::string("–");
}

std::string quantile_total(const cohort_stats& s, std::uint64_t q) {
    return s.total.hist.size() ? s.total.hist.quantile(q, 100).decimal() : std::string("–");
}

std::uint64_t near_all(const cohort_stats& s) {
    std::uint64_t n = 0;
    for (auto x : s.near) n += x;
    return n;
}

std::uint64_t three_plus(const cohort_stats& s) {
    return s.stars[3] + s.stars[4] + s.stars[5];
}

} // namespace detail

namespace {

std::string md_cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

} // namespace

std::string report_markdown(const cohort_aggregator& agg, const report_options& o) {
    using namespace detail;
    const cohort_stats all = agg.overall();
    std::string md = "# " + to_nfc(o.title) + "\n\n";
    if (!o.source.empty()) md += "Source: `" + md_cell(to_nfc(o.source)) + "` · ";
    md += std::to_string(all.count) + " records · grouped by " + by_label(agg) +
          " · near threshold: within " + fraction{agg.options().near_milli, 1000}.decimal() +
          " points below the next band\n\n";

    md += "## Overall\n\n| Records | Scored | Knocked out | Rejected | 0★ | 1★ | 2★ | 3★ | 4★ | "
          "5★ | Mean total | Median | Near next band |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    md += "| " + std::to_string(all.count) + " | " + std::to_string(all.scored) + " | " +
          std::to_string(all.knocked_out) + " | " + std::to_string(all.rejected);
    for (auto n : all.stars) md += " | " + std::to_string(n);
    md += " | " + mean_total(all) + " | " + quantile_total(all, 50) + " | " +
          std::to_string(near_all(all)) + " |\n\n";
    md += "Star shares: ";
    for (int s = 5; s >= 0; --s) {
        md += std::to_string(s) + "★ " + percent(all.stars[static_cast<std::size_t>(s)], all.count);
        md += s ? " · " : "\n\n";
    }

    md += "## Cohorts\n\n| Cohort | Records | 0★ | 1★ | 2★ | 3★ | 4★ | 5★ | ≥ 3★ | Mean total | "
          "Median | P90 | Near next band |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const cohort* c : agg.cohorts()) {
        const auto& s = c->stats;
        md += "| " + md_cell(key_label(agg, *c)) + " | " + std::to_string(s.count);
        for (auto n : s.stars) md += " | " + std::to_string(n);
        md += " | " + percent(three_plus(s), s.count) + " | " + mean_total(s) + " | " +
              quantile_total(s, 50) + " | " + quantile_total(s, 90) + " | " +
              std::to_string(near_all(s)) + " |\n";
    }

    md += "\n## Weakest criteria (all records)\n\nMean points lost per product where the "
          "criterion applied.\n\n| # | Sheet | Criterion | Title | Max | Mean lost | Products |\n"
          "|---:|---:|---|---|---:|---:|---:|\n";
    const auto weak = agg.weakest(all, o.top_criteria);
    for (std::size_t i = 0; i < weak.size(); ++i) {
        const auto& w = weak[i];
        md += "| " + std::to_string(i + 1) + " | " + std::to_string(w.sheet.sheet) + " | " +
              md_cell(w.id) + " | " + md_cell(to_nfc(w.title_vi)) + " | " +
              std::to_string(w.max_points) + " | " + w.mean_lost.decimal() + " | " +
              std::to_string(w.count) + " |\n";
    }
    md += "\nExact figures: `ocop aggregate` (JSON) and the CSV tables.\n";
    return md;
}

} // namespace ocop
