#pragma once
/// @file report.hpp
/// @brief Cohort reports an office can sign: a Markdown summary, a self-contained HTML page
/// (inline SVG charts, A4 print stylesheet) and CSV tables, in Vietnamese (default) or
/// English. Every report carries a traceability stamp (rulesets and their hashes, policies,
/// input, record counts, ocop version, generation time), lists the products to act on and
/// rolls the weakest criteria up across sheets. Text is NFC-normalised and escaped.

#include <ocop/cohort.hpp>
#include <ocop/encoding.hpp>
#include <ocop/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ocop {

/// Language of a report's labels and number format.
enum class report_lang : std::uint8_t {
    vi, ///< Vietnamese (vi-VN numbers: 1.234,5), the default.
    en  ///< English (1,234.5).
};
BOOST_DESCRIBE_ENUM(report_lang, vi, en)

/// Parse "vi" or "en"; false otherwise.
bool parse_report_lang(std::string_view text, report_lang& out) noexcept;

/// What produced the data, for the traceability stamp (rulesets come from the aggregator).
struct report_stamp {
    std::string input;         ///< Input file name.
    std::uint64_t refused = 0; ///< Records refused before scoring (unreadable, invalid).
    /// Generation time, Unix seconds; < 0: report_time() (SOURCE_DATE_EPOCH, else now).
    std::int64_t generated_at = -1;
};

/// What a report shows.
struct report_options {
    std::string title;                  ///< Page title; empty: the catalogue's title.
    report_lang lang = report_lang::vi; ///< Labels and number format.
    std::size_t top_criteria = 10;      ///< Weakest criteria listed (rolled up across sheets).
    bool weakest_per_sheet = false;     ///< Also list the weakest criteria sheet by sheet.
    std::size_t action_rows = 50;       ///< Rows of each action list on the page (CSV: all).
    int histogram_bin = 5;              ///< Width of the score histogram bins, in points.
    report_stamp stamp;                 ///< Provenance.
    std::string source; ///< Input file name when stamp.input is empty (older callers).
};

/// The Markdown report: stamp, overall, cohorts, action lists, weakest criteria, year trend.
/// Data are escaped (markdown_escaped).
std::string report_markdown(const cohort_aggregator& agg, const report_options& o = {});

/// A self-contained HTML page (UTF-8, inline CSS and SVG, no script, nothing fetched, A4
/// print stylesheet). Sections: `stamp`, `overall`, `stars`, `histogram`, `cohorts`,
/// `actions`, `weakest`, `trend` (each a `<section id="…">`). Charts are
/// `<svg class="chart" data-chart="stars|histogram|weakest">`.
std::string report_html(const cohort_aggregator& agg, const report_options& o = {});

/// The action lists as CSV (every product, exact values): cohort keys, kind
/// (`near_band`/`capped`), id, ruleset, sheet, stars, target, total, gap, points needed, the
/// criteria to raise (`4.3+2;1.1+1`) and a note; preceded by the stamp as `#` comment lines.
/// Aggregate with aggregate_options::collect_actions to fill it.
std::string actions_csv(const cohort_aggregator& agg, const report_options& o = {});

/// The traceability stamp as CSV comment lines ("# key: value"), for the report's CSV files.
std::string report_stamp_comment(const cohort_aggregator& agg, const report_options& o = {});

/// The generation time: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
std::int64_t report_time();

/// Print an HTML file to PDF (A4) with headless Chromium (`chromium` on PATH, or `browser`).
/// Refuses when the browser cannot run or writes no file.
[[nodiscard]] result<void> render_pdf(const std::string& html_path, const std::string& pdf_path,
                                      const std::string& browser = "");

/// Append `text` to `out` escaped for HTML text and attribute values (& < > " ').
void append_html_escaped(std::string& out, std::string_view text);

/// `text` (NFC) escaped for Markdown text and table cells: Markdown punctuation is
/// backslash-escaped, `<`, `>` and `&` become entities, line breaks and control characters
/// become spaces. Safe for `sheet`, `reference` and the reports.
std::string markdown_escaped(std::string_view text);

} // namespace ocop
