#pragma once
// Internal: the elements of a JSON array read as a stream of bytes, one element in memory at a
// time (record_reader.cpp and batch_reader.cpp read a JSON array this way, whatever its size
// and however it is laid out on lines).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::detail {

/// One element cut from a JSON array, or a framing error in its place.
struct array_element {
    std::size_t line = 0;  ///< Line where the element (or the problem) starts.
    std::size_t index = 0; ///< 1-based index in the array (0 for a framing error).
    std::string text;      ///< The element's JSON text, trimmed; empty when too long or error.
    bool too_long = false; ///< Longer than the limit: its text was dropped.
    std::string error;     ///< A framing error instead of an element (an empty element, the
                           ///< array not closed at the end of the input).
};

/// Whether `text` is the beginning of a JSON value that does not end within it (an array or
/// object printed over several lines, or a truncated line), as opposed to a complete value or
/// text that is not JSON at all.
[[nodiscard]] bool json_unfinished(std::string_view text, std::size_t max_depth);

/// Cuts the top-level elements of a JSON array without parsing them: it follows strings and
/// brackets only to find the commas between elements, so it holds one element at a time (at
/// most `max_element_bytes`; a longer one is flagged and skipped) whether the array is
/// printed over many lines or minified on one. Whether each element is valid JSON is for the
/// caller's parser to say.
class json_array_cutter {
  public:
    /// A cutter whose elements may hold up to `max_element_bytes` bytes; the input fed starts
    /// on line `first_line` (blanks, then the array's `[`).
    json_array_cutter(std::size_t max_element_bytes, std::size_t first_line)
        : max_(max_element_bytes), line_(first_line) {}

    /// Cut the next bytes of the input; elements completed are appended to `out`. Returns the
    /// number of bytes used: all of `bytes`, or up to and including the closing `]` (what
    /// follows it is not the array's).
    std::size_t feed(std::string_view bytes, std::vector<array_element>& out);
    /// The input ended: an unfinished element or array is appended to `out` as an error.
    void finish(std::vector<array_element>& out);

    /// The array's closing bracket has been seen.
    [[nodiscard]] bool closed() const noexcept { return state_ == state::closed; }
    /// The line the next byte is on.
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    /// The line of the array's `[`.
    [[nodiscard]] std::size_t open_line() const noexcept { return open_line_; }

  private:
    enum class state : std::uint8_t { before, between, element, closed };
    void end_element(std::vector<array_element>& out);

    std::size_t max_;
    state state_ = state::before;
    std::size_t line_, open_line_ = 0, index_ = 0;
    bool after_comma_ = false;
    // The element being cut.
    array_element el_;
    std::size_t depth_ = 0;
    bool in_string_ = false, escaped_ = false;
};

/// A JSON array read from a stream of bytes, as the record readers read it: its elements cut
/// by json_array_cutter, and the decision whether the input is an array at all. When the
/// first element is not JSON, nor the one after it (a truncated first line, say), the reader
/// gives up: it yields one error for the array's first line, and the bytes after that line are
/// to be read again as JSON Lines (replay()), so that one bad line never loses the file. A
/// first element that is not JSON followed by one that is, is one bad element (a typo).
class json_array_reader {
  public:
    /// Elements up to `max_element_bytes`; the input starts on line `first_line`; JSON nested
    /// deeper than `max_depth` is not JSON.
    json_array_reader(std::size_t max_element_bytes, std::size_t first_line, std::size_t max_depth)
        : cut_(max_element_bytes, first_line), max_depth_(max_depth) {}

    /// Read the next bytes; elements ready are appended to `out` (a bad one has `error` or
    /// `too_long`; the text of the others is JSON, or is left for the caller's parser once the
    /// array is known to be one). Returns the bytes used (see json_array_cutter::feed).
    std::size_t feed(std::string_view bytes, std::vector<array_element>& out);
    /// The input ended (see json_array_cutter::finish).
    void finish(std::vector<array_element>& out);

    /// The array is over: closed, ended, or given up.
    [[nodiscard]] bool done() const noexcept { return cut_.closed(); }
    /// Given up (see the class): read replay(), then the input, as JSON Lines, numbering the
    /// next line open_line() + 1; when skip_first_line(), the rest of the first line is still
    /// in the input and is to be skipped first.
    [[nodiscard]] bool gave_up() const noexcept { return gave_up_; }
    /// The bytes to read again after giving up.
    [[nodiscard]] std::string& replay() noexcept { return held_; }
    /// See gave_up().
    [[nodiscard]] bool skip_first_line() const noexcept { return skip_first_line_; }
    /// The line of the array's `[`.
    [[nodiscard]] std::size_t open_line() const noexcept { return cut_.open_line(); }
    /// After the closing bracket: the line the next byte is on.
    [[nodiscard]] std::size_t line() const noexcept { return cut_.line(); }

  private:
    void sort(std::vector<array_element>& fresh, std::vector<array_element>& out);
    [[nodiscard]] std::string problem(const array_element& e) const;

    json_array_cutter cut_;
    std::size_t max_depth_;
    std::vector<array_element> fresh_;
    std::string held_; // what was read before the array is known to be JSON
    bool known_ = false, gave_up_ = false, skip_first_line_ = false;
    std::optional<array_element> first_bad_;
};

} // namespace ocop::detail
