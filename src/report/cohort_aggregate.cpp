// The cohort aggregator: keys of a record, statistics from results or result lines.
#include "../detail/compiled_sheet.hpp"
#include <ocop/cohort.hpp>
#include <ocop/council.hpp>
#include <ocop/planner.hpp>

#include "../detail/star_rule.hpp"
#include "../detail/unicode.hpp"

#include <ocop/result_json.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>

#include <charconv>

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

namespace {

/// A whole number written plainly ("-12", at most 18 digits): nothing else is a count.
bool plain_int(std::string_view t, std::int64_t& out) {
    if (t.empty() || t.size() > 19) return false;
    const bool neg = t[0] == '-';
    if (t.size() - neg == 0 || t.size() - neg > 18) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
}

/// A JSON number that is a whole number of 1/members: integers, or decimals that differ
/// from one by no more than the 6-decimal rounding of the writer can explain.
bool exact_numerator(const boost::json::value* v, std::int64_t members, std::int64_t& out) {
    if (!v) return false;
    if (v->is_int64()) {
        const std::int64_t x = v->get_int64();
        if (x < -1'000'000'000 || x > 1'000'000'000) return false;
        out = x * members;
        return true;
    }
    if (v->is_double()) {
        const double d = v->get_double() * static_cast<double>(members);
        if (!std::isfinite(d) || std::fabs(d) > 1e12) return false;
        const double r = std::nearbyint(d);
        if (std::fabs(d - r) > 1e-3) return false; // 6.5 with 3 members: not a mean of 3
        out = static_cast<std::int64_t>(r);
        return true;
    }
    return false;
}

diagnostic tampered(const char* path, std::string msg) {
    return diagnostic{errc::out_of_range, path, std::move(msg)};
}

/// The line's format, ruleset and ruleset content (hash).
result<void> read_line_ruleset(const boost::json::object& o, const registry& reg, record_view& r) {
    if (const auto* f = o.if_contains("format")) {
        if (!f->is_string() || f->get_string() != result_format)
            return diagnostic{errc::invalid_value, "/format",
                              std::string("unknown result format (this version reads ") +
                                  result_format + " and lines without \"format\")"};
    }
    const auto* rs = o.if_contains("ruleset");
    if (!rs || !rs->is_string())
        return diagnostic{errc::missing_field, "/ruleset", "a result line needs its ruleset"};
    r.rules = reg.find(std::string_view(rs->get_string()));
    if (!r.rules)
        return diagnostic{errc::unknown_ruleset, "/ruleset",
                          "unknown ruleset \"" + std::string(rs->get_string()) +
                              "\" (load it with --ruleset-file)"};
    if (const auto* h = o.if_contains("ruleset_hash")) {
        if (!h->is_string() || h->get_string() != r.rules->hash())
            return diagnostic{errc::unknown_ruleset, "/ruleset_hash",
                              "the line was scored with another content of " + r.rules->id() +
                                  " than the one loaded (" + r.rules->hash() +
                                  "); score it again or load that ruleset with --ruleset-file"};
    }
    return {};
}

/// The integers of a result line (marker -1 when the line has none).
struct line_counts {
    std::int64_t sheet = 0, stars = 0, band = 0, marker = -1, members = 1;
};

/// Sheet, stars, band and marker stars, members and status, each in its range.
result<line_counts> read_line_counts(const boost::json::object& o, record_view& r) {
    line_counts n;
    if (!read_int(o, "sheet", n.sheet) || n.sheet < 0 || n.sheet > 10000 ||
        !(r.sheet = r.rules->sheet(static_cast<int>(n.sheet))))
        return diagnostic{errc::unknown_sheet, "/sheet", "no such sheet in " + r.rules->id()};
    if (!read_int(o, "stars", n.stars) || n.stars < 0 || n.stars > 5)
        return diagnostic{errc::wrong_type, "/stars", "stars must be an integer 0..5"};
    if (!read_int(o, "band_stars", n.band) || n.band < 0 || n.band > 5)
        return diagnostic{errc::wrong_type, "/band_stars", "band_stars must be an integer 0..5"};
    if (o.contains("marker_stars") &&
        (!read_int(o, "marker_stars", n.marker) || n.marker < 0 || n.marker > 5))
        return diagnostic{errc::wrong_type, "/marker_stars",
                          "marker_stars must be an integer 0..5"};
    // A council has at most input_limits::max_members members (64): no line written by ocop
    // says more.
    const auto max_members = static_cast<std::int64_t>(input_limits{}.max_members);
    if (o.contains("members") &&
        (!read_int(o, "members", n.members) || n.members < 0 || n.members > max_members))
        return diagnostic{errc::out_of_range, "/members",
                          "members must be an integer 0.." + std::to_string(max_members)};
    if (n.members < 1) n.members = 1; // rejected dossiers have no member sheet
    const auto* st = o.if_contains("status");
    if (!st || !st->is_string() ||
        !boost::describe::enum_from_string(st->get_string().c_str(), r.status))
        return diagnostic{errc::invalid_value, "/status",
                          "status must be scored, knocked_out or rejected"};
    r.stars = static_cast<int>(n.stars);
    r.band_stars = static_cast<int>(n.band);
    if (r.status != evaluation_status::scored && n.stars != 0)
        return tampered("/stars", "a knocked-out or rejected result has 0 stars");
    return n;
}

/// The exact total (from "total_exact", else the decimal) and parts of a scored line: means
/// of its members within the sheet's maxima, parts adding up, the band that of the total.
result<void> read_line_totals(const boost::json::object& o, const line_counts& counts,
                              record_view& r) {
    const std::int64_t members = counts.members, band = counts.band;
    // The exact total from "total_exact" ("217/3"), else from the decimal; a mean of
    // `members` sheets, within [0, max_total] of the sheet.
    std::int64_t num = 0;
    if (const auto* te = o.if_contains("total_exact")) {
        const auto* ts = te->if_string();
        if (!ts)
            return diagnostic{errc::wrong_type, "/total_exact",
                              "total_exact must be a string such as \"217/3\""};
        const std::string_view t(ts->data(), ts->size());
        const auto slash = t.find('/');
        std::int64_t n = 0, d = 1;
        if (!plain_int(t.substr(0, slash), n) ||
            (slash != std::string_view::npos && !plain_int(t.substr(slash + 1), d)))
            return diagnostic{errc::invalid_value, "/total_exact",
                              "total_exact must be a whole number or a fraction N/D"};
        if (d <= 0)
            return tampered("/total_exact", "the denominator of total_exact must be positive");
        if (members % d != 0)
            return tampered("/total_exact", "total_exact is not a mean of " +
                                                std::to_string(members) + " member(s)");
        if (n < 0 || n > std::int64_t{r.sheet->max_total} * d)
            return tampered("/total_exact",
                            "total_exact outside 0.." + std::to_string(r.sheet->max_total));
        num = n * (members / d);
        if (const auto* tv = o.if_contains("total")) {
            std::int64_t dec = 0;
            if (!exact_numerator(tv, members, dec) || dec != num)
                return tampered("/total", "total and total_exact disagree");
        }
    } else if (!exact_numerator(o.if_contains("total"), members, num)) {
        return diagnostic{errc::missing_field, "/total",
                          "a scored result line needs its total (a mean of its members)"};
    }
    if (num < 0 || num > std::int64_t{r.sheet->max_total} * members)
        return tampered("/total", "total outside 0.." + std::to_string(r.sheet->max_total));
    r.total = score{num, members};
    const auto* parts = o.if_contains("parts");
    const auto* po = parts ? parts->if_object() : nullptr;
    if (!po)
        return diagnostic{errc::missing_field, "/parts", "a scored result line needs its parts"};
    static constexpr const char* names[] = {"A", "B", "C"};
    static constexpr const char* paths[] = {"/parts/A", "/parts/B", "/parts/C"};
    std::int64_t part_sum = 0;
    for (int p = 0; p < part_count; ++p) {
        std::int64_t n = 0;
        if (!exact_numerator(po->if_contains(names[p]), members, n))
            return diagnostic{errc::wrong_type, paths[p],
                              "expected a number (a mean of the members)"};
        if (n < 0 || n > std::int64_t{r.sheet->part_max[static_cast<std::size_t>(p)]} * members)
            return tampered(paths[p],
                            std::string("part ") + names[p] + " outside 0.." +
                                std::to_string(r.sheet->part_max[static_cast<std::size_t>(p)]));
        r.parts[p] = score{n, members};
        part_sum += n;
    }
    if (part_sum != num) return tampered("/parts", "the parts do not add up to the total");
    if (band != r.rules->band_of(r.total))
        return tampered("/band_stars", "band_stars is not the band of the total");
    return {};
}

/// The star and the rule that decided it follow the star rule from status, band, markers
/// and the missed-minimum policy: the one the line records, else the one its decided_by
/// names, else the ruleset's as loaded.
result<void> check_line_star(const boost::json::object& o, const line_counts& n,
                             const record_view& r) {
    star_decision decided{};
    const auto* dv = o.if_contains("decided_by");
    if (dv &&
        (!dv->is_string() || !boost::describe::enum_from_string(dv->get_string().c_str(), decided)))
        return diagnostic{errc::invalid_value, "/decided_by", "unknown decided_by"};
    const bool missed = n.band > 0 && n.marker >= 0 && n.marker < n.band;
    policy_set pol = r.rules->policies();
    if (dv && missed)
        pol.missed_minimum = decided == star_decision::minimum ? missed_minimum_policy::cap
                             : decided == star_decision::minimum_fail
                                 ? missed_minimum_policy::fail
                                 : missed_minimum_policy::ignore;
    if (const auto* p = o.if_contains("policy"); p && p->is_object())
        if (const auto* mm = p->get_object().if_contains("missed_minimum")) {
            if (!mm->is_string() ||
                !boost::describe::enum_from_string(mm->get_string().c_str(), pol.missed_minimum))
                return diagnostic{errc::invalid_value, "/policy/missed_minimum",
                                  "missed_minimum must be cap, fail or ignore"};
        }
    // A knocked-out line was knocked out by the rule; without marker stars no minimum is
    // seen missed.
    pol.knockout = knockout_policy::zero;
    const auto want =
        r.status == evaluation_status::rejected
            ? detail::star_outcome{evaluation_status::rejected, 0, star_decision::dossier_rejected}
            : detail::star_rule(pol, static_cast<star_rank>(n.band),
                                static_cast<star_rank>(n.marker >= 0 ? n.marker : n.band),
                                r.status == evaluation_status::knocked_out);
    if ((n.marker >= 0 || want.stars == 0 || r.status != evaluation_status::scored) &&
        n.stars != want.stars)
        return tampered("/stars", "stars do not follow from status, band_stars, marker_stars "
                                  "and the missed-minimum policy of the line");
    if (n.stars > n.band && r.status == evaluation_status::scored)
        return tampered("/stars", "stars above band_stars");
    if (dv && decided != want.decided_by)
        return tampered("/decided_by", "decided_by does not match the stars of the line");
    return {};
}

/// The per-criterion losses of a line (--detail criteria or full), checked in full into
/// `crit_buf` before any is counted: a refused line counts nothing.
result<void> read_line_criteria(const boost::json::array& ca, const record_view& r,
                                std::int64_t members,
                                std::vector<std::pair<std::size_t, std::int64_t>>& crit_buf) {
    thread_local std::vector<bool> crit_seen;
    crit_seen.assign(r.sheet->criteria.size(), false);
    for (std::size_t k = 0; k < ca.size(); ++k) {
        const auto* c = ca[k].if_object();
        const std::string at = "/criteria/" + std::to_string(k);
        if (!c) return diagnostic{errc::wrong_type, at, "expected an object"};
        const auto* id = c->if_contains("id");
        if (!id || !id->is_string())
            return diagnostic{errc::missing_field, at + "/id", "a criterion needs its id"};
        const int idx = r.sheet->find(std::string_view(id->get_string()));
        if (idx < 0)
            return diagnostic{errc::unknown_criterion, at + "/id",
                              "no criterion " + std::string(id->get_string()) + " on sheet " +
                                  std::to_string(r.sheet->no)};
        if (const auto* a = c->if_contains("answered"); a && a->is_bool() && !a->get_bool())
            continue;
        std::int64_t lost = 0;
        const auto maxp = std::int64_t{r.sheet->criteria[static_cast<std::size_t>(idx)].max_points};
        if (!exact_numerator(c->if_contains("lost"), members, lost) || lost < 0 ||
            lost > maxp * members)
            return diagnostic{errc::out_of_range, at + "/lost",
                              "lost must be a number in 0.." + std::to_string(maxp)};
        if (crit_seen[static_cast<std::size_t>(idx)])
            return diagnostic{errc::invalid_value, at + "/id",
                              "criterion " + std::string(id->get_string()) +
                                  " listed twice (it would count twice)"};
        crit_seen[static_cast<std::size_t>(idx)] = true;
        crit_buf.emplace_back(static_cast<std::size_t>(idx), lost);
    }
    return {};
}

} // namespace

result<void> cohort_aggregator::add_result(const boost::json::object& o) {
    // Result lines are derived files: every field is checked against the ruleset and the
    // sheet before it counts, so that an edited line is refused like a bad record.
    record_view r;
    if (auto ok = read_line_ruleset(o, *reg_, r); !ok) return ok;
    auto n = read_line_counts(o, r);
    if (!n) return n.error();
    if (r.status != evaluation_status::rejected) {
        if (auto ok = read_line_totals(o, *n, r); !ok) return ok;
    } else if (n->band != 0) {
        return tampered("/band_stars", "a rejected dossier has no band");
    }
    if (auto ok = check_line_star(o, *n, r); !ok) return ok;
    const auto* md = o.if_contains("metadata");
    r.metadata = md ? md->if_object() : nullptr;
    if (const auto* id = o.if_contains("id"); id && id->is_string()) r.id = id->get_string();
    if (!keys_of(r)) return {};
    const auto* cv = o.if_contains("criteria");
    const auto* ca = cv && r.status != evaluation_status::rejected ? cv->if_array() : nullptr;
    thread_local std::vector<std::pair<std::size_t, std::int64_t>> crit_buf;
    crit_buf.clear();
    if (ca)
        if (auto ok = read_line_criteria(*ca, r, n->members, crit_buf); !ok) return ok;
    cohort_stats& s = find(key_buf_, values_);
    ++records_;
    add_common(s, r, opts_, year_);
    if (!ca || r.status == evaluation_status::rejected) return {};
    auto& crit = criteria_of(s, r);
    for (const auto& [idx, lost] : crit_buf) {
        ++crit[idx].count;
        crit[idx].lost.add(lost, n->members);
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
