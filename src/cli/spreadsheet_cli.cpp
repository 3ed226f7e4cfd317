// The spreadsheet path of `ocop score` (and of the commands that will read office files).
#include "spreadsheet_cli.hpp"

#include <ocop/json_io.hpp>

#include <sys/stat.h>

#include <filesystem>

#include <iostream>

namespace ocop::cli {

namespace {

bool ends_with_ci(const std::string& s, std::string_view e) {
    if (s.size() < e.size()) return false;
    for (std::size_t i = 0; i < e.size(); ++i) {
        char c = s[s.size() - e.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != e[i]) return false;
    }
    return true;
}

constexpr std::size_t max_whole_csv = std::size_t(256) << 20;

} // namespace

bool wants_spreadsheet_path(const args& a, const std::string& path) {
    if (is_workbook_path(path) || a.has("input-encoding") || a.has("csv-dialect") ||
        a.get("format") == "wide-csv" || a.get("format") == "xlsx" ||
        is_workbook_path(a.get("output")))
        return true;
    const bool csv =
        a.get("input-format") == "csv" || (!a.has("input-format") && ends_with_ci(path, ".csv"));
    if (!csv || path == "-") return false;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           static_cast<std::size_t>(st.st_size) <= max_whole_csv;
}

bool input_encoding_from(const char* cmd, const args& a, input_encoding& out) {
    out = input_encoding::automatic;
    if (a.has("input-encoding") && !parse_input_encoding(a.get("input-encoding"), out)) {
        std::cerr << "ocop " << cmd << ": --input-encoding is utf-8, windows-1258 or auto\n";
        return false;
    }
    return true;
}

bool read_office_file(const char* cmd, const args& a, const std::string& path, const registry& reg,
                      std::vector<input_record>& out) {
    input_encoding enc{};
    if (!input_encoding_from(cmd, a, enc)) return false;
    input_file_info info;
    auto recs = read_evaluation_file(path, reg, enc, &info);
    if (!recs) {
        std::cerr << "ocop " << cmd << ": " << recs.error().message << "\n";
        return false;
    }
    if (info.converted && !a.has("quiet"))
        std::cerr << "ocop " << cmd << ": note: " << path << " is not UTF-8; read as "
                  << info.encoding << "\n";
    out = std::move(*recs);
    return true;
}

void report_record_failure(const record_failure& f) {
    std::string msg = "error: " + f.where;
    if (!f.id.empty()) msg += " (id " + f.id + ")";
    if (!f.place.empty() && f.place != f.where) msg += " " + f.place;
    msg += ": " + std::string(to_string(f.diag.code)) + " at " +
           (f.diag.path.empty() ? "/" : f.diag.path) + ": " + f.diag.message + "\n";
    std::cerr << msg;
}

bool for_each_office_record(const char* cmd, const args& a, const std::string& path,
                            const registry& reg,
                            const std::function<result<void>(const input_record&)>& fn,
                            bool& failed) {
    std::vector<input_record> recs;
    if (!read_office_file(cmd, a, path, reg, recs)) return false;
    for (const auto& r : recs) {
        if (r.refusal) {
            report_record_failure({r.where, r.id, r.place_of(r.refusal->path), *r.refusal});
            failed = true;
            continue;
        }
        if (auto x = fn(r); !x) {
            report_record_failure({r.where, r.id, r.place_of(x.error().path), x.error()});
            failed = true;
        }
    }
    return true;
}

int score_spreadsheet(const char* cmd, const args& a, const std::string& path) {
    records_score_options o;
    const std::string out_path = a.get("output");
    const std::string fmt = a.get("format");
    if (fmt == "jsonl" || fmt == "json")
        o.format = records_output::jsonl;
    else if (fmt == "csv")
        o.format = records_output::csv;
    else if (fmt == "wide-csv" || fmt == "xlsx")
        o.format = records_output::wide_csv;
    else if (!fmt.empty()) {
        std::cerr << "ocop " << cmd << ": --format must be jsonl, csv, wide-csv or xlsx\n";
        return exit_usage;
    }
    // A workbook: the wide table with numbers as numbers (no separator or decimal mark).
    const bool xlsx = fmt == "xlsx" || (fmt.empty() && is_workbook_path(out_path));
    if (xlsx && (out_path.empty() || out_path == "-" || !is_workbook_path(out_path))) {
        std::cerr << "ocop " << cmd << ": an .xlsx result needs -o FILE.xlsx\n";
        return exit_usage;
    }
    if (xlsx) {
        o.format = records_output::wide_csv;
    } else if (fmt.empty() && !output_format_from_path(out_path, o.format)) {
        o.format = records_output::jsonl;
    }
    if (a.has("csv-dialect") && !parse_csv_dialect(a.get("csv-dialect"), o.dialect)) {
        std::cerr << "ocop " << cmd << ": --csv-dialect is standard or excel-vi\n";
        return exit_usage;
    }
    if (xlsx) { // the workbook holds numbers, not text: exact means, no decimal mark
        o.dialect = csv_standard;
        o.exact_fractions = true;
    }
    if (a.has("compact")) o.json.criteria = o.json.groups = false;
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop " << cmd << ": " << reg.error().what() << "\n";
        return exit_fatal;
    }
    std::error_code same_ec;
    if (!out_path.empty() && out_path != "-" && std::filesystem::exists(out_path, same_ec) &&
        std::filesystem::equivalent(path, out_path, same_ec)) {
        std::cerr << "ocop " << cmd << ": -o " << out_path << " is the input file\n";
        return exit_usage;
    }
    std::vector<input_record> recs;
    if (!read_office_file(cmd, a, path, *reg, recs)) return exit_fatal;
    const auto res = score_records(recs, *reg, o);
    std::string errors;
    for (const auto& f : res.failures) {
        report_record_failure(f);
        if (!a.has("errors")) continue;
        // The shape of `ocop score --errors` on the streaming path (docs/result-format.md):
        // "line" and "column" for text input, "record" and "cell" for a workbook.
        const std::string_view where = f.where, place = f.place;
        if (where.rfind("line ", 0) == 0 &&
            where.find_first_not_of("0123456789", 5) == std::string_view::npos) {
            errors += "{\"line\":";
            errors += where.substr(5);
        } else {
            errors += "{\"record\":";
            append_json_string(errors, where);
        }
        errors += ",\"id\":";
        append_json_string(errors, f.id);
        errors += ",\"error\":";
        append_json_string(errors, to_string(f.diag.code));
        errors += ",\"path\":";
        append_json_string(errors, f.diag.path);
        errors += ",\"message\":";
        append_json_string(errors, f.diag.message);
        if (place.rfind("column ", 0) == 0) {
            errors += ",\"column\":";
            append_json_string(errors, place.substr(7));
        } else if (!place.empty() && place != where) {
            errors += ",\"cell\":";
            append_json_string(errors, place);
        }
        errors += "}\n";
    }
    std::string err;
    if (xlsx) {
        if (auto w = write_table_xlsx(res.output, out_path); !w) {
            std::cerr << "ocop " << cmd << ": " << w.error().message << "\n";
            return exit_fatal;
        }
    }
    if ((!xlsx && !write_output(out_path, res.output, err)) ||
        (a.has("errors") && !write_output(a.get("errors"), errors, err))) {
        std::cerr << "ocop " << cmd << ": " << err << "\n";
        return exit_fatal;
    }
    if (!a.has("quiet"))
        std::cerr << "scored " << res.scored << " record(s), " << res.failures.size()
                  << " failed\n";
    return res.failures.empty() ? exit_ok : exit_partial;
}

} // namespace ocop::cli
