// The JSON lines of plan, range and council (one home: the CLI, ocop serve and the C API
// print these). Numbers are exact: decimals as strings, fractions beside them.
#include "../detail/compiled_sheet.hpp"
#include <ocop/operation_json.hpp>

#include <ocop/result_json.hpp>

#include <ocop/json_io.hpp>

namespace ocop {

namespace {

void head(const evaluation& ev, std::string& out) {
    out += "{\"id\":";
    append_json_string(out, ev.id);
    out += ",\"ruleset\":";
    append_json_string(out, ev.rules->id());
    out += ",\"ruleset_hash\":";
    append_json_string(out, ev.rules->hash());
    out += ",\"sheet\":" + std::to_string(ev.sheet->no);
}

} // namespace

void append_plan_json(const evaluation& ev, const upgrade_plan& p, std::string& out) {
    head(ev, out);
    out += std::string(",\"status\":\"") + detail::enum_name(p.status) +
           "\",\"target\":" + (p.target ? std::to_string(p.target) : std::string("null")) +
           ",\"total_before\":\"" + p.total_before.decimal() +
           "\",\"stars_before\":" + std::to_string(p.stars_before);
    if (p.status == plan_status::planned) {
        out += ",\"points_gained\":" + std::to_string(p.points_gained) + ",\"changes\":[";
        for (std::size_t i = 0; i < p.changes.size(); ++i) {
            const auto& c = p.changes[i];
            out += (i ? ",{\"criterion\":" : "{\"criterion\":");
            append_json_string(out, c.id);
            out += ",\"from_option\":" + std::to_string(c.from_option) +
                   ",\"from_points\":" + std::to_string(c.from_points) +
                   ",\"to_option\":" + std::to_string(c.to_option) +
                   ",\"to_points\":" + std::to_string(c.to_points) + "}";
        }
        out += "],\"total_after\":\"" + p.total_after.decimal() +
               "\",\"stars_after\":" + std::to_string(p.stars_after) +
               ",\"band_after\":" + std::to_string(p.band_after) +
               ",\"marker_after\":" + std::to_string(p.marker_after);
    }
    out += ",\"message\":";
    append_json_string(out, p.message);
    out += "}\n";
}

void append_range_json(const evaluation& ev, const score_range& r, std::string& out) {
    head(ev, out);
    out += std::string(",\"status\":\"") + detail::enum_name(r.status) + "\"";
    if (r.status != evaluation_status::rejected) {
        out += ",\"unscored\":" + std::to_string(r.unscored) + ",\"missing\":[";
        for (std::size_t i = 0; i < r.missing.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, r.missing[i]);
        }
        // As `ocop range`: the decimal and the exact fraction of each bound.
        out +=
            "],\"total_min\":\"" + r.total_min.decimal() + "\",\"total_min_fraction\":\"" +
            r.total_min.fraction() + "\",\"total_max\":\"" + r.total_max.decimal() +
            "\",\"total_max_fraction\":\"" + r.total_max.fraction() +
            "\",\"stars_min\":" + std::to_string(r.stars_min) +
            ",\"stars_max\":" + std::to_string(r.stars_max) + ",\"stars_min_no_knockout\":" +
            (r.knockout_certain ? std::string("null") : std::to_string(r.stars_min_no_knockout)) +
            ",\"knockout_possible\":" + (r.knockout_possible ? "true" : "false") +
            ",\"knockout_certain\":" + (r.knockout_certain ? "true" : "false");
    }
    out += "}\n";
}

void append_review_json(const evaluation& ev, const council_review& r, std::string& out) {
    head(ev, out);
    out += ",\"members\":" + std::to_string(ev.members) + ",\"total\":\"" + r.mean.total.decimal() +
           "\",\"total_exact\":\"" + r.mean.total.fraction() +
           "\",\"stars\":" + std::to_string(r.mean.stars) + ",\"member_totals\":[";
    for (std::size_t i = 0; i < r.members.size(); ++i) {
        const auto& m = r.members[i];
        out += (i ? "," : "") + std::string("{\"member\":") + std::to_string(m.member + 1) +
               ",\"total\":" + std::to_string(m.total) + ",\"others_mean\":\"" +
               m.others_mean.decimal() + "\",\"difference\":\"" + m.difference.decimal() +
               "\",\"flagged\":" + (m.flagged ? "true" : "false") + "}";
    }
    out += "],\"spread\":[";
    bool first = true;
    for (const auto& s : r.spread) {
        if (!s.answered) continue;
        out += (first ? "" : ",") + std::string("{\"criterion\":");
        first = false;
        append_json_string(out, s.id);
        out += ",\"min\":" + std::to_string(s.min_points) +
               ",\"max\":" + std::to_string(s.max_points) +
               ",\"range\":" + std::to_string(s.range) + "}";
    }
    out += "],\"consensus\":{";
    first = true;
    for (const auto& s : r.spread) {
        if (s.consensus_option < 0) continue;
        out += first ? "" : ",";
        first = false;
        append_json_string(out, s.id);
        out += ":{\"option\":" + std::to_string(s.consensus_option + 1) + "}";
    }
    out += "},\"consensus_total\":\"" + r.consensus_result.total.decimal() +
           "\",\"consensus_stars\":" + std::to_string(r.consensus_result.stars) + "}\n";
}

namespace {

void append_ids(std::string& out, const char* key, const std::vector<std::string>& ids) {
    out += ",\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, ids[i]);
    }
    out += ']';
}

void append_matrix(const std::array<std::array<int, 6>, 6>& m, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < m.size(); ++i) {
        out += i ? ",[" : "[";
        for (std::size_t j = 0; j < m[i].size(); ++j)
            out += (j ? "," : "") + std::to_string(m[i][j]);
        out += ']';
    }
    out += ']';
}

void append_exact(std::string& out, const char* key, const score& s) {
    out += ",\"";
    out += key;
    out += "\":\"" + s.decimal() + "\",\"";
    out += key;
    out += "_fraction\":\"" + s.fraction() + "\"";
}

} // namespace

void append_rescored_json(const rescored_record& r, std::string& out) {
    out += "{\"id\":";
    append_json_string(out, r.id);
    out += ",\"sheet\":" + std::to_string(r.sheet);
    append_exact(out, "total_from", r.total_from);
    append_exact(out, "total_to", r.total_to);
    append_exact(out, "total_to_max", r.total_to_max);
    out += ",\"stars_from\":" + std::to_string(r.stars_from) +
           ",\"stars_to\":" + std::to_string(r.stars_to) +
           ",\"stars_to_max\":" + std::to_string(r.stars_to_max) +
           ",\"exact\":" + (r.exact ? "true" : "false");
    append_ids(out, "mapped", r.mapped);
    append_ids(out, "merged", r.merged);
    append_ids(out, "open", r.open);
    append_ids(out, "filled", r.filled);
    out += ",\"drivers\":[";
    for (std::size_t i = 0; i < r.drivers.size(); ++i) {
        const auto& d = r.drivers[i];
        out += i ? ",{\"to\":" : "{\"to\":";
        append_json_string(out, d.to_id);
        out += ",\"from\":";
        append_json_string(out, d.from_id);
        out += ",\"from_points\":\"" + d.from_points.decimal() + "\",\"to_points\":\"" +
               d.to_points.decimal() + "\"}";
    }
    out += "],\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, r.reasons[i]);
    }
    out += "]}";
}

void append_rescore_json(const rescorer& rs, const std::string* records, std::string& out) {
    out += "{\"from\":";
    append_json_string(out, rs.source().id());
    out += ",\"from_hash\":";
    append_json_string(out, rs.source().hash());
    out += ",\"to\":";
    append_json_string(out, rs.target().id());
    out += ",\"to_hash\":";
    append_json_string(out, rs.target().hash());
    out += ",\"crosswalk\":";
    if (const auto* c = rs.crosswalk_used()) {
        out += "{\"from\":";
        append_json_string(out, c->from_id());
        out += ",\"to\":";
        append_json_string(out, c->to_id());
        out += ",\"hash\":";
        append_json_string(out, c->hash());
        // A chain of reviewed crosswalks: the files it was composed from, in order.
        out += c->chained() ? ",\"chained\":true,\"steps\":[" : ",\"chained\":false,\"steps\":[";
        for (std::size_t i = 0; i < c->steps().size(); ++i) {
            const auto& st = c->steps()[i];
            out += i ? ",{\"from\":" : "{\"from\":";
            append_json_string(out, st.from);
            out += ",\"to\":";
            append_json_string(out, st.to);
            out += ",\"hash\":";
            append_json_string(out, st.hash);
            out += '}';
        }
        out += "]}";
    } else {
        out += "null";
    }
    out += ",\"fill\":\"";
    out += detail::enum_name(rs.fill());
    out += '"';
    if (records) out += ",\"records\":[\n" + *records + "\n]";
    out += ",\"matrix\":";
    append_matrix(rs.matrix(), out);
    out += ",\"matrix_max\":";
    append_matrix(rs.matrix_max(), out);
    out += ",\"drivers\":[";
    bool first = true;
    for (const auto& [cell, counts] : rs.cell_drivers()) {
        out += first ? "{" : ",{";
        first = false;
        out += "\"from_stars\":" + std::to_string(cell.first) +
               ",\"to_stars\":" + std::to_string(cell.second) + ",\"criteria\":{";
        bool first_criterion = true;
        for (const auto& [id, n] : counts) {
            if (!first_criterion) out += ',';
            first_criterion = false;
            append_json_string(out, id);
            out += ':' + std::to_string(n);
        }
        out += "}}";
    }
    out += "]}\n";
}

} // namespace ocop
