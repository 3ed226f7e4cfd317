// POST /v1/score: the query, the one-object fast path, and any other body through the CLI's
// batch reader, whole or as it arrives.
#include "../detail/compiled_sheet.hpp"
#include "handlers.hpp"

#include "handlers_detail.hpp"
#include "records.hpp"

#include <istream>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

namespace ocop::serve {

namespace {

// ---- /v1/score --------------------------------------------------------------------------

/// Reads a string in place.
class memory_source : public std::streambuf {
  public:
    explicit memory_source(std::string_view v) {
        char* b = const_cast<char*>(v.data());
        setg(b, b, b + v.size());
    }
};

/// Appends to a string.
class string_sink : public std::streambuf {
  public:
    explicit string_sink(std::string& s) : s_(s) {}

  protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) s_.push_back(static_cast<char>(c));
        return c;
    }
    std::streamsize xsputn(const char* p, std::streamsize n) override {
        s_.append(p, static_cast<std::size_t>(n));
        return n;
    }

  private:
    std::string& s_;
};

/// The record of a body holding exactly one JSON object on one line, with its line number;
/// false when the body needs the general reader (several lines, arrays, CSV, too long).
bool one_line_object(std::string_view body, std::size_t max_line, std::string_view& rec,
                     std::size_t& line) {
    body = strip_bom(body);
    std::size_t b = 0;
    line = 1;
    while (b < body.size() &&
           (body[b] == ' ' || body[b] == '\t' || body[b] == '\r' || body[b] == '\n')) {
        if (body[b] == '\n') ++line;
        ++b;
    }
    std::size_t e = body.size();
    while (e > b && (body[e - 1] == ' ' || body[e - 1] == '\t' || body[e - 1] == '\r' ||
                     body[e - 1] == '\n'))
        --e;
    if (b == e || body[b] != '{' || e - b > max_line) return false;
    rec = body.substr(b, e - b);
    return rec.find_first_of("\r\n") == std::string_view::npos;
}

/// The result lines asked for by the query of POST /v1/score: ?detail=totals|criteria|full
/// (totals by default), ?messages, and ?compact (the old name of totals with messages).
std::optional<result_json_options> score_query(const target_parts& t) {
    result_detail detail = result_detail::totals;
    if (const auto* d = t.get("detail")) {
        if (*d == "criteria")
            detail = result_detail::criteria;
        else if (*d == "full")
            detail = result_detail::full;
        else if (*d != "totals")
            return std::nullopt;
    }
    return result_json_options::at(detail, t.flag("messages") || t.flag("compact"));
}

reply bad_detail() {
    return error_reply(400, "invalid_value", "", "detail takes totals, criteria or full",
                       route::score);
}

/// Passes the first `limit` lines to `out` and drops the rest: the batch reader reads ahead
/// of the --max-records check, and a streamed answer must not send the lines past it.
class line_cap : public std::streambuf {
  public:
    line_cap(std::streambuf& out, std::size_t limit) : out_(out), left_(limit) {}

  protected:
    int_type overflow(int_type c) override {
        if (c == traits_type::eof()) return c;
        const char ch = static_cast<char>(c);
        xsputn(&ch, 1);
        return c;
    }
    std::streamsize xsputn(const char* p, std::streamsize n) override {
        std::string_view v(p, static_cast<std::size_t>(n));
        std::size_t keep = 0;
        while (left_ > 0 && keep < v.size()) {
            const auto nl = v.find('\n', keep);
            if (nl == std::string_view::npos) {
                keep = v.size();
                break;
            }
            keep = nl + 1;
            --left_;
        }
        if (keep > 0) out_.sputn(p, static_cast<std::streamsize>(keep));
        return n;
    }

  private:
    std::streambuf& out_;
    std::size_t left_;
};

/// Any body but one object on one line, through the CLI's own batch reader, one record per
/// chunk so that results and errors interleave in input order: every line goes to `out` as
/// it is made. The reply carries the status, type and counts, with an empty body; a request
/// refused as a whole (too many records, a framing error) gets its error reply instead.
reply score_records(std::istream& is, std::streambuf& out, media in, const result_json_options& jo,
                    const snapshot& snap, const request_limits& lim, const server_view& sv) {
    line_cap capped(out, lim.max_records);
    lines_out o;
    batch_options bo;
    bo.threads = 1;
    bo.chunk_records = 1;
    bo.max_line_bytes = lim.max_line_bytes;
    bo.input = in == media::csv ? batch_input::csv : batch_input::jsonl;
    bo.json = jo;
    batch_callbacks cb;
    std::string line;
    cb.on_error = [&](const batch_error& e) {
        if (o.failed++ == 0) o.first_error = e.diag;
        line.clear();
        append_error_line(e.line, e.id, e.diag, e.column, line);
        capped.sputn(line.data(), static_cast<std::streamsize>(line.size()));
        sv.counters.record_error(e.diag.code);
    };
    cb.on_progress = [&](const batch_summary& s) {
        if (s.records > lim.max_records) throw too_many_records{};
    };
    std::ostream os(&capped);
    result<batch_summary> sum = batch_summary{};
    try {
        sum = score_stream(is, &os, snap.reg, bo, cb);
    } catch (const too_many_records&) {
        return too_many(route::score, lim);
    }
    if (!sum) {
        const auto& d = sum.error();
        return error_reply(d.code == errc::limit_exceeded ? 413 : 400, to_string(d.code), d.path,
                           d.message, route::score);
    }
    o.records = sum->records;
    sv.counters.records(sum->records);
    return finish(route::score, in, std::move(o),
                  in == media::csv ? "application/x-ndjson" : nullptr);
}

} // namespace

reply score(const request_view& rq, const target_parts& t, media in,
            const std::shared_ptr<const snapshot>& snap, const request_limits& lim,
            const server_view& sv) {
    const auto jo = score_query(t);
    if (!jo) return bad_detail();
    lines_out o;
    std::string_view rec;
    std::size_t line = 0;
    if (in == media::json && one_line_object(rq.body, lim.max_line_bytes, rec, line)) {
        // The common case: one evaluation, read and scored by this thread's scorer.
        auto& w = worker_for(snap);
        o.records = 1;
        if (w.scorer->run(rec, w.id, w.diag)) {
            append_result_json(w.scorer->result(), o.body, *jo);
            o.body += '\n';
        } else {
            o.failed = 1;
            o.first_error = w.diag;
            append_error_line(line, clip_id(w.id), w.diag, {}, o.body);
            sv.counters.record_error(w.diag.code);
        }
        sv.counters.records(1);
        return finish(route::score, in, std::move(o));
    }
    memory_source src(rq.body);
    std::istream is(&src);
    std::string body;
    string_sink sink(body);
    reply r = score_records(is, sink, in, *jo, *snap, lim, sv);
    if (r.body.empty()) r.body = std::move(body);
    return r;
}

reply handle_score_stream(const request_view& rq, std::istream& body, std::streambuf& out,
                          const std::shared_ptr<const snapshot>& snap, const request_limits& limits,
                          const server_view& sv) {
    const auto jo = score_query(split_target(rq.target));
    if (!jo) return bad_detail();
    return score_records(body, out, media_of(rq.content_type), *jo, *snap, limits, sv);
}

} // namespace ocop::serve
