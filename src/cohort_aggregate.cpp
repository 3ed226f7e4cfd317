// The cohort aggregator: keys of a record, statistics from results or result lines.
#include <ocop/cohort.hpp>
#include <ocop/council.hpp>
#include <ocop/planner.hpp>

#include "detail/unicode.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ocop {

namespace detail {

/// What the statistics need of one record, whichever form it came in.
struct cohort_record_view {
    const ruleset* rules = nullptr;
    const compiled_sheet* sheet = nullptr;
    evaluation_status status{};
    int stars = 0, band_stars = 0;
    score total;
    std::array<score, part_count> parts{};
    const boost::json::object* metadata = nullptr;
    std::optional<date> evaluated_on;
    std::string_view id;               // record id (action lists)
    const evaluation* input = nullptr; // the evaluation, when scored here (planner)
};

} // namespace detail

namespace {

using record_view = detail::cohort_record_view;

void meta_text(const boost::json::object* md, std::string_view key, std::string& out) {
    out.clear();
    if (!md) return;
    const auto* v = md->if_contains(key);
    if (!v) return;
    if (const auto* s = v->if_string())
        out.assign(s->data(), s->size());
    else if (v->is_int64())
        out = std::to_string(v->get_int64());
    else if (v->is_uint64())
        out = std::to_string(v->get_uint64());
    else if (v->is_bool())
        out = v->get_bool() ? "true" : "false";
}

/// The raw value of a key for a record (before normalisation); empty when missing.
void raw_value(const group_key& k, const record_view& r, std::string& out) {
    out.clear();
    switch (k.kind) {
    case cohort_key::province:
        meta_text(r.metadata, "province", out);
        break;
    case cohort_key::subject_type:
        meta_text(r.metadata, "subject_type", out);
        break;
    case cohort_key::metadata:
        meta_text(r.metadata, k.name, out);
        break;
    case cohort_key::year:
        meta_text(r.metadata, "year", out);
        if (out.empty() && r.evaluated_on) {
            int y = 0;
            unsigned m = 0, d = 0;
            r.evaluated_on->civil(y, m, d);
            out = std::to_string(y);
        }
        break;
    case cohort_key::industry:
        meta_text(r.metadata, "industry", out);
        if (out.empty() && r.sheet && r.sheet->def->industry) out = *r.sheet->def->industry;
        break;
    case cohort_key::ruleset:
        out = r.rules->id();
        break;
    case cohort_key::sheet:
        out = std::to_string(r.sheet->no);
        break;
    case cohort_key::star:
        out = std::to_string(r.stars);
        break;
    }
}

/// Lower bound of the band of `stars`, in thousandths, or -1 when there is none.
std::int64_t band_min(const ruleset& rs, int stars) {
    for (const auto& b : rs.document().star_bands)
        if (b.stars == stars) return b.min.value;
    return -1;
}

std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    return std::gcd(a < 0 ? -a : a, b < 0 ? -b : b);
}

fraction reduced(std::int64_t num, std::int64_t den) {
    const std::int64_t g = gcd64(num, den);
    return g > 1 ? fraction{num / g, den / g} : fraction{num, den};
}

/// A product to act on, with the planner's cheapest fix when the evaluation is at hand.
action_item make_action(const record_view& r, action_kind kind, std::int64_t next_lo) {
    action_item a;
    a.kind = kind;
    a.id = std::string(r.id);
    a.ruleset = r.rules->id();
    a.sheet = r.sheet->no;
    a.stars = r.stars;
    a.band_stars = r.band_stars;
    a.target = r.stars + 1;
    a.total = reduced(r.total.sum, r.total.count);
    if (kind == action_kind::near_band && next_lo >= 0)
        a.gap = reduced(next_lo * r.total.count - r.total.sum * 1000, 1000 * r.total.count);
    if (!r.input) {
        a.note = "result_line"; // no answers to plan on
        return a;
    }
    plan_options po;
    po.target = static_cast<star_rank>(a.target);
    auto plan = r.input->members > 1 ? plan_upgrade(consensus_evaluation(*r.input), po)
                                     : plan_upgrade(*r.input, po);
    if (!plan) {
        a.note = plan.error().message;
        return a;
    }
    if (plan->status != plan_status::planned) {
        // A council's consensus sheet may already reach the target its mean misses.
        a.note = r.input->members > 1 && plan->status == plan_status::already_reached
                     ? "council_consensus_reached"
                     : boost::describe::enum_to_string(plan->status, "no_plan");
        return a;
    }
    for (const auto& c : plan->changes) a.fix.emplace_back(c.id, c.to_points - c.from_points);
    a.points_needed = plan->points_gained;
    if (r.input->members > 1) a.note = "council_consensus";
    return a;
}

void add_common(cohort_stats& s, const record_view& r, const aggregate_options& o,
                std::string_view year) {
    const std::int64_t near_milli = o.near_milli;
    // The year-trend section: star mix, mean total and editions per year.
    auto yit = s.years.find(year);
    if (yit == s.years.end()) yit = s.years.emplace(std::string(year), year_stats{}).first;
    year_stats& ys = yit->second;
    ++ys.count;
    if (r.stars >= 0 && r.stars <= 5) ++ys.stars[static_cast<std::size_t>(r.stars)];
    {
        auto rit = ys.rulesets.find(r.rules->id());
        if (rit == ys.rulesets.end()) rit = ys.rulesets.emplace(r.rules->id(), 0).first;
        ++rit->second;
    }
    if (r.status != evaluation_status::rejected) {
        ++ys.with_total;
        ys.total.add(r.total.sum, r.total.count);
    }
    ++s.count;
    if (r.stars >= 0 && r.stars <= 5) ++s.stars[static_cast<std::size_t>(r.stars)];
    switch (r.status) {
    case evaluation_status::scored:
        ++s.scored;
        break;
    case evaluation_status::knocked_out:
        ++s.knocked_out;
        break;
    case evaluation_status::rejected:
        ++s.rejected;
        return; // no total
    }
    const bool capped = r.status == evaluation_status::scored && r.stars < r.band_stars;
    if (capped) ++s.capped;
    s.total.add(r.total);
    for (int p = 0; p < part_count; ++p) s.parts[p].add(r.parts[p]);
    if (r.status == evaluation_status::scored && r.band_stars < 5) {
        const int next = r.band_stars + 1;
        const std::int64_t lo = band_min(*r.rules, next);
        if (lo >= 0 && r.total.compare_milli(lo - near_milli) >= 0 &&
            r.total.compare_milli(lo) < 0) {
            ++s.near[static_cast<std::size_t>(next)];
            if (o.collect_actions && !capped)
                s.actions.push_back(make_action(r, action_kind::near_band, lo));
        }
    }
    if (o.collect_actions && capped) s.actions.push_back(make_action(r, action_kind::capped, -1));
}

std::vector<criterion_stats>& criteria_of(cohort_stats& s, const record_view& r) {
    auto it = s.criteria.find(sheet_ref_less::view(r.rules->id(), r.sheet->no));
    if (it == s.criteria.end())
        it = s.criteria
                 .emplace(sheet_ref{r.rules->id(), r.sheet->no},
                          std::vector<criterion_stats>(r.sheet->criteria.size()))
                 .first;
    return it->second;
}

/// Whole number of 1/members from a JSON number (decimals are exact to 6 places).
bool numerator_of(const boost::json::value* v, std::int64_t members, std::int64_t& out) {
    if (!v) return false;
    if (v->is_int64()) return out = v->get_int64() * members, true;
    if (v->is_double()) {
        const double d = v->get_double() * static_cast<double>(members);
        if (!std::isfinite(d) || std::fabs(d) > 1e12) return false;
        out = std::llround(d);
        return true;
    }
    return false;
}

bool read_int(const boost::json::object& o, const char* k, std::int64_t& out) {
    const auto* v = o.if_contains(k);
    if (!v || !v->is_int64()) return false;
    out = v->get_int64();
    return true;
}

} // namespace

cohort_aggregator::cohort_aggregator(const registry& reg, aggregate_options opts)
    : reg_(&reg), opts_(std::move(opts)), values_(opts_.by.size()) {
    for (const auto& f : opts_.where)
        where_folded_.push_back(detail::fold_key(f.value.empty() ? cohort_missing : f.value));
}

void cohort_aggregator::value_of(const group_key& k, const detail::cohort_record_view& r,
                                 std::string& out) {
    raw_value(k, r, out);
    if (k.kind == cohort_key::ruleset || k.kind == cohort_key::sheet ||
        k.kind == cohort_key::star) {
        if (out.empty()) out = cohort_missing;
        return;
    }
    // Normalised (NFC, trimmed; provinces mapped on request), cached per distinct raw value:
    // a key has few distinct values, so normalisation costs nothing per record.
    auto& cache =
        k.kind == cohort_key::province && opts_.provinces_2025 ? province_cache_ : norm_cache_;
    auto it = cache.find(out);
    if (it != cache.end()) {
        out = it->second;
        return;
    }
    std::string v = detail::normalize_key(out);
    if (&cache == &province_cache_)
        if (const auto* u = province_merger_2025().find(v)) v = u->name;
    if (v.empty()) v = cohort_missing;
    if (cache.size() < 65536) cache.emplace(out, v);
    out = std::move(v);
}

bool cohort_aggregator::keys_of(const detail::cohort_record_view& r) {
    for (std::size_t i = 0; i < opts_.where.size(); ++i) {
        value_of(opts_.where[i].key, r, tmp_);
        auto it = fold_cache_.find(tmp_);
        if (it == fold_cache_.end()) {
            if (fold_cache_.size() >= 65536) fold_cache_.clear();
            it = fold_cache_.emplace(tmp_, detail::fold_key(tmp_)).first;
        }
        if (it->second != where_folded_[i]) {
            ++filtered_;
            return false;
        }
    }
    key_buf_.clear();
    for (std::size_t i = 0; i < opts_.by.size(); ++i) {
        value_of(opts_.by[i], r, values_[i]);
        if (i) key_buf_ += '\x1f';
        key_buf_ += values_[i];
    }
    raw_value(cohort_key::year, r, year_);
    if (year_.empty()) year_ = cohort_missing;
    return true;
}

cohort_stats& cohort_aggregator::find(std::string_view key_text,
                                      const std::vector<std::string>& values) {
    auto it = cohorts_.find(key_text);
    if (it == cohorts_.end())
        it = cohorts_.emplace(std::string(key_text), cohort{values, {}}).first;
    return it->second.stats;
}

void cohort_aggregator::add(const evaluation_result& res) {
    const evaluation& ev = *res.input;
    record_view r;
    r.rules = ev.rules;
    r.sheet = ev.sheet;
    r.status = res.status;
    r.stars = res.stars;
    r.band_stars = res.band_stars;
    r.total = res.total;
    r.parts = res.parts;
    r.metadata = &ev.metadata;
    r.evaluated_on = ev.evaluated_on;
    r.id = ev.id;
    r.input = &ev;
    if (!keys_of(r)) return;
    cohort_stats& s = find(key_buf_, values_);
    ++records_;
    add_common(s, r, opts_, year_);
    if (res.status == evaluation_status::rejected) return;
    auto& crit = criteria_of(s, r);
    const auto& sh = *ev.sheet;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& cs = res.criteria[c];
        if (!cs.applicable || !cs.answered) continue;
        ++crit[c].count;
        crit[c].lost.add(static_cast<std::int64_t>(sh.criteria[c].max_points) * res.total.count -
                             cs.points_sum,
                         res.total.count);
    }
}

result<void> cohort_aggregator::add_result(const boost::json::object& o) {
    record_view r;
    const auto* rs = o.if_contains("ruleset");
    if (!rs || !rs->is_string())
        return diagnostic{errc::missing_field, "/ruleset", "a result line needs its ruleset"};
    r.rules = reg_->find(std::string_view(rs->get_string()));
    if (!r.rules)
        return diagnostic{errc::unknown_ruleset, "/ruleset",
                          "unknown ruleset \"" + std::string(rs->get_string()) +
                              "\" (load it with --ruleset-file)"};
    std::int64_t sheet = 0, stars = 0, band = 0, members = 1;
    if (!read_int(o, "sheet", sheet) || !(r.sheet = r.rules->sheet(static_cast<int>(sheet))))
        return diagnostic{errc::unknown_sheet, "/sheet", "no such sheet in " + r.rules->id()};
    if (!read_int(o, "stars", stars) || stars < 0 || stars > 5)
        return diagnostic{errc::wrong_type, "/stars", "stars must be an integer 0..5"};
    if (!read_int(o, "band_stars", band) || band < 0 || band > 5)
        return diagnostic{errc::wrong_type, "/band_stars", "band_stars must be an integer 0..5"};
    if (o.contains("members") &&
        (!read_int(o, "members", members) || members < 0 || members > 1000))
        return diagnostic{errc::wrong_type, "/members", "members must be an integer 0..1000"};
    if (members < 1) members = 1; // rejected dossiers have no member sheet
    const auto* st = o.if_contains("status");
    if (!st || !st->is_string() ||
        !boost::describe::enum_from_string(st->get_string().c_str(), r.status))
        return diagnostic{errc::invalid_value, "/status",
                          "status must be scored, knocked_out or rejected"};
    r.stars = static_cast<int>(stars);
    r.band_stars = static_cast<int>(band);
    if (r.status != evaluation_status::rejected) {
        // The exact total from "total_exact" ("217/3"), else from the decimal.
        std::int64_t num = 0, den = members;
        const auto* te = o.if_contains("total_exact");
        bool ok = false;
        if (te && te->is_string()) {
            const std::string t(te->get_string());
            const auto slash = t.find('/');
            char* end = nullptr;
            num = std::strtoll(t.c_str(), &end, 10);
            den = 1;
            ok = end && (*end == 0 || *end == '/');
            if (ok && slash != std::string::npos) {
                den = std::strtoll(t.c_str() + slash + 1, &end, 10);
                ok = end && *end == 0 && den > 0;
            }
        }
        if (!ok && !numerator_of(o.if_contains("total"), members, num))
            return diagnostic{errc::missing_field, "/total",
                              "a scored result line needs its total"};
        r.total = score{num, den};
        const auto* parts = o.if_contains("parts");
        const auto* po = parts ? parts->if_object() : nullptr;
        if (!po)
            return diagnostic{errc::missing_field, "/parts",
                              "a scored result line needs its parts"};
        static constexpr const char* names[] = {"A", "B", "C"};
        for (int p = 0; p < part_count; ++p) {
            std::int64_t n = 0;
            if (!numerator_of(po->if_contains(names[p]), members, n))
                return diagnostic{errc::wrong_type, std::string("/parts/") + names[p],
                                  "expected a number"};
            r.parts[p] = score{n, members};
        }
    }
    const auto* md = o.if_contains("metadata");
    r.metadata = md ? md->if_object() : nullptr;
    if (const auto* id = o.if_contains("id"); id && id->is_string()) r.id = id->get_string();
    if (!keys_of(r)) return {};
    // Per-criterion losses, when the line has them (not --compact).
    const auto* cv = o.if_contains("criteria");
    const auto* ca = cv ? cv->if_array() : nullptr;
    cohort_stats& s = find(key_buf_, values_);
    ++records_;
    add_common(s, r, opts_, year_);
    if (!ca || r.status == evaluation_status::rejected) return {};
    auto& crit = criteria_of(s, r);
    for (const auto& item : *ca) {
        const auto* c = item.if_object();
        if (!c) continue;
        const auto* id = c->if_contains("id");
        if (!id || !id->is_string()) continue;
        const int idx = r.sheet->find(std::string_view(id->get_string()));
        if (idx < 0) continue;
        if (const auto* a = c->if_contains("answered"); a && a->is_bool() && !a->get_bool())
            continue;
        std::int64_t lost = 0;
        if (!numerator_of(c->if_contains("lost"), members, lost)) continue;
        ++crit[static_cast<std::size_t>(idx)].count;
        crit[static_cast<std::size_t>(idx)].lost.add(lost, members);
    }
    return {};
}

void cohort_aggregator::merge(const cohort_aggregator& o) {
    for (const auto& [k, c] : o.cohorts_) {
        auto it = cohorts_.find(k);
        if (it == cohorts_.end())
            cohorts_.emplace(k, c);
        else
            it->second.stats.merge(c.stats);
    }
    records_ += o.records_;
    filtered_ += o.filtered_;
}

namespace {
bool is_number(const std::string& s) {
    if (s.empty() || s.size() > 18) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(s[i] >= '0' && s[i] <= '9') && !(i == 0 && s[i] == '-' && s.size() > 1)) return false;
    return true;
}

bool key_less(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i]) continue;
        // Missing values last; numbers numerically; text in Vietnamese collation (ICU).
        if (a[i] == cohort_missing) return false;
        if (b[i] == cohort_missing) return true;
        if (is_number(a[i]) && is_number(b[i])) return std::stoll(a[i]) < std::stoll(b[i]);
        return detail::collate(a[i], b[i], "vi") < 0;
    }
    return a.size() < b.size();
}
} // namespace

std::vector<const cohort*> cohort_aggregator::cohorts() const {
    std::vector<const cohort*> out;
    out.reserve(cohorts_.size());
    for (const auto& [k, c] : cohorts_) out.push_back(&c);
    std::sort(out.begin(), out.end(),
              [](const cohort* a, const cohort* b) { return key_less(a->key, b->key); });
    return out;
}

cohort_stats cohort_aggregator::overall() const {
    cohort_stats all;
    for (const auto& [k, c] : cohorts_) all.merge(c.stats);
    return all;
}

std::vector<weak_criterion> cohort_aggregator::weakest(const cohort_stats& s,
                                                       std::size_t top) const {
    std::vector<weak_criterion> all;
    for (const auto& [ref, crit] : s.criteria) {
        const ruleset* rs = reg_->find(ref.ruleset);
        const compiled_sheet* sh = rs ? rs->sheet(ref.sheet) : nullptr;
        for (std::size_t c = 0; c < crit.size(); ++c) {
            if (crit[c].count == 0) continue;
            weak_criterion w;
            w.sheet = ref;
            w.count = crit[c].count;
            w.mean_lost = crit[c].lost.mean(crit[c].count);
            if (sh && c < sh->criteria.size()) {
                w.id = sh->criterion(c).id;
                w.title_vi = sh->criterion(c).title_vi;
                w.max_points = sh->criteria[c].max_points;
            } else {
                w.id = "#" + std::to_string(c + 1);
            }
            all.push_back(std::move(w));
        }
    }
    // Highest mean loss first; ties broken by sheet and criterion order (stable).
    std::stable_sort(all.begin(), all.end(), [](const weak_criterion& a, const weak_criterion& b) {
        return b.mean_lost < a.mean_lost;
    });
    if (all.size() > top) all.resize(top);
    return all;
}

} // namespace ocop
