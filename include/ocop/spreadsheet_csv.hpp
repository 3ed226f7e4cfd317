#pragma once
/// @file spreadsheet_csv.hpp
/// @brief CSV as spreadsheets write and read it: tidying a saved sheet before reading it
/// (title rows, comment rows, trailing empty columns), the `excel-vi` dialect (BOM, `;`,
/// decimal comma) and the wide result table (one column per criterion).

#include <ocop/error.hpp>
#include <ocop/scoring.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// What tidy_spreadsheet_csv removed.
struct csv_tidy_report {
    std::size_t title_rows = 0;       ///< Rows before the header (a sheet title), blanked.
    std::size_t comment_rows = 0;     ///< Rows whose first cell starts with `#`, blanked.
    std::size_t empty_rows = 0;       ///< Rows of empty cells only (`;;;;`), blanked.
    std::size_t trailing_columns = 0; ///< Empty columns after the last named one, dropped.
};

/// Make a CSV saved by a spreadsheet readable by the evaluation CSV reader, keeping every
/// line where it was (removed rows become blank lines, which the reader skips, so errors
/// still name the line of the original file): rows before the header (the first row with
/// cells `id` and `sheet`) are blanked, as are comment rows (first cell `#…`, such as the
/// titles row of `ocop template --format csv`) and rows of empty cells; empty columns after
/// the last named header column are dropped from every row. Text without such a header is
/// returned unchanged. `utf8` must be UTF-8 (see decode_to_utf8).
[[nodiscard]] std::string tidy_spreadsheet_csv(std::string_view utf8,
                                               csv_tidy_report* report = nullptr);

/// How CSV output is written.
struct csv_dialect {
    char separator = ','; ///< Field separator.
    char decimal = '.';   ///< Decimal mark of numbers.
    bool bom = false;     ///< Start with a UTF-8 byte-order mark.
};

/// RFC 4180 CSV: `,`, `.`, no BOM.
inline constexpr csv_dialect csv_standard{};
/// What Excel in Vietnamese (vi-VN) opens directly: BOM, `;`, decimal comma.
inline constexpr csv_dialect csv_excel_vi{';', ',', true};

/// Parse `standard` (also `rfc4180`) or `excel-vi`; false when unknown.
[[nodiscard]] bool parse_csv_dialect(std::string_view name, csv_dialect& out) noexcept;

/// Whether a CSV column of ocop's output holds decimal numbers, by its header name: `total`,
/// `gap`, `A`, `B`, `C`, statistics (`mean`, `min`, `max`, `median`, `p10`…`p90`) and names ending
/// in `points`, `_mean`, `_min`, `_max`, `_median`, `_p10`…`_p90` or `_lost` (`total_median`,
/// `mean_lost`). Ids, criterion codes (`1.2`) and fractions are never rewritten.
[[nodiscard]] bool decimal_column(std::string_view header_name) noexcept;

/// Rewrites CSV written with commas and points (such as ocop's result CSV) in a dialect,
/// chunk by chunk: the header row is kept as is (re-quoted), and in the columns that
/// decimal_column() names, decimals (`72.5`, `-0.25`) get the dialect's decimal mark.
class csv_dialect_converter {
  public:
    /// A converter to `d`.
    explicit csv_dialect_converter(const csv_dialect& d) : d_(d) {}
    /// Convert the next whole records; the first call's text starts with the header (and
    /// gets the BOM when the dialect has one).
    [[nodiscard]] std::string convert(std::string_view chunk);

  private:
    csv_dialect d_;
    bool header_done_ = false;
    std::vector<bool> decimal_;
};

/// Convert a whole CSV text (header first) to dialect `d` (csv_dialect_converter).
[[nodiscard]] std::string to_csv_dialect(std::string_view csv, const csv_dialect& d);

/// A result table with one column per criterion. For a set of sheets (the union of their
/// criterion ids, in printed order) the columns are: id, ruleset, sheet, status, stars,
/// band_stars, marker_stars, decided_by, deciding_criteria, deciding_reasons, total,
/// total_exact, A, B, C, members, province, year, subject_type, industry; then two per
/// criterion (`1.1 option`, `1.1 points`); then ruleset_hash.
class wide_result_table {
  public:
    /// Columns for these sheets (pointers must outlive the table), written in `d`.
    wide_result_table(std::vector<const compiled_sheet*> sheets, const csv_dialect& d = {});
    /// Columns for every sheet of every ruleset of `reg`.
    static wide_result_table for_registry(const registry& reg, const csv_dialect& d = {});

    /// The header row (with the BOM when the dialect has one), with a final newline.
    [[nodiscard]] std::string header() const;
    /// Append the row of one result, with a final newline. The option is 1-based (empty when
    /// council members differ or the criterion was not answered); points are exact means.
    void append_row(const evaluation_result& r, std::string& out) const;

    /// Write numbers whose decimals do not terminate as fractions (`296/3`) instead of six
    /// decimals, for a reader that turns them into numbers (write_table_xlsx).
    void exact_fractions(bool on) noexcept { fractions_ = on; }

    /// Criterion ids of the columns.
    [[nodiscard]] const std::vector<std::string>& criteria() const noexcept { return ids_; }

  private:
    std::vector<std::string> ids_;
    csv_dialect d_;
    bool fractions_ = false;
};

} // namespace ocop
