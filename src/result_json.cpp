// Hand-written JSON output: exact numbers, stable key order, no DOM per record.
#include <ocop/result_json.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>

namespace ocop {

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

namespace {

template <class E>
void append_enum(std::string& out, E e) {
    out += '"';
    out += boost::describe::enum_to_string(e, "?");
    out += '"';
}

void key(std::string& out, const char* k) {
    out += '"';
    out += k;
    out += "\":";
}

void append_score(std::string& out, const char* name, const score& s) {
    key(out, name);
    out += s.decimal();
}

} // namespace

void append_result_json(const evaluation_result& r, std::string& out,
                        const result_json_options& opts) {
    const evaluation& ev = *r.input;
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    out += '{';
    key(out, "id");
    append_json_string(out, ev.id);
    out += ',';
    key(out, "ruleset");
    append_json_string(out, rs.id());
    out += ',';
    key(out, "ruleset_hash");
    append_json_string(out, rs.hash());
    out += ',';
    key(out, "sheet");
    out += std::to_string(sh.no);
    out += ',';
    key(out, "status");
    append_enum(out, r.status);
    out += ',';
    key(out, "members");
    out += std::to_string(ev.members);
    if (r.status != evaluation_status::rejected) {
        out += ',';
        append_score(out, "total", r.total);
        out += ",\"total_exact\":";
        append_json_string(out, r.total.fraction());
        out += ",\"max_total\":" + std::to_string(sh.max_total);
        out += ",\"parts\":{";
        for (int p = 0; p < part_count; ++p) {
            if (p) out += ',';
            append_score(out, p == 0 ? "A" : p == 1 ? "B" : "C", r.parts[p]);
        }
        out += '}';
    }
    out += ",\"stars\":" + std::to_string(r.stars);
    out += ",\"band_stars\":" + std::to_string(r.band_stars);
    out += ",\"marker_stars\":" + std::to_string(r.marker_stars);
    out += ',';
    key(out, "decided_by");
    append_enum(out, r.decided_by);
    out += ",\"policy\":{\"missed_minimum\":";
    append_enum(out, rs.policies().missed_minimum);
    out += ",\"defects\":";
    append_enum(out, rs.policies().defects);
    out += "},\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
        const auto& x = r.reasons[i];
        if (i) out += ',';
        out += "{\"kind\":";
        append_enum(out, x.kind);
        out += ",\"severity\":";
        append_enum(out, x.severity);
        if (!x.code.empty()) {
            out += ",\"code\":";
            append_json_string(out, x.code);
        }
        if (x.stars) out += ",\"stars\":" + std::to_string(x.stars);
        if (x.needed_points >= 0) out += ",\"needed_points\":" + std::to_string(x.needed_points);
        if (x.needed_option) out += ",\"needed_option\":" + std::to_string(x.needed_option);
        out += ",\"message\":";
        append_json_string(out, x.message);
        out += '}';
    }
    out += ']';
    if (opts.groups && r.status != evaluation_status::rejected) {
        out += ",\"groups\":[";
        for (std::size_t g = 0; g < sh.groups.size(); ++g) {
            if (g) out += ',';
            out += "{\"code\":";
            append_json_string(out, sh.group(g).code);
            out += ",\"part\":";
            append_enum(out, sh.groups[g].part);
            out += ',';
            append_score(out, "points", score{r.group_sums[g], r.total.count});
            out += ",\"max\":" + std::to_string(sh.groups[g].max_points) + '}';
        }
        out += ']';
        if (!sh.subgroup_max.empty()) {
            out += ",\"subgroups\":[";
            std::size_t k = 0;
            for (std::size_t g = 0; g < sh.groups.size(); ++g)
                for (const auto& sg : sh.group(g).subgroups) {
                    if (k) out += ',';
                    out += "{\"code\":";
                    append_json_string(out, sg.code);
                    out += ',';
                    append_score(out, "points", score{r.subgroup_sums[k], r.total.count});
                    out += ",\"max\":" + std::to_string(sh.subgroup_max[k]) + '}';
                    ++k;
                }
            out += ']';
        }
    }
    if (opts.criteria && r.status != evaluation_status::rejected) {
        out += ",\"criteria\":[";
        bool first = true;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            const auto& cs = r.criteria[c];
            if (!cs.applicable) continue;
            if (!first) out += ',';
            first = false;
            const auto& cc = sh.criteria[c];
            out += "{\"id\":";
            append_json_string(out, sh.criterion(c).id);
            out += ",\"part\":";
            append_enum(out, cc.part);
            out += ",\"group\":";
            append_json_string(out, sh.group(cc.group).code);
            out += ",\"option\":";
            out += cs.option >= 0 ? std::to_string(cs.option + 1) : "null";
            const score pts{cs.points_sum, r.total.count};
            out += ',';
            append_score(out, "points", pts);
            out += ",\"max\":" + std::to_string(cc.max_points);
            const score lost{static_cast<std::int64_t>(cc.max_points) * r.total.count -
                                 cs.points_sum,
                             r.total.count};
            out += ',';
            append_score(out, "lost", lost);
            if (!cs.answered) out += ",\"answered\":false";
            out += '}';
        }
        out += ']';
    }
    if (!ev.metadata.empty()) {
        out += ",\"metadata\":";
        out += boost::json::serialize(ev.metadata);
    }
    out += '}';
}

void append_error_json(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string& out) {
    out += "{\"line\":" + std::to_string(line);
    if (!id.empty()) {
        out += ",\"id\":";
        append_json_string(out, id);
    }
    out += ",\"error\":";
    append_json_string(out, to_string(d.code));
    out += ",\"path\":";
    append_json_string(out, d.path);
    out += ",\"message\":";
    append_json_string(out, d.message);
    out += '}';
}

} // namespace ocop
