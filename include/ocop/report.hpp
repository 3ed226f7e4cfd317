#pragma once
/// @file report.hpp
/// @brief Cohort reports: a Markdown summary and a self-contained HTML page with inline SVG
/// charts (star distribution per cohort, score histogram, weakest criteria). No network, no
/// script; text is NFC-normalised UTF-8, escaped for HTML.

#include <ocop/cohort.hpp>

#include <string>
#include <string_view>

namespace ocop {

/// What a report shows.
struct report_options {
    std::string title = "Báo cáo OCOP theo nhóm — OCOP cohort report"; ///< Page title.
    std::string source;            ///< Where the data came from (file name), shown if set.
    std::size_t top_criteria = 10; ///< Weakest criteria listed.
    int histogram_bin = 5;         ///< Width of the score histogram bins, in points.
};

/// The Markdown summary: overall figures, a table per cohort (count, stars, mean and median
/// total, near-threshold), the weakest criteria overall.
std::string report_markdown(const cohort_aggregator& agg, const report_options& o = {});

/// A self-contained HTML page (UTF-8, inline CSS and SVG, nothing fetched). It holds exactly
/// three charts, each an `<svg class="chart" data-chart="…">`: `stars` (stacked bar per
/// cohort), `histogram` (totals of every record) and `weakest` (mean points lost).
std::string report_html(const cohort_aggregator& agg, const report_options& o = {});

/// Append `text` to `out` escaped for HTML text and attribute values (& < > " ').
void append_html_escaped(std::string& out, std::string_view text);

/// NFC normalisation of UTF-8 for Latin scripts (Vietnamese included): combining marks are
/// reordered and composed ("e" + U+0323 + U+0302 → "ệ"). Other text is returned unchanged;
/// invalid bytes become U+FFFD.
std::string to_nfc(std::string_view text);

} // namespace ocop
