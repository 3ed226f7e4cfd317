// Cohort statistics as JSON and CSV tables, numbers written exactly.
#include <ocop/cohort.hpp>
#include <ocop/csv.hpp>
#include <ocop/result_json.hpp>

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

namespace {

constexpr const char* part_names[] = {"A", "B", "C"};

/// Quantiles reported: name and q = num/100.
constexpr std::pair<const char*, int> quantiles[] = {
    {"p10", 10}, {"p25", 25}, {"median", 50}, {"p75", 75}, {"p90", 90}};

bool terminates(const fraction& f) {
    std::int64_t d = f.den;
    const std::int64_t n = f.num < 0 ? -f.num : f.num;
    std::int64_t a = n, b = d;
    while (b) {
        const auto t = a % b;
        a = b;
        b = t;
    }
    d /= (a ? a : 1);
    while (d % 2 == 0) d /= 2;
    while (d % 5 == 0) d /= 5;
    return d == 1;
}

/// "name":decimal, plus "name_exact":"n/d" when the decimal is rounded.
void number(std::string& out, const char* name, const fraction& f) {
    out += '"';
    out += name;
    out += "\":";
    out += f.decimal();
    if (!terminates(f)) {
        out += ",\"";
        out += name;
        out += "_exact\":";
        append_json_string(out, f.text());
    }
}

void score_json(std::string& out, const score_stats& s) {
    out += "{\"n\":" + std::to_string(s.hist.size());
    if (s.hist.size() > 0) {
        out += ',';
        number(out, "mean", s.sum.mean(s.hist.size()));
        out += ',';
        number(out, "min", s.hist.quantile(0, 1));
        for (const auto& [name, q] : quantiles) {
            out += ',';
            number(out, name, s.hist.quantile(static_cast<std::uint64_t>(q), 100));
        }
        out += ',';
        number(out, "max", s.hist.quantile(1, 1));
    }
    out += '}';
}

void counts_json(std::string& out, const std::array<std::uint64_t, 6>& a, std::size_t from) {
    out += '[';
    for (std::size_t i = from; i < a.size(); ++i) {
        if (i > from) out += ',';
        out += std::to_string(a[i]);
    }
    out += ']';
}

void stats_json(std::string& out, const cohort_aggregator& agg, const cohort_stats& s,
                std::size_t top) {
    out += "\"count\":" + std::to_string(s.count);
    out += ",\"scored\":" + std::to_string(s.scored);
    out += ",\"knocked_out\":" + std::to_string(s.knocked_out);
    out += ",\"rejected\":" + std::to_string(s.rejected);
    out += ",\"capped_by_minimum\":" + std::to_string(s.capped);
    out += ",\"stars\":";
    counts_json(out, s.stars, 0);
    out += ",\"total\":";
    score_json(out, s.total);
    out += ",\"parts\":{";
    for (int p = 0; p < part_count; ++p) {
        if (p) out += ',';
        out += '"';
        out += part_names[p];
        out += "\":";
        score_json(out, s.parts[p]);
    }
    out += "},\"near_threshold\":{";
    std::uint64_t all = 0;
    for (int st = 2; st <= 5; ++st) {
        out += "\"to_" + std::to_string(st) + "\":" + std::to_string(s.near[st]) + ",";
        all += s.near[st];
    }
    out += "\"all\":" + std::to_string(all) + "},\"weakest\":[";
    const auto weak = agg.weakest(s, top);
    for (std::size_t i = 0; i < weak.size(); ++i) {
        const auto& w = weak[i];
        if (i) out += ',';
        out += "{\"ruleset\":";
        append_json_string(out, w.sheet.ruleset);
        out += ",\"sheet\":" + std::to_string(w.sheet.sheet) + ",\"criterion\":";
        append_json_string(out, w.id);
        out += ",\"title\":";
        append_json_string(out, w.title_vi);
        out +=
            ",\"max\":" + std::to_string(w.max_points) + ",\"n\":" + std::to_string(w.count) + ',';
        number(out, "mean_lost", w.mean_lost);
        out += '}';
    }
    out += ']';
}

std::string near_text(std::int64_t milli) {
    return fraction{milli, 1000}.decimal();
}

void key_header(std::string& out, const cohort_aggregator& agg) {
    for (const auto& k : agg.options().by) {
        append_csv_field(out, k.name);
        out += ',';
    }
}

void key_cells(std::string& out, const cohort& c) {
    for (const auto& v : c.key) {
        append_csv_text(out, v);
        out += ',';
    }
}

} // namespace

std::string cohorts_json(const cohort_aggregator& agg, const cohort_output_options& o) {
    std::string out = "{\"format\":\"ocop-cohorts/1\",\"by\":[";
    const auto& by = agg.options().by;
    for (std::size_t i = 0; i < by.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, by[i].name);
    }
    out += "],\"near_points\":" + near_text(agg.options().near_milli);
    out += ",\"records\":" + std::to_string(agg.records()) + ",\"cohorts\":[";
    bool first = true;
    for (const cohort* c : agg.cohorts()) {
        if (!first) out += ',';
        first = false;
        out += "\n{\"key\":{";
        for (std::size_t i = 0; i < by.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, by[i].name);
            out += ':';
            append_json_string(out, c->key[i]);
        }
        out += "},";
        stats_json(out, agg, c->stats, o.top_criteria);
        out += '}';
    }
    out += "],\n\"overall\":{";
    stats_json(out, agg, agg.overall(), o.top_criteria);
    out += "}}\n";
    return out;
}

std::string cohorts_csv(const cohort_aggregator& agg) {
    std::string out;
    key_header(out, agg);
    out += "count,scored,knocked_out,rejected,capped_by_minimum,stars_0,stars_1,stars_2,stars_3,"
           "stars_4,stars_5,near_threshold,total_mean,total_min,total_p25,total_median,"
           "total_p75,total_max,A_mean,B_mean,C_mean\n";
    for (const cohort* c : agg.cohorts()) {
        const auto& s = c->stats;
        key_cells(out, *c);
        out += std::to_string(s.count) + ',' + std::to_string(s.scored) + ',' +
               std::to_string(s.knocked_out) + ',' + std::to_string(s.rejected) + ',' +
               std::to_string(s.capped);
        for (auto n : s.stars) out += ',' + std::to_string(n);
        std::uint64_t near = 0;
        for (auto n : s.near) near += n;
        out += ',' + std::to_string(near);
        const auto n = s.total.hist.size();
        auto cell = [&](const fraction& f) { out += ',' + (n ? f.decimal() : std::string()); };
        cell(s.total.sum.mean(n));
        cell(s.total.hist.quantile(0, 1));
        cell(s.total.hist.quantile(25, 100));
        cell(s.total.hist.quantile(50, 100));
        cell(s.total.hist.quantile(75, 100));
        cell(s.total.hist.quantile(1, 1));
        for (const auto& p : s.parts) cell(p.sum.mean(n));
        out += '\n';
    }
    return out;
}

std::string weakest_csv(const cohort_aggregator& agg, const cohort_output_options& o) {
    std::string out;
    key_header(out, agg);
    out += "rank,ruleset,sheet,criterion,title,max,n,mean_lost\n";
    for (const cohort* c : agg.cohorts()) {
        const auto weak = agg.weakest(c->stats, o.top_criteria);
        for (std::size_t i = 0; i < weak.size(); ++i) {
            const auto& w = weak[i];
            key_cells(out, *c);
            out += std::to_string(i + 1) + ',';
            append_csv_text(out, w.sheet.ruleset);
            out += ',' + std::to_string(w.sheet.sheet) + ',';
            append_csv_text(out, w.id);
            out += ',';
            append_csv_text(out, w.title_vi);
            out += ',' + std::to_string(w.max_points) + ',' + std::to_string(w.count) + ',' +
                   w.mean_lost.decimal() + '\n';
        }
    }
    return out;
}

std::string histogram_csv(const cohort_aggregator& agg, int bin) {
    if (bin < 1) bin = 1;
    std::string out;
    key_header(out, agg);
    out += "from,to,count\n";
    for (const cohort* c : agg.cohorts())
        for (int lo = 0; lo < 100; lo += bin) {
            const int hi = lo + bin >= 100 ? 101 : lo + bin; // the last bin includes 100
            key_cells(out, *c);
            out += std::to_string(lo) + ',' + std::to_string(std::min(hi, 100)) + ',' +
                   std::to_string(c->stats.total.hist.count_between(lo, hi)) + '\n';
        }
    return out;
}

} // namespace ocop
