// Exact scoring: sums over members, band, cumulative star minimums, knock-outs, reasons.
// Reason texts are appended into reused strings: no allocation per record once warm.
#include "../detail/compiled_sheet.hpp"
#include "../detail/star_rule.hpp"
#include <ocop/scoring.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <stdexcept>

namespace ocop {

namespace detail {

/// The scorer's write access to a result's reasons (read-only to everyone else).
struct reason_writer {
    static void clear(reason_list& l) noexcept { l.clear(); }
    static reason& add(reason_list& l) { return l.add(); }
    static reason* data(reason_list& l) noexcept { return l.data(); }
};

star_outcome star_rule(const policy_set& policies, star_rank band, star_rank marker,
                       bool knocked) noexcept {
    // The decisions state the knock-out conditions, not their consequence (qd26-2026-notes
    // §5, qd148-2023-notes §6.4): the ruleset's knock-out policy says what they do.
    if (knocked && policies.knockout.value_or(knockout_policy::zero) == knockout_policy::zero)
        return {evaluation_status::knocked_out, 0, star_decision::knockout};
    if (band == 0) return {evaluation_status::scored, 0, star_decision::below_bands};
    const bool missed = marker < band;
    switch (policies.missed_minimum) {
    case missed_minimum_policy::cap:
        if (missed) return {evaluation_status::scored, marker, star_decision::minimum};
        break;
    case missed_minimum_policy::fail:
        if (missed) return {evaluation_status::scored, 0, star_decision::minimum_fail};
        break;
    case missed_minimum_policy::ignore:
        break;
    }
    return {evaluation_status::scored, band, star_decision::band};
}

star_rank stars_of(const ruleset& rs, const score& total, int marker, bool knocked) noexcept {
    return star_rule(rs.policies(), rs.band_of(total), marker, knocked).stars;
}

} // namespace detail

namespace {

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void append_stars(std::string& out, int n) {
    append_int(out, n);
    out += "★";
}

void append_milli(std::string& out, milli_points m) {
    if (m.value % 1000 == 0)
        append_int(out, m.value / 1000);
    else
        out += score{m.value, 1000}.decimal();
}

void append_band(std::string& out, const ruleset& rs, int stars) {
    for (const auto& b : rs.document().star_bands)
        if (b.stars == stars) {
            out += '[';
            append_milli(out, b.min);
            out += ", ";
            append_milli(out, b.max);
            out += b.max_inclusive ? ']' : ')';
            return;
        }
}

void add_knockout_reason(const compiled_sheet& sh, std::size_t ki, std::string_view how,
                         std::string_view criterion, bool words, evaluation_result& out) {
    const auto& ko = sh.knockouts[ki];
    reason& r = detail::reason_writer::add(out.reasons);
    r.kind = reason_kind::knockout;
    r.severity = reason_severity::decision;
    r.code = ko.code;
    if (!words) return;
    r.message += boost::describe::enum_to_string(ko.rule->effect, "?");
    r.message += " (";
    r.message += how;
    r.message += criterion;
    // Where the rule is printed: a group code is not a criterion ("0 points on 6.2" comes
    // from the note printed under group 6).
    r.message += ko.criterion == no_index ? "; note printed under group " : "; note on criterion ";
    r.message += ko.code;
    r.message += "): \"";
    r.message += ko.rule->vi;
    r.message += '"';
}

void add_missed_minimum(const compiled_sheet& sh, std::size_t c, int s, int members,
                        std::int64_t points_sum, bool words, evaluation_result& out) {
    const auto& cc = sh.criteria[c];
    const int need = cc.min_for_star[s];
    reason& r = detail::reason_writer::add(out.reasons);
    r.kind = reason_kind::missed_minimum;
    r.severity = reason_severity::decision;
    r.code = sh.criterion(c).id;
    r.stars = s;
    r.needed_points = need;
    for (std::uint16_t k = 0; k < cc.option_count; ++k)
        if (sh.options[cc.option_first + k].points >= need) {
            r.needed_option = k + 1;
            break;
        }
    if (!words) return;
    r.message += r.code;
    r.message += " scores ";
    r.message += score{points_sum, members}.decimal();
    r.message += "; ";
    append_stars(r.message, s);
    r.message += " needs at least ";
    append_int(r.message, need);
    if (r.needed_option > 0) {
        r.message += " (option ";
        append_int(r.message, r.needed_option);
        r.message += ": \"";
        r.message +=
            sh.criterion(c).options[static_cast<std::size_t>(r.needed_option - 1)].label_vi;
        r.message += "\")";
    }
}

/// Criteria with alternative cases (1048 3.2): the case each answer came from, with the
/// case's printed heading and its maximum beside the criterion's.
void explain_cases(const compiled_sheet& sh, const evaluation& ev, bool words,
                   evaluation_result& out) {
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& cc = sh.criteria[c];
        if (cc.cases == 0) continue;
        unsigned seen = 0; // bit k: some member answered from case k
        for (int m = 0; m < ev.members; ++m) {
            const auto o = ev.choice(m, c);
            if (o >= 0) seen |= 1u << sh.options[cc.option_first + o].case_no;
        }
        if (seen == 0) continue;
        reason& r = detail::reason_writer::add(out.reasons);
        r.kind = reason_kind::alternative_case;
        r.severity = reason_severity::info;
        r.code = sh.criterion(c).id;
        if (!words) continue;
        r.message += r.code;
        r.message += std::popcount(seen) > 1 ? " answered from cases" : " answered from case";
        bool first = true;
        for (int k = 1; k < 10; ++k) {
            if (!(seen & (1u << k))) continue;
            r.message += first ? " " : "; ";
            first = false;
            append_int(r.message, k);
            if (const case_def* cd = sh.find_case(c, k); cd && cd->label_vi) {
                r.message += " (\"";
                r.message += *cd->label_vi;
                r.message += "\")";
            } else {
                r.message += " (no printed heading)";
            }
            r.message += ", case maximum ";
            append_int(r.message, sh.case_max(c, k));
        }
        r.message += "; criterion maximum ";
        append_int(r.message, cc.max_points);
    }
}

/// The star rank from the band, the marker stars and knock-outs, under the ruleset's policy.
void decide(const ruleset& rs, bool knocked, bool words, evaluation_result& out) {
    const detail::star_outcome o =
        detail::star_rule(rs.policies(), out.band_stars, out.marker_stars, knocked);
    out.status = o.status;
    out.stars = o.stars;
    out.decided_by = o.decided_by;
    if (o.status == evaluation_status::knocked_out) return;
    if (knocked) // policy flag: the stars follow the band and markers; the knock-out warns
        for (std::size_t i = 0; i < out.reasons.size(); ++i)
            if (out.reasons[i].kind == reason_kind::knockout) {
                detail::reason_writer::data(out.reasons)[i].severity = reason_severity::warning;
                if (words)
                    detail::reason_writer::data(out.reasons)[i].message +=
                        " [flagged only: knock-out policy flag]";
            }
    // Under the policy `ignore` a missed minimum only warns.
    if (out.band_stars > 0 && rs.policies().missed_minimum == missed_minimum_policy::ignore)
        for (std::size_t i = 0; i < out.reasons.size(); ++i)
            if (out.reasons[i].kind == reason_kind::missed_minimum)
                detail::reason_writer::data(out.reasons)[i].severity = reason_severity::warning;
}

/// One member's sheet without reasons: one pass over the option tables, where compile time
/// folded each option's missed star levels and knock-out trigger.
template <bool per_criterion>
void score_one_member(const evaluation& ev, evaluation_result& out) {
    const compiled_sheet& sh = *ev.sheet;
    const std::size_t n = sh.criteria.size();
    const std::int16_t* row = ev.choices.data();
    out.input = borrowed_evaluation(ev);
    detail::reason_writer::clear(out.reasons);
    if constexpr (per_criterion) {
        out.criteria.resize(n);
        out.group_sums.assign(sh.groups.size(), 0);
        out.subgroup_sums.assign(sh.subgroup_max.size(), 0);
    } else {
        out.criteria.clear();
        out.group_sums.clear();
        out.subgroup_sums.clear();
    }
    std::array<std::int64_t, part_count> parts{};
    unsigned misses = 0; // OR of the options' folded bits: missed levels and knock-outs
    // Group by group: each group's sum stays in a register (one part per group).
    const compiled_criterion* const criteria = sh.criteria.data();
    const compiled_option* const options = sh.options.data();
    for (std::size_t g = 0; g < sh.groups.size(); ++g) {
        const compiled_group& cg = sh.groups[g];
        std::int64_t sum = 0;
        const std::size_t last = std::size_t{cg.criterion_first} + cg.criterion_count;
        for (std::size_t c = cg.criterion_first; c < last; ++c) {
            const compiled_criterion& cc = criteria[c];
            const int o = row[c];
            int points = 0;
            if (o >= 0) {
                const compiled_option& op = options[cc.option_first + o];
                points = op.points;
                misses |= op.misses;
            } else if (cc.case_no == 0) {
                misses |= cc.zero_misses;
            }
            sum += points;
            if constexpr (per_criterion) {
                out.criteria[c] =
                    criterion_score{points, static_cast<std::int16_t>(o >= 0 ? o : -1), o >= 0,
                                    cc.case_no == 0 || o >= 0};
                if (cc.subgroup != no_index) out.subgroup_sums[cc.subgroup] += points;
            }
        }
        parts[static_cast<std::size_t>(cg.part)] += sum;
        if constexpr (per_criterion) out.group_sums[g] = sum;
    }
    std::int64_t total = 0;
    for (std::size_t p = 0; p < part_count; ++p) {
        out.parts[p] = score{parts[p], 1};
        total += parts[p];
    }
    out.total = score{total, 1};
    out.band_stars = ev.rules->band_of(out.total);
    const unsigned levels = misses & 0x38u;
    out.marker_stars = static_cast<star_rank>(levels ? std::countr_zero(levels) - 1 : 5);
    decide(*ev.rules, !ev.knockouts.empty() || (misses & knocks_bit) != 0, false, out);
}

/// Clear `out` for `ev`: zero sums sized to its sheet, no reasons.
void reset_result(const evaluation& ev, const compiled_sheet& sh, int members,
                  evaluation_result& out) {
    out.input = borrowed_evaluation(ev);
    detail::reason_writer::clear(out.reasons);
    out.total = score{0, members};
    for (auto& p : out.parts) p = score{0, members};
    out.group_sums.assign(sh.groups.size(), 0);
    out.subgroup_sums.assign(sh.subgroup_max.size(), 0);
    out.criteria.assign(sh.criteria.size(), criterion_score{});
    out.band_stars = out.marker_stars = out.stars = 0;
}

/// The reasons said before the points: the edition chosen by date, ambiguous points.
void explain_preamble(const evaluation& ev, const compiled_sheet& sh, bool words,
                      evaluation_result& out) {
    if (ev.edition && ev.edition->basis != edition_basis::in_force) {
        reason& r = detail::reason_writer::add(out.reasons);
        r.kind = reason_kind::edition;
        r.severity = reason_severity::info;
        if (words) ev.edition->describe(r.message);
    }
    for (auto c : ev.ambiguous) {
        reason& r = detail::reason_writer::add(out.reasons);
        r.kind = reason_kind::ambiguous_points;
        r.severity = reason_severity::warning;
        r.code = sh.criterion(c).id;
        if (!words) continue;
        r.message += r.code;
        r.message += ": the points given match several options; the first was recorded "
                     "(answer {\"option\": k} to choose)";
    }
}

/// A rejected dossier: no points, the decision and its reason.
void decide_rejected(const evaluation& ev, const compiled_sheet& sh, bool explain, bool words,
                     evaluation_result& out) {
    out.status = evaluation_status::rejected;
    out.decided_by = star_decision::dossier_rejected;
    if (!explain) return;
    reason& r = detail::reason_writer::add(out.reasons);
    r.kind = reason_kind::dossier_rejected;
    r.severity = reason_severity::decision;
    if (!words) return;
    r.message += "dossier rejected";
    if (!ev.dossier_rejected->empty()) {
        r.message += ": ";
        r.message += *ev.dossier_rejected;
    }
    if (sh.def->dossier_rejection) {
        r.message += " (sheet rule: \"";
        r.message += sh.def->dossier_rejection->vi;
        r.message += "\")";
    }
}

/// Points: sum over members, criterion by criterion, into criteria, groups, parts and total.
void sum_points(const evaluation& ev, const compiled_sheet& sh, evaluation_result& out) {
    const std::size_t n = sh.criteria.size();
    for (std::size_t c = 0; c < n; ++c) {
        const auto& cc = sh.criteria[c];
        auto& cs = out.criteria[c];
        int answered = 0;
        std::int16_t first = -2;
        bool agree = true;
        for (int m = 0; m < ev.members; ++m) {
            const std::int16_t o = ev.choice(m, c);
            if (o < 0) continue;
            ++answered;
            cs.points_sum += sh.options[cc.option_first + o].points;
            if (first == -2)
                first = o;
            else if (first != o)
                agree = false;
        }
        cs.answered = answered == ev.members && ev.members > 0;
        cs.option = (answered == ev.members && agree && first >= 0) ? first : -1;
        cs.applicable = cc.case_no == 0 || answered > 0;
        out.group_sums[cc.group] += cs.points_sum;
        if (cc.subgroup != no_index) out.subgroup_sums[cc.subgroup] += cs.points_sum;
        out.parts[static_cast<int>(cc.part)].sum += cs.points_sum;
        out.total.sum += cs.points_sum;
    }
}

/// Alternative cases on a council: members may answer different cases of one group (8a
/// and 8b). The group is answered when every member answered one of its cases; each case
/// some member chose is then answered too (its mean counts those members' points).
void answer_council_cases(const evaluation& ev, const compiled_sheet& sh, evaluation_result& out) {
    if (ev.members > 1)
        for (const auto& g : sh.groups) {
            if (!g.choose_one_case) continue;
            int members_answering = 0;
            for (int m = 0; m < ev.members; ++m)
                for (std::uint16_t k = 0; k < g.criterion_count; ++k)
                    if (ev.choice(m, g.criterion_first + k) >= 0) {
                        ++members_answering;
                        break;
                    }
            if (members_answering != ev.members) continue;
            for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
                auto& cs = out.criteria[g.criterion_first + k];
                if (!cs.applicable) continue;
                // Only a case some member chose: a case nobody chose stays unanswered, so
                // its 0 points never meet a zero-points knock-out.
                for (int m = 0; m < ev.members && !cs.answered; ++m)
                    cs.answered = ev.choice(m, g.criterion_first + k) >= 0;
            }
        }
}

/// Knock-outs: declared by the council, triggered by an option, or by zero points. Whether
/// one holds; each is explained when `explain`.
bool check_knockouts(const evaluation& ev, const compiled_sheet& sh, bool explain, bool words,
                     evaluation_result& out) {
    bool knocked = false;
    for (auto ki : ev.knockouts) {
        if (explain) add_knockout_reason(sh, ki, "declared", "", words, out);
        knocked = true;
    }
    for (std::size_t ki = 0; ki < sh.knockouts.size(); ++ki) {
        const auto& ko = sh.knockouts[ki];
        if (ko.rule->trigger == knockout_trigger::zero_points) {
            // On a council the trigger is the criterion's mean over the members (the score
            // the council gives it): points are never negative, so the sum is 0 exactly when
            // the mean is; a 0 from one member among others' points does not knock out.
            for (auto c : ko.applies)
                if (out.criteria[c].answered && out.criteria[c].points_sum == 0) {
                    if (explain)
                        add_knockout_reason(sh, ki, "0 points on ", sh.criterion(c).id, words, out);
                    knocked = true;
                    break;
                }
        } else if (ko.rule->trigger == knockout_trigger::option && ko.criterion != no_index) {
            const auto& cc = sh.criteria[ko.criterion];
            for (int m = 0; m < ev.members; ++m) {
                const auto o = ev.choice(m, ko.criterion);
                if (o >= 0 && sh.options[cc.option_first + o].knockout == ki) {
                    if (explain) add_knockout_reason(sh, ki, "option chosen", "", words, out);
                    knocked = true;
                    break;
                }
            }
        }
    }
    return knocked;
}

/// Probable readings of printed defects: always said, flagged when this answer used one.
void explain_readings(const evaluation& ev, const compiled_sheet& sh, bool words,
                      evaluation_result& out) {
    for (const auto& rd : sh.readings) {
        bool used = false;
        if (rd.criterion == no_index) {
            reason& r = detail::reason_writer::add(out.reasons);
            r.kind = reason_kind::defect_reading;
            r.severity = reason_severity::warning;
            if (!words) continue;
            r.message += "sheet ";
            append_int(r.message, sh.no);
            r.message += " has a printed defect, ";
            r.message += rd.text;
            continue;
        }
        if (rd.option < 0)
            used = out.criteria[rd.criterion].applicable;
        else
            for (int m = 0; m < ev.members && !used; ++m)
                used = ev.choice(m, rd.criterion) == rd.option;
        reason& r = detail::reason_writer::add(out.reasons);
        r.kind = reason_kind::defect_reading;
        r.severity = reason_severity::warning;
        r.code = sh.criterion(rd.criterion).id;
        if (!words) continue;
        r.message += used ? "used" : "on this sheet";
        r.message += ": probable reading of a printed defect: ";
        r.message += rd.text;
    }
}

/// The band of the total, explained when `explain`.
void find_band(const ruleset& rs, bool explain, bool words, evaluation_result& out) {
    out.band_stars = rs.band_of(out.total);
    if (explain) {
        reason& r = detail::reason_writer::add(out.reasons);
        r.kind = reason_kind::band;
        r.severity = reason_severity::decision;
        r.stars = out.band_stars;
        if (words) {
            r.message += "total ";
            r.message += out.total.decimal();
            if (out.band_stars > 0) {
                r.message += " is in the ";
                append_stars(r.message, out.band_stars);
                r.message += " band ";
                append_band(r.message, rs, out.band_stars);
            } else {
                r.message += " is below every band";
            }
        }
    }
}

/// Cumulative minimums: marker stars = highest N whose minimums (k <= N) all hold; each
/// missed minimum explained once, at the lowest star it misses, up to the band.
void find_marker_stars(const compiled_sheet& sh, int members, bool explain, bool words,
                       evaluation_result& out) {
    const std::size_t n = sh.criteria.size();
    out.marker_stars = 5;
    for (int s = 3; s <= 5; ++s) {
        bool ok = true;
        for (std::size_t c = 0; c < n; ++c) {
            const auto& cc = sh.criteria[c];
            const int need = cc.min_for_star[s];
            const std::int64_t got = out.criteria[c].points_sum;
            if (need < 0 || !out.criteria[c].applicable) continue;
            if (got >= static_cast<std::int64_t>(need) * members) continue;
            ok = false;
            // Explain each criterion once, at the lowest star it misses, up to the band.
            const int below = cc.min_for_star[s - 1];
            if (explain && s <= out.band_stars &&
                (s == 3 || below < 0 || got >= static_cast<std::int64_t>(below) * members))
                add_missed_minimum(sh, c, s, members, got, words, out);
        }
        if (!ok && out.marker_stars == 5) out.marker_stars = s - 1;
    }
}

/// Any evaluation (council members, rejection); reasons only when `explain`, their readable
/// messages only when `words` too (result lines print them only on request).
void score_general(const evaluation& ev, evaluation_result& out, bool explain, bool words) {
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    const int members = ev.members > 0 ? ev.members : 1;
    reset_result(ev, sh, members, out);
    if (explain) explain_preamble(ev, sh, words, out);
    if (ev.dossier_rejected) {
        decide_rejected(ev, sh, explain, words, out);
        return;
    }
    sum_points(ev, sh, out);
    answer_council_cases(ev, sh, out);
    const bool knocked = check_knockouts(ev, sh, explain, words, out);
    if (explain) {
        explain_cases(sh, ev, words, out);
        explain_readings(ev, sh, words, out);
    }
    find_band(rs, explain, words, out);
    find_marker_stars(sh, members, explain, words, out);
    decide(rs, knocked, words, out);
}

} // namespace

void score_evaluation(const evaluation& ev, evaluation_result& out, score_detail detail) {
    const bool explain = detail == score_detail::full || detail == score_detail::reasons;
    if (!explain && ev.members == 1 && !ev.dossier_rejected) {
        if (detail == score_detail::criteria)
            score_one_member<true>(ev, out);
        else
            score_one_member<false>(ev, out);
        return;
    }
    score_general(ev, out, explain, detail == score_detail::full);
    if (detail == score_detail::totals) {
        out.criteria.clear();
        out.group_sums.clear();
        out.subgroup_sums.clear();
    }
}

void borrowed_evaluation::refuse() const {
    throw std::logic_error(
        ev_ == nullptr ? "ocop: this result borrows no evaluation"
                       : "ocop: the evaluation this result describes has been overwritten by a "
                         "later record (keep one evaluation per stored result)");
}

evaluation_result score_evaluation(const evaluation& ev) {
    evaluation_result out;
    score_evaluation(ev, out);
    return out;
}

} // namespace ocop
