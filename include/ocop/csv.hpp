#pragma once
/// @file csv.hpp
/// @brief Evaluations as CSV rows (one row per evaluation) and results as CSV rows.
///
/// Layout (docs/batch-and-cohorts.md): a header row, then one row per evaluation.
/// Reserved columns: `id`, `ruleset`, `sheet`, `filed_on`, `evaluated_on`, `evaluation_kind`,
/// `dossier_rejected`, `knockouts` (codes separated by `;`, `|` or spaces). A column whose
/// name starts with a digit is a criterion id of the sheet (`1.1`, `6.1.1`, `8a`); its cell
/// holds the points, `#k` for option k (1-based), `true`/`false` for a binary criterion, or
/// `3|2|3` for a council (one value per member). An empty cell is "not answered". Every
/// other column is metadata (`province`, `year`, `subject_type`, `industry`, …) carried
/// through to results; `year` is read as an integer when it is one.

#include <ocop/error.hpp>
#include <ocop/evaluation.hpp>
#include <ocop/scoring.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool valid_utf8(std::string_view text) noexcept;

/// The separator of a CSV header: ',' unless the header has none and has ';' or a tab.
char detect_csv_separator(std::string_view header) noexcept;

/// How one physical line of a CSV record ends (see csv_scan_line).
enum class csv_line_end : std::uint8_t {
    complete,  ///< The record ends with this line.
    open,      ///< A quoted field is still open: the record continues on the next line.
    malformed, ///< Text follows a closing quote: the record is broken.
};

/// Scan one physical line (without its line break) of a CSV record, `open_at_start` when it
/// continues a quoted field of the previous line. RFC 4180: a quote opens a quoted field only
/// at a field's start (a quote inside an unquoted cell, as in `Tivi 5" man hinh`, is data);
/// inside a quoted field `""` is a quote and `"` closes it, to be followed by the separator
/// or the end of the line.
csv_line_end csv_scan_line(std::string_view line, char separator, bool open_at_start) noexcept;

/// Append `field` to `out` as one CSV field, quoted when it holds a separator, a quote or a
/// line break (RFC 4180).
void append_csv_field(std::string& out, std::string_view field, char separator = ',');

/// Append a text cell (data: ids, names, titles) to a CSV output: as append_csv_field, and a
/// cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
/// that a spreadsheet shows it as text instead of running it as a formula (CSV injection).
/// Numbers written by ocop itself are not text cells and are written with append_csv_field
/// or as they are.
void append_csv_text(std::string& out, std::string_view text, char separator = ',');

/// Splits CSV records into fields with RFC 4180 quoting; reusable (keeps its buffers).
class csv_splitter {
  public:
    /// Split one record (without its final line break). A quote opens a quoted field only at
    /// a field's start; elsewhere it is data. False with `error` when a quote is malformed
    /// (text after a closing quote, or a quote left open). Unquoted fields are views of
    /// `record`: keep it alive while reading them.
    bool split(std::string_view record, char separator, std::string& error);
    /// Split a NUL-terminated record (e.g. a literal).
    bool split(const char* record, char separator, std::string& error) {
        return split(std::string_view(record), separator, error);
    }
    /// Refused: the fields would outlive a temporary record.
    bool split(std::string&& record, char separator, std::string& error) = delete;
    /// Number of fields of the last record.
    [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
    /// Field `i` of the last record, unquoted.
    [[nodiscard]] std::string_view field(std::size_t i) const noexcept { return fields_[i]; }

  private:
    std::string buffer_;
    std::vector<std::string_view> fields_;
};

/// The columns of an evaluation CSV, read from its header.
class csv_layout {
  public:
    /// What a column holds.
    enum class column_kind : std::uint8_t {
        id,
        ruleset,
        sheet,
        text_field, ///< filed_on, evaluated_on, evaluation_kind, dossier_rejected.
        knockouts,
        criterion,
        metadata
    };

    /// Read the header row; refuses an empty name, a duplicate name or a missing `id`/`sheet`.
    [[nodiscard]] static result<csv_layout> from_header(std::string_view header, char separator);

    /// Number of columns.
    [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
    /// Name of column `i`.
    [[nodiscard]] const std::string& name(std::size_t i) const { return names_[i]; }
    /// Kind of column `i`.
    [[nodiscard]] column_kind kind(std::size_t i) const { return kinds_[i]; }
    /// Field separator.
    [[nodiscard]] char separator() const noexcept { return separator_; }

    /// Build the evaluation object of one row (fields already split) into `out`, whose
    /// storage is used for every value. On error, `column` names the column concerned. A
    /// council of more than `limits.max_members` (`a|b|c` cells) is `limit_exceeded` at
    /// `/members`; the other limits are checked by parse_evaluation.
    [[nodiscard]] result<void> to_json(const csv_splitter& row, boost::json::object& out,
                                       std::string& column, const input_limits& limits = {}) const;

    /// The CSV column a JSON Pointer into an evaluation built by to_json refers to, or "".
    [[nodiscard]] std::string column_of(std::string_view pointer) const;

  private:
    std::vector<std::string> names_;
    std::vector<column_kind> kinds_;
    char separator_ = ',';
};

/// Reads the evaluation rows of one CSV layout; reuse one reader per thread.
///
/// A common row (one member, points or `#k` in the criterion cells, no knock-outs or
/// rejection) is read straight into the evaluation's tables. Every other row, and any row the
/// direct reading is not sure of, goes through csv_layout::to_json and parse_evaluation, which
/// decide and explain: the outcome is the same either way (tests compare the two).
class csv_evaluation_reader {
  public:
    /// A reader of rows laid out as `layout`, against `reg` (both must outlive the reader).
    csv_evaluation_reader(const csv_layout& layout, const registry& reg,
                          const input_limits& limits = {});
    csv_evaluation_reader(const csv_evaluation_reader&) = delete;
    csv_evaluation_reader& operator=(const csv_evaluation_reader&) = delete;
    /// Destructor.
    ~csv_evaluation_reader();

    /// Read one split row into `out`; on failure column() names the column concerned.
    [[nodiscard]] result<void> read(const csv_splitter& row, evaluation& out);
    /// The column concerned by the last failure, or "".
    [[nodiscard]] const std::string& column() const noexcept { return column_; }
    /// Rows read directly so far.
    [[nodiscard]] std::size_t direct_reads() const noexcept { return direct_; }
    /// Rows read through to_json and parse_evaluation so far.
    [[nodiscard]] std::size_t document_reads() const noexcept { return through_dom_; }

    /// Per-sheet column tables of the direct path (opaque).
    struct tables;

  private:
    bool read_direct(const csv_splitter& row, evaluation& out);

    const csv_layout* layout_;
    const registry* reg_;
    input_limits limits_;
    std::unique_ptr<tables> tables_;
    static constexpr std::size_t arena_bytes = 64 * 1024;
    std::unique_ptr<unsigned char[]> arena_;
    std::string column_;
    std::size_t direct_ = 0, through_dom_ = 0;
};

/// Header row of the CSV result format (with a final newline).
std::string result_csv_header(char separator = ',');

/// Append one result as a CSV row (with a final newline): id, ruleset, sheet, status, stars,
/// band_stars, marker_stars, decided_by, total, total_exact, A, B, C, members, province, year,
/// subject_type, industry, reasons (kinds of the deciding reasons, `;`-separated).
void append_result_csv(const evaluation_result& r, std::string& out, char separator = ',');

} // namespace ocop
