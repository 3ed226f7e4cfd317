#pragma once
/// @file workbook.hpp
/// @brief Spreadsheets: `.xlsx` and CSV templates a council member can fill, and filled
/// workbooks read back as evaluations in the JSON input contract. See docs/spreadsheets.md.
///
/// A template form worksheet has one row per criterion (code, title, an in-cell drop-down of
/// the options with their points, the points as a formula, the maximum and the printed star
/// minimums), the group, part and overall totals as live formulas, protected structure and an
/// A4 print layout. A hidden worksheet `LuaChon` lists the options; a hidden column H marks
/// the kind of each row so the reader never guesses.

#include <ocop/error.hpp>
#include <ocop/registry.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop {

/// What `ocop template` writes.
struct template_options {
    std::vector<int> sheets; ///< Sheet numbers; empty: every sheet of the ruleset.
    int members = 0;         ///< 0: one form per sheet; N ≥ 1: a council of N member forms.
    bool english = false;    ///< Add the English titles in a column beside the Vietnamese.
};

/// Write an `.xlsx` template to `path` (atomically: a temporary file renamed into place).
/// Refuses an unknown sheet number (`unknown_sheet`) or a sheet that cannot be scored.
[[nodiscard]] result<void> write_template_xlsx(const ruleset& rs, const template_options& opts,
                                               const std::string& path);

/// A CSV template: the header (`id,ruleset,sheet,province,year,evaluated_on,…` and every
/// criterion id of the sheets), then one comment row (first cell `#`) of criterion titles and
/// maximum points, then one row per sheet with `ruleset` and `sheet` filled in.
[[nodiscard]] result<std::string> template_csv(const ruleset& rs, const template_options& opts,
                                               char separator = ',');

/// The text a template's drop-down shows for option `k` (0-based) of criterion `c`:
/// "k+1. label — N đ", shortened to 200 characters (Excel's lookup limit is 255).
[[nodiscard]] std::string option_display_text(const compiled_sheet& sh, std::size_t c,
                                              std::size_t k);

/// One evaluation read from a workbook, and where each of its values came from.
struct workbook_record {
    boost::json::object evaluation; ///< The record in the JSON input contract.
    std::string where;              ///< "Phiếu 1" (a form) or "Sổ!5" (a register row).
    /// JSON Pointer → cell ("'Phiếu 1'!C14"), for the values read from cells.
    std::vector<std::pair<std::string, std::string>> cells;
    /// Set when the worksheet could not be read as a record (with the cell in the message).
    std::optional<diagnostic> refusal;

    /// The cell of a JSON Pointer into `evaluation` (the longest recorded prefix), or the
    /// worksheet (`where`) when no cell is concerned.
    [[nodiscard]] std::string cell_of(std::string_view pointer) const;
};

/// Whether `path` is an Office Open XML workbook (`.xlsx` / `.xlsm` by its extension).
[[nodiscard]] bool is_workbook_path(std::string_view path) noexcept;

/// Read a filled workbook: every template form worksheet with an id or an answer is one
/// record (the member forms of one sheet in a council template are one council record);
/// every other visible worksheet whose first rows hold a header with `id` and `sheet` is a
/// register of one record per row, laid out like the CSV input (docs/batch-and-cohorts.md).
/// Option texts are matched against `reg`'s rulesets ("2. …" is option 2). Fails
/// (`io_error`, `invalid_value`) only when the file is not a readable workbook.
[[nodiscard]] result<std::vector<workbook_record>> read_workbook(const std::string& path,
                                                                 const registry& reg);

/// Write a CSV table (standard dialect, header first; e.g. the wide result table) as an `.xlsx`
/// workbook at `path` (atomically): one worksheet `sheet_name`, the header row frozen with a
/// filter, numbers as numbers in the columns decimal_column() names and in whole-number
/// columns (`sheet`, `stars`, `band_stars`, `marker_stars`, `members`, `year`, `… option`),
/// everything else as text (ids stay text: `001` keeps its zeros).
[[nodiscard]] result<void> write_table_xlsx(std::string_view csv, const std::string& path,
                                            const std::string& sheet_name = "Kết quả");

/// The sheet reference of a cell: `Sheet1!C14`, quoted when the name needs it
/// (`'Phiếu 1'!C14`); `row` and `col` are 0-based.
[[nodiscard]] std::string cell_reference(std::string_view worksheet, std::size_t row,
                                         std::size_t col);

} // namespace ocop
