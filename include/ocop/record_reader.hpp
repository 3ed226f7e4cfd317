#pragma once
/// @file record_reader.hpp
/// @brief One reader of input records for every command: JSON Lines, a JSON array, one
/// pretty-printed JSON document, or CSV, with the same framing rules and limits everywhere.
///
/// Framing (docs/limits.md, "Input framing"):
/// - the first non-blank character decides: `[` starts a JSON array, read element by element
///   whatever its size and layout (pretty-printed, or minified on one line): each element is
///   one record, bounded by max_line_bytes and named by the line it starts on; a bad element
///   is one bad record; after the closing `]`, JSON Lines. When the array's first element is
///   not JSON, nor the one after it (a truncated first line), the first line is one bad
///   record and the lines after it are read as JSON Lines.
/// - otherwise a line that is complete JSON by itself starts JSON Lines; a line that opens
///   an object continued on later lines (a pretty-printed object) makes the reader try the
///   whole input as one document, up to record_reader_options::max_document_bytes. When the
///   whole input is not one valid document, it is read as JSON Lines after all: the bad first
///   line is one bad record and every later line is still read.
/// - in JSON Lines, a line holding an array counts as its elements (one record each);
/// - CSV when asked, or when the path ends in `.csv`, or when the first non-blank character
///   is neither `{` nor `[` (csv.hpp layout; a quoted cell may span lines);
/// - a line (or a CSV record) over max_line_bytes is refused without being held in memory,
///   and a line holding a NUL byte is refused; both are reported as bad records.

#include <ocop/error.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace ocop {

/// Input format of a record file.
enum class record_format : std::uint8_t {
    auto_detect, ///< JSON unless the first non-blank character is neither '{' nor '['.
    json,        ///< JSON Lines, a JSON array or one JSON document.
    csv          ///< CSV with a header row (csv.hpp).
};

/// How the rows of a CSV input become records.
enum class csv_records : std::uint8_t {
    evaluations, ///< The evaluation layout (csv.hpp): columns `id` and `sheet`, criteria.
    plain        ///< One member per column, named by the header (recognitions): a whole
                 ///< number without a leading zero is a number, other cells are text, empty
                 ///< cells are left out; `id` is always text.
};

/// Limits and format of a record_reader.
struct record_reader_options {
    record_format format = record_format::auto_detect; ///< Input format.
    csv_records csv = csv_records::evaluations;        ///< What CSV rows are.
    std::size_t max_line_bytes = 1u << 20;             ///< Longest line or CSV record.
    /// Largest input read as one JSON document (a pretty-printed object; a JSON array is read
    /// element by element, never as one document): such input is held in memory (about 10
    /// times its size once parsed), so it is capped.
    std::size_t max_document_bytes = std::size_t(64) << 20;
    std::size_t max_depth = 32;       ///< Nesting depth of a record.
    bool report_duplicate_ids = true; ///< Warn when two records carry the same id.
};

/// A record that could not be read or was refused by the consumer.
struct record_error {
    std::size_t line = 0;    ///< 1-based line where the record starts.
    std::size_t element = 0; ///< 1-based index in a JSON array, 0 when not from an array.
    std::string id;          ///< The record's id when readable (raw, not escaped).
    std::string column;      ///< CSV column concerned (CSV input), else empty.
    diagnostic diag;         ///< What went wrong and where.
};

/// One record handed to the consumer.
struct reader_record {
    std::size_t line = 0;            ///< 1-based line where it starts.
    std::size_t element = 0;         ///< 1-based index in a JSON array, else 0.
    const boost::json::value* value; ///< The record (a CSV row already made into an object).
};

/// Counts of one reading.
struct record_counts {
    std::size_t records = 0;  ///< Records read (blank lines excluded).
    std::size_t accepted = 0; ///< Records the consumer accepted.
    std::size_t failed = 0;   ///< Records reported as errors.
};

/// Callbacks of read_records.
struct record_callbacks {
    /// A record; an error refuses it (reported through on_error with line, id and column).
    std::function<result<void>(const reader_record&)> on_record;
    /// A bad record (unreadable, over a limit, or refused by on_record).
    std::function<void(const record_error&)> on_error;
    /// A warning that does not refuse anything (duplicate ids); one line of text.
    std::function<void(const std::string&)> on_warning;
};

/// Read every record of `in` (named `name` in messages; a name ending in `.csv` selects CSV
/// under auto_detect). Returns the counts, or a diagnostic when the input cannot be read at
/// all (I/O error, unusable CSV header).
[[nodiscard]] result<record_counts> read_records(std::istream& in, std::string_view name,
                                                 const record_reader_options& opts,
                                                 const record_callbacks& cb);

/// The record's "id" as text (a string, or an integer printed), or "".
std::string record_id(const boost::json::value& record);

} // namespace ocop
