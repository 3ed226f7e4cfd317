// Streaming batch scoring: chunks of records scored by workers, written in input order.
#include <ocop/batch.hpp>

#include "batch_reader.hpp"
#include "detail/csv_text.hpp"

#include <ocop/evaluation_reader.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

namespace ocop {

bool is_result_line(const boost::json::object& o) noexcept {
    return o.contains("ruleset_hash") && o.contains("stars");
}

namespace {

using detail::raw_record;

/// Everything a worker needs, read-only and shared.
struct context {
    const registry& reg;
    const batch_options& opts;
    const batch_callbacks& cb;
    const csv_layout* layout = nullptr; // CSV input when set
};

/// Per-worker buffers, reused for every record: no allocation per record once warm
/// (apart from what the evaluation reader itself allocates).
struct worker_state {
    static constexpr std::size_t arena_bytes = 64 * 1024;
    explicit worker_state(const context& ctx) : reader(ctx.reg, ctx.opts.limits) {
        if (ctx.layout) csv.emplace(*ctx.layout, ctx.reg, ctx.opts.limits);
    }
    evaluation_reader reader;
    std::optional<csv_evaluation_reader> csv;
    evaluation ev;
    evaluation_result res;
    std::unique_ptr<unsigned char[]> arena{new unsigned char[arena_bytes]};
    boost::json::parser parser{boost::json::storage_ptr(), parse_options()};
    csv_splitter split;
    std::string err;

    static boost::json::parse_options parse_options() {
        boost::json::parse_options po;
        po.max_depth = 32;
        return po;
    }
};

/// A chunk of records and what processing them produced.
struct chunk {
    std::vector<raw_record> recs;
    std::size_t n = 0;
    std::size_t bytes_end = 0;
    std::string out;
    std::vector<batch_error> errors;
    std::size_t scored = 0;
};

/// An id for error reports: at most 200 bytes, cut on a UTF-8 character boundary.
std::string clip_id(std::string_view id) {
    if (id.size() <= 200) return std::string(id);
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
    return std::string(id.substr(0, cut));
}

std::string id_of(const boost::json::object& o) {
    const auto* i = o.if_contains("id");
    if (!i) return {};
    if (const auto* s = i->if_string()) return clip_id(std::string_view(s->data(), s->size()));
    if (i->is_int64()) return std::to_string(i->get_int64());
    return {};
}

void fail(chunk& c, const raw_record& r, std::string id, diagnostic d, std::string column = {}) {
    c.errors.push_back({r.line, std::move(id), std::move(column), std::move(d)});
}

/// Score the evaluation just read, hand it over and write its line.
void finish_record(const context& ctx, worker_state& w, unsigned wi, chunk& c) {
    // Output lines explain the star; a run without output needs no reasons.
    const score_detail detail =
        ctx.opts.output == batch_output::none ? ctx.opts.detail : score_detail::full;
    score_evaluation(w.ev, w.res, detail);
    if (ctx.cb.on_result) ctx.cb.on_result(wi, w.res);
    if (ctx.opts.output == batch_output::jsonl) {
        append_result_json(w.res, c.out, ctx.opts.json);
        c.out += '\n';
    } else if (ctx.opts.output == batch_output::csv) {
        append_result_csv(w.res, c.out);
    }
    ++c.scored;
}

void process_record(const context& ctx, worker_state& w, unsigned wi, const raw_record& r,
                    chunk& c) {
    if (r.too_long) {
        fail(c, r, {},
             {errc::limit_exceeded, "",
              "record longer than " + std::to_string(ctx.opts.max_line_bytes) +
                  " bytes (--max-line-bytes); skipped"});
        return;
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
        finish_record(ctx, w, wi, c);
        return;
    }
    const bool maybe_result_line =
        ctx.opts.accept_results && (r.text.find("ruleset_hash") != std::string::npos ||
                                    r.text.find('\\') != std::string::npos);
    if (!maybe_result_line) {
        // Not a result line (its key cannot be there, even escaped): the reader decides.
        auto parsed = w.reader.read(r.text, w.ev);
        if (!parsed) {
            const auto* doc = w.reader.document();
            const auto* o = doc ? doc->if_object() : nullptr;
            fail(c, r, o ? id_of(*o) : std::string(), parsed.error());
            return;
        }
        finish_record(ctx, w, wi, c);
        return;
    }
    // Perhaps an already-scored result line: look at the document first.
    boost::json::monotonic_resource mr(w.arena.get(), worker_state::arena_bytes);
    w.parser.reset(boost::json::storage_ptr(&mr));
    boost::system::error_code ec;
    w.parser.write(r.text.data(), r.text.size(), ec);
    if (ec) {
        fail(c, r, {}, {errc::invalid_json, "", "not valid JSON: " + ec.message()});
        return;
    }
    const boost::json::value v = w.parser.release();
    const auto* o = v.if_object();
    if (o && is_result_line(*o)) {
        auto ok = ctx.cb.on_result_line
                      ? ctx.cb.on_result_line(wi, *o)
                      : result<void>(diagnostic{errc::invalid_value, "",
                                                "a result line, not an evaluation"});
        if (!ok)
            fail(c, r, id_of(*o), ok.error());
        else
            ++c.scored;
        return;
    }
    auto parsed = parse_evaluation(v, ctx.reg, w.ev, ctx.opts.limits);
    if (!parsed) {
        fail(c, r, o ? id_of(*o) : std::string(), parsed.error());
        return;
    }
    finish_record(ctx, w, wi, c);
}

void process_chunk(const context& ctx, worker_state& w, unsigned wi, chunk& c) {
    for (std::size_t i = 0; i < c.n; ++i) {
        try {
            process_record(ctx, w, wi, c.recs[i], c);
        } catch (const std::exception& e) {
            // A record must never stop the batch, whatever happens inside.
            fail(c, c.recs[i], {},
                 {errc::invalid_value, "", std::string("internal error: ") + e.what()});
        }
    }
}

/// Reads the next chunk; false when the input is exhausted.
bool fill(detail::record_source& src, const detail::line_reader& reader, const batch_options& opts,
          chunk& c) {
    constexpr std::size_t chunk_bytes = 4u << 20;
    // Large chunks when nothing is written (fewer hand-overs between threads); smaller ones
    // when each record also holds an output line, to keep the memory of a chunk small.
    const std::size_t per_chunk = opts.chunk_records                  ? opts.chunk_records
                                  : opts.output == batch_output::none ? 1024
                                                                      : 256;
    if (c.recs.size() < per_chunk) c.recs.resize(per_chunk);
    c.n = 0;
    c.out.clear();
    c.errors.clear();
    c.scored = 0;
    std::size_t bytes = 0;
    while (c.n < per_chunk && bytes < chunk_bytes && src.next(c.recs[c.n])) {
        bytes += c.recs[c.n].text.size();
        ++c.n;
    }
    c.bytes_end = reader.bytes();
    return c.n > 0;
}

/// Decides the format from the first non-blank line; sets up whole-document JSON.
result<void> start(detail::record_source& src, detail::line_reader& reader,
                   const batch_options& opts, std::optional<csv_layout>& layout) {
    raw_record first;
    if (!src.next_line(first.text, first.line, first.too_long)) return {};
    const auto pos = first.text.find_first_not_of(" \t");
    const char c0 = first.too_long || pos == std::string::npos ? '{' : first.text[pos];
    const bool csv = opts.input == batch_input::csv ||
                     (opts.input == batch_input::auto_detect && c0 != '{' && c0 != '[');
    if (csv) {
        if (first.too_long)
            return diagnostic{errc::limit_exceeded, "", "the CSV header is too long"};
        auto l = csv_layout::from_header(first.text, detect_csv_separator(first.text));
        if (!l) return l.error();
        layout = std::move(*l);
        src.set_csv(true, layout->separator(), layout->size());
        return {};
    }
    const std::string_view t =
        std::string_view(first.text).substr(pos == std::string::npos ? 0 : pos);
    const bool whole = !first.too_long && (c0 == '[' || t.find_last_not_of(" \t") == 0);
    if (!whole) {
        src.push_back(std::move(first));
        return {};
    }
    // A JSON array, or one object printed over several lines: read as one document.
    std::string text = first.text;
    text += '\n';
    reader.rest(text);
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(text, ec);
    std::vector<raw_record> recs;
    if (!ec && doc.is_array()) {
        for (const auto& el : doc.as_array())
            recs.push_back({first.line, boost::json::serialize(el), false});
    } else if (!ec || c0 == '[') {
        recs.push_back({first.line, std::move(text), false});
    } else {
        // Not one document after all: JSON Lines whose first line is just "{".
        std::size_t line = first.line, b = 0;
        while (b < text.size()) {
            auto e = text.find('\n', b);
            if (e == std::string::npos) e = text.size();
            std::string_view l = std::string_view(text).substr(b, e - b);
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            if (l.find_first_not_of(" \t") != std::string_view::npos)
                recs.push_back({line, std::string(l), l.size() > opts.max_line_bytes});
            if (recs.size() && recs.back().too_long) recs.back().text.clear();
            ++line;
            b = e + 1;
        }
    }
    src.set_memory(std::move(recs));
    return {};
}

} // namespace

result<batch_summary> score_stream(std::istream& in, std::ostream* out, const registry& reg,
                                   const batch_options& opts, const batch_callbacks& cb) {
    detail::line_reader reader(in, opts.max_line_bytes);
    detail::record_source src(reader, opts.max_line_bytes);
    std::optional<csv_layout> layout;
    if (auto s = start(src, reader, opts, layout); !s) return s.error();
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    const context ctx{reg, opts, cb, layout ? &*layout : nullptr};
    if (out && opts.output == batch_output::csv) *out << result_csv_header();

    batch_summary sum;
    auto emit = [&](chunk& c) {
        if (out && !c.out.empty())
            out->write(c.out.data(), static_cast<std::streamsize>(c.out.size()));
        sum.records += c.n;
        sum.scored += c.scored;
        sum.failed += c.errors.size();
        sum.bytes = c.bytes_end;
        if (cb.on_error)
            for (const auto& e : c.errors) cb.on_error(e);
        if (cb.on_progress) cb.on_progress(sum);
    };

    const unsigned threads = opts.threads ? opts.threads : 1;
    if (threads == 1) {
        worker_state w(ctx);
        chunk c;
        while (fill(src, reader, opts, c)) {
            process_chunk(ctx, w, 0, c);
            emit(c);
        }
    } else {
        // A ring of chunks: the caller reads and writes in order, workers score.
        enum class state { free, queued, done };
        const std::size_t slots = 2 * threads + 1;
        std::vector<chunk> ring(slots);
        std::vector<state> st(slots, state::free);
        std::deque<std::size_t> queue;
        std::mutex m;
        std::condition_variable work_cv, done_cv;
        bool stop = false;
        std::vector<std::thread> pool;
        for (unsigned wi = 0; wi < threads; ++wi)
            pool.emplace_back([&, wi] {
                worker_state w(ctx);
                while (true) {
                    std::size_t i = 0;
                    {
                        std::unique_lock lk(m);
                        work_cv.wait(lk, [&] { return stop || !queue.empty(); });
                        if (queue.empty()) return;
                        i = queue.front();
                        queue.pop_front();
                    }
                    process_chunk(ctx, w, wi, ring[i]);
                    {
                        std::lock_guard lk(m);
                        st[i] = state::done;
                    }
                    done_cv.notify_one();
                }
            });
        std::size_t next_fill = 0, next_emit = 0, in_flight = 0;
        bool eof = false;
        while (true) {
            if (!eof && in_flight < slots) {
                if (fill(src, reader, opts, ring[next_fill])) {
                    {
                        std::lock_guard lk(m);
                        st[next_fill] = state::queued;
                        queue.push_back(next_fill);
                    }
                    work_cv.notify_one();
                    next_fill = (next_fill + 1) % slots;
                    ++in_flight;
                    continue;
                }
                eof = true;
            }
            if (in_flight == 0) break;
            {
                std::unique_lock lk(m);
                done_cv.wait(lk, [&] { return st[next_emit] == state::done; });
            }
            emit(ring[next_emit]);
            st[next_emit] = state::free;
            next_emit = (next_emit + 1) % slots;
            --in_flight;
        }
        {
            std::lock_guard lk(m);
            stop = true;
        }
        work_cv.notify_all();
        for (auto& t : pool) t.join();
    }
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    if (out) {
        out->flush();
        if (!*out) return diagnostic{errc::io_error, "", "error writing the output"};
    }
    return sum;
}

} // namespace ocop
