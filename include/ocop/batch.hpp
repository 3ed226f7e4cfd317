#pragma once
/// @file batch.hpp
/// @brief Streaming batch scoring: JSON Lines or CSV in, JSON Lines or CSV out, in constant
/// memory, over several threads, in input order.
///
/// The input is read in chunks of records; each chunk is parsed and scored by one worker
/// (reusing its evaluation, result and parse buffers), and chunks are written in input
/// order, so the output is byte-identical whatever the number of threads. A bad record
/// (invalid JSON or UTF-8, a wrong field, a line over the length limit) is reported and
/// skipped; it never stops the batch.

#include <ocop/csv.hpp>
#include <ocop/result_json.hpp>
#include <ocop/scoring.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace ocop {

/// Format of batch input.
enum class batch_input : std::uint8_t {
    auto_detect, ///< CSV unless the first non-blank character is '{' or '['.
    jsonl,       ///< JSON Lines (also a JSON array, or one object printed over several lines).
    csv          ///< CSV with a header row (csv.hpp).
};
BOOST_DESCRIBE_ENUM(batch_input, auto_detect, jsonl, csv)

/// Format of batch output.
enum class batch_output : std::uint8_t {
    jsonl, ///< One result object per line (append_result_json).
    csv,   ///< A header row, then one row per result (append_result_csv).
    none   ///< Nothing written (aggregation only).
};
BOOST_DESCRIBE_ENUM(batch_output, jsonl, csv, none)

/// Options of a batch run.
struct batch_options {
    unsigned threads = 1;                  ///< Worker threads (1: all on the caller's thread).
    std::size_t max_line_bytes = 1u << 20; ///< Longer records are refused (limit_exceeded).
    batch_input input = batch_input::auto_detect; ///< Input format.
    batch_output output = batch_output::jsonl;    ///< Output format.
    result_json_options json;                     ///< What JSON results include.
    input_limits limits;                          ///< Limits per evaluation.
    bool accept_results = false; ///< Pass already-scored result lines to on_result_line.
    /// Records per chunk handed to a worker; 0: 1024 without output, 256 with (a chunk holds
    /// its output lines).
    std::size_t chunk_records = 0;
    /// What results hold when nothing is written (batch_output::none): on_result consumers
    /// that need no reasons (cohorts) run faster below score_detail::full. Written output
    /// uses score_detail::reasons (structured reasons, no sentences), or score_detail::full
    /// when the lines print messages or an on_result consumer is set.
    score_detail detail = score_detail::full;
    /// Largest input read as one JSON document (input whose first line is a lone "{"; a JSON
    /// array is read element by element, whatever its size): such input is held in memory,
    /// so it is capped. Over the cap, or when the input is not one document, it is read as
    /// JSON Lines (record_reader.hpp's rule).
    std::size_t max_document_bytes = std::size_t(64) << 20;
};

/// A record that could not be processed.
struct batch_error {
    std::size_t line = 0; ///< 1-based line where the record starts.
    std::string id;       ///< Its id when readable, else empty.
    std::string column;   ///< CSV column concerned (CSV input), else empty.
    diagnostic diag;      ///< What went wrong and where (JSON Pointer into the record).
};

/// Counts of a batch run (also its progress).
struct batch_summary {
    std::size_t records = 0; ///< Records read (blank lines excluded).
    std::size_t scored = 0;  ///< Records processed successfully.
    std::size_t failed = 0;  ///< Records reported and skipped.
    std::size_t bytes = 0;   ///< Input bytes consumed so far.
};

/// Callbacks of a batch run; every one is optional.
struct batch_callbacks {
    /// A record was scored, on worker thread `worker` (0 ≤ worker < threads). Records of
    /// one worker arrive in input order, but workers run concurrently: keep one state per
    /// worker (e.g. one cohort_aggregator each, merged at the end).
    std::function<void(unsigned worker, const evaluation_result&)> on_result;
    /// An already-scored result line (with "ruleset_hash" and "stars"), when
    /// batch_options::accept_results; same threading as on_result. An error counts the
    /// record as failed.
    std::function<result<void>(unsigned worker, const boost::json::object&)> on_result_line;
    /// A record failed; called on the caller's thread, in input order.
    std::function<void(const batch_error&)> on_error;
    /// Progress after each chunk, on the caller's thread.
    std::function<void(const batch_summary&)> on_progress;
    /// A warning that refuses nothing (an id used by two records, naming both lines; input
    /// read as JSON Lines after a failed whole-document attempt): one line of text, on the
    /// caller's thread, in input order. Duplicate ids are tracked only when this is set.
    std::function<void(const std::string&)> on_warning;
};

/// Read records from `in`, score them, write results to `out` (may be null) in input order.
/// Returns the counts, or a diagnostic when the input cannot be read at all (I/O error,
/// unusable CSV header).
[[nodiscard]] result<batch_summary> score_stream(std::istream& in, std::ostream* out,
                                                 const registry& reg, const batch_options& opts,
                                                 const batch_callbacks& cb = {});

/// Whether a parsed record is an already-scored result line ("ruleset_hash" and "stars").
bool is_result_line(const boost::json::object& record) noexcept;

} // namespace ocop
