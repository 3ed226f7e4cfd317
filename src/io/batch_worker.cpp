// Batch scoring on a worker: each record of a chunk read (JSON, CSV, a JSON Lines line holding
// an array, an already-scored result line), scored, and written as its output line or error.
#include <ocop/batch.hpp>

#include "../detail/csv_text.hpp"
#include "batch_detail.hpp"

#include <ocop/evaluation_reader.hpp>
#include <ocop/json_parser.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace ocop {

namespace {

using detail::chunk;
using detail::clip_id;
using detail::context;
using detail::json_blank;
using detail::worker_state;

/// One record handed to process_record: its first line, its text, whether it was too long.
struct rec_view {
    std::size_t line = 0;
    std::string_view text;
    bool too_long = false;
    std::size_t element = 0; // index in a JSON array read element by element
    std::string_view error;  // that array's framing error instead of a record
};

std::string id_of(const boost::json::object& o) {
    const auto* i = o.if_contains("id");
    if (!i) return {};
    if (const auto* s = i->if_string()) return clip_id(std::string_view(s->data(), s->size()));
    if (i->is_int64()) return std::to_string(i->get_int64());
    return {};
}

void fail(chunk& c, const rec_view& r, std::string id, diagnostic d, std::string column = {}) {
    if (r.element) d.message += " (element " + std::to_string(r.element) + " of the JSON array)";
    c.errors.push_back({r.line, std::move(id), std::move(column), std::move(d)});
}

/// Note a processed record's id for the duplicate check (made in input order by the emitter).
void note_id(const context& ctx, chunk& c, const rec_view& r, std::string_view id) {
    if (!ctx.cb.on_warning || id.empty()) return;
    c.ids.append(id.data(), id.size());
    c.id_marks.emplace_back(r.line, c.ids.size());
}

/// A consumer's refusal by exception (checked arithmetic in cohorts: a sum out of range) is a
/// refused record, named by line and id, never the end of the run.
template <class F>
bool consumer_call(chunk& c, const rec_view& r, std::string_view id, F&& f) {
    try {
        f();
        return true;
    } catch (const std::exception& e) {
        fail(c, r, clip_id(id), {errc::out_of_range, "", std::string("refused: ") + e.what()});
        return false;
    }
}

/// Score the evaluation just read, hand it over and write its line.
void finish_record(const context& ctx, worker_state& w, unsigned wi, const rec_view& r, chunk& c) {
    // Output lines explain the star; a run without output needs no reasons. The sentences are
    // formatted only for lines that print them, or for a consumer that may read them.
    score_detail detail = ctx.opts.detail;
    if (ctx.opts.output != batch_output::none)
        detail =
            (ctx.cb.on_result || (ctx.opts.output == batch_output::jsonl && ctx.opts.json.messages))
                ? score_detail::full
                : score_detail::reasons;
    score_evaluation(w.ev, w.res, detail);
    note_id(ctx, c, r, w.ev.id);
    if (ctx.cb.on_result && !consumer_call(c, r, w.ev.id, [&] { ctx.cb.on_result(wi, w.res); }))
        return;
    if (ctx.opts.output == batch_output::jsonl) {
        append_result_json(w.res, c.out, ctx.opts.json);
        c.out += '\n';
    } else if (ctx.opts.output == batch_output::csv) {
        append_result_csv(w.res, c.out);
    }
    ++c.scored;
}

/// A repeated key (the parser's refusal of valid JSON): reported with the record's id, read
/// by a second parse that keeps the last of the repeated keys (rare path).
void fail_repeated_key(chunk& c, const rec_view& r, diagnostic d) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(r.text, ec);
    const auto* o = ec ? nullptr : v.if_object();
    fail(c, r, o ? id_of(*o) : std::string(), std::move(d));
}

void process_record(const context& ctx, worker_state& w, unsigned wi, const rec_view& r, chunk& c,
                    bool element = false);

/// A JSON Lines line holding an array: its elements are records of that line (as
/// record_reader reads them).
void process_array_line(const context& ctx, worker_state& w, unsigned wi, const rec_view& r,
                        chunk& c) {
    std::vector<std::string> elements; // rare path: allocation is fine
    {
        boost::json::monotonic_resource mr(w.arena.get(), worker_state::arena_bytes);
        auto v = w.parser.parse(r.text, boost::json::storage_ptr(&mr));
        if (!v) {
            if (v.error().code == errc::invalid_json)
                fail(c, r, {}, v.error());
            else
                fail_repeated_key(c, r, v.error());
            return;
        }
        for (const auto& el : v->as_array()) elements.push_back(boost::json::serialize(el));
    }
    ++c.array_lines; // counted as its elements, not as one record
    c.array_elements += elements.size();
    // The arena is free again: each element may use it.
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const std::size_t before = c.errors.size();
        process_record(ctx, w, wi, {r.line, elements[i], false, 0, {}}, c, true);
        for (std::size_t e = before; e < c.errors.size(); ++e)
            c.errors[e].diag.message += " (element " + std::to_string(i + 1) + " of the line)";
    }
}

void process_record(const context& ctx, worker_state& w, unsigned wi, const rec_view& r, chunk& c,
                    bool element) {
    if (!r.error.empty()) {
        fail(c, r, {}, {errc::invalid_json, "", std::string(r.error)});
        return;
    }
    if (r.too_long) {
        fail(c, r, {},
             {errc::limit_exceeded, "",
              "record longer than " + std::to_string(ctx.opts.max_line_bytes) +
                  " bytes (--max-line-bytes); skipped"});
        return;
    }
    if (!ctx.layout && !element && !r.element) {
        const auto b = r.text.find_first_not_of(" \t");
        if (b != std::string_view::npos && r.text[b] == '[') {
            process_array_line(ctx, w, wi, r, c);
            return;
        }
    }
    if (ctx.layout) {
        if (!w.split.split(r.text, ctx.layout->separator(), w.err)) {
            fail(c, r, {}, {errc::invalid_value, "", "malformed CSV: " + w.err});
            return;
        }
        auto parsed = w.csv->read(w.split, w.ev);
        if (!parsed) {
            std::string id;
            for (std::size_t i = 0; i < ctx.layout->size() && i < w.split.size(); ++i)
                if (ctx.layout->kind(i) == csv_layout::column_kind::id &&
                    valid_utf8(w.split.field(i)))
                    id = clip_id(detail::trim(w.split.field(i)));
            fail(c, r, std::move(id), parsed.error(), w.csv->column());
            return;
        }
        finish_record(ctx, w, wi, r, c);
        return;
    }
    // JSON: a NUL byte is named with the line (a CSV row names its column, csv_layout).
    if (std::memchr(r.text.data(), '\0', r.text.size())) {
        fail(c, r, {}, {errc::invalid_value, "", "NUL byte in the input (not text)"});
        return;
    }
    const bool maybe_result_line =
        ctx.opts.accept_results && (r.text.find("ruleset_hash") != std::string_view::npos ||
                                    r.text.find('\\') != std::string_view::npos);
    if (!maybe_result_line) {
        // Not a result line (its key cannot be there, even escaped): the reader decides.
        auto parsed = w.reader.read(r.text, w.ev);
        if (!parsed) {
            const auto* doc = w.reader.document();
            const auto* o = doc ? doc->if_object() : nullptr;
            if (o) note_id(ctx, c, r, id_of(*o));
            fail(c, r, o ? id_of(*o) : std::string(), parsed.error());
            return;
        }
        finish_record(ctx, w, wi, r, c);
        return;
    }
    // Perhaps an already-scored result line: look at the document first.
    boost::json::monotonic_resource mr(w.arena.get(), worker_state::arena_bytes);
    auto doc = w.parser.parse(r.text, boost::json::storage_ptr(&mr));
    if (!doc) {
        if (doc.error().code == errc::invalid_json)
            fail(c, r, {}, doc.error());
        else
            fail_repeated_key(c, r, doc.error());
        return;
    }
    const boost::json::value& v = *doc;
    const auto* o = v.if_object();
    if (o && is_result_line(*o)) {
        const std::string id = id_of(*o);
        note_id(ctx, c, r, id);
        result<void> ok = diagnostic{errc::invalid_value, "", "a result line, not an evaluation"};
        if (ctx.cb.on_result_line &&
            !consumer_call(c, r, id, [&] { ok = ctx.cb.on_result_line(wi, *o); }))
            return;
        if (!ok)
            fail(c, r, id, ok.error());
        else
            ++c.scored;
        return;
    }
    auto parsed = parse_evaluation(v, ctx.reg, w.ev, ctx.opts.limits);
    if (!parsed) {
        if (o) note_id(ctx, c, r, id_of(*o));
        fail(c, r, o ? id_of(*o) : std::string(), parsed.error());
        return;
    }
    finish_record(ctx, w, wi, r, c);
}

void guarded_record(const context& ctx, worker_state& w, unsigned wi, const rec_view& r, chunk& c) {
    try {
        process_record(ctx, w, wi, r, c);
    } catch (const std::exception& e) {
        // A record must never stop the batch, whatever happens inside.
        fail(c, r, {}, {errc::invalid_value, "", std::string("internal error: ") + e.what()});
    }
}

/// Block mode: split the block into physical lines exactly as line_reader and
/// record_source do (limit on the bytes before "\n", then "\r" removed, BOM on the input's
/// first line, blank lines skipped), numbering lines from 1 at the block's start.
void process_block(const context& ctx, worker_state& w, unsigned wi, chunk& c) {
    c.n = 0;
    if (c.long_line) {
        c.lines = c.n = 1;
        guarded_record(ctx, w, wi, {1, {}, true, 0, {}}, c);
        return;
    }
    const std::string_view b = c.block;
    const std::size_t max = ctx.opts.max_line_bytes;
    std::size_t pos = 0, line = 0;
    while (pos < b.size()) {
        const char* s = b.data() + pos;
        const auto* nl = static_cast<const char*>(std::memchr(s, '\n', b.size() - pos));
        const std::size_t len = nl ? static_cast<std::size_t>(nl - s) : b.size() - pos;
        pos += len + (nl ? 1 : 0);
        ++line;
        rec_view r{line, std::string_view(s, len), len > max, 0, {}};
        if (r.too_long) {
            r.text = {};
        } else {
            if (!r.text.empty() && r.text.back() == '\r') r.text.remove_suffix(1);
            if (c.block_first && line == 1) r.text = strip_bom(r.text);
            if (json_blank(r.text)) continue;
        }
        ++c.n;
        guarded_record(ctx, w, wi, r, c);
    }
    c.lines = line;
}

} // namespace

namespace detail {

void process_chunk(const context& ctx, worker_state& w, unsigned wi, chunk& c) {
    if (c.is_block) {
        process_block(ctx, w, wi, c);
        return;
    }
    for (std::size_t i = 0; i < c.n; ++i)
        guarded_record(ctx, w, wi,
                       {c.recs[i].line, c.recs[i].text, c.recs[i].too_long, c.recs[i].element,
                        c.recs[i].error},
                       c);
}

} // namespace detail

} // namespace ocop
