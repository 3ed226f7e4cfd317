// Exact scoring: sums over members, band, cumulative star minimums, knock-outs, reasons.
#include <ocop/scoring.hpp>

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

namespace {

std::string stars_text(int n) { return std::to_string(n) + "★"; }

std::string band_text(const ruleset& rs, int stars) {
    for (const auto& b : rs.document().star_bands)
        if (b.stars == stars) {
            auto t = [](milli_points m) {
                return m.value % 1000 == 0 ? std::to_string(m.value / 1000)
                                           : score{m.value, 1000}.decimal();
            };
            return "[" + t(b.min) + ", " + t(b.max) + (b.max_inclusive ? "]" : ")");
        }
    return "";
}

void add_knockout_reason(const compiled_sheet& sh, std::size_t ki, const char* how,
                         evaluation_result& out) {
    const auto& ko = sh.knockouts[ki];
    reason r;
    r.kind = reason_kind::knockout;
    r.severity = reason_severity::decision;
    r.code = ko.code;
    r.message = std::string(boost::describe::enum_to_string(ko.rule->effect, "?")) + " (" + how +
                ", " + ko.code + "): \"" + ko.rule->vi + "\"";
    out.reasons.push_back(std::move(r));
}

} // namespace

void score_evaluation(const evaluation& ev, evaluation_result& out) {
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    const std::size_t n = sh.criteria.size();
    out.input = &ev;
    out.reasons.clear();
    out.total = score{0, ev.members > 0 ? ev.members : 1};
    for (auto& p : out.parts) p = score{0, out.total.count};
    out.group_sums.assign(sh.groups.size(), 0);
    out.subgroup_sums.assign(sh.subgroup_max.size(), 0);
    out.criteria.assign(n, criterion_score{});
    out.band_stars = out.marker_stars = out.stars = 0;

    for (const auto& note : ev.notes) {
        reason r;
        r.severity = reason_severity::info;
        const auto colon = note.find(':');
        const std::string tag = note.substr(0, colon);
        r.kind = tag == "ambiguous" ? reason_kind::ambiguous_points : reason_kind::edition;
        if (r.kind == reason_kind::ambiguous_points) r.severity = reason_severity::warning;
        r.message = note.substr(colon + 1);
        out.reasons.push_back(std::move(r));
    }

    if (ev.dossier_rejected) {
        out.status = evaluation_status::rejected;
        out.decided_by = star_decision::dossier_rejected;
        reason r;
        r.kind = reason_kind::dossier_rejected;
        r.severity = reason_severity::decision;
        r.message = "dossier rejected" +
                    (ev.dossier_rejected->empty() ? std::string() : ": " + *ev.dossier_rejected);
        if (sh.def->dossier_rejection)
            r.message += " (sheet rule: \"" + sh.def->dossier_rejection->vi + "\")";
        out.reasons.push_back(std::move(r));
        return;
    }

    // Points: sum over members, criterion by criterion.
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
            if (first == -2) first = o;
            else if (first != o) agree = false;
        }
        cs.answered = answered == ev.members && ev.members > 0;
        cs.option = (answered == ev.members && agree && first >= 0) ? first : -1;
        cs.applicable = cc.case_no == 0 || answered > 0;
        out.group_sums[cc.group] += cs.points_sum;
        if (cc.subgroup != no_index) out.subgroup_sums[cc.subgroup] += cs.points_sum;
        out.parts[static_cast<int>(cc.part)].sum += cs.points_sum;
        out.total.sum += cs.points_sum;
    }

    // Knock-outs: declared by the council, triggered by an option, or by zero points.
    bool knocked = false;
    for (auto ki : ev.knockouts) {
        add_knockout_reason(sh, ki, "declared", out);
        knocked = true;
    }
    for (std::size_t ki = 0; ki < sh.knockouts.size(); ++ki) {
        const auto& ko = sh.knockouts[ki];
        if (ko.rule->trigger == knockout_trigger::zero_points) {
            for (auto c : ko.applies)
                if (out.criteria[c].answered && out.criteria[c].points_sum == 0) {
                    add_knockout_reason(sh, ki, ("0 points on " + sh.criterion(c).id).c_str(),
                                        out);
                    knocked = true;
                    break;
                }
        } else if (ko.rule->trigger == knockout_trigger::option && ko.criterion != no_index) {
            const auto& cc = sh.criteria[ko.criterion];
            for (int m = 0; m < ev.members; ++m) {
                const auto o = ev.choice(m, ko.criterion);
                if (o >= 0 && sh.options[cc.option_first + o].knockout == ki) {
                    add_knockout_reason(sh, ki, "option chosen", out);
                    knocked = true;
                    break;
                }
            }
        }
    }

    // Probable readings of printed defects: always said, flagged when this answer used one.
    for (const auto& rd : sh.readings) {
        bool used = false;
        if (rd.option < 0) used = out.criteria[rd.criterion].applicable;
        else
            for (int m = 0; m < ev.members && !used; ++m)
                used = ev.choice(m, rd.criterion) == rd.option;
        reason r;
        r.kind = reason_kind::defect_reading;
        r.severity = reason_severity::warning;
        r.code = sh.criterion(rd.criterion).id;
        r.message = std::string(used ? "used" : "on this sheet") + ": probable reading of a " +
                    "printed defect: " + rd.text;
        out.reasons.push_back(std::move(r));
    }

    out.band_stars = rs.band_of(out.total);
    {
        reason r;
        r.kind = reason_kind::band;
        r.severity = reason_severity::decision;
        r.stars = out.band_stars;
        r.message = out.band_stars > 0
                        ? "total " + out.total.decimal() + " is in the " +
                              stars_text(out.band_stars) + " band " +
                              band_text(rs, out.band_stars)
                        : "total " + out.total.decimal() + " is below every band";
        out.reasons.push_back(std::move(r));
    }

    // Cumulative minimums: marker stars = highest N whose minimums (k <= N) all hold.
    out.marker_stars = 5;
    for (int s = 3; s <= 5; ++s) {
        bool ok = true;
        for (std::size_t c = 0; c < n; ++c) {
            const auto& cc = sh.criteria[c];
            const int need = cc.min_for_star[s];
            if (need < 0 || !out.criteria[c].applicable) continue;
            if (out.criteria[c].points_sum >= static_cast<std::int64_t>(need) * ev.members)
                continue;
            ok = false;
            // Explain each criterion once, at the lowest star it misses, up to the band.
            if (s <= out.band_stars && (s == 3 || cc.min_for_star[s - 1] < 0 ||
                                        out.criteria[c].points_sum >=
                                            static_cast<std::int64_t>(cc.min_for_star[s - 1]) *
                                                ev.members)) {
                reason r;
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
                const score got{out.criteria[c].points_sum, ev.members};
                r.message = sh.criterion(c).id + " scores " + got.decimal() + "; " +
                            stars_text(s) + " needs at least " + std::to_string(need) +
                            " (option " + std::to_string(r.needed_option) + ": \"" +
                            sh.criterion(c).options[r.needed_option - 1].label_vi + "\")";
                out.reasons.push_back(std::move(r));
            }
        }
        if (!ok && out.marker_stars == 5) out.marker_stars = s - 1;
    }

    if (knocked) {
        out.status = evaluation_status::knocked_out;
        out.stars = 0;
        out.decided_by = star_decision::knockout;
        return;
    }
    out.status = evaluation_status::scored;
    if (out.band_stars == 0) {
        out.decided_by = star_decision::below_bands;
        return;
    }
    const bool missed = out.marker_stars < out.band_stars;
    switch (rs.policies().missed_minimum) {
    case missed_minimum_policy::cap:
        out.stars = missed ? out.marker_stars : out.band_stars;
        out.decided_by = missed ? star_decision::minimum : star_decision::band;
        break;
    case missed_minimum_policy::fail:
        out.stars = missed ? 0 : out.band_stars;
        out.decided_by = missed ? star_decision::minimum_fail : star_decision::band;
        break;
    case missed_minimum_policy::ignore:
        out.stars = out.band_stars;
        out.decided_by = star_decision::band;
        for (auto& r : out.reasons)
            if (r.kind == reason_kind::missed_minimum) r.severity = reason_severity::warning;
        break;
    }
}

evaluation_result score_evaluation(const evaluation& ev) {
    evaluation_result out;
    score_evaluation(ev, out);
    return out;
}

} // namespace ocop
