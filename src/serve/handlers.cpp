// The endpoints of ocop serve. Every record endpoint answers one line per record, in input
// order: the CLI's output line for a good record, the CLI's --errors line for a bad one.
#include "handlers.hpp"
#include "../detail/compiled_sheet.hpp"

#include "handlers_detail.hpp"
#include "records.hpp"
#include "results.hpp"

#include <ocop/json_parser.hpp>
#include <ocop/validate.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <string>
#include <vector>

namespace ocop::serve {

// ---- requests ---------------------------------------------------------------------------

media media_of(std::string_view ct) {
    const auto semi = ct.find(';');
    if (semi != std::string_view::npos) ct = ct.substr(0, semi);
    while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t')) ct.remove_suffix(1);
    while (!ct.empty() && (ct.front() == ' ' || ct.front() == '\t')) ct.remove_prefix(1);
    if (ct.empty()) return media::none;
    std::string t(ct);
    for (auto& c : t)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (t == "application/json") return media::json;
    if (t == "application/x-ndjson" || t == "application/ndjson" || t == "application/jsonl" ||
        t == "application/x-jsonlines" || t == "application/jsonlines" ||
        t == "application/json-lines")
        return media::jsonl;
    if (t == "text/csv") return media::csv;
    return media::other;
}

namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Percent-decoding ('+' is a space in a query); false on a broken escape.
bool decode(std::string_view in, std::string& out, bool plus_space) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size()) return false;
            const int h = hex(in[i + 1]), l = hex(in[i + 2]);
            if (h < 0 || l < 0) return false;
            out += static_cast<char>(h * 16 + l);
            i += 2;
        } else if (plus_space && in[i] == '+') {
            out += ' ';
        } else {
            out += in[i];
        }
    }
    return true;
}

} // namespace

target_parts split_target(std::string_view target) {
    target_parts t;
    const auto q = target.find('?');
    t.path = target.substr(0, q);
    if (q == std::string_view::npos) return t;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view item = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        std::string k, v;
        if (!decode(item.substr(0, eq), k, true) ||
            (eq != std::string_view::npos && !decode(item.substr(eq + 1), v, true)))
            t.ok = false;
        t.query.emplace_back(std::move(k), std::move(v));
    }
    return t;
}

namespace {

/// Which route a path names; `a` and `b` get the path parameters.
route route_of(std::string_view path, std::string_view& a, std::string_view& b) {
    if (path == "/v1/score") return route::score;
    if (path == "/v1/explain") return route::explain;
    if (path == "/v1/plan") return route::plan;
    if (path == "/v1/range") return route::range;
    if (path == "/v1/council") return route::council;
    if (path == "/v1/validate") return route::validate;
    if (path == "/v1/rulesets" || path == "/v1/rulesets/") return route::rulesets;
    if (path == "/healthz") return route::healthz;
    if (path == "/metrics") return route::metrics;
    if (path == "/v1/openapi.json") return route::openapi;
    constexpr std::string_view rs = "/v1/rulesets/", sc = "/v1/schema/";
    if (path.starts_with(rs) && path.find('/', rs.size()) == std::string_view::npos) {
        a = path.substr(rs.size());
        return route::ruleset;
    }
    if (path.starts_with(sc)) {
        const auto rest = path.substr(sc.size());
        const auto slash = rest.find('/');
        if (slash != std::string_view::npos && slash > 0 &&
            rest.find('/', slash + 1) == std::string_view::npos) {
            a = rest.substr(0, slash);
            b = rest.substr(slash + 1);
            return route::schema;
        }
    }
    return route::other;
}

bool is_post(route r) {
    return r == route::score || r == route::explain || r == route::plan || r == route::range ||
           r == route::council || r == route::validate;
}

// ---- replies ----------------------------------------------------------------------------

unsigned status_of(const diagnostic& d) {
    if (d.code == errc::invalid_json) return 400;
    if (d.code == errc::limit_exceeded && d.path.empty()) return 413;
    return 422;
}

} // namespace

reply finish(route where, media in, lines_out&& o, const char* content_type) {
    reply r;
    r.where = where;
    r.records = o.records;
    r.failed = o.failed;
    const bool single = o.records == 1 && in == media::json;
    r.content_type = content_type ? content_type
                     : single     ? "application/json"
                                  : "application/x-ndjson";
    if (o.records == 1 && o.failed == 1) r.status = status_of(o.first_error);
    r.body = std::move(o.body);
    return r;
}

reply too_many(route where, const request_limits& lim) {
    return error_reply(413, "limit_exceeded", "",
                       "more than " + std::to_string(lim.max_records) +
                           " records in one request (--max-records)",
                       where);
}

namespace {

// ---- /v1/explain ------------------------------------------------------------------------

reply explain_ep(const request_view& rq, const target_parts& t,
                 const std::shared_ptr<const snapshot>& snap, const server_view& sv) {
    auto& w = worker_for(snap);
    const std::string want = t.get("id") ? *t.get("id") : std::string();
    bool done = false;
    reply r;
    r.where = route::explain;
    std::size_t records = 0;
    for_each_record(rq.body, [&](std::size_t line, std::string_view text) {
        if (done) return;
        ++records;
        if (!w.scorer->run(text, w.id, w.diag)) {
            if (want.empty() || w.id == want) {
                r.status = status_of(w.diag);
                r.body.clear();
                append_error_line(line, w.id, w.diag, {}, r.body);
                r.failed = 1;
                sv.counters.record_error(w.diag.code);
                done = true;
            }
            return;
        }
        if (!want.empty() && w.id != want) return;
        r.content_type = "text/plain; charset=utf-8";
        r.body = explain(w.scorer->result());
        done = true;
    });
    sv.counters.records(records);
    r.records = records;
    if (!done)
        return error_reply(
            404, "not_found", "",
            "no " + (want.empty() ? std::string("record") : "record with id " + want) + " found",
            route::explain);
    return r;
}

// ---- /v1/plan, /v1/range, /v1/council, /v1/validate --------------------------------------

/// The id of a parsed record, as the CLI quotes it in an error.
std::string id_of(const boost::json::value& v) {
    if (const auto* o = v.if_object())
        if (const auto* i = o->if_contains("id")) {
            if (const auto* s = i->if_string()) return std::string(s->data(), s->size());
            if (i->is_int64()) return std::to_string(i->get_int64());
        }
    return {};
}

/// Records are parsed as the CLI parses them: depth 32, repeated keys refused.
boost::json::parse_options record_parse_options() {
    boost::json::parse_options po;
    po.max_depth = 32;
    return po;
}

/// The id of a record the parser refused though it is JSON (a repeated key), read by a
/// parse that keeps the last of the repeated keys; "" when not JSON.
std::string id_of_text(std::string_view text) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(text, ec);
    return ec ? std::string() : id_of(v);
}

/// Each record parsed as JSON and handed to `fn`, which appends its line or refuses it.
template <class Fn>
reply each_json(route where, const request_view& rq, media in, const request_limits& lim,
                const server_view& sv, Fn&& fn) {
    lines_out o;
    bool over = false;
    json_parser jp(record_parse_options());
    for_each_record(rq.body, [&](std::size_t line, std::string_view text) {
        if (over || ++o.records > lim.max_records) {
            over = true;
            return;
        }
        auto v = jp.parse(text); // repeated keys refused with their path
        diagnostic d;
        std::string id;
        if (!v) {
            d = v.error();
            id = id_of_text(text);
        } else {
            auto r = fn(line, *v, o.body);
            if (r) return;
            d = r.error();
            id = id_of(*v);
        }
        if (o.failed++ == 0) o.first_error = d;
        append_error_line(line, id, d, {}, o.body);
        sv.counters.record_error(d.code);
    });
    if (over) return too_many(where, lim);
    sv.counters.records(o.records);
    return finish(where, in, std::move(o));
}

reply plan_ep(const request_view& rq, const target_parts& t, media in,
              const std::shared_ptr<const snapshot>& snap, const request_limits& lim,
              const server_view& sv) {
    plan_options po;
    if (const auto* tg = t.get("target")) {
        if (tg->size() != 1 || (*tg)[0] < '1' || (*tg)[0] > '5')
            return error_reply(400, "invalid_value", "", "target takes a star 1..5", route::plan);
        po.target = (*tg)[0] - '0';
    }
    const bool consensus = t.flag("consensus");
    evaluation ev;
    return each_json(
        route::plan, rq, in, lim, sv,
        [&](std::size_t, const boost::json::value& v, std::string& out) -> result<void> {
            auto r = parse_evaluation(v, snap->reg, ev);
            if (!r) return r;
            if (ev.members > 1 && consensus) ev = consensus_evaluation(ev);
            auto p = plan_upgrade(ev, po);
            if (!p) return p.error();
            append_plan_json(ev, *p, out);
            return {};
        });
}

reply range_ep(const request_view& rq, media in, const std::shared_ptr<const snapshot>& snap,
               const request_limits& lim, const server_view& sv) {
    return each_json(
        route::range, rq, in, lim, sv,
        [&](std::size_t, const boost::json::value& v, std::string& out) -> result<void> {
            auto ev = parse_partial_evaluation(v, snap->reg);
            if (!ev) return ev.error();
            auto r = range_of(*ev);
            if (!r) return r.error();
            append_range_json(*ev, *r, out);
            return {};
        });
}

reply council_ep(const request_view& rq, const target_parts& t, media in,
                 const std::shared_ptr<const snapshot>& snap, const request_limits& lim,
                 const server_view& sv) {
    council_options co;
    if (const auto* s = t.get("spread")) {
        auto m = parse_points_milli(*s);
        if (!m)
            return error_reply(400, "invalid_value", "", "spread takes points, e.g. 10 or 7.5",
                               route::council);
        co.spread_milli = *m;
    }
    evaluation ev;
    return each_json(
        route::council, rq, in, lim, sv,
        [&](std::size_t, const boost::json::value& v, std::string& out) -> result<void> {
            auto r = parse_evaluation(v, snap->reg, ev);
            if (!r) return r;
            append_review_json(ev, review_council(ev, co), out);
            return {};
        });
}

reply validate_ep(const request_view& rq, const target_parts& t, media in,
                  const std::shared_ptr<const snapshot>& snap, const request_limits& lim,
                  const server_view& sv) {
    message_language lang = message_language::en;
    if (const auto* l = t.get("lang"))
        if (!parse_message_language(*l, lang))
            return error_reply(400, "invalid_value", "", "lang takes vi or en", route::validate);
    evaluation ev;
    lines_out o;
    bool over = false;
    json_parser jp(record_parse_options());
    duplicate_ids dups;
    std::vector<validation_problem> ps;
    for_each_record(rq.body, [&](std::size_t line, std::string_view text) {
        if (over || ++o.records > lim.max_records) {
            over = true;
            return;
        }
        ps.clear();
        std::string id;
        auto v = jp.parse(text);
        if (!v) {
            ps.push_back({v.error().code, v.error().path, v.error().message});
            id = id_of_text(text);
        } else {
            id = id_of(*v);
            // Every problem of the record (the library's validate_evaluation), not only the
            // first one parse_evaluation stops at.
            ps = validate_evaluation(*v, snap->reg, lang);
            if (ps.empty())
                if (auto r = parse_evaluation(*v, snap->reg, ev); !r) // cannot differ; kept safe
                    ps.push_back({r.error().code, r.error().path, r.error().message});
        }
        if (v && !id.empty()) // as `ocop validate`: records read, not refusals of the parser
            if (const std::size_t first = dups.see(id, line))
                ps.push_back(duplicate_ids::problem("line " + std::to_string(first), lang));
        append_validation_json(line, id, ps, ev, o.body);
        if (!ps.empty()) {
            ++o.failed;
            sv.counters.record_error(ps.front().code);
        }
    });
    if (over) return too_many(route::validate, lim);
    sv.counters.records(o.records);
    reply r = finish(route::validate, in, std::move(o));
    r.status = 200; // the verdict is the answer, valid or not
    return r;
}

// ---- GET endpoints ----------------------------------------------------------------------

reply rulesets_ep(const snapshot& s) {
    reply r;
    r.where = route::rulesets;
    r.body = "{\"default\":";
    append_json_string(r.body, s.reg.default_id());
    r.body += ",\"generation\":" + std::to_string(s.generation) + ",\"rulesets\":[";
    bool first = true;
    for (const auto* rs : s.reg.all()) {
        r.body += first ? "" : ",";
        first = false;
        append_ruleset_summary(*rs, r.body);
    }
    r.body += "]}\n";
    return r;
}

reply ruleset_ep(const snapshot& s, std::string_view raw_id) {
    std::string id;
    if (!decode(raw_id, id, false))
        return error_reply(400, "invalid_value", "", "malformed ruleset id", route::ruleset);
    const ruleset* rs = s.reg.find(id);
    if (!rs)
        return error_reply(404, "unknown_ruleset", "", "unknown ruleset " + id, route::ruleset);
    reply r;
    r.where = route::ruleset;
    r.etag = "\"" + rs->hash() + "\"";
    append_ruleset_detail(*rs, r.body);
    r.body += '\n';
    return r;
}

reply schema_ep(const snapshot& s, std::string_view raw_id, std::string_view raw_sheet) {
    std::string id;
    if (!decode(raw_id, id, false))
        return error_reply(400, "invalid_value", "", "malformed ruleset id", route::schema);
    const ruleset* rs = s.reg.find(id);
    if (!rs) return error_reply(404, "unknown_ruleset", "", "unknown ruleset " + id, route::schema);
    int no = 0;
    const auto res = std::from_chars(raw_sheet.data(), raw_sheet.data() + raw_sheet.size(), no);
    if (res.ec != std::errc() || res.ptr != raw_sheet.data() + raw_sheet.size())
        return error_reply(400, "invalid_value", "", "the sheet is a number", route::schema);
    const compiled_sheet* sh = rs->sheet(no);
    if (!sh)
        return error_reply(404, "unknown_sheet", "", id + " has no sheet " + std::to_string(no),
                           route::schema);
    reply r;
    r.where = route::schema;
    r.content_type = "application/schema+json";
    r.etag = "\"" + rs->hash() + "\"";
    r.body = evaluation_schema_text(*rs, *sh);
    return r;
}

reply healthz_ep(const snapshot& s, const server_view& sv) {
    reply r;
    r.where = route::healthz;
    r.status = sv.draining ? 503 : 200;
    r.body =
        std::string("{\"status\":") + (sv.draining ? "\"draining\"" : "\"ok\"") + ",\"version\":";
    append_json_string(r.body, version_string);
    r.body += ",\"generation\":" + std::to_string(s.generation) + ",\"loaded_at\":";
    append_json_string(r.body, s.loaded_at);
    r.body += ",\"default\":";
    append_json_string(r.body, s.reg.default_id());
    r.body += ",\"open_connections\":" + std::to_string(sv.counters.open_connections()) + "}\n";
    return r;
}

} // namespace

reply error_reply(unsigned status, std::string_view code, std::string_view path,
                  std::string_view message, route where) {
    reply r;
    r.where = where;
    r.status = status;
    r.body = "{\"error\":";
    append_json_string(r.body, code);
    r.body += ",\"path\":";
    append_json_string(r.body, path);
    r.body += ",\"message\":";
    append_json_string(r.body, message);
    r.body += "}\n";
    return r;
}

reply precheck(std::string_view method, std::string_view target, std::string_view content_type) {
    const auto t = split_target(target);
    std::string_view a, b;
    const route where = route_of(t.path, a, b);
    if (where == route::other)
        return error_reply(404, "not_found", "", "no such endpoint: " + std::string(t.path));
    if (!t.ok) return error_reply(400, "invalid_value", "", "malformed query string", where);
    const bool post = is_post(where);
    if (method != (post ? "POST" : "GET")) {
        reply r = error_reply(405, "method_not_allowed", "",
                              std::string(t.path) + " takes " + (post ? "POST" : "GET"), where);
        r.allow = post ? "POST" : "GET";
        return r;
    }
    if (post) {
        const media m = media_of(content_type);
        const bool ok =
            m == media::json || m == media::jsonl || (m == media::csv && where == route::score);
        if (!ok)
            return error_reply(415, "unsupported_media_type", "",
                               "Content-Type must be application/json or application/x-ndjson" +
                                   std::string(where == route::score ? " (or text/csv)" : "") +
                                   ", not '" + std::string(content_type) + "'",
                               where);
    }
    reply r;
    r.where = where;
    r.status = 0;
    return r;
}

reply handle(const request_view& rq, const std::shared_ptr<const snapshot>& snap,
             const request_limits& limits, const server_view& sv) {
    reply pre = precheck(rq.method, rq.target, rq.content_type);
    if (pre.status != 0) return pre;
    const auto t = split_target(rq.target);
    std::string_view a, b;
    const route where = route_of(t.path, a, b);
    const media in = media_of(rq.content_type);
    switch (where) {
    case route::score:
        return score(rq, t, in, snap, limits, sv);
    case route::explain:
        return explain_ep(rq, t, snap, sv);
    case route::plan:
        return plan_ep(rq, t, in, snap, limits, sv);
    case route::range:
        return range_ep(rq, in, snap, limits, sv);
    case route::council:
        return council_ep(rq, t, in, snap, limits, sv);
    case route::validate:
        return validate_ep(rq, t, in, snap, limits, sv);
    case route::rulesets:
        return rulesets_ep(*snap);
    case route::ruleset:
        return ruleset_ep(*snap, a);
    case route::schema:
        return schema_ep(*snap, a, b);
    case route::healthz:
        return healthz_ep(*snap, sv);
    case route::metrics: {
        reply r;
        r.where = route::metrics;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = sv.counters.text(snap->generation);
        return r;
    }
    case route::openapi: {
        reply r;
        r.where = route::openapi;
        r.body = snap->openapi;
        return r;
    }
    default:
        return error_reply(404, "not_found", "", "no such endpoint");
    }
}

} // namespace ocop::serve
