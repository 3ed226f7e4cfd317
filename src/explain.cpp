// The readable explanation of one result: criteria table, points lost, star decision.
#include <ocop/result_json.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <algorithm>

namespace ocop {

namespace {
std::string pad(std::string s, std::size_t w) {
    // Width in code points, so Vietnamese text lines up.
    std::size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    if (cps < w) s.append(w - cps, ' ');
    return s;
}
std::string clip(const std::string& s, std::size_t w) {
    std::size_t cps = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == w) break;
            ++cps;
        }
    }
    return i < s.size() ? s.substr(0, i) + "…" : s;
}
} // namespace

std::string explain(const evaluation_result& r) {
    const evaluation& ev = *r.input;
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    std::string out;
    out += "Evaluation " + ev.id + " — " + rs.id() + " sheet " + std::to_string(sh.no) + " (" +
           sh.def->name_vi + ")\n";
    out += "Ruleset hash: " + rs.hash() + "\n";
    if (ev.members > 1) out += "Council members: " + std::to_string(ev.members) + " (mean)\n";
    if (r.status == evaluation_status::rejected) {
        out += "\nDossier rejected: not scored.\n";
    } else {
        out += "\n" + pad("Criterion", 10) + pad("Title", 44) + pad("Option", 8) +
               pad("Points", 9) + pad("Max", 5) + "Lost\n";
        std::string group;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            const auto& cs = r.criteria[c];
            if (!cs.applicable) continue;
            const auto& cc = sh.criteria[c];
            const auto& g = sh.group(cc.group);
            if (g.code != group) {
                group = g.code;
                out += std::string("Part ") + boost::describe::enum_to_string(cc.part, "?") +
                       " — " + g.title_vi + "\n";
            }
            const score pts{cs.points_sum, r.total.count};
            const score lost{static_cast<std::int64_t>(cc.max_points) * r.total.count -
                                 cs.points_sum,
                             r.total.count};
            out += "  " + pad(sh.criterion(c).id, 8) + pad(clip(sh.criterion(c).title_vi, 42), 44) +
                   pad(cs.option >= 0 ? std::to_string(cs.option + 1)
                                      : (cs.answered ? "mixed" : "—"),
                       8) +
                   pad(pts.decimal(), 9) + pad(std::to_string(cc.max_points), 5) +
                   (lost.sum > 0 ? lost.decimal() : "") + "\n";
        }
        out += "\nParts: A " + r.parts[0].decimal() + ", B " + r.parts[1].decimal() + ", C " +
               r.parts[2].decimal() + "\n";
        out += "Total: " + r.total.decimal();
        if (!r.total.terminates()) out += " (exactly " + r.total.fraction() + ")";
        out += " of " + std::to_string(sh.max_total) + "\n";
        // Where the points went: the largest losses first.
        std::vector<std::pair<std::int64_t, std::size_t>> losses;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            if (!r.criteria[c].applicable) continue;
            const auto lost = static_cast<std::int64_t>(sh.criteria[c].max_points) *
                                  r.total.count -
                              r.criteria[c].points_sum;
            if (lost > 0) losses.emplace_back(lost, c);
        }
        std::stable_sort(losses.begin(), losses.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        if (!losses.empty()) {
            out += "Largest losses:";
            for (std::size_t i = 0; i < losses.size() && i < 5; ++i)
                out += std::string(i ? "," : "") + " " + sh.criterion(losses[i].second).id +
                       " (-" + score{losses[i].first, r.total.count}.decimal() + ")";
            out += "\n";
        }
    }
    out += "\nStars: " + std::to_string(r.stars) + " (band " + std::to_string(r.band_stars) +
           ", markers " + std::to_string(r.marker_stars) + "; decided by " +
           boost::describe::enum_to_string(r.decided_by, "?") + ", policy " +
           boost::describe::enum_to_string(rs.policies().missed_minimum, "?") + ")\n";
    for (const auto& x : r.reasons)
        out += std::string("  - [") + boost::describe::enum_to_string(x.kind, "?") + "] " +
               x.message + "\n";
    return out;
}

} // namespace ocop
