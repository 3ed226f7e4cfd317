#pragma once
// Internal: physical lines and records of a batch input, with a length limit (batch.cpp).
#include <ocop/batch.hpp>

#include "../detail/json_array.hpp"

#include <memory>

#include <istream>
#include <string>
#include <vector>

namespace ocop::detail {

/// One input record: where it starts, its text, whether it exceeded the length limit.
struct raw_record {
    std::size_t line = 0;
    std::string text;
    bool too_long = false;
    std::size_t element = 0; ///< 1-based index in a JSON array read element by element.
    std::string error;       ///< A framing error of that array instead of a record.
};

/// Reads physical lines in blocks; a line longer than the limit is skipped to its end and
/// flagged, so it costs no more memory than the limit.
class line_reader {
  public:
    line_reader(std::istream& in, std::size_t max_bytes);
    /// Next line without its "\n" or "\r\n"; false at the end of the input.
    bool next(std::string& line, bool& too_long);
    /// Bytes consumed so far.
    [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
    /// Whether reading failed (not just ended).
    [[nodiscard]] bool bad() const noexcept { return in_.bad(); }
    /// Read everything left (whole-document JSON).
    void rest(std::string& out);
    /// Everything buffered (read more when nothing is), consumed; false at the end. The view
    /// lasts until the next call.
    bool take(std::string_view& out);
    /// Serve `text` before the rest of the input (its bytes are counted again).
    void push_front(std::string_view text);

  private:
    bool fill();
    std::istream& in_;
    std::size_t max_;
    std::vector<char> buf_;
    std::size_t pos_ = 0, len_ = 0, bytes_ = 0;
};

/// Yields records: non-blank lines (CSV records may span lines inside quotes), or records
/// held in memory (elements of a JSON array).
///
/// CSV framing (docs/limits.md): a quote opens a quoted field only at a field's start. A
/// record that spans lines and then fails (text after a closing quote, the end of the input,
/// more than the length limit, or a field count other than the header's) is not swallowed:
/// its first line alone is served (the splitter reports it with that line's number), the
/// lines after it up to the failing one are served as one-line records, and reading resumes
/// normally at the failing line. At most the bad row is lost, and each line is read at most
/// three times.
class record_source {
  public:
    record_source(line_reader& r, std::size_t max_bytes) : reader_(r), max_(max_bytes) {}
    /// Next physical non-blank line, with its number; false at the end.
    bool next_line(std::string& text, std::size_t& lineno, bool& too_long);
    /// Next record into `rec`; false at the end.
    bool next(raw_record& rec);
    /// CSV mode: join lines while a quoted field is open. `columns` (the header's), when not
    /// 0, is the field count a record spanning lines must have to be accepted.
    void set_csv(bool csv, char separator = ',', std::size_t columns = 0) noexcept {
        csv_ = csv;
        sep_ = separator;
        columns_ = columns;
    }
    /// Serve these records (in memory) instead of the reader.
    void set_memory(std::vector<raw_record> recs) {
        memory_ = std::move(recs);
        use_memory_ = true;
    }
    /// Read a JSON array element by element (detail::json_array_reader), then JSON Lines.
    void set_array(std::size_t max_depth) {
        array_ = std::make_unique<json_array_reader>(max_, lineno_ + 1, max_depth);
    }
    /// Serve this record first.
    void push_back(raw_record rec) {
        pending_ = std::move(rec);
        has_pending_ = true;
    }

  private:
    /// A physical line, kept to be read again after a failed multi-line CSV record.
    struct held_line {
        std::size_t line = 0;
        std::string text;
        bool too_long = false;
    };
    bool pull(std::string& text, std::size_t& lineno, bool& too_long);
    bool next_csv(raw_record& rec);
    bool next_element(raw_record& rec);

    line_reader& reader_;
    std::size_t max_;
    std::size_t lineno_ = 0;
    bool csv_ = false, first_ = true, use_memory_ = false, has_pending_ = false;
    char sep_ = ',';
    std::unique_ptr<json_array_reader> array_;
    std::vector<array_element> elements_;
    std::size_t element_pos_ = 0;
    std::size_t columns_ = 0;
    std::vector<raw_record> memory_;
    std::size_t memory_pos_ = 0;
    raw_record pending_;
    held_line extra_;
    // Lines given back after a failed multi-line record (served first, oldest at the back),
    // and the last line that is read as a one-line record.
    std::vector<held_line> held_;
    std::vector<held_line> span_;
    std::size_t single_until_ = 0;
};

} // namespace ocop::detail
