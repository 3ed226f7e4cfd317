#pragma once
// Internal: text helpers shared by the Markdown and HTML reports (report*.cpp).
#include <ocop/report.hpp>

#include <cstdint>
#include <string>

namespace ocop::detail {

/// "75.5 %" with one decimal, computed in integers; "–" when whole is 0.
std::string percent(std::uint64_t part, std::uint64_t whole);
/// "Hà Nội · 3★" for a cohort (NFC), "all records" without keys.
std::string key_label(const cohort_aggregator& agg, const cohort& c);
/// "province, star".
std::string by_label(const cohort_aggregator& agg);
/// Mean total as a decimal, "–" when there is none.
std::string mean_total(const cohort_stats& s);
/// Quantile q/100 of the totals as a decimal, "–" when there is none.
std::string quantile_total(const cohort_stats& s, std::uint64_t q);
/// Records within the near distance below the next band.
std::uint64_t near_all(const cohort_stats& s);
/// Records with 3 stars or more.
std::uint64_t three_plus(const cohort_stats& s);

} // namespace ocop::detail
