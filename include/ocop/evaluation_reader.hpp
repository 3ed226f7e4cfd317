#pragma once
/// @file evaluation_reader.hpp
/// @brief Reading evaluations from JSON text, directly from the text when the record is
/// common, through Boost.JSON and parse_evaluation otherwise, with the same outcome.

#include <ocop/evaluation.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ocop {

/// Reads evaluations from the JSON text of one record at a time; reuse one reader per thread.
///
/// Bulk data is mostly one shape: an id, a sheet, perhaps a ruleset, dates and flat metadata,
/// and one member's answers as points or `{"option": k}`. Such a record is read straight from
/// its text into the evaluation's tables (no DOM, no allocation once warm). Every other
/// record, and any record the direct reading is not sure of (escapes in strings, numbers
/// that are not plain integers, duplicate keys, unknown codes, a missing criterion…) is
/// parsed with Boost.JSON and read by parse_evaluation. Either way the evaluation, or the
/// diagnostic, is exactly what parse_evaluation gives on the parsed text: the direct path is
/// only a shortcut, checked against it by tests and a differential fuzz harness.
class evaluation_reader {
  public:
    /// A reader against `reg` (kept by reference: it must outlive the reader).
    explicit evaluation_reader(const registry& reg, const input_limits& limits = {});
    evaluation_reader(const evaluation_reader&) = delete;
    evaluation_reader& operator=(const evaluation_reader&) = delete;
    /// Destructor.
    ~evaluation_reader();

    /// Read one record's JSON text into `out`. On failure, the diagnostic of parse_evaluation,
    /// or errc::invalid_json when the text is not one JSON value.
    [[nodiscard]] result<void> read(std::string_view text, evaluation& out);

    /// The document of the last record parsed through Boost.JSON (valid until the next read),
    /// or null when the last record was read directly or was not valid JSON. Lets a caller
    /// report the id of a refused record.
    [[nodiscard]] const boost::json::value* document() const noexcept {
        return has_document_ ? &document_ : nullptr;
    }
    /// Records read directly from their text so far.
    [[nodiscard]] std::size_t direct_reads() const noexcept { return direct_; }
    /// Records read through Boost.JSON so far.
    [[nodiscard]] std::size_t document_reads() const noexcept { return through_dom_; }

    /// Scratch of the direct path (opaque).
    struct scratch;

  private:
    bool read_direct(std::string_view text, evaluation& out);

    const registry* reg_;
    input_limits limits_;
    std::unique_ptr<scratch> scratch_;
    static constexpr std::size_t arena_bytes = 64 * 1024;
    std::unique_ptr<unsigned char[]> arena_;
    boost::json::value document_;
    bool has_document_ = false;
    std::size_t direct_ = 0, through_dom_ = 0;
};

} // namespace ocop
