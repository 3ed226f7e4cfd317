// ocop score / ocop explain: evaluations in, results out.
#include "cli_common.hpp"
#include "command.hpp"
#include "spreadsheet_cli.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

#include <iostream>

namespace ocop::cli {

namespace {} // namespace

int cmd_score(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"compact", "quiet", "messages"}, a)) {
        std::cerr << "ocop score: " << *e << "\n";
        return exit_usage;
    }
    // Workbooks, office CSV, excel-vi or wide output: docs/spreadsheets.md.
    if (a.positional.size() == 1 && wants_spreadsheet_path(a, a.positional[0]))
        return score_spreadsheet("score", a, a.positional[0]);
    if (!a.has("format") && a.get("output").size() > 4 &&
        a.get("output").compare(a.get("output").size() - 4, 4, ".csv") == 0)
        a.options["format"] = "csv"; // the format -o's extension asks for
    batch_options bo;
    if (a.positional.size() == 1)
        if (auto e = batch_options_from(a, a.positional[0], bo)) {
            std::cerr << "ocop score: " << *e << "\n";
            return exit_usage;
        }
    // The line: lean by default (--detail totals); --compact is the old name of
    // "totals with messages".
    {
        result_detail d = result_detail::totals;
        const std::string dv = a.get("detail", "totals");
        if (!boost::describe::enum_from_string(dv.c_str(), d)) {
            std::cerr << "ocop score: --detail must be full, criteria or totals\n";
            return exit_usage;
        }
        bo.json = result_json_options::at(d, a.has("messages") || a.has("compact"));
    }
    if (a.positional.size() != 1) {
        std::cerr << "usage: ocop score FILE|- [-o OUT] [--errors ERRFILE] "
                     "[--detail full|criteria|totals] [--messages] [--compact] "
                     "[--threads N] [--input-format jsonl|csv] [--format jsonl|csv|wide-csv] "
                     "[--csv-dialect standard|excel-vi] [--input-encoding utf-8|windows-1258|auto] "
                     "[--max-line-bytes N] [--quiet] [--markers cap|fail|ignore] "
                     "[--defects probable|strict] [--ruleset-file F] [--default ID]\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop score: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    input_file in(a.positional[0]);
    if (!in.ok()) {
        std::cerr << "ocop score: cannot read " << a.positional[0] << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    output errs(a.get("errors"));
    if (!out.ok() || !errs.ok()) {
        std::cerr << "ocop score: cannot open the output file\n";
        return exit_fatal;
    }
    const bool errors_to_file = a.has("errors");
    progress_meter progress(in.size(), !a.has("quiet"));
    std::string line;
    batch_callbacks cb;
    cb.on_error = [&](const batch_error& e) {
        report_batch_error(e);
        if (errors_to_file) {
            line.clear();
            append_error_json(e.line, e.id, e.diag, line);
            if (!e.column.empty()) {
                line.pop_back();
                line += ",\"column\":";
                append_json_string(line, e.column);
                line += '}';
            }
            line += '\n';
            errs.stream() << line;
        }
    };
    cb.on_progress = [&](const batch_summary& s) { progress.update(s); };
    auto sum = score_stream(in.stream(), &out.stream(), *reg, bo, cb);
    std::string err;
    if (!sum) {
        std::cerr << "ocop score: " << a.positional[0] << ": " << sum.error().what() << "\n";
        return exit_fatal;
    }
    if (!out.commit(err) || (errors_to_file && !errs.commit(err))) {
        std::cerr << "ocop score: " << err << "\n";
        return exit_fatal;
    }
    if (!a.has("quiet"))
        std::cerr << "scored " << sum->scored << " record(s), " << sum->failed << " failed\n";
    return sum->failed ? exit_partial : exit_ok;
}

int cmd_explain(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop explain: " << *e << "\n";
        return exit_usage;
    }
    if (a.positional.size() != 1) {
        std::cerr << "usage: ocop explain FILE|- [--id ID] [--markers …] [--defects …]\n"
                     "  FILE holds evaluations or result lines (ocop score output)\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop explain: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    auto sc = std::make_unique<record_scorer>(*reg);
    std::string id, err, text;
    diagnostic diag;
    bool done = false, failed = false;
    const std::string want = a.get("id");
    const bool read = for_each_record(
        a.positional[0],
        [&](const record_text& rec) {
            if (done) return;
            // A result line (ocop-result/1 or /2) is told as it is, without scoring again.
            if (rec.text.find("ruleset_hash") != std::string_view::npos) {
                boost::system::error_code ec;
                const auto v = boost::json::parse(rec.text, ec);
                if (!ec && v.is_object() && is_result_line(v.get_object())) {
                    const auto* i = v.get_object().if_contains("id");
                    const std::string line_id =
                        i && i->is_string() ? std::string(i->get_string()) : std::string();
                    if (!want.empty() && line_id != want) return;
                    text = explain_result_line(v.get_object());
                    done = true;
                    return;
                }
            }
            if (!sc->run(rec.text, id, diag)) {
                if (want.empty() || id == want) {
                    report_error(rec.line, id, diag);
                    failed = done = true;
                }
                return;
            }
            if (!want.empty() && id != want) return;
            text = explain(sc->result());
            done = true;
        },
        err);
    if (!read) {
        std::cerr << "ocop explain: " << err << "\n";
        return exit_fatal;
    }
    if (failed) return exit_partial;
    if (!done) {
        std::cerr << "ocop explain: no " << (want.empty() ? "record" : "record with id " + want)
                  << " found\n";
        return exit_partial;
    }
    std::cout << text;
    return exit_ok;
}

namespace {
const command_registration reg_cmd_score{
    "score", cmd_score,
    "score evaluations (JSON Lines, JSON or CSV; --threads N) into JSON Lines or CSV"};
const command_registration reg_cmd_explain{
    "explain", cmd_explain,
    "explain one evaluation or result line: points lost, what decided the star"};
} // namespace

} // namespace ocop::cli
