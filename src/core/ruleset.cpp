// Validate a ruleset document, lint it, and compile each sheet to flat tables.
#include "../detail/compiled_sheet.hpp"
#include "../detail/sha256.hpp"

#include <ocop/json_io.hpp>
#include <ocop/ruleset.hpp>

#include <ocop/json_parser.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace ocop {

struct ruleset::impl {
    ruleset_document doc;
    std::string hash;
    std::vector<compiled_sheet> sheets;
    std::vector<int> by_no; // sheet number → index in sheets, -1 when absent
    std::vector<lint_finding> findings;
    std::vector<star_band> bands; // sorted by stars, descending
};

namespace {

std::string num(int v) {
    return std::to_string(v);
}

/// Largest number of groups, criteria or options of one sheet (16-bit table indices).
constexpr std::size_t max_table_size = 10000;
/// Points of an option or a maximum are 0..max_points_value.
constexpr int max_points_value = 100;
/// Highest ruleset_limits::max_total_points honoured: totals live in 16-bit tables, and
/// council sums (64 members) and scaled sums must stay far from int overflow.
constexpr int max_total_limit = 30000;

/// Collects findings and compiles; shared by ruleset::compile and ocop::lint.
class compiler {
  public:
    compiler(const ruleset_document& doc, const policy_set& pol, const ruleset_limits& lim)
        : doc_(doc), pol_(pol), lim_(lim) {}

    std::vector<lint_finding> findings;

    void add(lint_severity sev, std::string check, int sheet, std::string path, std::string msg) {
        findings.push_back({sev, std::move(check), sheet, std::move(path), std::move(msg)});
    }
    [[nodiscard]] bool has_ruleset_error() const {
        return std::any_of(findings.begin(), findings.end(), [](const lint_finding& f) {
            return f.severity == lint_severity::error && f.sheet == 0;
        });
    }

    void check_ruleset() {
        if (doc_.format != "ocop-ruleset/1")
            add(lint_severity::error, "format", 0, "/format",
                "format must be \"ocop-ruleset/1\", got \"" + doc_.format + "\"");
        if (doc_.id.empty() || !std::all_of(doc_.id.begin(), doc_.id.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                       c == '.';
            }))
            add(lint_severity::error, "id", 0, "/id",
                "id must be non-empty lowercase letters, digits, '-', '_' or '.'");
        if (doc_.sheets.size() > lim_.max_sheets)
            add(lint_severity::error, "limit_exceeded", 0, "/sheets",
                num(int(std::min<std::size_t>(doc_.sheets.size(), 1u << 30))) +
                    " sheets; at most " + std::to_string(lim_.max_sheets));
        std::size_t criteria = 0;
        for (const auto& sh : doc_.sheets)
            for (const auto& g : sh.groups) criteria += g.criteria.size();
        if (criteria > lim_.max_criteria)
            add(lint_severity::error, "limit_exceeded", 0, "/sheets",
                std::to_string(criteria) + " criteria in all; at most " +
                    std::to_string(lim_.max_criteria));
        check_parts();
        check_bands();
        if (doc_.council.combine != "mean")
            add(lint_severity::error, "council", 0, "/council/combine",
                "only \"mean\" (average of members' totals) is defined");
        std::set<int> seen;
        for (std::size_t i = 0; i < doc_.sheets.size(); ++i) {
            const int no = doc_.sheets[i].no;
            if (no < 1 || no > 999)
                add(lint_severity::error, "sheet_number", 0, "/sheets/" + num(int(i)) + "/no",
                    "sheet number must be 1..999");
            else if (!seen.insert(no).second)
                add(lint_severity::error, "duplicate_sheet", 0, "/sheets/" + num(int(i)) + "/no",
                    "sheet " + num(no) + " appears twice");
        }
        if (doc_.status == ruleset_status::frame_only && doc_.sheets.empty())
            add(lint_severity::note, "frame_only", 0, "/sheets",
                "frame only: parts and bands, no sheets yet");
        else if (doc_.sheets.empty())
            add(lint_severity::warning, "no_sheets", 0, "/sheets", "ruleset has no sheets");
    }

    void check_parts() {
        std::array<int, part_count> count{};
        int total = 0;
        for (const auto& p : doc_.parts) {
            ++count[static_cast<int>(p.code)];
            total += p.budget;
        }
        for (int i = 0; i < part_count; ++i)
            if (count[i] != 1)
                add(lint_severity::error, "parts", 0, "/parts",
                    std::string("part ") + "ABC"[i] + " must appear exactly once");
        if (total != 100)
            add(lint_severity::warning, "budget_total", 0, "/parts",
                "part budgets add up to " + num(total) + ", not 100");
    }

    void check_bands() {
        auto bands = doc_.star_bands;
        std::set<int> stars;
        for (std::size_t i = 0; i < bands.size(); ++i) {
            const auto& b = bands[i];
            const std::string path = "/star_bands/" + num(int(i));
            if (b.stars < 1 || b.stars > 5)
                add(lint_severity::error, "band_stars", 0, path + "/stars", "stars must be 1..5");
            if (!stars.insert(b.stars).second)
                add(lint_severity::error, "band_duplicate", 0, path + "/stars",
                    num(b.stars) + " stars has two bands");
            if (b.min.value >= b.max.value)
                add(lint_severity::error, "band_empty", 0, path, "band min must be below max");
        }
        std::sort(bands.begin(), bands.end(),
                  [](const star_band& a, const star_band& b) { return a.min < b.min; });
        for (std::size_t i = 1; i < bands.size(); ++i) {
            const auto& lo = bands[i - 1];
            const auto& hi = bands[i];
            if (hi.stars <= lo.stars)
                add(lint_severity::error, "band_order", 0, "/star_bands",
                    "bands are not monotone: " + num(hi.stars) + " stars starts above " +
                        num(lo.stars) + " stars");
            if (lo.max.value > hi.min.value || (lo.max.value == hi.min.value && lo.max_inclusive))
                add(lint_severity::error, "band_overlap", 0, "/star_bands",
                    "bands " + num(lo.stars) + " and " + num(hi.stars) + " overlap");
            else if (lo.max.value < hi.min.value)
                add(lint_severity::warning, "band_gap", 0, "/star_bands",
                    "gap between " + num(lo.stars) + " and " + num(hi.stars) + " stars");
        }
        if (bands.empty()) add(lint_severity::error, "bands", 0, "/star_bands", "no star bands");
    }

    compiled_sheet compile_sheet(std::size_t si) {
        const sheet_def& s = doc_.sheets[si];
        compiled_sheet cs;
        cs.no = s.no;
        cs.def = &s;
        const std::string sp = "/sheets/" + num(int(si));
        auto refuse = [&](errc code, const std::string& path, const std::string& msg) {
            add(lint_severity::error, to_string(code), s.no, path, msg);
            if (!cs.refusal) cs.refusal = diagnostic{code, path, "sheet " + num(s.no) + ": " + msg};
        };
        if (s.status == sheet_status::missing) {
            refuse_missing(cs, s, sp);
            return cs;
        }
        if (s.status == sheet_status::defective) {
            for (std::size_t d = 0; d < s.defects.size(); ++d)
                add(lint_severity::warning, "printed_defect", s.no, sp + "/defects/" + num(int(d)),
                    s.defects[d].where + ": " + s.defects[d].problem +
                        (s.defects[d].probable_reading
                             ? "; probable reading: " + *s.defects[d].probable_reading
                             : std::string()));
            if (pol_.defects == defect_policy::strict)
                refuse(errc::sheet_defective, sp + "/status",
                       "the sheet has printed defects and the defect policy is strict");
        }
        // The flat tables index with 16 bits: refuse a sheet they cannot hold.
        std::size_t n_criteria = 0, n_options = 0;
        for (const auto& g : s.groups)
            for (const auto& c : g.criteria) {
                ++n_criteria;
                n_options += c.options.size();
            }
        if (s.groups.size() > max_table_size || n_criteria > max_table_size ||
            n_options > max_table_size) {
            refuse(errc::limit_exceeded, sp,
                   "more than " + num(int(max_table_size)) + " groups, criteria or options");
            return cs;
        }
        if (s.groups.size() > lim_.max_groups_per_sheet) {
            refuse(errc::limit_exceeded, sp + "/groups",
                   num(int(s.groups.size())) + " groups; at most " +
                       std::to_string(lim_.max_groups_per_sheet) + " per sheet");
            return cs;
        }
        if (n_criteria > lim_.max_criteria_per_sheet) {
            refuse(errc::limit_exceeded, sp + "/groups",
                   num(int(n_criteria)) + " criteria; at most " +
                       std::to_string(lim_.max_criteria_per_sheet) + " per sheet");
            return cs;
        }
        for (std::size_t gi = 0; gi < s.groups.size(); ++gi)
            for (std::size_t ci = 0; ci < s.groups[gi].criteria.size(); ++ci)
                if (s.groups[gi].criteria[ci].options.size() > lim_.max_options_per_criterion) {
                    refuse(
                        errc::limit_exceeded,
                        sp + "/groups/" + num(int(gi)) + "/criteria/" + num(int(ci)) + "/options",
                        num(int(s.groups[gi].criteria[ci].options.size())) + " options; at most " +
                            std::to_string(lim_.max_options_per_criterion) + " per criterion");
                    return cs;
                }
        std::map<std::string, int> id_count, code_count;
        for (const auto& g : s.groups)
            for (const auto& c : g.criteria) {
                ++id_count[c.id];
                ++code_count[c.code];
            }
        for (const auto& [code, n] : code_count)
            if (n > 1)
                add(lint_severity::warning, "duplicate_code", s.no, sp,
                    "criterion code \"" + code + "\" is printed " + num(n) +
                        " times; answer with the unique ids");
        std::array<int, part_count> part_groups{}, part_sum{};
        for (std::size_t gi = 0; gi < s.groups.size(); ++gi) {
            const group_def& g = s.groups[gi];
            const std::string gp = sp + "/groups/" + num(int(gi));
            compiled_group cg;
            cg.part = g.part;
            cg.choose_one_case = g.choose_one_case.value_or(false);
            cg.criterion_first = static_cast<std::uint16_t>(cs.criteria.size());
            cg.max_points =
                checked_points(resolve_max(g.max_points, g.max_points_probable,
                                           g.max_points_printed, gp, s.no, refuse, nullptr),
                               gp + "/max_points", refuse);
            int sum = 0, case_max = -1;
            std::set<int> cases;
            for (std::size_t ci = 0; ci < g.criteria.size(); ++ci) {
                const criterion_def& c = g.criteria[ci];
                const std::string cp = gp + "/criteria/" + num(int(ci));
                if (id_count[c.id] > 1)
                    refuse(errc::ruleset_invalid, cp + "/id",
                           "criterion id \"" + c.id + "\" is not unique");
                compiled_criterion cc = compile_criterion(cs, c, cp, s.no, refuse);
                cc.part = g.part;
                cc.group = static_cast<std::uint16_t>(gi);
                if (cg.choose_one_case) {
                    if (!c.case_no)
                        refuse(errc::ruleset_invalid, cp + "/case_no",
                               "criteria of a choose-one group need a case_no");
                    else if (!cases.insert(*c.case_no).second)
                        refuse(errc::ruleset_invalid, cp + "/case_no", "case number repeated");
                    cc.case_no = static_cast<std::uint8_t>(c.case_no.value_or(0));
                    case_max = std::max<int>(case_max, cc.max_points);
                    if (cc.max_points != cg.max_points)
                        add(lint_severity::warning, "case_max", s.no, cp + "/max_points",
                            "case maximum " + num(cc.max_points) + " differs from the group's " +
                                num(cg.max_points));
                } else {
                    sum += cc.max_points;
                }
                cs.criteria.push_back(cc);
                cs.criterion_defs.push_back(&c);
            }
            if (cg.choose_one_case) sum += std::max(case_max, 0);
            if (g.criteria.empty())
                refuse(errc::ruleset_invalid, gp + "/criteria", "group has no criteria");
            if (sum != cg.max_points)
                add(lint_severity::warning, "group_sum", s.no, gp,
                    "group " + g.code + " criteria add up to " + num(sum) + ", maximum is " +
                        num(cg.max_points));
            cg.criterion_count =
                static_cast<std::uint16_t>(cs.criteria.size() - cg.criterion_first);
            // Sums in int: at most 10 000 criteria of 100 points, far from overflow; they
            // are narrowed to the 16-bit tables below, once within the budget.
            part_groups[static_cast<int>(g.part)] += cg.max_points;
            part_sum[static_cast<int>(g.part)] += sum;
            for (std::size_t k = 0; k < g.subgroups.size(); ++k)
                compile_subgroup(cs, g, gi, k, gp, s.no, refuse);
            for (std::size_t k = 0; k < g.knockouts.size(); ++k)
                add_knockout(cs, g.knockouts[k], g.code, no_index, static_cast<std::uint16_t>(gi),
                             gp + "/knockouts/" + num(int(k)), s.no, refuse);
            cs.groups.push_back(cg);
        }
        for (const auto& p : doc_.parts) {
            const int i = static_cast<int>(p.code);
            if (part_groups[i] != p.budget)
                add(lint_severity::warning, "budget_mismatch", s.no, sp,
                    std::string("part ") + "ABC"[i] + " groups add up to " + num(part_groups[i]) +
                        ", budget is " + num(p.budget));
        }
        if (s.status == sheet_status::defective && pol_.defects == defect_policy::probable)
            add_printed_defects(cs, s);
        const int limit = std::min(lim_.max_total_points, max_total_limit);
        const int total = part_sum[0] + part_sum[1] + part_sum[2];
        bool over = false;
        for (int i = 0; i < part_count; ++i)
            if (part_sum[i] > limit) {
                over = true;
                refuse(errc::limit_exceeded, sp,
                       std::string("part ") + "ABC"[i] + " adds up to " + num(part_sum[i]) +
                           " points; at most " + num(limit));
            }
        if (total > limit) {
            over = true;
            refuse(errc::limit_exceeded, sp,
                   "the criteria add up to " + num(total) + " points; at most " + num(limit) +
                       " per sheet");
        }
        if (over) return cs; // never narrowed: the sheet is refused
        for (int i = 0; i < part_count; ++i)
            cs.part_max[i] = static_cast<std::int16_t>(part_sum[i]);
        cs.max_total = static_cast<std::int16_t>(total);
        for (const auto& b : doc_.star_bands)
            if (static_cast<std::int64_t>(cs.max_total) * 1000 < b.min.value)
                add(lint_severity::warning, "unreachable_star", s.no, sp,
                    num(b.stars) + " stars needs " + num(int(b.min.value / 1000)) +
                        " points; the sheet allows at most " + num(cs.max_total));
        for (std::size_t i = 0; i < cs.criteria.size(); ++i) {
            const auto* c = cs.criterion_defs[i];
            cs.lookup.emplace_back(c->id, int(i));
            if (c->code != c->id)
                cs.lookup.emplace_back(c->code, code_count[c->code] > 1 ? -2 : int(i));
        }
        std::sort(cs.lookup.begin(), cs.lookup.end());
        cs.lookup.erase(std::unique(cs.lookup.begin(), cs.lookup.end()), cs.lookup.end());
        return cs;
    }

  private:
    /// A sheet the edition names but no source transcribes: never scored, never replaced by
    /// another sheet.
    void refuse_missing(compiled_sheet& cs, const sheet_def& s, const std::string& sp) {
        std::string msg = "\"" + s.name_vi +
                          "\" is missing: no source transcribes this sheet, so it cannot be scored";
        for (const auto& d : s.defects)
            msg += " (" + d.where + ": " + d.problem +
                   (d.probable_reading ? "; " + *d.probable_reading : std::string()) + ")";
        add(lint_severity::error, to_string(errc::sheet_missing), s.no, sp + "/status", msg);
        cs.refusal =
            diagnostic{errc::sheet_missing, sp + "/status", "sheet " + num(s.no) + ": " + msg};
    }

    /// Printed defects without a numeric reading (whole-part sums, repeated points) are
    /// scored as printed; each one is said on every result of the sheet.
    void add_printed_defects(compiled_sheet& cs, const sheet_def& s) {
        if (!cs.readings.empty()) return; // the numeric readings say it already
        for (const auto& d : s.defects)
            cs.readings.push_back(
                {no_index, -1,
                 "scored as printed: " + d.where + ": " + d.problem +
                     (d.probable_reading
                          ? " (probable reading, not applied: " + *d.probable_reading + ")"
                          : std::string(" (no probable reading)"))});
    }

    /// Alternative cases inside one criterion: every option tagged with a declared case,
    /// every case with an option, case numbers unique.
    template <class Refuse>
    void check_cases(const criterion_def& c, const std::string& cp, int sheet, Refuse& refuse) {
        std::set<int> declared, used;
        std::size_t inferred = 0, headed = 0;
        for (std::size_t k = 0; k < c.cases.size(); ++k) {
            const int no = c.cases[k].case_no;
            if (no < 1 || no > 9)
                refuse(errc::ruleset_invalid, cp + "/cases/" + num(int(k)) + "/case_no",
                       c.id + ": case numbers are 1..9");
            else if (!declared.insert(no).second)
                refuse(errc::ruleset_invalid, cp + "/cases/" + num(int(k)) + "/case_no",
                       c.id + ": case " + num(no) + " declared twice");
            inferred += c.cases[k].inferred.value_or(false) ? 1 : 0;
            headed += c.cases[k].label_vi ? 1 : 0;
        }
        if (inferred > 0)
            add(lint_severity::note, "case_inferred", sheet, cp + "/cases",
                c.id + ": the split of its options into " + num(int(c.cases.size())) +
                    " cases is the data's inference (" +
                    (headed == c.cases.size() ? "headings taken from other sheets"
                                              : "no printed headings") +
                    ")");
        for (std::size_t oi = 0; oi < c.options.size(); ++oi) {
            const auto& o = c.options[oi];
            const std::string op = cp + "/options/" + num(int(oi)) + "/case_no";
            if (c.cases.empty()) {
                if (o.case_no)
                    refuse(errc::ruleset_invalid, op,
                           c.id + ": an option names a case but the criterion declares none");
            } else if (!o.case_no || !declared.count(*o.case_no)) {
                refuse(errc::ruleset_invalid, op,
                       c.id + " option " + num(int(oi) + 1) + ": needs one of the declared cases");
            } else {
                used.insert(*o.case_no);
            }
        }
        for (int no : declared)
            if (!used.count(no))
                refuse(errc::ruleset_invalid, cp + "/cases",
                       c.id + ": case " + num(no) + " has no option");
    }

    /// Points narrowed to the tables' 16 bits only once known to be in 0..100.
    template <class Refuse>
    static std::int16_t checked_points(int v, const std::string& path, Refuse& refuse) {
        if (v >= 0 && v <= max_points_value) return static_cast<std::int16_t>(v);
        refuse(errc::ruleset_invalid, path,
               "points must be 0.." + num(max_points_value) + ", not " + num(v));
        return 0;
    }

    template <class Refuse>
    int resolve_max(const std::optional<int>& printed, const std::optional<int>& probable,
                    const std::optional<std::string>& text, const std::string& path, int sheet,
                    Refuse& refuse, bool* used_probable) {
        if (probable && pol_.defects == defect_policy::probable) {
            if (used_probable) *used_probable = true;
            return *probable;
        }
        if (printed && !probable) return *printed;
        if (printed && pol_.defects == defect_policy::strict) return *printed;
        refuse(errc::sheet_missing_data, path + "/max_points",
               "maximum not readable (printed \"" + text.value_or("") + "\")");
        (void)sheet;
        return 0;
    }

    template <class Refuse>
    compiled_criterion compile_criterion(compiled_sheet& cs, const criterion_def& c,
                                         const std::string& cp, int sheet, Refuse& refuse) {
        compiled_criterion cc;
        cc.binary = c.binary.value_or(false);
        const auto ci = static_cast<std::uint16_t>(cs.criteria.size());
        bool probable_max = false;
        cc.max_points =
            checked_points(resolve_max(c.max_points, c.max_points_probable, c.max_points_printed,
                                       cp, sheet, refuse, &probable_max),
                           cp + "/max_points", refuse);
        cc.probable_max = probable_max;
        if (probable_max)
            cs.readings.push_back({ci, -1,
                                   "maximum of " + c.id + " printed \"" +
                                       c.max_points_printed.value_or("") + "\", read as " +
                                       num(cc.max_points)});
        cc.option_first = static_cast<std::uint16_t>(cs.options.size());
        if (c.options.empty()) refuse(errc::ruleset_invalid, cp + "/options", "no options");
        check_cases(c, cp, sheet, refuse);
        cc.cases = static_cast<std::uint8_t>(std::min<std::size_t>(c.cases.size(), 9));
        int best = -1, prev = -1, prev_marker = 0, prev_case = 0;
        for (std::size_t oi = 0; oi < c.options.size(); ++oi) {
            const option_def& o = c.options[oi];
            const std::string op = cp + "/options/" + num(int(oi));
            compiled_option co;
            co.case_no = static_cast<std::uint8_t>(std::clamp(o.case_no.value_or(0), 0, 9));
            // Points rise within a case and restart at the next one (1048 3.2: 1, 2 | 0, 1).
            if (co.case_no != prev_case) {
                prev = -1;
                prev_case = co.case_no;
            }
            if (o.points_probable && pol_.defects == defect_policy::probable) {
                co.points = checked_points(*o.points_probable, op + "/points_probable", refuse);
                co.probable = true;
                cs.readings.push_back(
                    {ci, static_cast<std::int16_t>(oi),
                     c.id + " option " + num(int(oi) + 1) + " printed \"" +
                         (o.points ? num(*o.points) : o.points_printed.value_or("")) +
                         "\", read as " + num(co.points)});
            } else if (o.points) {
                co.points = checked_points(*o.points, op + "/points", refuse);
            } else {
                refuse(errc::sheet_missing_data, op + "/points",
                       c.id + " option " + num(int(oi) + 1) + " has no printed points");
            }
            if (o.marker) {
                if (*o.marker < 3 || *o.marker > 5)
                    refuse(errc::ruleset_invalid, op + "/marker", "marker must be 3, 4 or 5");
                co.marker = static_cast<std::int8_t>(*o.marker);
                if (*o.marker < prev_marker)
                    add(lint_severity::warning, "marker_order", sheet, op + "/marker",
                        c.id + ": star markers do not rise with the points");
                prev_marker = *o.marker;
            }
            if (prev >= 0 && co.points == prev)
                add(lint_severity::warning, "repeated_points", sheet, op + "/points",
                    c.id + ": two options score " + num(co.points) +
                        "; answer with {\"option\": k}");
            else if (prev >= 0 && co.points < prev)
                add(lint_severity::warning, "options_order", sheet, op + "/points",
                    c.id + ": options are not in ascending points");
            prev = co.points;
            best = std::max<int>(best, co.points);
            for (std::size_t k = 0; k < o.knockouts.size(); ++k) {
                const auto& ko = o.knockouts[k];
                const auto idx = add_knockout(cs, ko, c.id, ci, no_index,
                                              op + "/knockouts/" + num(int(k)), sheet, refuse);
                if (ko.trigger == knockout_trigger::option) co.knockout = idx;
            }
            cs.options.push_back(co);
        }
        cc.option_count = static_cast<std::uint16_t>(c.options.size());
        if (best > cc.max_points)
            refuse(errc::ruleset_invalid, cp + "/max_points",
                   c.id + ": an option scores " + num(best) + ", more than the maximum " +
                       num(cc.max_points));
        else if (best >= 0 && best != cc.max_points)
            add(lint_severity::warning, "max_mismatch", sheet, cp + "/max_points",
                c.id + ": maximum " + num(cc.max_points) + " but the best option scores " +
                    num(best));
        if (cc.binary && !(c.options.size() == 2 && cs.options[cc.option_first].points == 0 &&
                           cs.options[cc.option_first + 1].points == cc.max_points))
            add(lint_severity::warning, "binary_options", sheet, cp,
                c.id + ": a binary criterion should have options 0 and its maximum");
        // Cumulative reading of the printed markers: N stars needs the best marked k <= N.
        for (int n = 3; n <= 5; ++n) {
            int m = -1;
            for (std::uint16_t k = 0; k < cc.option_count; ++k) {
                const auto& co = cs.options[cc.option_first + k];
                if (co.marker != 0 && co.marker <= n) m = std::max<int>(m, co.points);
            }
            if (c.required_from_star && *c.required_from_star <= n) {
                int low = -1;
                for (std::uint16_t k = 0; k < cc.option_count; ++k) {
                    const int p = cs.options[cc.option_first + k].points;
                    if (p > 0 && (low < 0 || p < low)) low = p;
                }
                m = std::max(m, low);
            }
            cc.min_for_star[n] = static_cast<std::int16_t>(m);
        }
        for (std::size_t k = 0; k < c.knockouts.size(); ++k)
            add_knockout(cs, c.knockouts[k], c.id, ci, no_index, cp + "/knockouts/" + num(int(k)),
                         sheet, refuse);
        return cc;
    }

    template <class Refuse>
    std::uint16_t add_knockout(compiled_sheet& cs, const knockout_rule& rule,
                               const std::string& code, std::uint16_t criterion,
                               std::uint16_t group, const std::string& path, int sheet,
                               Refuse& refuse) {
        compiled_knockout ck;
        ck.rule = &rule;
        ck.code = code;
        ck.criterion = criterion;
        ck.group = group;
        (void)sheet;
        if (rule.trigger == knockout_trigger::zero_points) {
            if (rule.applies_to.empty())
                refuse(errc::ruleset_invalid, path + "/applies_to",
                       "a zero_points knock-out needs applies_to");
            pending_applies_.push_back({cs.knockouts.size(), path});
        }
        cs.knockouts.push_back(std::move(ck));
        return static_cast<std::uint16_t>(cs.knockouts.size() - 1);
    }

    template <class Refuse>
    void compile_subgroup(compiled_sheet& cs, const group_def& g, std::size_t gi, std::size_t k,
                          const std::string& gp, int sheet, Refuse& refuse) {
        const subgroup_def& sg = g.subgroups[k];
        const auto idx = static_cast<std::uint16_t>(cs.subgroup_max.size());
        cs.subgroup_max.push_back(checked_points(
            sg.max_points.value_or(0), gp + "/subgroups/" + num(int(k)) + "/max_points", refuse));
        cs.subgroup_group.push_back(static_cast<std::uint16_t>(gi));
        int sum = 0;
        for (std::size_t j = 0; j < sg.criteria.size(); ++j) {
            bool found = false;
            for (std::size_t ci = 0; ci < g.criteria.size(); ++ci)
                if (g.criteria[ci].id == sg.criteria[j]) {
                    auto& cc = cs.criteria[cs.criteria.size() - g.criteria.size() + ci];
                    cc.subgroup = idx;
                    sum += cc.max_points;
                    found = true;
                }
            if (!found)
                refuse(errc::ruleset_invalid,
                       gp + "/subgroups/" + num(int(k)) + "/criteria/" + num(int(j)),
                       "subgroup names unknown criterion \"" + sg.criteria[j] + "\"");
        }
        if (sg.max_points && sum != *sg.max_points)
            add(lint_severity::warning, "subgroup_sum", sheet, gp + "/subgroups/" + num(int(k)),
                "subgroup " + sg.code + " criteria add up to " + num(sum) + ", maximum is " +
                    num(*sg.max_points));
        for (std::size_t j = 0; j < sg.knockouts.size(); ++j)
            add_knockout(cs, sg.knockouts[j], sg.code, no_index, static_cast<std::uint16_t>(gi),
                         gp + "/subgroups/" + num(int(k)) + "/knockouts/" + num(int(j)), sheet,
                         refuse);
    }

  public:
    template <class Refuse>
    void resolve_applies(compiled_sheet& cs, Refuse& refuse) {
        for (const auto& [ki, path] : pending_applies_) {
            auto& ko = cs.knockouts[ki];
            for (std::size_t j = 0; j < ko.rule->applies_to.size(); ++j) {
                const int c = cs.find(ko.rule->applies_to[j]);
                if (c < 0)
                    refuse(errc::ruleset_invalid, path + "/applies_to/" + num(int(j)),
                           "unknown criterion \"" + ko.rule->applies_to[j] + "\"");
                else
                    ko.applies.push_back(static_cast<std::uint16_t>(c));
            }
        }
        pending_applies_.clear();
    }

  private:
    const ruleset_document& doc_;
    const policy_set& pol_;
    ruleset_limits lim_;
    std::vector<std::pair<std::size_t, std::string>> pending_applies_;
};

policy_set effective_policies(const ruleset_document& doc, const load_options& opts) {
    policy_set p = doc.policies;
    if (opts.missed_minimum) p.missed_minimum = *opts.missed_minimum;
    if (opts.defects) p.defects = *opts.defects;
    if (opts.knockout) p.knockout = *opts.knockout;
    // The default is kept absent: an explicit `zero` hashes like a ruleset without the key.
    if (p.knockout == knockout_policy::zero) p.knockout.reset();
    return p;
}

/// Star levels (bits 3..5) whose cumulative minimums `points` miss: from the first level
/// missed upwards (the marker rule per criterion).
std::uint8_t missed_levels(const compiled_criterion& cc, int points) {
    for (int s = 3; s <= 5; ++s)
        if (cc.min_for_star[s] >= 0 && points < cc.min_for_star[s])
            return static_cast<std::uint8_t>((0x3F >> s) << s); // bits s..5
    return 0;
}

/// Folds the minimums and knock-out triggers into each option, so that scoring one member's
/// sheet is one pass over the answers (scoring.cpp, fast path).
void fold_single_member_tables(compiled_sheet& cs) {
    std::vector<bool> zero_knocks(cs.criteria.size(), false);
    for (const auto& ko : cs.knockouts)
        if (ko.rule->trigger == knockout_trigger::zero_points)
            for (auto c : ko.applies) zero_knocks[c] = true;
    for (std::size_t c = 0; c < cs.criteria.size(); ++c) {
        auto& cc = cs.criteria[c];
        cc.zero_misses = missed_levels(cc, 0);
        cc.id_finds_itself = cs.find(cs.criterion(c).id) == static_cast<int>(c);
        cc.by_points_first = static_cast<std::uint32_t>(cs.option_by_points.size());
        cs.option_by_points.resize(cs.option_by_points.size() +
                                       static_cast<std::size_t>(std::max<int>(cc.max_points, 0)) +
                                       1,
                                   no_option);
        for (std::uint16_t k = 0; k < cc.option_count && k < several_options; ++k) {
            const int p = cs.options[cc.option_first + k].points;
            if (p < 0 || p > cc.max_points) continue;
            auto& slot = cs.option_by_points[cc.by_points_first + static_cast<std::size_t>(p)];
            if (slot == no_option)
                slot = static_cast<std::int8_t>(k);
            else
                slot |= several_options;
        }
        for (std::uint16_t k = 0; k < cc.option_count; ++k) {
            auto& co = cs.options[cc.option_first + k];
            co.misses = missed_levels(cc, co.points);
            const bool option_ko =
                co.knockout != no_index &&
                cs.knockouts[co.knockout].rule->trigger == knockout_trigger::option &&
                cs.knockouts[co.knockout].criterion == c;
            if (option_ko || (zero_knocks[c] && co.points == 0)) co.misses |= knocks_bit;
        }
    }
}

void compile_all(compiler& comp, const ruleset_document& doc, std::vector<compiled_sheet>& out) {
    comp.check_ruleset();
    // Over the size budget: refused as a whole, the sheets are not even compiled.
    for (const auto& f : comp.findings)
        if (f.sheet == 0 && f.check == "limit_exceeded") return;
    out.reserve(doc.sheets.size());
    for (std::size_t i = 0; i < doc.sheets.size(); ++i) {
        out.push_back(comp.compile_sheet(i));
        auto& cs = out.back();
        auto refuse = [&](errc code, const std::string& path, const std::string& msg) {
            comp.add(lint_severity::error, to_string(code), cs.no, path, msg);
            if (!cs.refusal) cs.refusal = diagnostic{code, path, msg};
        };
        comp.resolve_applies(cs, refuse);
        if (!cs.refusal) fold_single_member_tables(cs);
    }
}

} // namespace

int compiled_sheet::find(std::string_view code) const noexcept {
    auto it = std::lower_bound(lookup.begin(), lookup.end(), code,
                               [](const auto& e, std::string_view k) { return e.first < k; });
    if (it == lookup.end() || it->first != code) return -1;
    return it->second;
}

int compiled_sheet::find_knockout(std::string_view code) const noexcept {
    for (std::size_t i = 0; i < knockouts.size(); ++i)
        if (knockouts[i].code == code && knockouts[i].rule->trigger != knockout_trigger::option)
            return static_cast<int>(i);
    return -1;
}

int compiled_sheet::case_max(std::size_t c, int case_no) const noexcept {
    int best = -1;
    const auto& cc = criteria[c];
    for (std::uint16_t k = 0; k < cc.option_count; ++k) {
        const auto& o = options[cc.option_first + k];
        if (o.case_no == case_no) best = std::max<int>(best, o.points);
    }
    return best;
}

const case_def* compiled_sheet::find_case(std::size_t c, int case_no) const noexcept {
    for (const auto& k : criterion(c).cases)
        if (k.case_no == case_no) return &k;
    return nullptr;
}

std::string_view strip_bom(std::string_view text) noexcept {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3);
    return text;
}

std::vector<lint_finding> lint(const ruleset_document& doc, const load_options& opts) {
    const policy_set pol = effective_policies(doc, opts);
    compiler comp(doc, pol, opts.limits);
    std::vector<compiled_sheet> sheets;
    compile_all(comp, doc, sheets);
    return std::move(comp.findings);
}

result<ruleset> ruleset::compile(ruleset_document doc, const load_options& opts) {
    auto im = std::make_shared<impl>();
    im->doc = std::move(doc);
    im->doc.policies = effective_policies(im->doc, opts);
    compiler comp(im->doc, im->doc.policies, opts.limits);
    compile_all(comp, im->doc, im->sheets);
    if (comp.has_ruleset_error()) {
        for (const auto& f : comp.findings)
            if (f.severity == lint_severity::error && f.sheet == 0)
                return diagnostic{f.check == "limit_exceeded" ? errc::limit_exceeded
                                                              : errc::ruleset_invalid,
                                  f.path, f.message};
    }
    im->findings = std::move(comp.findings);
    int max_no = 0;
    for (const auto& s : im->sheets) max_no = std::max(max_no, s.no);
    im->by_no.assign(static_cast<std::size_t>(max_no) + 1, -1);
    for (std::size_t i = 0; i < im->sheets.size(); ++i) im->by_no[im->sheets[i].no] = int(i);
    im->bands = im->doc.star_bands;
    std::sort(im->bands.begin(), im->bands.end(),
              [](const star_band& a, const star_band& b) { return a.stars > b.stars; });
    detail::sha256 h;
    h.update(boost::json::serialize(to_json(im->doc)));
    im->hash = "sha256:" + h.hex();
    ruleset rs;
    rs.impl_ = std::move(im);
    return rs;
}

result<ruleset> ruleset::load(std::string_view text, const load_options& opts) {
    if (text.size() > opts.limits.max_bytes)
        return diagnostic{errc::limit_exceeded, "",
                          "ruleset file of " + std::to_string(text.size()) + " bytes; at most " +
                              std::to_string(opts.limits.max_bytes)};
    boost::json::parse_options po;
    po.max_depth = 64;
    // Duplicate keys refused (with their path): the last one must not silently win.
    auto v = parse_json(strip_bom(text), po);
    if (!v) {
        auto d = v.error();
        if (d.code == errc::invalid_json) d.message = "ruleset is " + d.message;
        return d;
    }
    auto doc = read_json<ruleset_document>(*v);
    if (!doc) return doc.error();
    return compile(std::move(*doc), opts);
}

result<ruleset> ruleset::load_file(const std::string& path, const load_options& opts) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return diagnostic{errc::io_error, "", "cannot read ruleset file " + path};
    // Refused before reading when the file is plainly over the budget (a pipe is read, then
    // checked by load).
    std::error_code fec;
    const auto size = std::filesystem::file_size(path, fec);
    if (!fec && size > opts.limits.max_bytes)
        return diagnostic{errc::limit_exceeded, "",
                          path + ": ruleset file of " + std::to_string(size) + " bytes; at most " +
                              std::to_string(opts.limits.max_bytes)};
    std::ostringstream ss;
    ss << in.rdbuf();
    auto r = load(ss.str(), opts);
    if (!r) {
        auto d = r.error();
        d.message = path + ": " + d.message;
        return d;
    }
    return r;
}

const std::string& ruleset::id() const noexcept {
    return impl_->doc.id;
}
const std::string& ruleset::hash() const noexcept {
    return impl_->hash;
}
const ruleset_document& ruleset::document() const noexcept {
    return impl_->doc;
}
const policy_set& ruleset::policies() const noexcept {
    return impl_->doc.policies;
}
const std::vector<compiled_sheet>& ruleset::sheets() const noexcept {
    return impl_->sheets;
}
const std::vector<lint_finding>& ruleset::findings() const noexcept {
    return impl_->findings;
}

const compiled_sheet* ruleset::sheet(int no) const noexcept {
    if (no < 0 || static_cast<std::size_t>(no) >= impl_->by_no.size() || impl_->by_no[no] < 0)
        return nullptr;
    return &impl_->sheets[static_cast<std::size_t>(impl_->by_no[no])];
}

star_rank ruleset::band_of(const score& s) const noexcept {
    for (const auto& b : impl_->bands) {
        if (s.compare_milli(b.min.value) < 0) continue;
        const auto c = s.compare_milli(b.max.value);
        if (c < 0 || (c == 0 && b.max_inclusive)) return b.stars;
    }
    return 0;
}

} // namespace ocop
