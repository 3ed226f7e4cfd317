// The batch pipeline: chunks filled on the caller's thread, scored by workers in a ring of
// chunks, and handed over in input order (output, counts, errors, duplicate ids).
#include <ocop/batch.hpp>

#include "batch_detail.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace ocop {

namespace {

using detail::chunk;
using detail::clip_id;
using detail::context;
using detail::process_chunk;
using detail::worker_state;

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

} // namespace

namespace detail {

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

} // namespace detail

} // namespace ocop
