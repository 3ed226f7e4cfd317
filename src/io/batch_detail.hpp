#pragma once
// Internal: what the three parts of the streaming batch share (batch.cpp: the input's format and
// the entry point; batch_pipeline.cpp: chunks through workers, handed over in input order;
// batch_worker.cpp: one chunk's records scored).
#include <ocop/batch.hpp>
#include <ocop/evaluation_reader.hpp>
#include <ocop/json_parser.hpp>

#include "../detail/whitespace.hpp"
#include "batch_reader.hpp"

#include <cstring>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::detail {

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
inline std::string clip_id(std::string_view id) {
    if (id.size() <= 200) return std::string(id);
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
    return std::string(id.substr(0, cut));
}

/// Whether a line holds only spaces, tabs and line ends.
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

/// Scores every record of `c` on worker `wi` (batch_worker.cpp).
void process_chunk(const context& ctx, worker_state& w, unsigned wi, chunk& c);

/// The batch over records from `src` (CSV, or records held in memory).
batch_summary run_records(detail::record_source& src, const detail::line_reader& reader,
                          const csv_layout* layout, std::ostream* out, const registry& reg,
                          const batch_options& opts, const batch_callbacks& cb);

/// The batch over JSON Lines cut into blocks of whole lines (workers split the lines).
batch_summary score_blocks(block_source& src, std::ostream* out, const registry& reg,
                           const batch_options& opts, const batch_callbacks& cb);

} // namespace ocop::detail
