#pragma once
/// @file cohort.hpp
/// @brief Exact, mergeable cohort statistics of scored products: counts, star histogram,
/// mean / min / max / quantiles of the total and of each part, points lost per criterion,
/// near-threshold, knock-out and rejection counts, grouped by metadata keys.
///
/// Every statistic is exact: scores are rationals (sum / members), means are kept as one
/// integer sum per denominator, quantiles come from a histogram of exact values. Merging the
/// aggregators of any split of the input gives exactly the one-pass result.

#include <ocop/scoring.hpp>

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

namespace detail {
struct cohort_record_view;
} // namespace detail

/// A dimension that groups records into cohorts.
enum class cohort_key : std::uint8_t {
    province,     ///< Metadata `province`.
    year,         ///< Metadata `year`, else the year of `evaluated_on`.
    ruleset,      ///< Ruleset id.
    sheet,        ///< Sheet number.
    industry,     ///< Metadata `industry`, else the sheet's industry.
    subject_type, ///< Metadata `subject_type`.
    star,         ///< Star rank 0–5.
    metadata      ///< Any other metadata key (district, commune, product_set, …), by name.
};
BOOST_DESCRIBE_ENUM(cohort_key, province, year, ruleset, sheet, industry, subject_type, star,
                    metadata)

/// A grouping or filter key: a built-in dimension or a metadata key by name.
struct group_key {
    cohort_key kind = cohort_key::province; ///< Dimension.
    std::string name = "province";          ///< Its name; for `metadata`, the metadata key.
    /// Province.
    group_key() = default;
    /// A built-in dimension (implicit, so `by = {cohort_key::province}` reads naturally).
    group_key(cohort_key k); // NOLINT(google-explicit-constructor)
    /// A metadata key by name (NFC, trimmed).
    static group_key metadata_key(std::string_view name);
    /// Same dimension and name.
    friend bool operator==(const group_key& a, const group_key& b) noexcept {
        return a.kind == b.kind && a.name == b.name;
    }
};

/// A `--where KEY=VALUE` filter: records whose key value equals `value` (both NFC,
/// trimmed, compared caselessly) are kept.
struct key_filter {
    group_key key;     ///< Key.
    std::string value; ///< Wanted value (`(none)` matches a missing value).
};

/// The 2025 rearrangement of province-level units (Resolution 202/2025/QH15): 63 former
/// provinces → 34 units. Loaded from the embedded src/data/provinces-2025.json.
struct province_merger {
    /// A province-level unit since 2025 and the former provinces it was formed from.
    struct unit {
        std::string name;                ///< Name since 2025 (NFC).
        std::vector<std::string> former; ///< Former provinces (itself when unchanged).
    };
    std::vector<unit> provinces; ///< The 34 units, in the data file's order.
    std::string source;          ///< Legal source ("Nghị quyết 202/2025/QH15").
    std::string in_force_on;     ///< Date the resolution took effect (ISO).
    std::string operate_from;    ///< Date the new provincial authorities operate from (ISO).
    /// The unit a province name (former, current or a known spelling variant; NFC,
    /// trimmed, caseless) belongs to since 2025; nullptr when the name is unknown.
    [[nodiscard]] const unit* find(std::string_view name) const;
    /// Caseless name → unit index (internal).
    std::map<std::string, std::size_t, std::less<>> index_;
};

/// The 2025 merger table (parsed once).
const province_merger& province_merger_2025();

/// Value shown for a record that lacks a key's metadata.
inline constexpr std::string_view cohort_missing = "(none)";

/// An exact rational with a 128-bit-safe reduction; the value type of cohort statistics.
struct fraction {
    std::int64_t num = 0; ///< Numerator.
    std::int64_t den = 1; ///< Denominator, > 0.
    /// Exact decimal text when it terminates, else rounded to 6 decimals (like score).
    [[nodiscard]] std::string decimal() const;
    /// Reduced "n/d" or "n".
    [[nodiscard]] std::string text() const;
    /// Exact order.
    friend bool operator<(const fraction& a, const fraction& b) noexcept;
    /// Exact equality.
    friend bool operator==(const fraction& a, const fraction& b) noexcept;
};

/// Sum of rationals with small denominators (council sizes): one integer sum per
/// denominator, so adding and merging are exact and order-independent.
class exact_sum {
  public:
    /// Add sum/count.
    void add(std::int64_t sum, std::int64_t count);
    /// Add another sum.
    void merge(const exact_sum& o);
    /// The sum divided by `n` (n > 0), reduced; exact unless it cannot fit 64 bits.
    [[nodiscard]] fraction mean(std::uint64_t n) const;
    /// Parts: (denominator, sum of numerators), by denominator.
    [[nodiscard]] const std::vector<std::pair<std::int64_t, std::int64_t>>& parts() const noexcept {
        return parts_;
    }

  private:
    std::vector<std::pair<std::int64_t, std::int64_t>> parts_;
};

/// Orders reduced fractions (numerator, denominator) by value.
struct fraction_pair_less {
    /// Exact comparison by cross-multiplication.
    bool operator()(const std::pair<std::int64_t, std::int64_t>& a,
                    const std::pair<std::int64_t, std::int64_t>& b) const noexcept;
};

/// Counts of exact values (reduced fractions); gives exact min, max and quantiles. Scores are
/// bounded (0–100) with small denominators, so the number of distinct values stays small.
class exact_histogram {
  public:
    /// Distinct values (numerator, denominator) and their counts, in increasing order.
    using value_counts =
        std::map<std::pair<std::int64_t, std::int64_t>, std::uint64_t, fraction_pair_less>;
    /// Add one value sum/count.
    void add(std::int64_t sum, std::int64_t count);
    /// Add another histogram.
    void merge(const exact_histogram& o);
    /// Number of values.
    [[nodiscard]] std::uint64_t size() const noexcept { return n_; }
    /// Nearest-rank quantile: the smallest value v with #(≤ v) ≥ ⌈q·n⌉, q = num/den in
    /// [0, 1] (q = 0: the minimum). Requires size() > 0.
    [[nodiscard]] fraction quantile(std::uint64_t num, std::uint64_t den) const;
    /// Count of values v with lo ≤ v < hi (whole points).
    [[nodiscard]] std::uint64_t count_between(int lo, int hi) const;
    /// The distinct values and their counts.
    [[nodiscard]] const value_counts& values() const noexcept { return counts_; }

  private:
    value_counts counts_;
    std::uint64_t n_ = 0;
};

/// Statistics of one score (the total or one part) over a cohort.
struct score_stats {
    exact_sum sum;        ///< For the mean.
    exact_histogram hist; ///< For min, max and quantiles.
    /// Add a value.
    void add(const score& s) {
        sum.add(s.sum, s.count);
        hist.add(s.sum, s.count);
    }
    /// Merge.
    void merge(const score_stats& o) {
        sum.merge(o.sum);
        hist.merge(o.hist);
    }
};

/// Points lost on one criterion over a cohort.
struct criterion_stats {
    std::uint64_t count = 0; ///< Records where it applied.
    exact_sum lost;          ///< Points lost (maximum − points), exact.
};

/// Identifies a sheet's criteria table: ruleset id and sheet number.
struct sheet_ref {
    std::string ruleset; ///< Ruleset id.
    int sheet = 0;       ///< Sheet number.
    /// Order by ruleset, then sheet.
    friend auto operator<=>(const sheet_ref&, const sheet_ref&) = default;
};

/// Orders sheet_ref, also against (ruleset id, sheet) views without copying the id.
struct sheet_ref_less {
    /// Enables heterogeneous lookup.
    using is_transparent = void;
    /// View of a sheet_ref.
    using view = std::pair<std::string_view, int>;
    /// a < b.
    bool operator()(const sheet_ref& a, const sheet_ref& b) const noexcept { return a < b; }
    /// a < b.
    bool operator()(const sheet_ref& a, view b) const noexcept {
        return view(a.ruleset, a.sheet) < b;
    }
    /// a < b.
    bool operator()(view a, const sheet_ref& b) const noexcept {
        return a < view(b.ruleset, b.sheet);
    }
};

/// One year of a cohort (the year-trend section): star mix, mean total, editions used.
struct year_stats {
    std::uint64_t count = 0;                       ///< Records.
    std::array<std::uint64_t, 6> stars{};          ///< Records per star rank.
    std::uint64_t with_total = 0;                  ///< Records with a total.
    exact_sum total;                               ///< Sum of their totals.
    std::map<std::string, std::uint64_t> rulesets; ///< Records per ruleset id (edition).
    /// Merge.
    void merge(const year_stats& o);
};

/// Why a product is on an action list.
enum class action_kind : std::uint8_t {
    near_band, ///< Within the near distance below the next band.
    capped     ///< Its total reaches a band its stars do not (a missed star minimum).
};
BOOST_DESCRIBE_ENUM(action_kind, near_band, capped)

/// A product to act on: what it lacks and the cheapest fix the planner finds.
struct action_item {
    action_kind kind{};  ///< Why it is listed.
    std::string id;      ///< Record id.
    std::string ruleset; ///< Ruleset id.
    int sheet = 0;       ///< Sheet number.
    int stars = 0;       ///< Current stars.
    int band_stars = 0;  ///< Stars of its total's band.
    int target = 0;      ///< Stars aimed at (current + 1).
    fraction total;      ///< Current total, exact.
    fraction gap;        ///< Points below the next band (near_band), else 0.
    /// Criteria to raise (id, points gained), from plan_upgrade; empty when no plan.
    std::vector<std::pair<std::string, int>> fix;
    int points_needed = -1; ///< Points the plan gains (-1: no plan).
    /// A code: `council_consensus` (planned on the council's consensus sheet),
    /// `council_consensus_reached` (that sheet already reaches the target), `result_line` (no
    /// answers to plan on), `unreachable`, or the planner's refusal message.
    std::string note;
};

/// Statistics of one cohort.
struct cohort_stats {
    std::uint64_t count = 0;                   ///< Records.
    std::array<std::uint64_t, 6> stars{};      ///< Records per star rank 0–5.
    std::uint64_t scored = 0;                  ///< Status scored.
    std::uint64_t knocked_out = 0;             ///< Status knocked_out.
    std::uint64_t rejected = 0;                ///< Status rejected (no total).
    std::uint64_t capped = 0;                  ///< Stars below band stars (a missed minimum).
    score_stats total;                         ///< Totals (scored and knocked-out records).
    std::array<score_stats, part_count> parts; ///< Parts A, B, C.
    /// near[s]: scored records in band s−1 within the near distance below band s (s = 2..5).
    std::array<std::uint64_t, 6> near{};
    /// Points lost per criterion, by sheet then criterion index.
    std::map<sheet_ref, std::vector<criterion_stats>, sheet_ref_less> criteria;
    /// Per year (metadata `year`, else of `evaluated_on`; `(none)`): the trend section.
    std::map<std::string, year_stats, std::less<>> years;
    /// Products to act on (aggregate_options::collect_actions), in arrival order.
    std::vector<action_item> actions;
    /// Merge another cohort's statistics.
    void merge(const cohort_stats& o);
};

/// A cohort: its key values (one per grouping key) and statistics.
struct cohort {
    std::vector<std::string> key; ///< Values, in the order of the grouping keys.
    cohort_stats stats;           ///< Statistics.
};

/// One weak criterion of a cohort.
struct weak_criterion {
    sheet_ref sheet;         ///< Ruleset and sheet.
    std::string id;          ///< Criterion id.
    std::string title_vi;    ///< Printed title (empty when the ruleset is unknown).
    int max_points = 0;      ///< Maximum points.
    std::uint64_t count = 0; ///< Records where it applied.
    fraction mean_lost;      ///< Mean points lost, exact.
};

/// What to aggregate.
struct aggregate_options {
    std::vector<group_key> by;      ///< Grouping keys (none: one cohort of everything).
    std::int64_t near_milli = 2000; ///< Near-threshold distance in thousandths of a point.
    std::vector<key_filter> where;  ///< Keep only records matching every filter.
    /// Map former provinces to the units since 2025 (province_merger_2025) before grouping
    /// and filtering; unknown names are kept as written.
    bool provinces_2025 = false;
    /// Keep the action lists (near-band and capped products, with upgrade plans).
    bool collect_actions = false;
};

/// Accumulates cohort statistics; mergeable and exact. Not thread-safe: use one per thread
/// and merge(). Aligned to a cache line so that per-thread aggregators side by side in a
/// vector do not share one.
class alignas(64) cohort_aggregator {
  public:
    /// An aggregator resolving rulesets (bands, criteria, industries) in `reg`, which must
    /// outlive it.
    cohort_aggregator(const registry& reg, aggregate_options opts);

    /// Add a scored evaluation (its metadata gives the keys).
    void add(const evaluation_result& r);
    /// Add a result line written by append_result_json (per-criterion detail is needed for
    /// points lost; compact lines count everything else). Refuses a line without the
    /// fields it needs.
    [[nodiscard]] result<void> add_result(const boost::json::object& line);
    /// Merge the statistics of another aggregator with the same options.
    void merge(const cohort_aggregator& o);

    /// The cohorts, sorted by key (numbers numerically).
    [[nodiscard]] std::vector<const cohort*> cohorts() const;
    /// All records as one cohort (the merge of every cohort).
    [[nodiscard]] cohort_stats overall() const;
    /// Options.
    [[nodiscard]] const aggregate_options& options() const noexcept { return opts_; }
    /// The registry.
    [[nodiscard]] const registry& rules() const noexcept { return *reg_; }
    /// Records added.
    [[nodiscard]] std::uint64_t records() const noexcept { return records_; }
    /// Records left out by the `where` filters.
    [[nodiscard]] std::uint64_t filtered_out() const noexcept { return filtered_; }

    /// The `top` criteria with the highest mean points lost (ties: by sheet and id).
    [[nodiscard]] std::vector<weak_criterion> weakest(const cohort_stats& s, std::size_t top) const;

  private:
    cohort_stats& find(std::string_view key_text, const std::vector<std::string>& values);
    const registry* reg_;
    aggregate_options opts_;
    std::map<std::string, cohort, std::less<>> cohorts_;
    /// Fill key_buf_, values_ and year_ for a record; false when a filter leaves it out.
    bool keys_of(const detail::cohort_record_view& r);
    /// The normalised value of a key for a record (cached per distinct raw value).
    void value_of(const group_key& k, const detail::cohort_record_view& r, std::string& out);
    std::uint64_t records_ = 0;
    std::uint64_t filtered_ = 0;
    std::vector<std::string> where_folded_;
    std::map<std::string, std::string, std::less<>> norm_cache_, province_cache_, fold_cache_;
    std::string tmp_, year_;
    std::string key_buf_;
    std::vector<std::string> values_;
};

/// Options of cohort output.
struct cohort_output_options {
    std::size_t top_criteria = 10; ///< Weakest criteria listed per cohort.
};

/// The cohorts as one JSON document (`"format": "ocop-cohorts/1"`), numbers written exactly
/// (decimal, with `*_exact` fractions where a mean does not terminate).
std::string cohorts_json(const cohort_aggregator& agg, const cohort_output_options& o = {});

/// CSV table: one row per cohort (keys, counts, stars 0–5, total and part statistics).
std::string cohorts_csv(const cohort_aggregator& agg);

/// CSV table: the weakest criteria of each cohort (keys, rank, criterion, mean lost).
std::string weakest_csv(const cohort_aggregator& agg, const cohort_output_options& o = {});

/// CSV table: histogram of totals per cohort in bins of `bin` points.
std::string histogram_csv(const cohort_aggregator& agg, int bin = 5);

/// Parse "province", "star", … into a key; false when unknown.
bool parse_cohort_key(std::string_view name, cohort_key& out) noexcept;

/// Parse any key: a built-in name ("province", "star", …) or any other metadata key
/// ("district", "commune", "product_set"), NFC-normalised and trimmed. False when empty or
/// when it holds control characters, '=' or ','.
bool parse_group_key(std::string_view name, group_key& out);

/// Parse "KEY=VALUE" (a `--where` filter); false without '=' or with a bad key.
bool parse_key_filter(std::string_view text, key_filter& out);

} // namespace ocop
