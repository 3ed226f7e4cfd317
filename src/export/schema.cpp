// JSON Schema export of the evaluation format, generated from the compiled sheet.
#include "../detail/compiled_sheet.hpp"
#include <ocop/schema.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <map>
#include <set>

namespace ocop {

namespace {

namespace json = boost::json;

json::object criterion_schema(const compiled_sheet& sh, std::size_t c) {
    const auto& cc = sh.criteria[c];
    const auto& def = sh.criterion(c);
    std::set<int> pts;
    std::string desc;
    for (std::uint16_t k = 0; k < cc.option_count; ++k) {
        const auto& o = sh.options[cc.option_first + k];
        pts.insert(o.points);
        desc += (desc.empty() ? "" : "; ") + std::to_string(k + 1) + ": " +
                def.options[k].label_vi + " (" + std::to_string(o.points) + ")";
    }
    json::array enum_pts;
    for (int p : pts) enum_pts.emplace_back(p);
    json::array any;
    any.push_back(json::object{{"enum", std::move(enum_pts)}});
    any.push_back(json::object{
        {"type", "object"},
        {"properties",
         json::object{{"option", json::object{{"type", "integer"},
                                              {"minimum", 1},
                                              {"maximum", static_cast<int>(cc.option_count)}}}}},
        {"required", json::array{"option"}},
        {"additionalProperties", false}});
    if (cc.binary) any.push_back(json::object{{"type", "boolean"}});
    json::object out{{"title", def.title_vi},
                     {"description", "Options (points): " + desc},
                     {"anyOf", std::move(any)}};
    if (def.title_en) out["x-title-en"] = *def.title_en;
    out["x-max-points"] = static_cast<int>(cc.max_points);
    return out;
}

std::string ref(const std::string& name) {
    return "#/$defs/" + name;
}

std::string def_name(const std::string& id) {
    std::string out = "criterion_";
    for (char ch : id) out += (ch == '/' || ch == '~') ? '_' : ch;
    return out;
}

} // namespace

json::value evaluation_schema(const ruleset& rs, const compiled_sheet& sh) {
    json::object defs;
    json::object full_props, partial_props;
    json::array required, cases;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const std::string& id = sh.criterion(c).id;
        const std::string name = def_name(id);
        defs[name] = criterion_schema(sh, c);
        full_props[id] = json::object{{"$ref", ref(name)}};
        partial_props[id] = json::object{{"anyOf", json::array{json::object{{"type", "null"}},
                                                               json::object{{"$ref", ref(name)}}}}};
        if (sh.criteria[c].case_no == 0) required.emplace_back(id);
    }
    for (std::size_t g = 0; g < sh.groups.size(); ++g) {
        const auto& cg = sh.groups[g];
        if (!cg.choose_one_case) continue;
        std::map<int, json::array> by_case;
        for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
            const std::size_t c = cg.criterion_first + k;
            by_case[sh.criteria[c].case_no].emplace_back(sh.criterion(c).id);
        }
        json::array one;
        for (auto& [cn, ids] : by_case) one.push_back(json::object{{"required", std::move(ids)}});
        cases.push_back(
            json::object{{"description", "group " + sh.group(g).code + ": answer exactly one case"},
                         {"oneOf", std::move(one)}});
    }
    json::object answers{{"type", "object"},
                         {"description", "Complete answers keyed by criterion id"},
                         {"properties", std::move(full_props)},
                         {"required", std::move(required)},
                         {"additionalProperties", false}};
    if (!cases.empty()) answers["allOf"] = std::move(cases);
    defs["answers"] = std::move(answers);
    defs["partial_answers"] =
        json::object{{"type", "object"},
                     {"description", "Answers after a declared knock-out or a rejection: "
                                     "criteria after the stop may be absent or null"},
                     {"properties", std::move(partial_props)},
                     {"additionalProperties", false}};
    auto members_of = [](const std::string& which) {
        return json::object{
            {"type", "array"},
            {"minItems", 1},
            {"maxItems", 64},
            {"items",
             json::object{
                 {"anyOf",
                  json::array{
                      json::object{{"$ref", ref(which)}},
                      json::object{{"type", "object"},
                                   {"properties",
                                    json::object{{"answers", json::object{{"$ref", ref(which)}}}}},
                                   {"required", json::array{"answers"}},
                                   {"additionalProperties", false}}}}}}};
    };

    json::array ko_codes;
    for (const auto& ko : sh.knockouts)
        if (ko.rule->trigger != knockout_trigger::option) {
            bool seen = false;
            for (const auto& x : ko_codes) seen = seen || x.as_string() == ko.code;
            if (!seen) ko_codes.emplace_back(ko.code);
        }
    std::string ko_desc = "Declared knock-outs (codes):";
    for (const auto& ko : sh.knockouts)
        if (ko.rule->trigger != knockout_trigger::option)
            ko_desc += " " + ko.code + ": " + ko.rule->vi + ";";
    json::object knockouts{{"type", "array"}, {"description", ko_desc}};
    if (ko_codes.empty())
        knockouts["maxItems"] = 0;
    else
        knockouts["items"] = json::object{{"enum", std::move(ko_codes)}};

    std::string rej = "Rejection reason (a non-empty string, or true): the dossier is reported "
                      "rejected, not scored.";
    if (sh.def->dossier_rejection)
        rej += " Printed conditions (Hồ sơ bị loại khi): " + sh.def->dossier_rejection->vi;
    const json::object date_schema{{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};

    json::object props{
        {"id", json::object{{"anyOf", json::array{json::object{{"type", "string"},
                                                               {"minLength", 1},
                                                               {"maxLength", 4096}},
                                                  json::object{{"type", "integer"}}}}}},
        {"ruleset", json::object{{"const", rs.id()}}},
        {"sheet", json::object{{"const", sh.no}}},
        {"answers", json::object{{"$ref", ref("partial_answers")}}},
        {"members", members_of("partial_answers")},
        {"knockouts", std::move(knockouts)},
        {"dossier_rejected",
         json::object{{"description", rej},
                      {"anyOf", json::array{json::object{{"type", "string"}, {"minLength", 1}},
                                            json::object{{"type", "boolean"}},
                                            json::object{{"type", "null"}}}}}},
        {"filed_on", date_schema},
        {"evaluated_on", date_schema},
        {"evaluation_kind",
         json::object{{"enum", json::array{"first", "upgrade", "re_evaluation"}}}},
        {"metadata", json::object{{"type", "object"}}}};

    const json::object stopped{
        {"anyOf",
         json::array{
             json::object{
                 {"required", json::array{"dossier_rejected"}},
                 {"properties",
                  json::object{
                      {"dossier_rejected",
                       json::object{
                           {"not", json::object{{"enum", json::array{false, nullptr}}}}}}}}},
             json::object{
                 {"required", json::array{"knockouts"}},
                 {"properties", json::object{{"knockouts", json::object{{"minItems", 1}}}}}}}}};

    json::object schema{
        {"$schema", "https://json-schema.org/draft/2020-12/schema"},
        {"$id", "urn:ocop:evaluation:" + rs.id() + ":sheet:" + std::to_string(sh.no)},
        {"title", "OCOP evaluation, " + rs.id() + " sheet " + std::to_string(sh.no) + ": " +
                      sh.def->name_vi},
        {"description", "Evaluation input contract (docs/evaluation-format.md) for ruleset " +
                            rs.id() + " (" + rs.hash() +
                            "). Other top-level keys are carried "
                            "through as metadata."},
        {"type", "object"},
        {"required", json::array{"id", "sheet"}},
        {"properties", std::move(props)},
        {"not", json::object{{"required", json::array{"answers", "members"}}}},
        {"if", stopped},
        {"then", json::object{{"description", "stopped: answers may be incomplete"}}},
        {"else",
         json::object{
             {"anyOf", json::array{json::object{{"required", json::array{"answers"}}},
                                   json::object{{"required", json::array{"members"}}}}},
             {"properties", json::object{{"answers", json::object{{"$ref", ref("answers")}}},
                                         {"members", members_of("answers")}}}}},
        {"$defs", std::move(defs)}};
    return schema;
}

namespace {

void pretty(const json::value& v, std::string& out, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    const std::string pad2(static_cast<std::size_t>(indent + 1) * 2, ' ');
    if (const auto* o = v.if_object()) {
        if (o->empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& kv : *o) {
            out += (first ? "" : ",\n") + pad2 + json::serialize(json::value(kv.key())) + ": ";
            first = false;
            pretty(kv.value(), out, indent + 1);
        }
        out += "\n" + pad + "}";
    } else if (const auto* a = v.if_array()) {
        if (a->empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < a->size(); ++i) {
            out += (i ? ",\n" : "") + pad2;
            pretty((*a)[i], out, indent + 1);
        }
        out += "\n" + pad + "]";
    } else {
        out += json::serialize(v); // strings, integers, booleans, null: no doubles here
    }
}

} // namespace

std::string evaluation_schema_text(const ruleset& rs, const compiled_sheet& sh) {
    std::string out;
    pretty(evaluation_schema(rs, sh), out, 0);
    return out + "\n";
}

} // namespace ocop
