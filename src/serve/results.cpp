// JSON of the validate endpoint and of the ruleset descriptions (plan, range and council
// lines come from the library: ocop/operation_json.hpp).
#include "results.hpp"
#include "../detail/compiled_sheet.hpp"

#include <boost/json/serialize.hpp>
#include <ocop/json_io.hpp>

namespace ocop::serve {

namespace {} // namespace

void append_validation_json(std::size_t line, std::string_view id,
                            const std::vector<validation_problem>& problems, const evaluation& ev,
                            std::string& out) {
    out += "{\"line\":" + std::to_string(line);
    if (!id.empty()) {
        out += ",\"id\":";
        append_json_string(out, id);
    }
    if (problems.empty()) {
        out += ",\"valid\":true,\"ruleset\":";
        append_json_string(out, ev.rules->id());
        out += ",\"ruleset_hash\":";
        append_json_string(out, ev.rules->hash());
        out += ",\"sheet\":" + std::to_string(ev.sheet->no) +
               ",\"members\":" + std::to_string(ev.members) + "}\n";
        return;
    }
    out += ",\"valid\":false,\"problems\":[";
    bool first = true;
    for (const auto& p : problems) {
        if (!first) out += ',';
        first = false;
        out += "{\"error\":";
        append_json_string(out, to_string(p.code));
        out += ",\"path\":";
        append_json_string(out, p.path);
        out += ",\"message\":";
        append_json_string(out, p.message);
        out += '}';
    }
    out += "]}\n";
}

void append_ruleset_summary(const ruleset& rs, std::string& out) {
    const auto& d = rs.document();
    out += "{\"id\":";
    append_json_string(out, rs.id());
    out += ",\"title\":";
    append_json_string(out, d.title);
    out += ",\"status\":";
    append_json_string(out, detail::enum_name(d.status));
    out += ",\"decision\":";
    append_json_string(out, d.provenance.decision);
    out += ",\"effective_from\":";
    append_json_string(out, d.provenance.effective_from.to_string());
    out += ",\"effective_until\":";
    if (d.provenance.effective_until)
        append_json_string(out, d.provenance.effective_until->to_string());
    else
        out += "null";
    out += ",\"sheets\":[";
    bool first = true;
    for (const auto& s : rs.sheets()) {
        out += first ? "" : ",";
        first = false;
        out += std::to_string(s.no);
    }
    out += "],\"hash\":";
    append_json_string(out, rs.hash());
    out += '}';
}

void append_ruleset_detail(const ruleset& rs, std::string& out) {
    append_ruleset_summary(rs, out);
    out.pop_back();
    out += std::string(",\"policies\":{\"missed_minimum\":\"") +
           detail::enum_name(rs.policies().missed_minimum) + "\",\"defects\":\"" +
           detail::enum_name(rs.policies().defects) + "\",\"knockout\":\"" +
           detail::enum_name(rs.policies().knockout.value_or(knockout_policy::zero)) +
           "\"},\"document\":";
    out += boost::json::serialize(to_json(rs.document()));
    out += '}';
}

} // namespace ocop::serve
