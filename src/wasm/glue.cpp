// The WebAssembly entry points: text in, text out, with the library's own writers so that
// every output equals the CLI's byte for byte (docs/embedding-web.md).
//
// One C call per operation: ocopw_run(op, input, options) runs it and keeps its output
// (what the CLI prints on stdout), its refused records (JSON lines, as `--errors FILE`
// writes them) and its exit code until the next call; the JS module reads them back.
#include "../detail/compiled_sheet.hpp"
#include <ocop/batch.hpp>
#include <ocop/council.hpp>
#include <ocop/csv.hpp>
#include <ocop/evaluation.hpp>
#include <ocop/operation_json.hpp>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>
#include <ocop/record_reader.hpp>
#include <ocop/registry.hpp>
#include <ocop/result_json.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/schema.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>
#include <ocop/validate.hpp>
#include <ocop/version.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <emscripten/emscripten.h>

#include <algorithm>
#include <list>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace ocop::wasm {

namespace {

constexpr int exit_ok = 0, exit_partial = 1, exit_usage = 2, exit_fatal = 3;

struct call_state {
    std::string out, errors;
    int code = 0;
};
call_state state;

/// The options object of a call, read leniently: absent or wrongly typed keys give defaults
/// (the JS module checks types before calling).
struct options {
    const boost::json::object* o = nullptr;
    [[nodiscard]] std::string str(const char* k, std::string def = {}) const {
        if (o)
            if (auto* v = o->if_contains(k); v && v->is_string())
                return std::string(v->get_string());
        return def;
    }
    [[nodiscard]] bool flag(const char* k) const {
        if (o)
            if (auto* v = o->if_contains(k); v && v->is_bool()) return v->get_bool();
        return false;
    }
    [[nodiscard]] std::int64_t num(const char* k, std::int64_t def) const {
        if (o)
            if (auto* v = o->if_contains(k); v && v->is_int64()) return v->get_int64();
        return def;
    }
};

/// Refuse the call as the CLI refuses a command line or a fatal input.
int fail(std::string msg, int code = exit_fatal) {
    state.errors += "{\"error\":\"fatal\",\"message\":";
    append_json_string(state.errors, msg);
    state.errors += "}\n";
    return code;
}

void add_error(std::size_t line, const std::string& id, const diagnostic& d,
               const std::string& column = {}) {
    append_error_line(line, id, d, column, state.errors);
}

/// Registries by their ruleset options ("markers", "defects", "knockout", "rulesets", "replace",
/// "default", "asOf"): a live form scores on every change, so the rulesets are compiled once.
/// The most recent few are kept.
std::list<std::pair<std::string, std::unique_ptr<registry>>> registries;

/// Ruleset texts stored once ("store_rulesets") and named by their index ("rulesetsRef"), so
/// that a page does not hand a megabyte of ruleset text to every call.
std::vector<boost::json::array> stored_rulesets;

result<const registry*> registry_for(const options& opt) {
    boost::json::object key;
    for (const char* k : {"markers", "defects", "knockout", "rulesets", "rulesetsRef", "replace",
                          "default", "asOf"})
        if (opt.o)
            if (auto* v = opt.o->if_contains(k)) key[k] = *v;
    const boost::json::array* texts = nullptr;
    if (auto* v = key.if_contains("rulesets"); v && v->is_array()) texts = &v->get_array();
    if (auto* v = key.if_contains("rulesetsRef")) {
        if (!v->is_int64() || v->get_int64() < 0 ||
            static_cast<std::size_t>(v->get_int64()) >= stored_rulesets.size())
            return diagnostic{errc::invalid_value, "/rulesetsRef", "unknown rulesetsRef"};
        texts = &stored_rulesets[static_cast<std::size_t>(v->get_int64())];
    }
    std::string k = boost::json::serialize(key);
    for (auto it = registries.begin(); it != registries.end(); ++it)
        if (it->first == k) {
            registries.splice(registries.begin(), registries, it);
            return registries.front().second.get();
        }
    load_options lo;
    for (const char* name : {"markers", "defects", "knockout"})
        if (auto v = opt.str(name); !v.empty())
            if (auto r = set_policy_override(lo, name, v); !r) return r.error();
    auto reg = registry::builtin(lo);
    if (!reg) return reg.error();
    if (texts) {
        std::size_t i = 0;
        for (const auto& t : *texts) {
            const std::string where = "rulesets[" + std::to_string(i++) + "]";
            if (!t.is_string())
                return diagnostic{errc::wrong_type, "/rulesets", where + " is not a string"};
            auto rs = ruleset::load(std::string_view(t.get_string()), lo);
            if (!rs) {
                auto d = rs.error();
                d.message = where + ": " + d.message;
                return d;
            }
            if (reg->find(rs->id()) && !opt.flag("replace") &&
                !registry::builtin_text(rs->id()).empty())
                return diagnostic{errc::invalid_value, "",
                                  where + ": ruleset id " + rs->id() +
                                      " is a built-in ruleset; add replace: true to replace it"};
            reg->add(std::move(*rs));
        }
    }
    if (auto d = opt.str("default"); !d.empty()) {
        if (!reg->find(d)) return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + d};
        reg->set_default(d);
    }
    if (auto a = opt.str("asOf"); !a.empty()) {
        const auto day = date::parse(a);
        const ruleset* rs = day ? reg->in_force_on(*day) : nullptr;
        if (!rs) return diagnostic{errc::unknown_ruleset, "", "no ruleset in force on " + a};
        reg->set_default(rs->id());
    }
    registries.emplace_front(std::move(k), std::make_unique<registry>(std::move(*reg)));
    if (registries.size() > 4) registries.pop_back();
    return registries.front().second.get();
}

record_reader_options reader_options(const options& opt) {
    record_reader_options r;
    const std::string f = opt.str("inputFormat", "auto");
    r.format = f == "csv"     ? record_format::csv
               : f == "jsonl" ? record_format::json
                              : record_format::auto_detect;
    r.max_line_bytes = static_cast<std::size_t>(opt.num("maxLineBytes", 1 << 20));
    return r;
}

/// Every record of the input, as `read_input` of the CLI reads stdin.
int for_each_record(std::string_view input, const options& opt,
                    const std::function<result<void>(const boost::json::value&)>& fn) {
    std::istringstream in{std::string(input)};
    record_callbacks cb;
    cb.on_record = [&](const reader_record& r) { return fn(*r.value); };
    cb.on_error = [](const record_error& e) { add_error(e.line, e.id, e.diag, e.column); };
    auto r = read_records(in, "-", reader_options(opt), cb);
    if (!r) return fail("-: " + r.error().message);
    return r->failed ? exit_partial : exit_ok;
}

int run_score(std::string_view input, const registry& reg, const options& opt) {
    batch_options bo;
    bo.threads = 1;
    bo.max_line_bytes = static_cast<std::size_t>(opt.num("maxLineBytes", 1 << 20));
    const std::string f = opt.str("inputFormat", "auto");
    bo.input = f == "csv"     ? batch_input::csv
               : f == "jsonl" ? batch_input::jsonl
                              : batch_input::auto_detect;
    const std::string fmt = opt.str("format", "jsonl");
    if (fmt != "jsonl" && fmt != "csv") return fail("format must be jsonl or csv", exit_usage);
    bo.output = fmt == "csv" ? batch_output::csv : batch_output::jsonl;
    result_detail d = result_detail::totals;
    if (auto s = opt.str("detail", "totals"); !boost::describe::enum_from_string(s.c_str(), d))
        return fail("detail must be totals, criteria or full", exit_usage);
    bo.json = result_json_options::at(d, opt.flag("messages"));
    std::istringstream in{std::string(input)};
    std::ostringstream out;
    batch_callbacks cb;
    cb.on_error = [](const batch_error& e) { add_error(e.line, e.id, e.diag, e.column); };
    auto sum = score_stream(in, &out, reg, bo, cb);
    state.out = std::move(out).str();
    if (!sum) return fail("-: " + std::string(sum.error().what()));
    return sum->failed ? exit_partial : exit_ok;
}

int run_explain(std::string_view input, const registry& reg, const options& opt) {
    const std::string want = opt.str("id");
    bool done = false;
    evaluation ev;
    evaluation_result res;
    const int code = for_each_record(input, opt, [&](const boost::json::value& v) -> result<void> {
        if (done || (!want.empty() && record_id(v) != want)) return {};
        done = true;
        if (v.is_object() && v.get_object().contains("ruleset_hash") &&
            is_result_line(v.get_object())) {
            state.out = explain_result_line(v.get_object());
            return {};
        }
        if (auto r = parse_evaluation(v, reg, ev); !r) return r;
        score_evaluation(ev, res);
        state.out = explain(res);
        return {};
    });
    if (code == exit_fatal) return code;
    if (!done) return fail(want.empty() ? "no record found" : "no record with id " + want, 1);
    return state.out.empty() ? exit_partial : code;
}

int run_plan(std::string_view input, const registry& reg, const options& opt) {
    plan_options po;
    if (const auto t = opt.num("target", 0); t != 0) {
        if (t < 1 || t > 5) return fail("target must be 1..5", exit_usage);
        po.target = static_cast<star_rank>(t);
    }
    const bool consensus = opt.flag("consensus");
    evaluation ev;
    return for_each_record(input, opt, [&](const boost::json::value& v) -> result<void> {
        if (auto r = parse_evaluation(v, reg, ev); !r) return r;
        if (ev.members > 1 && consensus) ev = consensus_evaluation(ev);
        auto p = plan_upgrade(ev, po);
        if (!p) return p.error();
        append_plan_json(ev, *p, state.out);
        return {};
    });
}

int run_range(std::string_view input, const registry& reg, const options& opt) {
    return for_each_record(input, opt, [&](const boost::json::value& v) -> result<void> {
        auto ev = parse_partial_evaluation(v, reg);
        if (!ev) return ev.error();
        auto r = range_of(*ev);
        if (!r) return r.error();
        append_range_json(*ev, *r, state.out);
        return {};
    });
}

int run_council(std::string_view input, const registry& reg, const options& opt) {
    council_options co;
    co.spread_milli = opt.num("spreadMilli", co.spread_milli);
    evaluation ev;
    return for_each_record(input, opt, [&](const boost::json::value& v) -> result<void> {
        if (auto r = parse_evaluation(v, reg, ev); !r) return r;
        append_review_json(ev, review_council(ev, co), state.out);
        return {};
    });
}

/// `ocop validate - --format jsonl|csv|text`: every problem of every record, named and
/// written as the CLI (src/cli/cmd_validate.cpp) names and writes them; `inputFormat: "csv"`
/// reads the text as CSV, as a file named .csv.
int run_validate(std::string_view input, const registry& reg, const options& opt) {
    message_language lang = message_language::vi;
    if (!parse_message_language(opt.str("lang", "vi"), lang))
        return fail("lang must be vi or en", exit_usage);
    const std::string format = opt.str("format", "text");
    if (format != "text" && format != "jsonl" && format != "csv")
        return fail("format must be text, jsonl or csv", exit_usage);
    auto records = read_evaluation_utf8(input, opt.str("inputFormat") == "csv" ? "-.csv" : "-");
    if (!records) return fail(records.error().message);
    const auto table = validate_records(*records, reg, lang);
    state.out = write_validation_table(table,
                                       format == "csv"     ? validation_format::csv
                                       : format == "jsonl" ? validation_format::jsonl
                                                           : validation_format::text,
                                       csv_dialect{});
    return table.rows.empty() ? exit_ok : exit_partial;
}

int run_schema(const registry& reg, const options& opt) {
    std::string id = opt.str("ruleset");
    if (id.empty()) id = reg.default_id();
    const ruleset* rs = reg.find(id);
    if (!rs) return fail("unknown ruleset " + id);
    const int no = static_cast<int>(opt.num("sheet", 0));
    const compiled_sheet* sh = rs->sheet(no);
    if (!sh) return fail(id + " has no sheet " + std::to_string(no));
    state.out = evaluation_schema_text(*rs, *sh);
    return exit_ok;
}

/// The registry's rulesets: id, hash, title, whether default, and each sheet's number and
/// Vietnamese name, as one JSON array.
int run_rulesets(const registry& reg) {
    boost::json::array a;
    for (const ruleset* rs : reg.all()) {
        const std::string& id = rs->id();
        boost::json::object o;
        o["id"] = id;
        o["hash"] = rs->hash();
        o["default"] = id == reg.default_id();
        boost::json::array sheets;
        for (const auto& sh : rs->sheets()) {
            boost::json::object s;
            s["no"] = sh.no;
            s["name_vi"] = sh.def->name_vi;
            s["scorable"] = !sh.refusal.has_value();
            sheets.push_back(std::move(s));
        }
        o["sheets"] = std::move(sheets);
        a.push_back(std::move(o));
    }
    state.out = boost::json::serialize(a);
    return exit_ok;
}

/// What a scoring form shows of a ruleset: each sheet's criteria in printed order with their
/// group, sub-heading and options (printed label, points after the defect policy, star
/// marker), and the knock-outs a council may declare. One JSON object.
int run_form(const registry& reg, const options& opt) {
    std::string id = opt.str("ruleset");
    if (id.empty()) id = reg.default_id();
    const ruleset* rs = reg.find(id);
    if (!rs) return fail("unknown ruleset " + id);
    boost::json::object o;
    o["id"] = rs->id();
    o["hash"] = rs->hash();
    o["title"] = rs->document().title;
    boost::json::array sheets;
    for (const auto& sh : rs->sheets()) {
        boost::json::object so;
        so["no"] = sh.no;
        so["name_vi"] = sh.def->name_vi;
        if (sh.refusal) {
            so["refusal"] = sh.refusal->message;
            sheets.push_back(std::move(so));
            continue;
        }
        so["max_total"] = sh.max_total;
        boost::json::array groups;
        for (std::size_t g = 0; g < sh.groups.size(); ++g) {
            const auto& gd = sh.group(g);
            boost::json::object go;
            go["code"] = gd.code;
            go["title_vi"] = gd.title_vi;
            go["part"] = std::string(1, "ABC"[static_cast<int>(sh.groups[g].part)]);
            go["max_points"] = sh.groups[g].max_points;
            go["choose_one_case"] = sh.groups[g].choose_one_case;
            groups.push_back(std::move(go));
        }
        so["groups"] = std::move(groups);
        boost::json::array crits;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            const auto& cc = sh.criteria[c];
            const auto& cd = sh.criterion(c);
            boost::json::object co;
            co["id"] = cd.id;
            co["code"] = cd.code;
            co["title_vi"] = cd.title_vi;
            co["group"] = cc.group;
            co["case_no"] = cc.case_no;
            co["max_points"] = cc.max_points;
            for (const auto& sg : sh.group(cc.group).subgroups)
                if (std::find(sg.criteria.begin(), sg.criteria.end(), cd.id) != sg.criteria.end())
                    co["subgroup_vi"] = sg.title_vi;
            if (cd.subgroup_printed) co["subgroup_vi"] = *cd.subgroup_printed;
            boost::json::array opts;
            for (std::size_t k = 0; k < cc.option_count; ++k) {
                const auto& od = cd.options[k];
                const auto& oc = sh.options[cc.option_first + k];
                boost::json::object oo;
                oo["label_vi"] = od.label_vi;
                oo["points"] = oc.points;
                if (oc.marker) oo["marker"] = oc.marker;
                if (oc.case_no) oo["case_no"] = oc.case_no;
                if (oc.knockout != no_index) oo["knockout"] = true;
                opts.push_back(std::move(oo));
            }
            co["options"] = std::move(opts);
            crits.push_back(std::move(co));
        }
        so["criteria"] = std::move(crits);
        boost::json::array kos;
        for (const auto& k : sh.knockouts) {
            if (k.rule->trigger != knockout_trigger::declared) continue;
            boost::json::object ko;
            ko["code"] = k.code;
            ko["vi"] = k.rule->vi;
            kos.push_back(std::move(ko));
        }
        so["knockouts"] = std::move(kos);
        sheets.push_back(std::move(so));
    }
    o["sheets"] = std::move(sheets);
    state.out = boost::json::serialize(o);
    return exit_ok;
}

int run(std::string_view op, std::string_view input, std::string_view options_json) {
    boost::system::error_code ec;
    boost::json::value ov = options_json.empty() ? boost::json::value(boost::json::object())
                                                 : boost::json::parse(options_json, ec);
    if (ec || !ov.is_object()) return fail("options must be a JSON object", exit_usage);
    options opt{&ov.get_object()};
    if (op == "store_rulesets") {
        const auto* v = opt.o->if_contains("rulesets");
        if (!v || !v->is_array()) return fail("rulesets must be an array", exit_usage);
        stored_rulesets.push_back(v->get_array());
        state.out = std::to_string(stored_rulesets.size() - 1);
        return exit_ok;
    }
    if (op == "ruleset_text") {
        state.out = std::string(registry::builtin_text(input));
        return state.out.empty() ? fail("no built-in ruleset " + std::string(input)) : exit_ok;
    }
    auto reg = registry_for(opt);
    if (!reg) return fail(reg.error().message);
    const registry& r = **reg;
    if (op == "score") return run_score(input, r, opt);
    if (op == "explain") return run_explain(input, r, opt);
    if (op == "plan") return run_plan(input, r, opt);
    if (op == "range") return run_range(input, r, opt);
    if (op == "council") return run_council(input, r, opt);
    if (op == "validate") return run_validate(input, r, opt);
    if (op == "schema") return run_schema(r, opt);
    if (op == "rulesets") return run_rulesets(r);
    if (op == "form") return run_form(r, opt);
    return fail("unknown operation " + std::string(op), exit_usage);
}

} // namespace

} // namespace ocop::wasm

extern "C" {

/// Run one operation; returns the exit code (0 ok, 1 some records failed, 2 usage, 3 fatal).
EMSCRIPTEN_KEEPALIVE int ocopw_run(const char* op, const char* input, std::size_t input_size,
                                   const char* options_json) {
    using ocop::wasm::state;
    state.out.clear();
    state.errors.clear();
    try {
        state.code = ocop::wasm::run(op, std::string_view(input, input_size), options_json);
    } catch (const std::exception& e) {
        state.out.clear();
        state.code = ocop::wasm::fail(std::string("internal error: ") + e.what());
    } catch (...) {
        state.out.clear();
        state.code = ocop::wasm::fail("internal error");
    }
    return state.code;
}
/// The output of the last call (not NUL-terminated) and its size in bytes.
EMSCRIPTEN_KEEPALIVE const char* ocopw_out_data() {
    return ocop::wasm::state.out.data();
}
EMSCRIPTEN_KEEPALIVE std::size_t ocopw_out_size() {
    return ocop::wasm::state.out.size();
}
/// The refused records of the last call as JSON Lines, and their size in bytes.
EMSCRIPTEN_KEEPALIVE const char* ocopw_errors_data() {
    return ocop::wasm::state.errors.data();
}
EMSCRIPTEN_KEEPALIVE std::size_t ocopw_errors_size() {
    return ocop::wasm::state.errors.size();
}
/// The library version, "major.minor.patch".
EMSCRIPTEN_KEEPALIVE const char* ocopw_version() {
    return ocop::version_string;
}
}
