// Re-scoring between rulesets: map answers by criterion (id, then title) and option, score
// under both, and count the star migration.
#include <ocop/rescore.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

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
        if (p == fill_policy::min ? o.points < bp : o.points > bp) best = k;
    }
    return best < 0 ? 0 : best;
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

} // namespace

sheet_mapping map_sheet(const compiled_sheet& from, const compiled_sheet& to) {
    sheet_mapping m;
    m.from = &from;
    m.to = &to;
    m.target.resize(to.criteria.size());
    for (const auto& cm : match_criteria(from, to)) {
        auto& t = m.target[static_cast<std::size_t>(cm.b)];
        t.from = cm.a;
        t.how = cm.how;
        const auto& fa = from.criteria[static_cast<std::size_t>(cm.a)];
        const auto& tb = to.criteria[static_cast<std::size_t>(cm.b)];
        const auto& da = from.criterion(static_cast<std::size_t>(cm.a));
        const auto& db = to.criterion(static_cast<std::size_t>(cm.b));
        for (std::uint16_t k = 0; k < fa.option_count; ++k) {
            int target = -1;
            const std::string la = normalise_title(da.options[k].label_vi);
            for (std::uint16_t j = 0; j < tb.option_count && target < 0; ++j)
                if (!la.empty() && normalise_title(db.options[j].label_vi) == la) target = j;
            if (target < 0 && fa.option_count == tb.option_count) target = k;
            if (target < 0) {
                // Proportional rank, rounded half up: lowest → lowest, highest → highest.
                const int n = fa.option_count - 1, mm = tb.option_count - 1;
                target = n > 0 ? (2 * k * mm + n) / (2 * n) : 0;
            }
            t.option_map.push_back(target);
        }
    }
    return m;
}

rescorer::rescorer(const registry& reg, const ruleset& from, const ruleset& to, fill_policy fill)
    : reg_(reg), from_(from), to_(to), fill_(fill) {}

result<rescored_record> rescorer::rescore(const boost::json::value& record) {
    const auto* obj = record.if_object();
    if (!obj) return diagnostic{errc::wrong_type, "", "an evaluation must be a JSON object"};
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
    const compiled_sheet* sb = to_.sheet(sa.no);
    if (!sb)
        return diagnostic{errc::unknown_sheet, "/sheet",
                          to_.id() + " has no sheet " + std::to_string(sa.no)};
    if (sb->refusal)
        return diagnostic{sb->refusal->code, "/sheet", to_.id() + ": " + sb->refusal->message};
    auto it = maps_.find(sa.no);
    if (it == maps_.end()) it = maps_.emplace(sa.no, map_sheet(sa, *sb)).first;
    const sheet_mapping& map = it->second;

    rescored_record out;
    out.id = ea.id;
    out.sheet = sa.no;
    boost::json::object b = *obj;
    b["ruleset"] = to_.id();
    b.erase("answers");
    b.erase("members");
    b.erase("knockouts");
    const std::size_t nb = sb->criteria.size();
    std::vector<bool> filled(nb, false);
    if (!ea.dossier_rejected) {
        boost::json::array members;
        for (int m = 0; m < ea.members; ++m) {
            boost::json::object ans;
            std::vector<bool> has(nb, false);
            for (std::size_t j = 0; j < nb; ++j) {
                const auto& t = map.target[j];
                if (t.from < 0) continue;
                const auto o = ea.choice(m, static_cast<std::size_t>(t.from));
                if (o < 0) continue;
                ans[sb->criterion(j).id] =
                    boost::json::object{{"option", t.option_map[static_cast<std::size_t>(o)] + 1}};
                has[j] = true;
            }
            for (const auto& g : sb->groups) {
                int chosen = 0;
                for (std::uint16_t k = 0; g.choose_one_case && k < g.criterion_count; ++k)
                    if (has[g.criterion_first + k])
                        chosen = sb->criteria[g.criterion_first + k].case_no;
                if (g.choose_one_case && !chosen) chosen = sb->criteria[g.criterion_first].case_no;
                for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
                    const std::size_t j = g.criterion_first + k;
                    if (has[j] || map.target[j].from >= 0) continue;
                    if (g.choose_one_case && sb->criteria[j].case_no != chosen) continue;
                    filled[j] = true;
                    if (fill_ != fill_policy::refuse)
                        ans[sb->criterion(j).id] =
                            boost::json::object{{"option", fill_option(*sb, j, fill_) + 1}};
                }
            }
            members.push_back(std::move(ans));
        }
        for (std::size_t j = 0; j < nb; ++j)
            if (filled[j]) out.filled.push_back(sb->criterion(j).id);
        if (fill_ == fill_policy::refuse && !out.filled.empty()) {
            std::string ids;
            for (const auto& f : out.filled) ids += (ids.empty() ? "" : ", ") + f;
            return diagnostic{errc::missing_criterion, "/answers",
                              to_.id() + " sheet " + std::to_string(sa.no) +
                                  " has criteria with no counterpart in " + from_.id() + ": " +
                                  ids + " (use --fill min or --fill max to score them)"};
        }
        if (ea.members == 1)
            b["answers"] = std::move(members[0]);
        else
            b["members"] = std::move(members);
    }
    // Declared knock-outs: carried when the target sheet has the same (or matched) code.
    boost::json::array kos;
    for (auto ki : ea.knockouts) {
        std::string code = sa.knockouts[ki].code;
        for (std::size_t j = 0; j < nb; ++j)
            if (map.target[j].from >= 0 &&
                sa.criterion(static_cast<std::size_t>(map.target[j].from)).id == code)
                code = sb->criterion(j).id;
        if (sb->find_knockout(code) >= 0)
            kos.emplace_back(code.c_str());
        else
            out.reasons.push_back("declared knock-out " + quoted(sa.knockouts[ki].code) +
                                  " has no counterpart in " + to_.id() + "; dropped");
    }
    if (!kos.empty()) b["knockouts"] = std::move(kos);

    evaluation eb;
    if (auto r = parse_evaluation(b, reg_, eb); !r) {
        auto d = r.error();
        d.message = "under " + to_.id() + ": " + d.message;
        return d;
    }
    const auto ra = score_evaluation(ea);
    const auto rb = score_evaluation(eb);
    out.total_from = ra.total;
    out.total_to = rb.total;
    out.stars_from = ra.stars;
    out.stars_to = rb.stars;

    std::vector<bool> used(sa.criteria.size(), false);
    for (std::size_t j = 0; j < nb; ++j) {
        const auto& t = map.target[j];
        const score to_pts{rb.criteria[j].points_sum, eb.members};
        if (t.from >= 0) {
            const auto i = static_cast<std::size_t>(t.from);
            used[i] = true;
            const score from_pts{ra.criteria[i].points_sum, ea.members};
            if (from_pts != to_pts)
                out.drivers.push_back({sb->criterion(j).id, sa.criterion(i).id, from_pts, to_pts});
        } else if (rb.criteria[j].points_sum != 0) {
            out.drivers.push_back({sb->criterion(j).id, "", score{0, 1}, to_pts});
        }
    }
    for (std::size_t i = 0; i < sa.criteria.size(); ++i)
        if (!used[i] && ra.criteria[i].points_sum != 0)
            out.drivers.push_back({"", sa.criterion(i).id,
                                   score{ra.criteria[i].points_sum, ea.members}, score{0, 1}});
    for (const auto& r : rb.reasons)
        if (r.severity == reason_severity::decision && r.kind != reason_kind::band)
            out.reasons.push_back(r.message);

    const auto sf = static_cast<std::size_t>(out.stars_from);
    const auto st = static_cast<std::size_t>(out.stars_to);
    ++m_[sf][st];
    if (sf != st)
        for (const auto& d : out.drivers)
            ++drivers_[{out.stars_from, out.stars_to}][d.to_id.empty() ? "-" + d.from_id : d.to_id];
    return out;
}

} // namespace ocop
