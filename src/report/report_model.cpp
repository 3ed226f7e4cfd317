// What the report formats share: number formatting, labels, and the report model (stamp,
// rolled-up weakest criteria, sorted action lists, year trend).
#include "../detail/compiled_sheet.hpp"
#include "report_common.hpp"

#include "../detail/unicode.hpp"

#include <ocop/version.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

namespace ocop {

namespace detail {

namespace {

__extension__ typedef __int128 i128;

std::string group_digits(std::string digits, const std::string& sep) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i && (n - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

const number_symbols& symbols(report_lang lang) {
    static const number_symbols vi = number_symbols_of("vi");
    static const number_symbols en = number_symbols_of("en");
    return lang == report_lang::en ? en : vi;
}

} // namespace

std::string fmt_int(std::uint64_t v, report_lang lang) {
    return group_digits(std::to_string(v), symbols(lang).grouping);
}

std::string fmt_dec(const fraction& f, int digits, report_lang lang) {
    i128 scale = 1;
    for (int i = 0; i < digits; ++i) scale *= 10;
    const bool neg = (f.num < 0) != (f.den < 0) && f.num != 0;
    const i128 a = f.num < 0 ? -static_cast<i128>(f.num) : static_cast<i128>(f.num);
    const i128 d = f.den < 0 ? -static_cast<i128>(f.den) : static_cast<i128>(f.den);
    const i128 scaled = (a * scale * 2 + d) / (2 * d); // half away from zero
    const auto whole = static_cast<std::uint64_t>(scaled / scale);
    auto frac = static_cast<std::uint64_t>(scaled % scale);
    std::string out = neg && scaled != 0 ? "-" : "";
    out += fmt_int(whole, lang);
    if (frac != 0) {
        std::string fs = std::to_string(frac);
        fs.insert(0, static_cast<std::size_t>(digits) - fs.size(), '0');
        while (!fs.empty() && fs.back() == '0') fs.pop_back();
        out += symbols(lang).decimal + fs;
    }
    return out;
}

std::string fmt_pct(std::uint64_t part, std::uint64_t whole, report_lang lang) {
    if (whole == 0) return "–";
    return fmt_dec(
               fraction{static_cast<std::int64_t>(part) * 100, static_cast<std::int64_t>(whole)}, 1,
               lang) +
           "%";
}

std::string fmt_time(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string key_label(const cohort_aggregator& agg, const cohort& c, report_lang lang) {
    std::string s;
    for (std::size_t i = 0; i < c.key.size(); ++i) {
        if (i) s += " · ";
        const auto kind = agg.options().by[i].kind;
        if (c.key[i] == cohort_missing)
            s += tr(msg::none_value, lang);
        else if (kind == cohort_key::star)
            s += c.key[i] + "★";
        else if (kind == cohort_key::sheet)
            s += tr1(msg::sheet, lang, c.key[i]);
        else
            s += nfc(c.key[i]);
    }
    return s.empty() ? std::string(tr(msg::all_records, lang)) : s;
}

std::string by_label(const cohort_aggregator& agg, report_lang lang) {
    std::string s;
    for (const auto& k : agg.options().by) {
        if (!s.empty()) s += ", ";
        s += k.name;
    }
    return s.empty() ? std::string(tr(msg::no_grouping, lang)) : s;
}

std::uint64_t near_all(const cohort_stats& s) {
    std::uint64_t n = 0;
    for (auto x : s.near) n += x;
    return n;
}

std::uint64_t three_plus(const cohort_stats& s) {
    return s.stars[3] + s.stars[4] + s.stars[5];
}

namespace {
std::string note_text(const std::string& note, report_lang lang) {
    if (note == "council_consensus") return std::string(tr(msg::note_council, lang));
    if (note == "council_consensus_reached")
        return std::string(tr(msg::note_council_reached, lang));
    if (note == "result_line") return std::string(tr(msg::note_result_line, lang));
    if (note == "unreachable") return std::string(tr(msg::note_unreachable, lang));
    return note;
}
} // namespace

std::string fix_text(const action_item& a, report_lang lang) {
    if (a.points_needed < 0) {
        if (a.note == "council_consensus_reached" || a.note == "result_line" ||
            a.note == "unreachable")
            return note_text(a.note, lang);
        return std::string(tr(msg::no_plan, lang)) +
               (a.note.empty() ? "" : " (" + note_text(a.note, lang) + ")");
    }
    std::string s;
    for (const auto& [id, pts] : a.fix) {
        if (!s.empty()) s += " · ";
        s += id + " +" + std::to_string(pts);
    }
    if (!a.note.empty()) s += " (" + note_text(a.note, lang) + ")";
    return s;
}

namespace {

bool numeric_less(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

/// The printed title without a leading copy of its code ("4.3. Quảng bá" → "Quảng bá").
std::string without_code(std::string title, const std::string& id) {
    if (id.empty() || title.compare(0, id.size(), id) != 0) return title;
    std::size_t i = id.size();
    if (i < title.size() && title[i] != '.' && title[i] != ')' && title[i] != ' ') return title;
    while (i < title.size() && (title[i] == '.' || title[i] == ')' || title[i] == ' ')) ++i;
    return i < title.size() ? title.substr(i) : title;
}

void roll_up(const cohort_aggregator& agg, report_model& m, std::size_t top) {
    std::map<std::pair<std::string, std::string>, rolled_criterion> by;
    for (const auto& [ref, crit] : m.all.criteria) {
        const ruleset* rs = agg.rules().find(ref.ruleset);
        const compiled_sheet* sh = rs ? rs->sheet(ref.sheet) : nullptr;
        for (std::size_t c = 0; c < crit.size(); ++c) {
            if (crit[c].count == 0) continue;
            std::string id =
                sh && c < sh->criteria.size() ? sh->criterion(c).id : "#" + std::to_string(c + 1);
            std::string title = sh && c < sh->criteria.size()
                                    ? without_code(normalize_key(sh->criterion(c).title_vi), id)
                                    : "";
            const int maxp = sh && c < sh->criteria.size() ? sh->criteria[c].max_points : 0;
            auto& r = by[{id, fold_key(title)}];
            if (r.id.empty()) r.id = id, r.title = title;
            r.max_points = std::max(r.max_points, maxp);
            r.count += crit[c].count;
            r.lost.merge(crit[c].lost);
            r.max_sum += static_cast<std::int64_t>(maxp) * static_cast<std::int64_t>(crit[c].count);
            if (std::find(r.sheets.begin(), r.sheets.end(), ref.sheet) == r.sheets.end())
                r.sheets.push_back(ref.sheet);
        }
    }
    for (auto& [k, r] : by) {
        r.mean_lost = r.lost.mean(r.count);
        // share = mean lost × count / max_sum
        const fraction total_lost = r.lost.mean(1);
        r.share_lost =
            r.max_sum > 0 ? fraction{total_lost.num, total_lost.den * r.max_sum} : fraction{0, 1};
        std::sort(r.sheets.begin(), r.sheets.end());
        m.weakest.push_back(std::move(r));
    }
    std::sort(m.weakest.begin(), m.weakest.end(),
              [](const rolled_criterion& a, const rolled_criterion& b) {
                  if (!(a.mean_lost == b.mean_lost)) return b.mean_lost < a.mean_lost;
                  if (a.count != b.count) return a.count > b.count;
                  if (a.id != b.id) return numeric_less(a.id, b.id);
                  return collate(a.title, b.title) < 0;
              });
    if (m.weakest.size() > top) m.weakest.resize(top);
}

void sort_actions(std::vector<action_row>& v, bool by_gap) {
    std::sort(v.begin(), v.end(), [by_gap](const action_row& x, const action_row& y) {
        const action_item& a = *x.item;
        const action_item& b = *y.item;
        if (by_gap && !(a.gap == b.gap)) return a.gap < b.gap;
        const int pa = a.points_needed < 0 ? 1 << 20 : a.points_needed;
        const int pb = b.points_needed < 0 ? 1 << 20 : b.points_needed;
        if (pa != pb) return pa < pb;
        if (const int c = collate(a.id, b.id); c != 0) return c < 0;
        if (a.sheet != b.sheet) return a.sheet < b.sheet;
        return b.total < a.total;
    });
}

std::string policy_text(const ruleset& rs, report_lang lang) {
    return tr1(msg::policy_markers, lang,
               boost::describe::enum_to_string(rs.policies().missed_minimum, "?")) +
           ", " +
           tr1(msg::policy_defects, lang,
               boost::describe::enum_to_string(rs.policies().defects, "?"));
}

bool year_less(const std::string& a, const std::string& b) {
    if (a == cohort_missing) return false;
    if (b == cohort_missing) return true;
    return numeric_less(a, b);
}

} // namespace

report_model make_model(const cohort_aggregator& agg, const report_options& o) {
    report_model m;
    m.all = agg.overall();
    m.cohorts = agg.cohorts();
    m.title = o.title.empty() ? std::string(tr(msg::title, o.lang)) : nfc(o.title);
    m.generated_at = o.stamp.generated_at >= 0 ? o.stamp.generated_at : report_time();
    // Rulesets that scored the records (from the per-year counts, rejected dossiers included).
    std::map<std::string, std::uint64_t> used;
    for (const auto& [y, ys] : m.all.years)
        for (const auto& [id, n] : ys.rulesets) used[id] += n;
    for (const auto& [id, n] : used) {
        used_ruleset u;
        u.id = id;
        u.records = n;
        if (const ruleset* rs = agg.rules().find(id)) {
            u.hash = rs->hash();
            u.policies = policy_text(*rs, o.lang);
            for (const auto& b : rs->document().star_bands)
                if (b.stars >= 3 && std::find(m.band_lines_milli.begin(), m.band_lines_milli.end(),
                                              b.min.value) == m.band_lines_milli.end())
                    m.band_lines_milli.push_back(b.min.value);
        }
        m.rulesets.push_back(std::move(u));
    }
    std::sort(m.band_lines_milli.begin(), m.band_lines_milli.end());
    roll_up(agg, m, o.top_criteria);
    if (o.weakest_per_sheet) m.weakest_sheet = agg.weakest(m.all, o.top_criteria);
    for (const cohort* c : m.cohorts)
        for (const auto& a : c->stats.actions)
            (a.kind == action_kind::near_band ? m.near : m.capped).push_back({&a, c});
    sort_actions(m.near, true);
    sort_actions(m.capped, false);
    // Trend: every year of all records, then per cohort when there are several cohorts.
    auto add_years = [&](const cohort* owner, const cohort_stats& s) {
        std::vector<std::string> ys;
        for (const auto& [y, st] : s.years) ys.push_back(y);
        std::sort(ys.begin(), ys.end(), year_less);
        for (const auto& y : ys) m.trend.push_back({owner, y, s.years.find(y)->second});
    };
    add_years(nullptr, m.all);
    if (m.cohorts.size() > 1)
        for (const cohort* c : m.cohorts) add_years(c, c->stats);
    return m;
}

std::vector<std::pair<std::string, std::string>>
stamp_items(const cohort_aggregator& agg, const report_options& o, const report_model& m) {
    const auto lang = o.lang;
    std::vector<std::pair<std::string, std::string>> out;
    auto add = [&](msg k, std::string v) {
        out.emplace_back(std::string(tr(k, lang)), std::move(v));
    };
    const std::string& input = o.stamp.input.empty() ? o.source : o.stamp.input;
    if (!input.empty()) add(msg::input, nfc(input));
    add(msg::records_read,
        fmt_int(m.all.count, lang) + " — " + std::string(tr(msg::scored, lang)) + " " +
            fmt_int(m.all.scored, lang) + " · " + std::string(tr(msg::knocked_out, lang)) + " " +
            fmt_int(m.all.knocked_out, lang) + " · " + std::string(tr(msg::rejected, lang)) + " " +
            fmt_int(m.all.rejected, lang) + " · " + std::string(tr(msg::refused, lang)) + " " +
            fmt_int(o.stamp.refused, lang));
    if (agg.filtered_out() || !agg.options().where.empty())
        add(msg::filtered, fmt_int(agg.filtered_out(), lang));
    std::string rs, pol;
    for (const auto& u : m.rulesets) {
        if (!rs.empty()) rs += "; ", pol += "; ";
        rs += u.id + " (" + (u.hash.empty() ? "?" : u.hash) + ", " + fmt_int(u.records, lang) + ")";
        pol += u.id + ": " + u.policies;
    }
    add(msg::rulesets, rs.empty() ? std::string("–") : rs);
    add(msg::policies, pol.empty() ? std::string("–") : pol);
    add(msg::grouped_by, by_label(agg, lang));
    std::string filters;
    for (const auto& f : agg.options().where) {
        if (!filters.empty()) filters += "; ";
        filters += f.key.name + " = " + f.value;
    }
    if (!filters.empty()) add(msg::filters, filters);
    const auto& mg = province_merger_2025();
    out.emplace_back(std::string(tr(msg::provinces_label, lang)),
                     agg.options().provinces_2025
                         ? tr1(msg::provinces_2025, lang, mg.source)
                         : std::string(tr(msg::provinces_as_written, lang)));
    out.emplace_back(
        std::string(tr(msg::near_next, lang)),
        tr1(msg::near_def, lang, fmt_dec(fraction{agg.options().near_milli, 1000}, 3, lang)));
    add(msg::generated_by, std::string("ocop ") + version_string);
    add(msg::generated_at, fmt_time(m.generated_at));
    return out;
}

} // namespace detail

bool parse_report_lang(std::string_view text, report_lang& out) noexcept {
    if (text == "vi") return out = report_lang::vi, true;
    if (text == "en") return out = report_lang::en, true;
    return false;
}

std::int64_t report_time() {
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long v = std::strtoll(e, &end, 10);
        if (end != e && *end == 0 && v >= 0) return v;
    }
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace ocop
