// ocop validate: every problem of every record at once, named by line, column or cell.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/json_io.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>
#include <ocop/validate.hpp>

#include <iostream>

namespace ocop::cli {

int cmd_validate(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string out_path, format, lang_name = "vi", encoding, dialect_name;
    auto app = make_app("validate", "Every problem of every record at once, named by line, "
                                    "column or cell. FILE: JSON Lines, JSON, CSV or a filled "
                                    ".xlsx workbook (ocop template).");
    app->add_option("FILE", in.path, "the records (- reads stdin)")->required()->type_name("FILE");
    add_choice(*app, "--lang", lang_name, {"vi", "en"}, "language of the messages (default vi)");
    add_choice(*app, "--format", format, {"text", "csv", "jsonl"},
               "output format (default from OUT's extension: .csv, .jsonl, else text)");
    add_choice(*app, "--csv-dialect", dialect_name, {"standard", "excel-vi"},
               "CSV output: standard (default) or excel-vi");
    add_choice(*app, "--input-encoding", encoding, {"utf-8", "windows-1258", "auto"},
               "encoding of a CSV input (default auto)");
    add_output(*app, out_path);
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    message_language lang = message_language::vi;
    (void)parse_message_language(lang_name, lang); // checked by the parser
    input_encoding enc = input_encoding::automatic;
    if (!encoding.empty()) (void)parse_input_encoding(encoding, enc);
    csv_dialect dialect;
    if (!dialect_name.empty()) (void)parse_csv_dialect(dialect_name, dialect);
    if (format.empty())
        format = out_path.size() > 4 && out_path.substr(out_path.size() - 4) == ".csv"     ? "csv"
                 : out_path.size() > 6 && out_path.substr(out_path.size() - 6) == ".jsonl" ? "jsonl"
                                                                                           : "text";
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    input_file_info info;
    auto recs = read_evaluation_file(in.path, *reg, enc, &info);
    if (!recs) return fail(recs.error().message);
    if (info.converted)
        std::cerr << "ocop validate: note: " << printable(in.path) << " is not UTF-8; read as "
                  << info.encoding << "\n";
    const auto table = validate_records(*recs, *reg, lang);
    const std::string text = write_validation_table(table,
                                                    format == "csv"     ? validation_format::csv
                                                    : format == "jsonl" ? validation_format::jsonl
                                                                        : validation_format::text,
                                                    dialect);
    std::string err;
    if (!write_output(out_path, text, err)) return fail(err);
    std::cerr << validation_summary(table, lang);
    return table.rows.empty() ? exit_ok : exit_partial;
}

namespace {
const command_registration reg_cmd_validate{
    "validate", cmd_validate,
    "list every problem of every record (JSON, CSV or .xlsx) at once, by line, column or cell"};
} // namespace

} // namespace ocop::cli
