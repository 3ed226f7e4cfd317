// The OpenAPI 3.1 document of ocop serve. Evaluation bodies are the per-sheet JSON Schemas of
// ocop::evaluation_schema (served at /v1/schema/{ruleset}/{sheet} and referenced from here, so
// the API and `ocop schema` can never disagree); the rest is described once, below.
#include "../detail/compiled_sheet.hpp"
#include "serve.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace ocop::serve {

namespace {

namespace json = boost::json;

json::object ref(const char* name) {
    return {{"$ref", std::string("#/components/schemas/") + name}};
}

json::object str(const char* description) {
    return {{"type", "string"}, {"description", description}};
}

json::object integer(const char* description) {
    return {{"type", "integer"}, {"description", description}};
}

/// A decimal written as a string ("72.5"): exact, never a binary float.
json::object decimal(const char* description) {
    return {
        {"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}, {"description", description}};
}

json::object object_of(json::object props, json::array required) {
    return {
        {"type", "object"}, {"properties", std::move(props)}, {"required", std::move(required)}};
}

json::object schemas(const registry& reg) {
    json::object s;
    // Every sheet of every ruleset: the generated JSON Schema, by reference.
    json::array sheets;
    for (const auto* rs : reg.all())
        for (const auto& sh : rs->sheets())
            sheets.push_back(
                json::object{{"$ref", "/v1/schema/" + rs->id() + "/" + std::to_string(sh.no)}});
    s["Evaluation"] = json::object{
        {"description",
         "One evaluation (docs/evaluation-format.md). Its JSON Schema depends on the ruleset and "
         "sheet: each alternative is the schema `ocop schema --ruleset ID --sheet N` prints, "
         "served "
         "at /v1/schema/{ruleset}/{sheet}."},
        {"oneOf", std::move(sheets)}};
    s["PartialEvaluation"] = json::object{
        {"description", "An evaluation whose answers may be null or absent (not yet scored); "
                        "everything else as Evaluation (docs/incomplete.md)."},
        {"type", "object"},
        {"required", json::array{"id", "sheet"}}};
    s["RequestError"] =
        object_of({{"error", str("Error code: a code of ocop::errc (docs/limits.md) or not_found, "
                                 "method_not_allowed, unsupported_media_type, invalid_request, "
                                 "request_timeout, overloaded")},
                   {"path", str("JSON Pointer into the request, empty for the whole request")},
                   {"message", str("One line for people")}},
                  {"error", "path", "message"});
    s["RecordError"] =
        object_of({{"line", integer("Line of the body where the record starts (1-based)")},
                   {"id", str("The record's id, when readable")},
                   {"error", str("Error code of ocop::errc, e.g. impossible_points")},
                   {"path", str("JSON Pointer (RFC 6901) into the record")},
                   {"message", str("One line for people")},
                   {"column", str("CSV column concerned (CSV bodies)")}},
                  {"line", "error", "path", "message"});
    json::object result = object_of(
        {{"id", str("Record id")},
         {"ruleset", str("Ruleset id")},
         {"ruleset_hash", str("sha256: of the ruleset with its policies")},
         {"sheet", integer("Sheet number")},
         {"status", json::object{{"enum", json::array{"scored", "knocked_out", "rejected"}}}},
         {"members", integer("Member sheets")},
         {"total", json::object{{"type", "number"}, {"description", "Total (decimal)"}}},
         {"total_exact", str("Exact total, a reduced fraction")},
         {"stars", integer("Star rank, 0 when below every band, knocked out or failed")},
         {"band_stars", integer("Stars of the band holding the total")},
         {"marker_stars", integer("Highest N whose per-star minimums all hold")},
         {"decided_by", str("band, below_bands, minimum, minimum_fail, knockout, "
                            "dossier_rejected")},
         {"reasons", json::object{{"type", "array"}}},
         {"groups", json::object{{"type", "array"}}},
         {"criteria", json::object{{"type", "array"}}}},
        {"id", "ruleset", "ruleset_hash", "sheet", "status", "stars"});
    result["description"] = "A scored evaluation, exactly as `ocop score` writes it "
                            "(docs/result-format.md).";
    s["Result"] = std::move(result);
    s["ResultLine"] = json::object{{"oneOf", json::array{ref("Result"), ref("RecordError")}}};
    s["Plan"] = object_of(
        {{"id", str("Record id")},
         {"ruleset", str("Ruleset id")},
         {"ruleset_hash", str("Ruleset hash")},
         {"sheet", integer("Sheet")},
         {"status", json::object{{"enum", json::array{"planned", "already_reached", "unreachable",
                                                      "knocked_out", "rejected"}}}},
         {"target", json::object{{"type", json::array{"integer", "null"}},
                                 {"description", "Star target; null when no star is reachable"}}},
         {"total_before", decimal("Current total")},
         {"stars_before", integer("Current stars")},
         {"points_gained", integer("Sum of the point increases (planned)")},
         {"changes", json::object{{"type", "array"}}},
         {"total_after", decimal("Total after the changes")},
         {"stars_after", integer("Stars after the changes")},
         {"message", str("Summary, or why there is no plan")}},
        {"id", "ruleset", "sheet", "status", "target", "message"});
    s["Range"] = object_of({{"id", str("Record id")},
                            {"ruleset", str("Ruleset id")},
                            {"ruleset_hash", str("Ruleset hash")},
                            {"sheet", integer("Sheet")},
                            {"status", str("scored, knocked_out or rejected")},
                            {"unscored", integer("Unscored answers")},
                            {"missing", json::object{{"type", "array"}}},
                            {"total_min", decimal("Lowest reachable total")},
                            {"total_max", decimal("Highest reachable total")},
                            {"stars_min", integer("Stars of the worst completion")},
                            {"stars_max", integer("Stars of the best completion")}},
                           {"id", "ruleset", "sheet", "status"});
    s["Council"] = object_of({{"id", str("Record id")},
                              {"ruleset", str("Ruleset id")},
                              {"ruleset_hash", str("Ruleset hash")},
                              {"sheet", integer("Sheet")},
                              {"members", integer("Members")},
                              {"total", decimal("Exact mean total")},
                              {"total_exact", str("Exact mean, a fraction")},
                              {"stars", integer("Stars of the mean")},
                              {"member_totals", json::object{{"type", "array"}}},
                              {"spread", json::object{{"type", "array"}}},
                              {"consensus", json::object{{"type", "object"}}},
                              {"consensus_total", decimal("Total of the consensus sheet")},
                              {"consensus_stars", integer("Stars of the consensus sheet")}},
                             {"id", "ruleset", "sheet", "members", "total", "stars"});
    s["Validation"] =
        object_of({{"line", integer("Line where the record starts")},
                   {"id", str("Record id, when readable")},
                   {"valid", json::object{{"type", "boolean"}}},
                   {"problems", json::object{{"type", "array"},
                                             {"items", object_of({{"error", str("Error code")},
                                                                  {"path", str("JSON Pointer")},
                                                                  {"message", str("Message")}},
                                                                 {"error", "path", "message"})}}}},
                  {"line", "valid"});
    s["RulesetSummary"] =
        object_of({{"id", str("Ruleset id")},
                   {"title", str("Title")},
                   {"status", str("Legal status")},
                   {"decision", str("Decision")},
                   {"effective_from", str("First day in force")},
                   {"effective_until", json::object{{"type", json::array{"string", "null"}}}},
                   {"sheets", json::object{{"type", "array"}}},
                   {"hash", str("sha256: of the ruleset with its policies")}},
                  {"id", "hash"});
    return s;
}

json::object media(json::object schema) {
    return {{"schema", std::move(schema)}};
}

json::object response(const char* description, json::object content) {
    return {{"description", description}, {"content", std::move(content)}};
}

json::object errors(json::object responses, bool post) {
    responses["404"] = response("Unknown ruleset, sheet or endpoint",
                                {{"application/json", media(ref("RequestError"))}});
    if (post) {
        responses["400"] = response("Malformed JSON (one record) or request",
                                    {{"application/json", media(ref("RecordError"))}});
        responses["413"] = response("Body, record or record count over the limits",
                                    {{"application/json", media(ref("RequestError"))}});
        responses["415"] = response("Content-Type not accepted",
                                    {{"application/json", media(ref("RequestError"))}});
        responses["422"] = response("The one record of the body was refused",
                                    {{"application/json", media(ref("RecordError"))}});
    }
    responses["503"] = response("Too many connections, or shutting down",
                                {{"application/json", media(ref("RequestError"))}});
    return responses;
}

json::object post_op(const char* summary, const char* description, const char* line_schema,
                     const char* body_schema, json::array params = {}) {
    json::object content{
        {"application/json",
         media({{"oneOf",
                 json::array{ref(body_schema),
                             json::object{{"type", "array"}, {"items", ref(body_schema)}}}}})},
        {"application/x-ndjson", media(str("JSON Lines: one record per line"))}};
    json::object op{
        {"summary", summary},
        {"description", description},
        {"requestBody", json::object{{"required", true}, {"content", content}}},
        {"responses",
         errors({{"200",
                  response("One line per record, in input order",
                           {{"application/json",
                             media(json::object{
                                 {"oneOf", json::array{ref(line_schema), ref("RecordError")}}})},
                            {"application/x-ndjson",
                             media(json::object{{"oneOf", json::array{ref(line_schema),
                                                                      ref("RecordError")}}})}})}},
                true)}};
    if (!params.empty()) op["parameters"] = std::move(params);
    return op;
}

json::object query(const char* name, const char* description, json::object schema) {
    return {{"name", name},
            {"in", "query"},
            {"required", false},
            {"description", description},
            {"schema", std::move(schema)}};
}

json::object path_param(const char* name, const char* description, json::object schema) {
    return {{"name", name},
            {"in", "path"},
            {"required", true},
            {"description", description},
            {"schema", std::move(schema)}};
}

json::object get_op(const char* summary, const char* content_type, json::object schema,
                    json::array params = {}) {
    json::object op{
        {"summary", summary},
        {"responses",
         errors({{"200", response(summary, {{content_type, media(std::move(schema))}})}}, false)}};
    if (!params.empty()) op["parameters"] = std::move(params);
    return op;
}

json::object paths() {
    json::object p;
    json::object score_op = post_op(
        "Score evaluations",
        "One evaluation (application/json: one line back, the `ocop score` line), or several "
        "(a JSON array, JSON Lines, or text/csv): one line per record in input order, a result "
        "or the `ocop score --errors` line. Headers X-Ocop-Records and X-Ocop-Failed count them.",
        "Result", "Evaluation",
        json::array{
            query("detail", "totals (default), criteria or full, as `ocop score --detail`",
                  {{"type", "string"}, {"enum", json::array{"totals", "criteria", "full"}}}),
            query("messages", "Add each reason's sentence (--messages)", {{"type", "boolean"}}),
            query("compact", "totals with messages (--compact)", {{"type", "boolean"}})});
    score_op["requestBody"].as_object()["content"].as_object()["text/csv"] =
        media(str("CSV with a header row (docs/batch-and-cohorts.md)"));
    p["/v1/score"] = json::object{{"post", std::move(score_op)}};
    json::object explain_op =
        post_op("Explain one evaluation",
                "The first record (or the one with ?id=) explained as "
                "`ocop explain` prints it.",
                "Result", "Evaluation",
                json::array{query("id", "Record to explain", {{"type", "string"}})});
    explain_op["responses"].as_object()["200"] =
        response("The explanation", {{"text/plain", media(str("As `ocop explain` prints it"))}});
    p["/v1/explain"] = json::object{{"post", std::move(explain_op)}};
    p["/v1/plan"] = json::object{
        {"post", post_op("Cheapest upgrades reaching a star target",
                         "As `ocop plan --format json`.", "Plan", "Evaluation",
                         json::array{query("target", "Star target 1..5 (default: one more star)",
                                           {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}),
                                     query("consensus", "Plan on the consensus sheet of a council",
                                           {{"type", "boolean"}})})}};
    p["/v1/range"] =
        json::object{{"post", post_op("Reachable totals and stars of incomplete dossiers",
                                      "As `ocop range`.", "Range", "PartialEvaluation")}};
    p["/v1/council"] = json::object{
        {"post", post_op("Council review: exact mean, spread, consensus",
                         "As `ocop council --format json`.", "Council", "Evaluation",
                         json::array{query("spread", "Points of difference flagged (default 10)",
                                           {{"type", "string"}})})}};
    json::object validate_op =
        post_op("Validate evaluations",
                "Whether each record is a valid evaluation; a refused "
                "record lists every problem (code, JSON Pointer, "
                "message; as ocop validate).",
                "Validation", "Evaluation",
                json::array{query("lang",
                                  "Language of the messages: en "
                                  "(default) or vi",
                                  {{"type", "string"}, {"enum", json::array{"en", "vi"}}})});
    p["/v1/validate"] = json::object{{"post", std::move(validate_op)}};
    p["/v1/rulesets"] = json::object{
        {"get", get_op("The rulesets served", "application/json",
                       object_of({{"default", str("Default ruleset id")},
                                  {"generation", integer("Reload generation")},
                                  {"rulesets", json::object{{"type", "array"},
                                                            {"items", ref("RulesetSummary")}}}},
                                 {"default", "rulesets"}))}};
    json::object detail = ref("RulesetSummary");
    p["/v1/rulesets/{id}"] = json::object{
        {"get", get_op("One ruleset with its hash and document (as `ocop ruleset export ID`)",
                       "application/json",
                       json::object{
                           {"allOf",
                            json::array{std::move(detail),
                                        object_of({{"policies", json::object{{"type", "object"}}},
                                                   {"document", json::object{{"type", "object"}}}},
                                                  {"document"})}}},
                       json::array{path_param("id", "Ruleset id", {{"type", "string"}})})}};
    p["/v1/schema/{ruleset}/{sheet}"] = json::object{
        {"get", get_op("JSON Schema of the evaluation of one sheet (as `ocop schema`)",
                       "application/schema+json", json::object{{"type", "object"}},
                       json::array{path_param("ruleset", "Ruleset id", {{"type", "string"}}),
                                   path_param("sheet", "Sheet number", {{"type", "integer"}})})}};
    p["/healthz"] = json::object{
        {"get", get_op("Health: 200 while serving, 503 while draining", "application/json",
                       object_of({{"status", json::object{{"enum", json::array{"ok", "draining"}}}},
                                  {"generation", integer("Reload generation")}},
                                 {"status"}))}};
    p["/metrics"] = json::object{
        {"get", get_op("Prometheus metrics", "text/plain", str("Prometheus text format 0.0.4"))}};
    p["/v1/openapi.json"] = json::object{
        {"get", get_op("This document", "application/json", json::object{{"type", "object"}})}};
    return p;
}

} // namespace

std::string openapi_document(const registry& reg) {
    json::object doc{
        {"openapi", "3.1.0"},
        {"jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema"},
        {"info",
         json::object{{"title", "ocop serve"},
                      {"version", version_string},
                      {"description",
                       "OCOP product rating as an HTTP/JSON service: the same results, errors "
                       "(codes and JSON Pointers) and exact numbers as the ocop command line. "
                       "See docs/serve.md."}}},
        {"paths", paths()},
        {"components", json::object{{"schemas", schemas(reg)}}}};
    return json::serialize(doc) + "\n";
}

} // namespace ocop::serve
