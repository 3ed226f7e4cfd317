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
    result_json_options json;   ///< The JSON line (--detail, --messages), as on the batch path.
    bool quiet = false;         ///< --quiet.
};

/// Whether `ocop score` reads `in.path` through the spreadsheet path: a workbook in or out,
/// --csv-dialect, --format wide-csv|xlsx, or --input-encoding on text that is not an office
/// CSV. An office CSV (is_office_csv) is otherwise streamed after read_office_csv.
[[nodiscard]] bool wants_spreadsheet_path(const input_args& in, const spreadsheet_args& s);
/// A CSV file of at most 256 MiB (is_office_input, not a workbook).
[[nodiscard]] bool is_office_csv(const input_args& in);
/// An office CSV read whole, decoded to UTF-8 (`encoding`: --input-encoding, "" for auto; a
/// note on stderr unless `quiet` when it was not UTF-8) and tidied with every line kept where
/// it was (tidy_spreadsheet_csv): the streaming batch then reads it at full speed and its
/// errors name the lines of the file.
[[nodiscard]] result<std::string> read_office_csv(const input_args& in, const std::string& encoding,
                                                  bool quiet);

/// Print a record failure: `error: 'Phiếu 1'!C14 (id X): code at /path: message`.
void report_record_failure(const record_failure& f);

/// Whether a command that reads evaluations reads `in` through the office path, as `ocop
/// score` does: a workbook (.xlsx), or a CSV file read whole (a regular file of at most
/// 256 MiB: Windows-1258, title rows, trailing columns).
[[nodiscard]] bool is_office_input(const input_args& in);

/// Every record of an office file (is_office_input) handed to `fn`; refusals (unreadable
/// rows, `fn`'s errors) reported by sheet and cell or line and column, duplicate ids warned
/// about. The exit code (0, 1 some records failed, 3 the file cannot be read); the counts in
/// `counts` when given.
int for_each_office_record(const input_args& in, const registry& reg,
                           const std::function<result<void>(const boost::json::value&)>& fn,
                           batch_summary* counts = nullptr);

/// `aggregate`/`report` on an office file: every record scored into `agg` (criteria detail).
/// Counts in `sum`; the exit code.
int aggregate_office(const input_args& in, const registry& reg, cohort_aggregator& agg,
                     batch_summary& sum);

/// `ocop score` on the spreadsheet path (-o, --errors, --format jsonl|csv|wide-csv|xlsx,
/// format from -o's extension, --csv-dialect, --input-encoding, --compact, --quiet). Exit code.
int score_spreadsheet(const input_args& in, const ruleset_args& rs, const spreadsheet_args& s);

} // namespace ocop::cli
