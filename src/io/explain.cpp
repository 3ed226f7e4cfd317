// The readable explanation of one result: criteria table, points lost, star decision.
#include "../detail/compiled_sheet.hpp"
#include <ocop/result_json.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <algorithm>
#include <charconv>

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
            out +=
                "  " + pad(sh.criterion(c).id, 8) + pad(clip(sh.criterion(c).title_vi, 42), 44) +
                pad(cs.option >= 0 ? std::to_string(cs.option + 1) : (cs.answered ? "mixed" : "—"),
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
            const auto lost = static_cast<std::int64_t>(sh.criteria[c].max_points) * r.total.count -
                              r.criteria[c].points_sum;
            if (lost > 0) losses.emplace_back(lost, c);
        }
        std::stable_sort(losses.begin(), losses.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        if (!losses.empty()) {
            out += "Largest losses:";
            for (std::size_t i = 0; i < losses.size() && i < 5; ++i)
                out += std::string(i ? "," : "") + " " + sh.criterion(losses[i].second).id + " (-" +
                       score{losses[i].first, r.total.count}.decimal() + ")";
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

namespace {

/// A field as text: strings as they are, numbers as written, else empty.
std::string text_of(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v) return {};
    if (const auto* s = v->if_string()) return std::string(s->data(), s->size());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_double()) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v->get_double());
        return std::string(buf, r.ptr);
    }
    if (v->is_null()) return "null";
    if (v->is_bool()) return v->get_bool() ? "true" : "false";
    return {};
}

/// A reason without its sentence, told from its structured fields.
std::string reason_text(const boost::json::object& r) {
    const std::string kind = text_of(r, "kind"), code = text_of(r, "code"),
                      stars = text_of(r, "stars"), pts = text_of(r, "needed_points"),
                      opt = text_of(r, "needed_option");
    if (kind == "band") return "the total is in the " + stars + "★ band";
    if (kind == "missed_minimum") {
        std::string t = code + " misses the " + stars + "★ minimum";
        if (!pts.empty()) t += ": needs at least " + pts + " point(s)";
        if (!opt.empty()) t += " (option " + opt + ")";
        return t;
    }
    if (kind == "knockout") return "knock-out on " + code;
    if (kind == "dossier_rejected") return "the dossier was rejected";
    if (kind == "defect_reading") return "a probable reading of a printed defect on " + code;
    if (kind == "edition") return "the edition was chosen by the record's dates";
    if (kind == "ambiguous_points") return "the points of " + code + " match several options";
    return kind + (code.empty() ? "" : " " + code);
}

} // namespace

std::string explain_result_line(const boost::json::object& o) {
    std::string out;
    const std::string format = o.contains("format") ? text_of(o, "format") : "ocop-result/1";
    out += "Result " + text_of(o, "id") + " — " + text_of(o, "ruleset") + " sheet " +
           text_of(o, "sheet") + " (" + format + ")\n";
    out += "Ruleset hash: " + text_of(o, "ruleset_hash") + "\n";
    const std::string members = text_of(o, "members");
    if (!members.empty() && members != "1" && members != "0")
        out += "Council members: " + members + " (mean)\n";
    const std::string status = text_of(o, "status");
    if (status == "rejected") {
        out += "\nDossier rejected: not scored.\n";
    } else {
        if (const auto* cv = o.if_contains("criteria"); cv && cv->is_array()) {
            out += "\n" + pad("Criterion", 10) + pad("Option", 8) + pad("Points", 9) +
                   pad("Max", 5) + "Lost\n";
            for (const auto& c : cv->get_array()) {
                if (!c.is_object()) continue;
                const auto& co = c.get_object();
                const std::string lost = text_of(co, "lost");
                out += "  " + pad(text_of(co, "id"), 8) + pad(text_of(co, "option"), 8) +
                       pad(text_of(co, "points"), 9) + pad(text_of(co, "max"), 5) +
                       (lost == "0" ? "" : lost) + "\n";
            }
        }
        if (const auto* pv = o.if_contains("parts"); pv && pv->is_object())
            out += "\nParts: A " + text_of(pv->get_object(), "A") + ", B " +
                   text_of(pv->get_object(), "B") + ", C " + text_of(pv->get_object(), "C") + "\n";
        const std::string total = text_of(o, "total"), exact = text_of(o, "total_exact");
        out += "Total: " + total;
        if (!exact.empty() && exact.find('/') != std::string::npos)
            out += " (exactly " + exact + ")";
        if (o.contains("max_total")) out += " of " + text_of(o, "max_total");
        out += "\n";
    }
    out += "\nStars: " + text_of(o, "stars") + " (band " + text_of(o, "band_stars") + ", markers " +
           text_of(o, "marker_stars") + "; decided by " + text_of(o, "decided_by");
    if (const auto* pv = o.if_contains("policy"); pv && pv->is_object()) {
        out += ", policy " + text_of(pv->get_object(), "missed_minimum");
        // The knock-out policy is written only when not the default (zero).
        if (const std::string ko = text_of(pv->get_object(), "knockout"); !ko.empty())
            out += ", knock-out policy " + ko;
    }
    out += ")\n";
    if (const auto* rv = o.if_contains("reasons"); rv && rv->is_array())
        for (const auto& r : rv->get_array()) {
            if (!r.is_object()) continue;
            const auto& ro = r.get_object();
            const std::string msg = text_of(ro, "message");
            out +=
                "  - [" + text_of(ro, "kind") + "] " + (msg.empty() ? reason_text(ro) : msg) + "\n";
        }
    return out;
}

} // namespace ocop
