// ocop validate: every problem of every record at once, named by line, column or cell.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/json_io.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>
#include <ocop/validate.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

constexpr const char* usage =
    "usage: ocop validate FILE [--lang vi|en] [--format text|csv|jsonl]\n"
    "                     [--csv-dialect standard|excel-vi] [--input-encoding "
    "utf-8|windows-1258|auto]\n"
    "                     [-o OUT] [--ruleset-file F] [--default ID]\n"
    "  FILE: JSON Lines, JSON, CSV or a filled .xlsx workbook (ocop template)\n";

struct row {
    std::string where, id, place, code, message;
};

} // namespace

int cmd_validate(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop validate: " << *e << "\n" << usage;
        return exit_usage;
    }
    if (a.positional.size() != 1) {
        std::cerr << usage;
        return exit_usage;
    }
    message_language lang = message_language::vi;
    if (a.has("lang") && !parse_message_language(a.get("lang"), lang)) {
        std::cerr << "ocop validate: --lang is vi or en\n";
        return exit_usage;
    }
    input_encoding enc = input_encoding::automatic;
    if (a.has("input-encoding") && !parse_input_encoding(a.get("input-encoding"), enc)) {
        std::cerr << "ocop validate: --input-encoding is utf-8, windows-1258 or auto\n";
        return exit_usage;
    }
    csv_dialect dialect;
    if (a.has("csv-dialect") && !parse_csv_dialect(a.get("csv-dialect"), dialect)) {
        std::cerr << "ocop validate: --csv-dialect is standard or excel-vi\n";
        return exit_usage;
    }
    const std::string out_path = a.get("output");
    std::string format = a.get("format");
    if (format.empty())
        format = out_path.size() > 4 && out_path.substr(out_path.size() - 4) == ".csv"     ? "csv"
                 : out_path.size() > 6 && out_path.substr(out_path.size() - 6) == ".jsonl" ? "jsonl"
                                                                                           : "text";
    if (format != "text" && format != "csv" && format != "jsonl") {
        std::cerr << "ocop validate: --format is text, csv or jsonl\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop validate: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    input_file_info info;
    auto recs = read_evaluation_file(a.positional[0], *reg, enc, &info);
    if (!recs) {
        std::cerr << "ocop validate: " << recs.error().message << "\n";
        return exit_fatal;
    }
    if (info.converted)
        std::cerr << "ocop validate: note: " << a.positional[0] << " is not UTF-8; read as "
                  << info.encoding << "\n";
    std::vector<row> rows;
    duplicate_ids dups;
    std::size_t bad_records = 0, n = 0;
    for (const auto& r : *recs) {
        ++n;
        std::vector<validation_problem> ps;
        if (r.refusal) {
            ps.push_back({r.refusal->code, r.refusal->path, r.refusal->message});
        } else {
            ps = validate_evaluation(r.record, *reg, lang);
            if (!r.id.empty())
                if (std::size_t first = dups.see(r.id, n))
                    ps.push_back(duplicate_ids::problem((*recs)[first - 1].where, lang));
        }
        if (!ps.empty()) ++bad_records;
        for (const auto& p : ps) {
            std::string place = r.place_of(p.path);
            if (place.empty()) place = p.path.empty() ? "/" : p.path;
            rows.push_back({r.where, r.id, place, to_string(p.code), p.message});
        }
    }
    std::string text;
    if (format == "text") {
        for (const auto& x : rows)
            text += x.where + (x.id.empty() ? "" : " (id " + x.id + ")") + "  " + x.place + "  " +
                    x.code + "  " + x.message + "\n";
    } else if (format == "csv") {
        std::string csv = "record,id,place,error,message\n";
        for (const auto& x : rows) {
            append_csv_field(csv, x.where);
            csv += ',';
            append_csv_field(csv, x.id);
            csv += ',';
            append_csv_field(csv, x.place);
            csv += ',';
            append_csv_field(csv, x.code);
            csv += ',';
            append_csv_field(csv, x.message);
            csv += '\n';
        }
        text = to_csv_dialect(csv, dialect);
    } else {
        for (const auto& x : rows) {
            text += "{\"record\":";
            append_json_string(text, x.where);
            text += ",\"id\":";
            append_json_string(text, x.id);
            text += ",\"place\":";
            append_json_string(text, x.place);
            text += ",\"error\":";
            append_json_string(text, x.code);
            text += ",\"message\":";
            append_json_string(text, x.message);
            text += "}\n";
        }
    }
    std::string err;
    if (!write_output(out_path, text, err)) {
        std::cerr << "ocop validate: " << err << "\n";
        return exit_fatal;
    }
    std::cerr << (lang == message_language::vi
                      ? std::to_string(n) + " bản ghi, " + std::to_string(bad_records) +
                            " có lỗi, " + std::to_string(rows.size()) + " lỗi\n"
                      : std::to_string(n) + " record(s), " + std::to_string(bad_records) +
                            " with problems, " + std::to_string(rows.size()) + " problem(s)\n");
    return rows.empty() ? exit_ok : exit_partial;
}

namespace {
const command_registration reg_cmd_validate{
    "validate", cmd_validate,
    "list every problem of every record (JSON, CSV or .xlsx) at once, by line, column or cell"};
} // namespace

} // namespace ocop::cli
