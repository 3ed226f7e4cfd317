// ocop score / ocop explain: evaluations in, results out.
#include "cli_common.hpp"
#include "command.hpp"
#include "spreadsheet_cli.hpp"

#include <ocop/result_json.hpp>

#include <boost/describe/enum_from_string.hpp>

#include <iostream>
#include <optional>
#include <sstream>

namespace ocop::cli {

namespace {

int cmd_score(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    spreadsheet_args ss;
    std::string detail = "totals";
    unsigned threads = 1;
    bool messages = false;
    auto app = make_app("score", "Score evaluations into one result per line (or a CSV table), "
                                 "in input order whatever --threads. Workbooks (.xlsx), office "
                                 "CSV and wide output: docs/spreadsheets.md.");
    add_input(*app, in);
    add_output(*app, ss.output);
    app->add_option("--errors", ss.errors, "also write refused records as JSON lines to ERRFILE")
        ->type_name("ERRFILE");
    add_choice(*app, "--format", ss.format, {"jsonl", "json", "csv", "wide-csv", "xlsx"},
               "output format (default from OUT's extension: .csv, .xlsx, else jsonl)");
    add_choice(*app, "--detail", detail, {"totals", "criteria", "full"},
               "what a result line holds: totals (default), criteria (subtotals and "
               "per-criterion detail), full (also every reason's sentence)");
    app->add_flag("--messages", messages, "add every reason's sentence at any --detail");
    app->add_flag("--compact", ss.compact, "totals with messages (the former compact line)");
    add_choice(*app, "--csv-dialect", ss.csv_dialect, {"standard", "excel-vi"},
               "CSV output: standard (default) or excel-vi (';' separator, decimal comma, BOM)");
    add_choice(*app, "--input-encoding", ss.input_encoding, {"utf-8", "windows-1258", "auto"},
               "encoding of a CSV input (default auto)");
    add_int(*app, "--threads", threads, 1, 256, "worker threads (default 1)");
    app->add_flag("-q,--quiet", ss.quiet, "no progress line and no summary on stderr");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {ss.output, ss.errors})) return *code;
    // The line: lean by default (--detail totals); --compact is the old name of "totals with
    // messages". The same on both paths (a CSV file and the same CSV on stdin).
    result_detail d = result_detail::totals;
    boost::describe::enum_from_string(detail.c_str(), d);
    ss.json = result_json_options::at(d, messages || ss.compact);
    // Workbooks, office CSV, excel-vi or wide output: docs/spreadsheets.md.
    if (wants_spreadsheet_path(in, ss)) return score_spreadsheet(in, rs, ss);

    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    batch_options bo = batch_options_from(in, threads);
    records_output from_ext = records_output::jsonl;
    const bool csv_out =
        ss.format == "csv" || (ss.format.empty() && output_format_from_path(ss.output, from_ext) &&
                               from_ext == records_output::csv);
    bo.output = csv_out ? batch_output::csv : batch_output::jsonl;
    bo.json = ss.json;
    input_file f;
    std::string err;
    // An office CSV (Windows-1258, title and comment rows, trailing columns): decoded and
    // tidied in memory, lines kept, then scored by the same streaming batch.
    std::optional<std::istringstream> office;
    std::size_t size = 0;
    if (is_office_csv(in)) {
        auto text = read_office_csv(in, ss.input_encoding, ss.quiet);
        if (!text) return fail(text.error().message);
        size = text->size();
        office.emplace(std::move(*text));
        bo.input = batch_input::csv;
    } else if (!f.open(in.path, err)) {
        return fail(err);
    } else {
        size = f.size();
    }
    std::istream& src = office ? static_cast<std::istream&>(*office) : f.stream();
    output out(ss.output);
    std::optional<output> errs;
    if (!ss.errors.empty()) errs.emplace(ss.errors);
    if (!out.open(err) || (errs && !errs->open(err))) return fail(err);
    progress_meter progress(size, !ss.quiet);
    std::string line;
    batch_callbacks cb;
    cb.on_warning = [&](const std::string& w) {
        progress.clear();
        report_warning(w);
    };
    cb.on_error = [&](const batch_error& e) {
        progress.clear();
        report_batch_error(e);
        if (!errs) return;
        line.clear();
        append_error_line(e.line, e.id, e.diag, e.column, line);
        errs->stream() << line;
    };
    cb.on_progress = [&](const batch_summary& s) { progress.update(s); };
    auto sum = score_stream(src, &out.stream(), *reg, bo, cb);
    progress.clear();
    if (!sum) return fail(out.check(err) ? in.path + ": " + describe(sum.error()) : err);
    if (!out.commit(err) || (errs && !errs->commit(err))) return fail(err);
    if (!ss.quiet)
        std::cerr << "scored " << sum->scored << " record(s), " << sum->failed << " failed\n";
    return sum->failed ? exit_partial : exit_ok;
}

int cmd_explain(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string want;
    auto app = make_app("explain", "A readable table of one evaluation (the first, or the one "
                                   "with --id): points lost and what decided the star. A result "
                                   "line of `ocop score` is told as it is, without scoring again.");
    add_input(*app, in);
    app->add_option("--id", want, "explain the record with this id")->type_name("ID");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    std::string text;
    bool done = false;
    evaluation ev;
    evaluation_result res;
    const int code = read_input(
        in,
        [&](const boost::json::value& v) -> result<void> {
            if (done || (!want.empty() && record_id(v) != want)) return {};
            // A result line (ocop-result/1 or /2) is told as it is.
            if (v.is_object() && v.get_object().contains("ruleset_hash") &&
                is_result_line(v.get_object())) {
                done = true;
                text = printable(explain_result_line(v.get_object()), true);
                return {};
            }
            done = true;
            if (auto r = parse_evaluation(v, *reg, ev); !r) return r;
            ev.id = printable(ev.id); // the table shows the id: no forged lines
            score_evaluation(ev, res);
            text = printable(explain(res), true);
            return {};
        },
        &*reg);
    if (code == exit_fatal) return code;
    if (!done)
        return fail(want.empty() ? "no record found" : "no record with id " + want, exit_partial);
    std::string err;
    if (!text.empty() && !write_output("-", text, err)) return fail(err);
    return text.empty() ? exit_partial : code;
}

const command_registration reg_cmd_score{
    "score", cmd_score,
    "score evaluations (JSON Lines, JSON or CSV; --threads N) into JSON Lines or CSV"};
const command_registration reg_cmd_explain{
    "explain", cmd_explain,
    "explain one evaluation or result line: points lost, what decided the star"};
} // namespace

} // namespace ocop::cli
