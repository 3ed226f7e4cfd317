// Streaming batch scoring: chunks of records scored by workers, written in input order.
#include <ocop/batch.hpp>

#include "batch_reader.hpp"
#include "detail/csv_text.hpp"

#include <ocop/evaluation_reader.hpp>
#include <ocop/json_parser.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <thread>

namespace ocop {

bool is_result_line(const boost::json::object& o) noexcept {
    return o.contains("ruleset_hash") && o.contains("stars");
}

namespace {

using detail::raw_record;

/// One record handed to process_record: its first line, its text, whether it was too long.
struct rec_view {
    std::size_t line = 0;
    std::string_view text;
    bool too_long = false;
    std::size_t element = 0; // index in a JSON array read element by element
    std::string_view error;  // that array's framing error instead of a record
};

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
    json_parser parser{parse_options()}; // refuses repeated keys
    csv_splitter split;
    std::string err;
    std::vector<std::string> elements; // a JSON Lines line holding an array

    static boost::json::parse_options parse_options() {
        boost::json::parse_options po;
        po.max_depth = 32;
        return po;
    }
};

/// A chunk of records and what processing them produced. Either records already split
/// by the caller's thread (CSV, JSON documents), or a block of whole JSON Lines that the
/// worker splits itself; a block's error lines are counted from the block's start and
/// made absolute when the chunk is emitted, in order.
struct chunk {
    std::vector<raw_record> recs;
    std::size_t n = 0; ///< Records (non-blank lines) in the chunk.
    std::size_t bytes_end = 0;
    bool is_block = false;    ///< Block mode: `block` holds whole lines.
    std::string block;        ///< Whole physical lines, each ended by "\n" but perhaps the last.
    bool block_first = false; ///< The block starts the input (a BOM may open it).
    bool long_line = false;   ///< Instead of text: one physical line over the limit.
    std::size_t lines = 0;    ///< Physical lines in the block (set by the worker).
    std::string out;
    std::vector<batch_error> errors;
    std::size_t scored = 0;
    /// Ids of the records processed (when duplicates are tracked): `ids` holds them end to
    /// end, id_marks their line and end offset. Reused: no allocation per record once warm.
    std::string ids;
    std::vector<std::pair<std::size_t, std::size_t>> id_marks;
    /// Lines holding an array, and their elements: each element is a record.
    std::size_t array_lines = 0, array_elements = 0;

    void reset_results() {
        out.clear();
        errors.clear();
        scored = 0;
        array_lines = array_elements = 0;
        ids.clear();
        id_marks.clear();
    }
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

bool blank(std::string_view s) noexcept {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
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
            if (blank(r.text)) continue;
        }
        ++c.n;
        guarded_record(ctx, w, wi, r, c);
    }
    c.lines = line;
}

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

/// Cuts JSON Lines input into blocks of whole lines on the caller's thread: one read and
/// one backward search per block; the workers split the lines.
class block_source {
  public:
    block_source(std::istream& in, std::string head, bool eof, std::size_t max_line,
                 std::size_t block_bytes)
        : in_(in), carry_(std::move(head)), eof_(eof), max_(max_line), target_(block_bytes) {}

    /// The next block into `c`; false at the end of the input.
    bool next(chunk& c) {
        c.is_block = true;
        c.block_first = first_;
        c.long_line = false;
        c.n = c.lines = 0;
        c.reset_results();
        std::string& b = c.block;
        b.swap(carry_);
        carry_.clear();
        while (true) {
            if (!eof_) {
                const std::size_t old = b.size();
                b.resize(old + target_);
                in_.read(b.data() + old, static_cast<std::streamsize>(target_));
                const auto got = static_cast<std::size_t>(in_.gcount());
                b.resize(old + got);
                if (got < target_) eof_ = true;
            }
            if (eof_) {
                bytes_ += b.size();
                c.bytes_end = bytes_;
                first_ = first_ && b.empty();
                return !b.empty();
            }
            const auto p = b.rfind('\n');
            if (p != std::string::npos) {
                carry_.assign(b, p + 1, std::string::npos);
                b.resize(p + 1);
                bytes_ += b.size();
                c.bytes_end = bytes_;
                first_ = false;
                return true;
            }
            if (b.size() > max_) {
                // One line over the limit: skip to its end without keeping it.
                bytes_ += b.size();
                b.clear();
                skip_rest_of_line();
                c.long_line = true;
                c.bytes_end = bytes_;
                first_ = false;
                return true;
            }
        }
    }
    /// Whether reading failed (not just ended).
    [[nodiscard]] bool bad() const { return in_.bad(); }

  private:
    void skip_rest_of_line() {
        char buf[1 << 14];
        while (in_) {
            in_.read(buf, sizeof buf);
            const auto got = static_cast<std::size_t>(in_.gcount());
            if (got < sizeof buf) eof_ = true;
            const auto* nl = static_cast<const char*>(std::memchr(buf, '\n', got));
            if (nl) {
                const auto used = static_cast<std::size_t>(nl - buf) + 1;
                bytes_ += used;
                carry_.assign(nl + 1, got - used);
                return;
            }
            bytes_ += got;
            if (got == 0) return;
        }
        eof_ = true;
    }

    std::istream& in_;
    std::string carry_;
    bool eof_ = false, first_ = true;
    std::size_t max_, target_, bytes_ = 0;
};

/// What the first non-blank line of the input says, as start() would decide it.
enum class head_kind { need_more, blocks, records, document, array };

head_kind classify(std::string_view head, bool eof, const batch_options& opts) {
    // A JSON array, on one line or many and of any size, is read element by element.
    const std::string_view body = strip_bom(head);
    const auto lead = body.find_first_not_of(" \t\r\n");
    if (lead == std::string_view::npos) return eof ? head_kind::records : head_kind::need_more;
    if (body[lead] == '[') return head_kind::array;
    std::size_t pos = 0;
    bool first = true;
    while (true) {
        const auto nl = head.find('\n', pos);
        if (nl == std::string_view::npos && !eof)
            return head.size() - pos > opts.max_line_bytes ? head_kind::blocks // too long: '{'
                                                           : head_kind::need_more;
        const std::size_t end = nl == std::string_view::npos ? head.size() : nl;
        if (end == pos && nl == std::string_view::npos) return head_kind::records; // empty
        if (end - pos > opts.max_line_bytes) return head_kind::blocks;
        std::string_view t = head.substr(pos, end - pos);
        if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
        if (first) t = strip_bom(t);
        first = false;
        pos = end + 1;
        if (blank(t)) {
            if (nl == std::string_view::npos) return head_kind::records;
            continue;
        }
        const auto b = t.find_first_not_of(" \t");
        const char c0 = t[b];
        if (opts.input == batch_input::auto_detect && c0 != '{') return head_kind::records; // CSV
        // "{" alone on its line: perhaps one object printed over several lines.
        return c0 == '{' && t.find_last_not_of(" \t") == b ? head_kind::document
                                                           : head_kind::blocks;
    }
}

/// Serves `head`, then the rest of `in`: the records path reads what classify() looked at.
class replay_buf : public std::streambuf {
  public:
    replay_buf(std::string head, std::istream& in) : head_(std::move(head)), in_(in) {
        setg(head_.data(), head_.data(), head_.data() + head_.size());
    }

  protected:
    int_type underflow() override {
        if (!in_) return traits_type::eof();
        in_.read(buf_, sizeof buf_);
        const auto got = in_.gcount();
        if (got <= 0) return traits_type::eof();
        setg(buf_, buf_, buf_ + got);
        return traits_type::to_int_type(buf_[0]);
    }

  private:
    std::string head_;
    std::istream& in_;
    char buf_[1 << 16];
};

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
    c.reset_results();
    std::size_t bytes = 0;
    while (c.n < per_chunk && bytes < chunk_bytes && src.next(c.recs[c.n])) {
        bytes += c.recs[c.n].text.size();
        ++c.n;
    }
    c.bytes_end = reader.bytes();
    return c.n > 0;
}

/// Decides the format from the first non-blank line; sets up whole-document JSON.
result<void> start(detail::record_source& src, const batch_options& opts,
                   std::optional<csv_layout>& layout) {
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
    // JSON Lines asked for by the caller (whole documents are tried by score_stream).
    src.push_back(std::move(first));
    return {};
}

/// Runs `fill` on the caller's thread, `process_chunk` on workers, `emit` in input order.
template <class Fill, class Emit>
void run_chunks(const context& ctx, unsigned threads, Fill&& fill, Emit&& emit) {
    if (threads <= 1) {
        worker_state w(ctx);
        chunk c;
        while (fill(c)) {
            process_chunk(ctx, w, 0, c);
            emit(c);
        }
        return;
    }
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
            if (fill(ring[next_fill])) {
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

/// Ids seen so far with the line of their first record: open addressing over one text
/// buffer, so remembering an id allocates nothing per record (amortised growth only).
class id_table {
  public:
    /// The line of an earlier record with this id, or 0 (then this one is remembered).
    std::size_t seen(std::string_view id, std::size_t line) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            slot& s = slots_[i];
            if (s.line == 0) {
                s = {h, text_.size(), id.size(), line};
                text_.append(id);
                ++used_;
                return 0;
            }
            if (s.hash == h && std::string_view(text_).substr(s.off, s.len) == id) return s.line;
        }
    }

  private:
    struct slot {
        std::uint64_t hash = 0;
        std::size_t off = 0, len = 0, line = 0; // line 0: empty slot
    };
    void grow() {
        std::vector<slot> old(std::max<std::size_t>(1024, 2 * slots_.size()));
        old.swap(slots_);
        for (const slot& s : old) {
            if (s.line == 0) continue;
            std::size_t i = s.hash & (slots_.size() - 1);
            while (slots_[i].line != 0) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = s;
        }
    }
    std::string text_;
    std::vector<slot> slots_;
    std::size_t used_ = 0;
};

/// Hands a processed chunk over in input order: output, counts, errors, duplicate ids.
struct emitter {
    std::ostream* out;
    const batch_callbacks& cb;
    batch_summary sum;
    id_table ids;

    /// `line_base`: added to the chunk's lines (blocks count lines from their start).
    void operator()(chunk& c, std::size_t line_base) {
        if (out && !c.out.empty())
            out->write(c.out.data(), static_cast<std::streamsize>(c.out.size()));
        sum.records += c.n - c.array_lines + c.array_elements;
        sum.scored += c.scored;
        sum.failed += c.errors.size();
        sum.bytes = c.bytes_end;
        for (auto& e : c.errors) e.line += line_base;
        if (cb.on_warning) {
            std::size_t from = 0;
            for (const auto& [line, end] : c.id_marks) {
                const std::string_view id = std::string_view(c.ids).substr(from, end - from);
                from = end;
                if (const std::size_t first = ids.seen(id, line + line_base))
                    cb.on_warning("line " + std::to_string(line + line_base) + ": id " +
                                  clip_id(id) + " already used by the record on line " +
                                  std::to_string(first) + " (both are processed)");
            }
        }
        if (cb.on_error)
            for (const auto& e : c.errors) cb.on_error(e);
        if (cb.on_progress) cb.on_progress(sum);
    }
};

/// The batch over records from `src` (CSV, or records held in memory).
batch_summary run_records(detail::record_source& src, const detail::line_reader& reader,
                          const csv_layout* layout, std::ostream* out, const registry& reg,
                          const batch_options& opts, const batch_callbacks& cb) {
    const context ctx{reg, opts, cb, layout};
    if (out && opts.output == batch_output::csv) *out << result_csv_header();
    emitter emit{out, cb, {}, {}};
    run_chunks(
        ctx, opts.threads ? opts.threads : 1, [&](chunk& c) { return fill(src, reader, opts, c); },
        [&](chunk& c) { emit(c, 0); });
    return emit.sum;
}

/// The batch over records split on the caller's thread (CSV).
/// With `json_array`, the input is a JSON array, read element by element.
result<batch_summary> score_records(std::istream& in, std::ostream* out, const registry& reg,
                                    const batch_options& opts, const batch_callbacks& cb,
                                    bool json_array = false) {
    detail::line_reader reader(in, opts.max_line_bytes);
    detail::record_source src(reader, opts.max_line_bytes);
    std::optional<csv_layout> layout;
    if (json_array)
        src.set_array(32); // as the evaluation reader's depth limit
    else if (auto s = start(src, opts, layout); !s)
        return s.error();
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    auto sum = run_records(src, reader, layout ? &*layout : nullptr, out, reg, opts, cb);
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    return sum;
}

/// The batch over records held in memory (the elements of one JSON document).
batch_summary score_memory(std::vector<raw_record> recs, std::ostream* out, const registry& reg,
                           const batch_options& opts, const batch_callbacks& cb) {
    std::istringstream none;
    detail::line_reader reader(none, opts.max_line_bytes);
    detail::record_source src(reader, opts.max_line_bytes);
    src.set_memory(std::move(recs));
    return run_records(src, reader, nullptr, out, reg, opts, cb);
}

/// Reads the rest of `in` after `text`, up to `cap` bytes in all; false when over the cap
/// (what was read stays in `text`). `eof` tells whether the input is exhausted.
bool read_capped(std::istream& in, std::string& text, std::size_t cap, bool& eof) {
    constexpr std::size_t step = 1u << 16;
    while (!eof) {
        if (text.size() > cap) return false;
        const std::size_t old = text.size();
        text.resize(old + step);
        in.read(text.data() + old, static_cast<std::streamsize>(step));
        const auto got = static_cast<std::size_t>(in.gcount());
        text.resize(old + got);
        eof = got < step;
    }
    return text.size() <= cap;
}

/// Input whose first line opens a JSON array or is a lone "{": one document when the whole
/// input is one (within max_document_bytes); else JSON Lines, so that one bad first line never
/// loses the records after it (record_reader.hpp's rule). Returns nullopt for JSON Lines.
std::optional<std::vector<raw_record>> try_document(std::istream& in, std::string& text, bool& eof,
                                                    const batch_options& opts,
                                                    const batch_callbacks& cb) {
    const bool within = read_capped(in, text, opts.max_document_bytes, eof);
    const std::string_view doc = strip_bom(text);
    std::size_t first_line = 1;
    for (const char ch : doc.substr(0, doc.find_first_not_of(" \t\r\n"))) first_line += ch == '\n';
    if (within && doc.find('\0') == std::string_view::npos) {
        boost::json::parse_options po;
        po.max_depth = 32;
        json_parser jp(po);
        auto v = jp.parse(doc);
        if (v) {
            std::vector<raw_record> recs;
            if (const auto* a = v->if_array())
                for (const auto& el : *a)
                    recs.push_back({first_line, boost::json::serialize(el), false, 0, {}});
            else
                recs.push_back({first_line, std::string(doc), false, 0, {}});
            return recs;
        }
        boost::system::error_code one_doc; // one document, not JSON Lines?
        if (v.error().code != errc::invalid_json &&
            (boost::json::parse(doc, one_doc, {}, po), !one_doc)) {
            // One document with a repeated key: refused whole, naming the key's path.
            std::vector<raw_record> recs;
            recs.push_back({first_line, std::string(doc), false, 0, {}});
            return recs;
        }
    }
    if (cb.on_warning)
        cb.on_warning(within
                          ? "the input is not one JSON document: read as JSON Lines"
                          : "the input is larger than " + std::to_string(opts.max_document_bytes) +
                                " bytes, the most read as one JSON document: read as JSON "
                                "Lines");
    return std::nullopt;
}

/// The batch over JSON Lines cut into blocks of whole lines (workers split the lines).
batch_summary score_blocks(block_source& src, std::ostream* out, const registry& reg,
                           const batch_options& opts, const batch_callbacks& cb) {
    const context ctx{reg, opts, cb, nullptr};
    if (out && opts.output == batch_output::csv) *out << result_csv_header();
    emitter emit{out, cb, {}, {}};
    std::size_t line_base = 0;
    run_chunks(
        ctx, opts.threads ? opts.threads : 1, [&](chunk& c) { return src.next(c); },
        [&](chunk& c) {
            emit(c, line_base);
            line_base += c.lines;
        });
    return emit.sum;
}

} // namespace

result<batch_summary> score_stream(std::istream& in, std::ostream* out, const registry& reg,
                                   const batch_options& opts, const batch_callbacks& cb) {
    result<batch_summary> sum = batch_summary{};
    if (opts.input == batch_input::csv) {
        sum = score_records(in, out, reg, opts, cb);
    } else {
        // Look at the first non-blank line: JSON Lines go by blocks; CSV, a JSON array or one
        // object over several lines go record by record, reading again what was looked at.
        std::string head;
        bool eof = false;
        head_kind kind = head_kind::need_more;
        while (kind == head_kind::need_more) {
            constexpr std::size_t step = 1u << 16;
            const std::size_t old = head.size();
            head.resize(old + step);
            in.read(head.data() + old, static_cast<std::streamsize>(step));
            const auto got = static_cast<std::size_t>(in.gcount());
            head.resize(old + got);
            eof = got < step;
            kind = classify(head, eof, opts);
        }
        if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        if (kind == head_kind::document) {
            auto recs = try_document(in, head, eof, opts, cb);
            if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
            if (recs)
                sum = score_memory(std::move(*recs), out, reg, opts, cb);
            else
                kind = head_kind::blocks; // JSON Lines, from the first line again
        }
        if (kind == head_kind::blocks) {
            const std::size_t block_bytes =
                opts.output == batch_output::none ? std::size_t(1) << 20 : std::size_t(1) << 18;
            block_source src(in, std::move(head), eof, opts.max_line_bytes, block_bytes);
            sum = score_blocks(src, out, reg, opts, cb);
            if (src.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        } else if (kind != head_kind::document) {
            if (eof) in.clear(in.rdstate() & ~(std::ios::eofbit | std::ios::failbit));
            replay_buf buf(std::move(head), in);
            std::istream again(&buf);
            sum = score_records(again, out, reg, opts, cb, kind == head_kind::array);
            if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        }
    }
    if (!sum) return sum;
    if (out) {
        out->flush();
        if (!*out) return diagnostic{errc::io_error, "", "error writing the output"};
    }
    return sum;
}

} // namespace ocop
