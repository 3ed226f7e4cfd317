#pragma once
// The spreadsheet path of the commands that read evaluations: .xlsx workbooks, CSV saved by
// Excel (Windows-1258, title rows, trailing columns), excel-vi and wide CSV output.
#include "cli_common.hpp"

#include <ocop/spreadsheet_input.hpp>

#include <functional>
#include <string>

namespace ocop::cli {

/// The options of `ocop score` that the spreadsheet path reads.
struct spreadsheet_args {
    std::string output;         ///< -o ("" or "-": stdout).
    std::string errors;         ///< --errors ("": none).
    std::string format;         ///< --format ("": from -o's extension).
    std::string csv_dialect;    ///< --csv-dialect ("": standard).
    std::string input_encoding; ///< --input-encoding ("": auto).
    bool compact = false;       ///< --compact: no per-criterion and per-group detail.
    bool quiet = false;         ///< --quiet.
};

/// Whether `ocop score` reads `in.path` through the spreadsheet path: a workbook, a CSV file
/// (read whole: at most 256 MiB), --input-encoding, --csv-dialect or --format wide-csv|xlsx.
[[nodiscard]] bool wants_spreadsheet_path(const input_args& in, const spreadsheet_args& s);

/// Print a record failure: `error: 'Phiếu 1'!C14 (id X): code at /path: message`.
void report_record_failure(const record_failure& f);

/// `ocop score` on the spreadsheet path (-o, --errors, --format jsonl|csv|wide-csv|xlsx,
/// format from -o's extension, --csv-dialect, --input-encoding, --compact, --quiet). Exit code.
int score_spreadsheet(const input_args& in, const ruleset_args& rs, const spreadsheet_args& s);

} // namespace ocop::cli
