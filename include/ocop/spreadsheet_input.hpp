#pragma once
/// @file spreadsheet_input.hpp
/// @brief Any evaluation file an office produces — JSON Lines or a JSON array, CSV in UTF-8,
/// UTF-16 or Windows-1258 (with a title row, comment rows, trailing empty columns), or a
/// filled `.xlsx` workbook — read as evaluation records that know their line, column or cell.

#include <ocop/csv.hpp>
#include <ocop/encoding.hpp>
#include <ocop/result_json.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/workbook.hpp>

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// One evaluation record read from a file, and where it came from.
struct input_record {
    std::size_t line = 0;      ///< Line of a JSON or CSV record (0 for a workbook).
    std::string where;         ///< "line 12", "'Phiếu 1'" or "Sổ!5".
    std::string id;            ///< The record's id as text, when it has one.
    boost::json::value record; ///< The evaluation in the JSON input contract (null if refused).
    std::optional<diagnostic> refusal; ///< The row could not be read as a record.
    std::vector<std::pair<std::string, std::string>> cells; ///< Workbook: pointer → cell.
    std::shared_ptr<const csv_layout> layout;               ///< CSV: the header.

    /// The cell (`'Phiếu 1'!C14`) or column (`column 1.1`) a JSON Pointer into `record`
    /// refers to, or "" when there is none.
    [[nodiscard]] std::string place_of(std::string_view pointer) const;
};

/// What read_evaluation_file found out about the file.
struct input_file_info {
    std::string format;     ///< "jsonl", "json", "csv" or "xlsx".
    std::string encoding;   ///< Encoding of a text file ("UTF-8", "WINDOWS-1258", …).
    bool converted = false; ///< The text was converted to UTF-8.
    csv_tidy_report tidy;   ///< What was tidied in a CSV file.
};

/// Read every record of `path` into memory (for spreadsheets and for fixing files; stream big
/// JSON Lines files with score_stream instead). The format is chosen by the extension
/// (`.xlsx`, `.csv`) and then by the first character (`{`/`[`: JSON, else CSV). Text is
/// decoded with `enc` (decode_to_utf8) and CSV is tidied (tidy_spreadsheet_csv). Fails only
/// when the file cannot be read, is not valid in `enc`, or a CSV header is unusable.
[[nodiscard]] result<std::vector<input_record>>
read_evaluation_file(const std::string& path, const registry& reg, input_encoding enc,
                     input_file_info* info = nullptr);

/// The text formats of read_evaluation_file from bytes already in memory (a browser's file,
/// a request body): JSON Lines, JSON or CSV, named and numbered as read_evaluation_file names
/// them. `name` is the file's name: it chooses CSV when it ends in `.csv` and starts messages.
[[nodiscard]] result<std::vector<input_record>>
read_evaluation_text(std::string_view bytes, const std::string& name, input_encoding enc,
                     input_file_info* info = nullptr);

/// read_evaluation_text of text known to be UTF-8 (no decoding; a BOM is skipped): what a
/// browser or a JSON string hands over. `info`, when given, keeps its encoding fields.
[[nodiscard]] result<std::vector<input_record>>
read_evaluation_utf8(std::string_view text, const std::string& name,
                     input_file_info* info = nullptr);

/// Output of score_records.
enum class records_output : std::uint8_t {
    jsonl,   ///< One JSON result per line (append_result_json), as `ocop score` writes.
    csv,     ///< The result CSV (result_csv_header, append_result_csv) in a dialect.
    wide_csv ///< The wide table (wide_result_table) of the records' sheets, in a dialect.
};

/// How score_records writes.
struct records_score_options {
    records_output format = records_output::jsonl; ///< Output format.
    csv_dialect dialect;                           ///< CSV dialect (csv and wide_csv).
    result_json_options json;                      ///< What JSON results include.
    input_limits limits;                           ///< Limits per evaluation.
    /// wide_csv: non-terminating numbers as fractions (wide_result_table::exact_fractions).
    bool exact_fractions = false;
};

/// A record that could not be scored, and where it is.
struct record_failure {
    std::string where; ///< "line 3", "'Phiếu 1'", "Sổ!5".
    std::string id;    ///< Its id, when readable.
    std::string place; ///< Cell or column of the problem ("'Phiếu 1'!C14", "column 1.2"), or "".
    diagnostic diag;   ///< What went wrong (JSON Pointer into the record).
};

/// What score_records produced.
struct records_scored {
    std::string output;                   ///< The whole output text.
    std::vector<record_failure> failures; ///< Refused records, in input order.
    std::size_t scored = 0;               ///< Records scored.
};

/// Score records read by read_evaluation_file, in input order (the same results as
/// score_stream gives for the same records), writing them in `opts.format`.
[[nodiscard]] records_scored score_records(const std::vector<input_record>& records,
                                           const registry& reg,
                                           const records_score_options& opts = {});

/// True when `path` ends in `ext` (lower case, with its dot: ".csv"), whatever the case of
/// the path's letters ("SCORES.CSV").
[[nodiscard]] bool has_extension(std::string_view path, std::string_view ext) noexcept;

/// The output format `-o`'s extension asks for: `.csv` → csv, `.jsonl`/`.json` → jsonl;
/// false for another extension (then `--format` or the default decides).
[[nodiscard]] bool output_format_from_path(std::string_view path, records_output& out) noexcept;

} // namespace ocop
