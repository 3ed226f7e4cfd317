#pragma once
// Internal: what the Markdown, HTML and CSV reports share: the string catalogue, localised
// number formatting, labels, and the report model (stamp, rolled-up weakest criteria, sorted
// action lists, year trend), computed once from the aggregator.
#include <ocop/report.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ocop::detail {

/// Every label of the reports (catalogue in report_strings.cpp).
enum class msg : std::uint16_t {
    title,
    provenance,
    input,
    records_read,
    scored,
    knocked_out,
    rejected,
    refused,
    filtered,
    rulesets,
    policies,
    generated_by,
    generated_at,
    grouped_by,
    no_grouping,
    filters,
    provinces_2025,
    provinces_as_written,
    near_def,
    overall,
    records,
    mean_total,
    median,
    p90,
    near_next,
    capped_count,
    star_shares,
    share3,
    stars_chart,
    share_axis,
    histogram,
    count_axis,
    total_axis,
    band_line,
    cohorts,
    cohort,
    all_records,
    sheet,
    actions,
    actions_intro,
    actions_near,
    actions_capped,
    id,
    stars,
    total,
    gap,
    fix,
    points_needed,
    more_rows,
    no_actions,
    no_plan,
    weakest,
    weakest_intro,
    criterion,
    criterion_title,
    max,
    mean_lost,
    share_lost,
    products,
    sheets,
    weakest_detail,
    trend,
    trend_intro,
    year,
    editions,
    exact_note,
    none_value,
    policy_markers,
    policy_defects,
    provinces_label,
    note_council,
    note_council_reached,
    note_result_line,
    note_unreachable,
    sheet_col,
    page_of,
    count_right,
    count_
};

/// The label in a language.
std::string_view tr(msg m, report_lang lang) noexcept;
/// The label with "{}" replaced by `arg`.
std::string tr1(msg m, report_lang lang, std::string_view arg);

/// Whole number with the language's grouping separator (vi: 12.345, en: 12,345).
std::string fmt_int(std::uint64_t v, report_lang lang);
/// A fraction rounded half away from zero to `digits` decimals (trailing zeros dropped),
/// with the language's separators. Display only: exact values go to JSON and CSV.
std::string fmt_dec(const fraction& f, int digits, report_lang lang);
/// part/whole as a percentage with one decimal ("75,5 %"), "–" when whole is 0.
std::string fmt_pct(std::uint64_t part, std::uint64_t whole, report_lang lang);
/// "2026-12-01 01:23 UTC".
std::string fmt_time(std::int64_t unix_seconds);

/// "Hà Nội · 3★" for a cohort (NFC), "all records" without keys.
std::string key_label(const cohort_aggregator& agg, const cohort& c, report_lang lang);
/// "province, star".
std::string by_label(const cohort_aggregator& agg, report_lang lang);
/// Records within the near distance below the next band.
std::uint64_t near_all(const cohort_stats& s);
/// Records with 3 stars or more.
std::uint64_t three_plus(const cohort_stats& s);

/// A criterion rolled up across sheets (and editions) by code and title.
struct rolled_criterion {
    std::string id, title;    ///< Code and title (NFC).
    int max_points = 0;       ///< Highest maximum among its sheets.
    std::uint64_t count = 0;  ///< Products where it applied.
    exact_sum lost;           ///< Points lost.
    fraction mean_lost;       ///< Mean points lost.
    fraction share_lost;      ///< Points lost / points available.
    std::vector<int> sheets;  ///< Sheets holding it.
    std::int64_t max_sum = 0; ///< Sum over products of the criterion's maximum (for the share).
};

/// An action item with its cohort label.
struct action_row {
    const action_item* item = nullptr;
    const cohort* owner = nullptr;
};

/// Used rulesets with their hash and policies.
struct used_ruleset {
    std::string id, hash, policies;
    std::uint64_t records = 0;
};

/// One row of the year trend.
struct trend_row {
    const cohort* owner = nullptr; ///< nullptr: all records.
    std::string year;
    year_stats stats;
};

/// What every format of the report shows, computed once.
struct report_model {
    cohort_stats all;
    std::vector<const cohort*> cohorts;
    std::vector<used_ruleset> rulesets;
    std::vector<rolled_criterion> weakest;     ///< Rolled up, top N.
    std::vector<weak_criterion> weakest_sheet; ///< Per sheet (when asked), top N.
    std::vector<action_row> near, capped;      ///< Sorted.
    std::vector<trend_row> trend;              ///< Overall years, then per cohort.
    std::int64_t generated_at = 0;
    std::string title;
    std::vector<std::int64_t> band_lines_milli; ///< Lower bounds of bands 3★–5★.
};

/// Build the model.
report_model make_model(const cohort_aggregator& agg, const report_options& o);

/// The stamp as (label, value) pairs, values unescaped.
std::vector<std::pair<std::string, std::string>>
stamp_items(const cohort_aggregator& agg, const report_options& o, const report_model& m);

/// "4.3 +2 · 1.1 +1", or the note when there is no plan.
std::string fix_text(const action_item& a, report_lang lang);

} // namespace ocop::detail
