// Re-scoring between rulesets: move answers through a reviewed crosswalk (never by guess),
// leave what it cannot decide open (a range of outcomes), score under both, count the
// star migration.
#include "../detail/compiled_sheet.hpp"
#include <ocop/range.hpp>
#include <ocop/rescore.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>

namespace ocop {

namespace {

/// Lowest or highest option of a criterion that triggers no knock-out.
int fill_option(const compiled_sheet& sh, std::size_t c, fill_policy p) {
    const auto& cc = sh.criteria[c];
    int best = -1;
    for (std::uint16_t k = 0; k < cc.option_count; ++k) {
        const auto& o = sh.options[cc.option_first + k];
        if (o.knockout != no_index) continue;
        if (best < 0) best = k;
        const int bp = sh.options[cc.option_first + static_cast<std::size_t>(best)].points;
        if (p == fill_policy::max ? o.points > bp : o.points < bp) best = k;
    }
    return best < 0 ? 0 : best;
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

/// One member's answers under the target sheet, by target criterion: a linked answer given
/// (`has`), the criterion applies (`here`), left open for the fill policy (`open`).
struct member_answers {
    boost::json::object answers;
    std::vector<char> has, here, open;
};

/// The sheets and mapping one record is moved through.
struct move_context {
    const evaluation& ea;
    const compiled_sheet& sa;
    const compiled_sheet& sb;
    const sheet_mapping& map;
};

/// Member m's linked answers: each target criterion whose source was answered takes the
/// option the crosswalk links to, or stays open; linked points are added to `to_sum`.
member_answers link_member(const move_context& x, int m, std::vector<std::int64_t>& to_sum) {
    const std::size_t nb = x.sb.criteria.size();
    member_answers a{
        {}, std::vector<char>(nb, 0), std::vector<char>(nb, 0), std::vector<char>(nb, 0)};
    for (std::size_t j = 0; j < nb; ++j) {
        const auto& t = x.map.target[j];
        bool answered_source = t.from.empty(); // a new criterion always applies
        for (int i : t.from)
            answered_source = answered_source || x.ea.choice(m, static_cast<std::size_t>(i)) >= 0;
        if (!answered_source) continue; // the other case of a choose-one group
        a.here[j] = 1;
        int target = -1;
        if (t.from.size() == 1 && !t.option_map.empty()) {
            const auto o = x.ea.choice(m, static_cast<std::size_t>(t.from[0]));
            target = t.option_map[static_cast<std::size_t>(o)];
        }
        if (target >= 0) {
            a.answers[x.sb.criterion(j).id] = boost::json::object{{"option", target + 1}};
            a.has[j] = 1;
            to_sum[j] +=
                x.sb.options[x.sb.criteria[j].option_first + static_cast<std::size_t>(target)]
                    .points;
        } else {
            a.open[j] = 1;
        }
    }
    return a;
}

/// The case of group g whose row links other options of the answered option's source case
/// (1048 options are tagged by case); 0 when none does.
int source_case(const move_context& x, int m, const member_answers& a, const compiled_group& g) {
    for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
        const std::size_t j = g.criterion_first + k;
        const auto& t = x.map.target[j];
        if (!a.here[j] || t.from.size() != 1 || t.option_map.empty()) continue;
        const auto i = static_cast<std::size_t>(t.from[0]);
        const int o = x.ea.choice(m, i);
        if (o < 0) continue;
        const auto first = x.sa.criteria[i].option_first;
        const int co = x.sa.options[first + static_cast<std::size_t>(o)].case_no;
        if (!co) continue;
        for (std::size_t q = 0; q < t.option_map.size(); ++q)
            if (t.option_map[q] >= 0 && x.sa.options[first + q].case_no == co)
                return int{x.sb.criteria[j].case_no};
    }
    return 0;
}

/// The case of group g whose criterion received a linked answer; 0 when none did.
int linked_case(const move_context& x, const member_answers& a, const compiled_group& g) {
    for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
        const std::size_t j = g.criterion_first + k;
        if (a.has[j] && !x.map.target[j].from.empty()) return int{x.sb.criteria[j].case_no};
    }
    return 0;
}

/// Choose-one groups: the case the linked answers describe; criteria of the other cases do
/// not apply. A source split into the cases answers every case's row: the case whose
/// criterion received the linked answer wins; in a group with no linked answer, the case
/// source_case finds, else the case the sheet's other groups' linked answers agree on (a
/// product is of one case), else the last case with an answered source (each is then open).
void choose_cases(const move_context& x, int m, fill_policy fill, member_answers& a) {
    int sheet_case = 0;
    for (const auto& g : x.sb.groups) {
        if (!g.choose_one_case) continue;
        const int c = linked_case(x, a, g);
        if (c && sheet_case && c != sheet_case) sheet_case = -1;
        if (c && !sheet_case) sheet_case = c;
    }
    for (const auto& g : x.sb.groups) {
        if (!g.choose_one_case) continue;
        int chosen = 0, any = 0;
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const std::size_t j = g.criterion_first + k;
            if (a.here[j] && !x.map.target[j].from.empty()) {
                chosen = x.sb.criteria[j].case_no;
                if (sheet_case > 0 && chosen == sheet_case) any = 1;
            }
        }
        if (const int l = linked_case(x, a, g))
            chosen = l;
        else if (const int c = source_case(x, m, a, g))
            chosen = c;
        else if (any)
            chosen = sheet_case;
        if (!chosen && fill != fill_policy::range)
            chosen = x.sb.criteria[g.criterion_first].case_no;
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const std::size_t j = g.criterion_first + k;
            if (chosen && x.sb.criteria[j].case_no != chosen) {
                a.here[j] = a.open[j] = 0;
                if (a.has[j]) a.answers.erase(x.sb.criterion(j).id);
                a.has[j] = 0;
            }
        }
    }
}

/// Declared knock-outs, carried to the target criterion linked to the carrying criterion
/// (or the same group code); one without a counterpart is dropped with a reason.
boost::json::array carry_knockouts(const move_context& x, const std::string& to_id,
                                   std::vector<std::string>& reasons) {
    boost::json::array kos;
    for (auto ki : x.ea.knockouts) {
        std::string code = x.sa.knockouts[ki].code;
        for (std::size_t j = 0; j < x.sb.criteria.size(); ++j)
            for (int i : x.map.target[j].from)
                if (x.sa.criterion(static_cast<std::size_t>(i)).id == x.sa.knockouts[ki].code)
                    code = x.sb.criterion(j).id;
        if (x.sb.find_knockout(code) >= 0)
            kos.emplace_back(code.c_str());
        else
            reasons.push_back("declared knock-out " + quoted(x.sa.knockouts[ki].code) +
                              " has no counterpart in " + to_id + "; dropped");
    }
    return kos;
}

/// Score the moved record `b` under the target ruleset: exactly, or as the range its open
/// criteria allow (`ranged`); per-criterion points of the exact scoring into `rb_sum`.
result<void> score_target(const boost::json::object& b, const registry& reg, const ruleset& to,
                          bool ranged, rescored_record& out, std::vector<std::int64_t>& rb_sum) {
    auto under = [&](diagnostic d) {
        d.message = "under " + to.id() + ": " + d.message;
        return d;
    };
    if (ranged) {
        auto pe = parse_partial_evaluation(b, reg);
        if (!pe) return under(pe.error());
        auto rr = range_of(*pe);
        if (!rr) return rr.error();
        out.exact = false;
        out.total_to = rr->total_min;
        out.total_to_max = rr->total_max;
        out.stars_to_max = rr->stars_max;
        // A knock-out reachable only through an open answer is a possibility, not a finding.
        const bool clean_exists = rr->status == evaluation_status::scored &&
                                  (!rr->knockout_possible || rr->stars_min_no_knockout > 0 ||
                                   rr->stars_min == rr->stars_min_no_knockout);
        out.stars_to = clean_exists ? rr->stars_min_no_knockout : rr->stars_min;
        if (rr->status == evaluation_status::scored && rr->knockout_possible)
            out.reasons.push_back("some answers of the open criteria (" + joined(out.open) +
                                  ") trigger a knock-out under " + to.id() +
                                  "; the lowest stars shown avoid them");
        return {};
    }
    evaluation eb;
    if (auto r = parse_evaluation(b, reg, eb); !r) return under(r.error());
    const auto rb = score_evaluation(eb);
    out.total_to = out.total_to_max = rb.total;
    out.stars_to = out.stars_to_max = rb.stars;
    for (std::size_t j = 0; j < rb_sum.size(); ++j) rb_sum[j] = rb.criteria[j].points_sum;
    for (const auto& r : rb.reasons)
        if (r.severity == reason_severity::decision && r.kind != reason_kind::band)
            out.reasons.push_back(r.message);
    return {};
}

/// Drivers: linked criteria whose points changed, filled criteria, dropped sources.
/// `target[j]`: target criterion j's points, -1 where it has no single value.
void find_drivers(const move_context& x, const evaluation_result& ra,
                  const std::vector<std::int64_t>& target, std::vector<rescore_driver>& drivers) {
    std::vector<bool> used(x.sa.criteria.size(), false);
    const int members_n = std::max(x.ea.members, 1);
    for (std::size_t j = 0; j < target.size(); ++j) {
        const auto& t = x.map.target[j];
        std::int64_t from_sum = 0;
        std::string from_ids;
        for (int i : t.from) {
            used[static_cast<std::size_t>(i)] = true;
            from_sum += ra.criteria[static_cast<std::size_t>(i)].points_sum;
            from_ids +=
                (from_ids.empty() ? "" : "+") + x.sa.criterion(static_cast<std::size_t>(i)).id;
        }
        if (target[j] >= 0 && target[j] != from_sum)
            drivers.push_back({x.sb.criterion(j).id, from_ids, score{from_sum, members_n},
                               score{target[j], members_n}});
    }
    for (std::size_t i = 0; i < x.sa.criteria.size(); ++i)
        if (!used[i] && ra.criteria[i].points_sum != 0)
            drivers.push_back({"", x.sa.criterion(i).id,
                               score{ra.criteria[i].points_sum, members_n}, score{0, 1}});
}
} // namespace

sheet_mapping map_sheet(const compiled_sheet& from, const compiled_sheet& to,
                        const crosswalk_sheet& cw) {
    sheet_mapping m;
    m.from = &from;
    m.to = &to;
    m.target.resize(to.criteria.size());
    for (const auto& row : cw.rows) {
        const int j = to.find(row.to);
        if (j < 0) continue; // crosswalk::validate refuses such a row
        auto& t = m.target[static_cast<std::size_t>(j)];
        t.kind = row.kind;
        t.note = row.note;
        for (const auto& f : row.from)
            if (const int i = from.find(f); i >= 0) t.from.push_back(i);
        t.option_map = row.options;
    }
    return m;
}

std::optional<sheet_mapping> map_identical(const compiled_sheet& from, const compiled_sheet& to) {
    sheet_mapping m;
    m.from = &from;
    m.to = &to;
    m.target.resize(to.criteria.size());
    for (std::size_t j = 0; j < to.criteria.size(); ++j) {
        const int i = from.find(to.criterion(j).id);
        if (i < 0 || from.criterion(static_cast<std::size_t>(i)).id != to.criterion(j).id ||
            from.criteria[static_cast<std::size_t>(i)].option_count != to.criteria[j].option_count)
            return std::nullopt;
        auto& t = m.target[j];
        t.kind = crosswalk_kind::same;
        t.from = {i};
        for (int k = 0; k < to.criteria[j].option_count; ++k) t.option_map.push_back(k);
    }
    return m;
}

rescorer::rescorer(const registry& reg, const ruleset& from, const ruleset& to, fill_policy fill,
                   const crosswalk* cw)
    : reg_(reg), from_(from), to_(to), fill_(fill), cw_(cw) {
    if (!cw_) cw_ = crosswalk::builtin(from.id(), to.id());
    if (!cw_) {
        // No crosswalk of the pair: a chain of shipped ones (A → B → C), composed.
        const auto steps = crosswalk::route(from.id(), to.id(), crosswalk::builtins());
        if (steps.size() > 1) {
            auto c = crosswalk::chain(steps);
            if (!c) {
                cw_error_ = c.error();
                return;
            }
            chained_ = std::make_shared<const crosswalk>(std::move(*c));
            cw_ = chained_.get();
        }
    }
    if (cw_)
        if (auto v = cw_->validate(from, to); !v) cw_error_ = v.error();
}

result<rescored_record> rescorer::rescore(const boost::json::value& record) {
    const auto* obj = record.if_object();
    if (!obj) return diagnostic{errc::wrong_type, "", "an evaluation must be a JSON object"};
    if (cw_error_) return *cw_error_;
    if (const auto* r = obj->if_contains("ruleset"); r && !r->is_null()) {
        if (!r->is_string() || r->as_string() != from_.id())
            return diagnostic{errc::invalid_value, "/ruleset",
                              "the record is not answered under " + from_.id() +
                                  " (the --from ruleset)"};
    }
    boost::json::object a = *obj;
    a["ruleset"] = from_.id();
    evaluation ea;
    if (auto r = parse_evaluation(a, reg_, ea); !r) return r.error();
    const compiled_sheet& sa = *ea.sheet;

    // The target sheet: the crosswalk sheet fed by this source sheet, else the same number.
    int to_no = sa.no;
    const crosswalk_sheet* cs = nullptr;
    if (cw_)
        if ((cs = cw_->from_sheet(sa.no))) to_no = cs->sheet;
    const compiled_sheet* sb = to_.sheet(to_no);
    if (!sb)
        return diagnostic{errc::unknown_sheet, "/sheet",
                          to_.id() + " has no sheet " + std::to_string(to_no)};
    if (sb->refusal)
        return diagnostic{sb->refusal->code, "/sheet", to_.id() + ": " + sb->refusal->message};
    auto it = maps_.find(sa.no);
    if (it == maps_.end()) {
        std::optional<sheet_mapping> m;
        if (cs)
            m = map_sheet(sa, *sb, *cs);
        else if (!cw_)
            m = map_identical(sa, *sb);
        it = maps_.emplace(sa.no, std::move(m)).first;
    }
    if (!it->second)
        return diagnostic{errc::invalid_value, "/sheet",
                          cw_ ? "crosswalk " + from_.id() + " → " + to_.id() +
                                    " has no row for sheet " + std::to_string(sa.no)
                              : "no crosswalk from " + from_.id() + " to " + to_.id() +
                                    " (and the sheets differ): give one with --crosswalk FILE"};
    const sheet_mapping& map = *it->second;

    rescored_record out;
    out.id = ea.id;
    out.sheet = sb->no;
    boost::json::object b = *obj;
    b["ruleset"] = to_.id();
    b["sheet"] = sb->no;
    b.erase("answers");
    b.erase("members");
    b.erase("knockouts");
    const std::size_t nb = sb->criteria.size();
    std::vector<char> open(nb, 0), linked_all(nb, 1), applicable(nb, 0);
    // Points of linked target answers (member sums), for the drivers.
    std::vector<std::int64_t> to_sum(nb, 0);
    std::vector<boost::json::object> members;
    const move_context x{ea, sa, *sb, map};
    if (!ea.dossier_rejected) {
        for (int m = 0; m < ea.members; ++m) {
            member_answers a = link_member(x, m, to_sum);
            choose_cases(x, m, fill_, a);
            for (std::size_t j = 0; j < nb; ++j) {
                applicable[j] = applicable[j] || a.here[j];
                if (a.here[j] && !a.has[j]) linked_all[j] = 0;
                if (a.open[j]) {
                    open[j] = 1;
                    if (fill_ == fill_policy::min || fill_ == fill_policy::max)
                        a.answers[sb->criterion(j).id] =
                            boost::json::object{{"option", fill_option(*sb, j, fill_) + 1}};
                }
            }
            members.push_back(std::move(a.answers));
        }
        for (std::size_t j = 0; j < nb; ++j) {
            if (!applicable[j]) continue;
            const auto& id = sb->criterion(j).id;
            if (map.target[j].kind == crosswalk_kind::merged) out.merged.push_back(id);
            if (open[j])
                out.open.push_back(id);
            else if (linked_all[j])
                out.mapped.push_back(id);
        }
        if (fill_ == fill_policy::refuse && !out.open.empty())
            return diagnostic{errc::missing_criterion, "/answers",
                              to_.id() + " sheet " + std::to_string(sb->no) +
                                  ": the crosswalk leaves open " + joined(out.open) +
                                  " (use --fill range, min or max to score them)"};
        if (fill_ == fill_policy::min || fill_ == fill_policy::max) out.filled = out.open;
        if (ea.members == 1)
            b["answers"] = std::move(members[0]);
        else {
            boost::json::array arr;
            for (auto& x : members) arr.push_back(std::move(x));
            b["members"] = std::move(arr);
        }
    }
    boost::json::array kos = carry_knockouts(x, to_.id(), out.reasons);
    if (!kos.empty()) b["knockouts"] = std::move(kos);

    const auto ra = score_evaluation(ea);
    out.total_from = ra.total;
    out.stars_from = ra.stars;
    const bool ranged = fill_ == fill_policy::range && !out.open.empty();
    std::vector<std::int64_t> rb_sum(nb, 0);
    if (auto r = score_target(b, reg_, to_, ranged, out, rb_sum); !r) return r.error();

    // Each target criterion's points where it has one value (-1: open without a fill, or not
    // applicable): the exact scoring's, else (a range) the linked answers'.
    std::vector<std::int64_t> target(nb, -1);
    for (std::size_t j = 0; j < nb; ++j) {
        const bool filled = open[j] && !ranged && fill_ != fill_policy::range;
        if (applicable[j] && (!open[j] || filled))
            target[j] = filled || !ranged ? rb_sum[j] : to_sum[j];
    }
    if (!ea.dossier_rejected) find_drivers(x, ra, target, out.drivers);

    const auto sf = static_cast<std::size_t>(out.stars_from);
    const auto st = static_cast<std::size_t>(out.stars_to);
    ++m_[sf][st];
    ++m_max_[sf][static_cast<std::size_t>(out.stars_to_max)];
    if (sf != st)
        for (const auto& d : out.drivers)
            ++drivers_[{out.stars_from, out.stars_to}][d.to_id.empty() ? "-" + d.from_id : d.to_id];
    return out;
}

} // namespace ocop
