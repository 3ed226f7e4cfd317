// The spreadsheet path of `ocop score` (and of the commands that will read office files).
#include "spreadsheet_cli.hpp"

#include <ocop/cohort.hpp>
#include <ocop/encoding.hpp>
#include <ocop/json_io.hpp>
#include <ocop/validate.hpp>

#include <sys/stat.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <iostream>

namespace ocop::cli {

namespace {

constexpr std::size_t max_whole_csv = std::size_t(256) << 20;

/// Warn about an id used by two records (both are processed), naming both places.
void warn_duplicate_ids(const std::vector<input_record>& recs) {
    duplicate_ids dups;
    for (std::size_t n = 1; n <= recs.size(); ++n) {
        const auto& r = recs[n - 1];
        if (r.id.empty()) continue;
        if (const std::size_t first = dups.see(r.id, n))
            report_warning(r.where + ": id " + r.id + " already used by the record at " +
                           recs[first - 1].where + " (both are processed)");
    }
}

} // namespace

bool wants_spreadsheet_path(const input_args& in, const spreadsheet_args& s) {
    if (is_workbook_path(in.path) || !s.csv_dialect.empty() || s.format == "wide-csv" ||
        s.format == "xlsx" || is_workbook_path(s.output))
        return true;
    // An office CSV is decoded and tidied, then streamed (read_office_csv); other text is
    // decoded whole only when an encoding is asked for.
    return !s.input_encoding.empty() && !is_office_csv(in);
}

bool is_office_csv(const input_args& in) {
    return !is_workbook_path(in.path) && is_office_input(in);
}

result<std::string> read_office_csv(const input_args& in, const std::string& encoding, bool quiet) {
    input_encoding enc = input_encoding::automatic;
    if (!encoding.empty() && !parse_input_encoding(encoding, enc))
        return diagnostic{errc::invalid_value, "",
                          "--input-encoding is utf-8, windows-1258 or auto"};
    std::ifstream f(in.path, std::ios::binary);
    if (!f) return diagnostic{errc::io_error, "", "cannot read " + in.path};
    std::ostringstream ss;
    ss << f.rdbuf();
    auto text = decode_to_utf8(std::move(ss).str(), enc);
    if (!text) {
        auto d = text.error();
        d.message = in.path + ": " + d.message;
        return d;
    }
    if (text->converted && !quiet)
        std::cerr << "ocop " << command_name() << ": note: " << printable(in.path)
                  << " is not UTF-8; read as " << text->encoding << "\n";
    return tidy_spreadsheet_csv(text->text);
}

void report_record_failure(const record_failure& f) {
    std::string msg = "error: " + f.where;
    if (!f.id.empty()) msg += " (id " + f.id + ")";
    if (!f.place.empty() && f.place != f.where) msg += " " + f.place;
    msg += ": " + std::string(to_string(f.diag.code)) + " at " +
           (f.diag.path.empty() ? "/" : f.diag.path) + ": " + f.diag.message;
    std::cerr << printable(msg) << "\n";
}

int score_spreadsheet(const input_args& in, const ruleset_args& rs, const spreadsheet_args& s) {
    const std::string& path = in.path;
    records_score_options o;
    const std::string& out_path = s.output;
    const std::string& fmt = s.format;
    if (fmt == "jsonl" || fmt == "json")
        o.format = records_output::jsonl;
    else if (fmt == "csv")
        o.format = records_output::csv;
    else if (fmt == "wide-csv" || fmt == "xlsx")
        o.format = records_output::wide_csv;
    // A workbook: the wide table with numbers as numbers (no separator or decimal mark).
    const bool xlsx = fmt == "xlsx" || (fmt.empty() && is_workbook_path(out_path));
    if (xlsx && (out_path.empty() || out_path == "-" || !is_workbook_path(out_path)))
        return fail("an .xlsx result needs -o FILE.xlsx", exit_usage);
    if (xlsx) {
        o.format = records_output::wide_csv;
    } else if (fmt.empty() && !output_format_from_path(out_path, o.format)) {
        o.format = records_output::jsonl;
    }
    if (!s.csv_dialect.empty() && !parse_csv_dialect(s.csv_dialect, o.dialect))
        return fail("--csv-dialect is standard or excel-vi", exit_usage);
    if (xlsx) { // the workbook holds numbers, not text: exact means, no decimal mark
        o.dialect = csv_standard;
        o.exact_fractions = true;
    }
    o.json = s.json;
    input_encoding enc = input_encoding::automatic;
    if (!s.input_encoding.empty() && !parse_input_encoding(s.input_encoding, enc))
        return fail("--input-encoding is utf-8, windows-1258 or auto", exit_usage);
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    input_file_info info;
    auto recs = read_evaluation_file(path, *reg, enc, &info);
    if (!recs) return fail(recs.error().message);
    if (info.converted && !s.quiet)
        std::cerr << "ocop " << command_name() << ": note: " << printable(path)
                  << " is not UTF-8; read as " << info.encoding << "\n";
    warn_duplicate_ids(*recs);
    const auto res = score_records(*recs, *reg, o);
    std::string errors;
    for (const auto& f : res.failures) {
        report_record_failure(f);
        if (s.errors.empty()) continue;
        // A CSV line: the --errors line of the streaming path (line, id, ..., column), so that
        // both paths (and ocop serve) write the same; a workbook cell: record and place.
        const std::string_view where = f.where, place = f.place;
        std::size_t line = 0;
        if (f.where.rfind("line ", 0) == 0 &&
            std::from_chars(f.where.data() + 5, f.where.data() + f.where.size(), line).ptr ==
                f.where.data() + f.where.size() &&
            line) {
            const bool column = f.place.rfind("column ", 0) == 0;
            append_error_line(line, f.id, f.diag,
                              column ? std::string_view(f.place).substr(7) : std::string_view(),
                              errors);
            continue;
        }
        errors += "{\"record\":";
        append_json_string(errors, where);
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
    if (xlsx)
        if (auto w = write_table_xlsx(res.output, out_path); !w) return fail(w.error().message);
    if ((!xlsx && !write_output(out_path, res.output, err)) ||
        (!s.errors.empty() && !write_output(s.errors, errors, err)))
        return fail(err);
    if (!s.quiet)
        std::cerr << "scored " << res.scored << " record(s), " << res.failures.size()
                  << " failed\n";
    return res.failures.empty() ? exit_ok : exit_partial;
}

bool is_office_input(const input_args& in) {
    if (in.path == "-") return false;
    if (is_workbook_path(in.path)) return true;
    const bool csv = in.format == "csv" || (in.format == "auto" && has_extension(in.path, ".csv"));
    if (!csv) return false;
    struct stat st {};
    return ::stat(in.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           static_cast<std::size_t>(st.st_size) <= max_whole_csv;
}

namespace {

/// A refusal of record `r` (its own, or the consumer's), placed by cell or column.
record_failure failure_of(const input_record& r, diagnostic d) {
    record_failure f;
    f.where = r.where;
    f.id = r.id;
    f.place = r.place_of(d.path);
    f.diag = std::move(d);
    return f;
}

} // namespace

int for_each_office_record(const input_args& in, const registry& reg,
                           const std::function<result<void>(const boost::json::value&)>& fn,
                           batch_summary* counts) {
    input_file_info info;
    auto recs = read_evaluation_file(in.path, reg, input_encoding::automatic, &info);
    if (!recs) return fail(recs.error().message);
    if (info.converted)
        std::cerr << "ocop " << command_name() << ": note: " << printable(in.path)
                  << " is not UTF-8; read as " << info.encoding << "\n";
    warn_duplicate_ids(*recs);
    std::size_t n = 0, failed = 0;
    for (const auto& r : *recs) {
        ++n;
        std::optional<diagnostic> refusal = r.refusal;
        if (!refusal)
            if (auto ok = fn(r.record); !ok) refusal = ok.error();
        if (!refusal) continue;
        ++failed;
        report_record_failure(failure_of(r, std::move(*refusal)));
    }
    if (counts) {
        counts->records = n;
        counts->failed = failed;
        counts->scored = n - failed;
    }
    return failed ? exit_partial : exit_ok;
}

int aggregate_office(const input_args& in, const registry& reg, cohort_aggregator& agg,
                     batch_summary& sum) {
    evaluation ev;
    evaluation_result res;
    return for_each_office_record(
        in, reg,
        [&](const boost::json::value& v) -> result<void> {
            auto r = parse_evaluation(v, reg, ev);
            if (!r) return r;
            score_evaluation(ev, res, score_detail::criteria);
            try { // checked arithmetic: a sum out of range refuses the record
                agg.add(res);
            } catch (const std::exception& e) {
                return diagnostic{errc::out_of_range, "", std::string("refused: ") + e.what()};
            }
            return {};
        },
        &sum);
}

} // namespace ocop::cli
