#pragma once
// The spreadsheet path of the commands that read evaluations: .xlsx workbooks, CSV saved by
// Excel (Windows-1258, title rows, trailing columns), excel-vi and wide CSV output.
#include "cli_common.hpp"

#include <ocop/spreadsheet_input.hpp>

#include <functional>
#include <string>

namespace ocop::cli {

/// Whether `ocop score` reads `path` through the spreadsheet path: a workbook, a CSV file
/// (read whole: at most 256 MiB), --input-encoding, --csv-dialect or --format wide-csv.
[[nodiscard]] bool wants_spreadsheet_path(const args& a, const std::string& path);

/// Options --input-encoding (default auto); false with a message on stderr when unknown.
[[nodiscard]] bool input_encoding_from(const char* cmd, const args& a, input_encoding& out);

/// Read an evaluation file of any office format, printing a note when it was converted
/// (naming its encoding) and an error when it cannot be read. False: exit_fatal.
[[nodiscard]] bool read_office_file(const char* cmd, const args& a, const std::string& path,
                                    const registry& reg, std::vector<input_record>& out);

/// Print a record failure: `error: 'Phiếu 1'!C14 (id X): code at /path: message`.
void report_record_failure(const record_failure& f);

/// For the commands that take evaluations one by one (explain, plan, council, range…): read
/// `path` in any office format (read_office_file) and hand each record to `fn`; unreadable
/// records and `fn`'s refusals are reported with their line, column or cell
/// (report_record_failure) and set `failed`. False when the file cannot be read (exit_fatal).
[[nodiscard]] bool
for_each_office_record(const char* cmd, const args& a, const std::string& path, const registry& reg,
                       const std::function<result<void>(const input_record&)>& fn, bool& failed);

/// `ocop score` on the spreadsheet path (-o, --errors, --format jsonl|csv|wide-csv, format
/// from -o's extension, --csv-dialect, --input-encoding, --compact, --quiet). Exit code.
int score_spreadsheet(const char* cmd, const args& a, const std::string& path);

} // namespace ocop::cli
