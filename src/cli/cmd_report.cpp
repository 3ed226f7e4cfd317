// ocop report: cohort report as HTML (inline SVG, A4 print), Markdown, CSV tables, PDF.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/report.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace ocop::cli {

namespace {

/// Print `html` to PDF bytes with headless Chromium, through a private temporary directory.
bool print_pdf(const std::string& html, std::string& pdf, std::string& err) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ocop-pdf-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        err = "cannot create a temporary directory";
        return false;
    }
    const std::filesystem::path tmp = tmpl;
    bool ok = write_output((tmp / "report.html").string(), html, err);
    if (ok) {
        auto r = render_pdf((tmp / "report.html").string(), (tmp / "report.pdf").string());
        if (!r) {
            err = r.error().message;
            ok = false;
        }
    }
    if (ok) ok = read_text((tmp / "report.pdf").string(), pdf, err);
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    return ok;
}

int cmd_report(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    cohort_args c;
    report_options ro;
    std::string out_dir, lang = "vi", dialect_name;
    bool no_stdout = false, pdf = false;
    auto app = make_app("report", "A cohort report: with --out-dir, DIR/report.html (SVG "
                                  "charts), report.md, cohorts.json, cohorts.csv, weakest.csv, "
                                  "histogram.csv, actions.csv and, with --pdf, report.pdf (all "
                                  "written or none); the Markdown report is printed unless "
                                  "--no-stdout.");
    add_input(*app, in);
    add_cohort_options(*app, c);
    auto* dir_opt = app->add_option("--out-dir", out_dir,
                                    "write the report files into DIR (a new directory, or "
                                    "one holding only an earlier report)")
                        ->type_name("DIR");
    app->add_flag("--pdf", pdf, "also print report.html to DIR/report.pdf (headless Chromium)")
        ->needs(dir_opt);
    add_choice(*app, "--lang", lang, {"vi", "en"}, "report language (default vi)");
    add_choice(*app, "--csv-dialect", dialect_name, {"standard", "excel-vi"},
               "the CSV files: standard (default) or excel-vi (';' separator, decimal comma, BOM)")
        ->needs(dir_opt);
    app->add_option("--title", ro.title, "title of the report")->type_name("T");
    add_int(*app, "--action-rows", ro.action_rows, 0, 1000000,
            "rows per action list in the HTML and Markdown report (default 50; actions.csv has "
            "all)");
    app->add_flag("--weakest-per-sheet", ro.weakest_per_sheet,
                  "list the weakest criteria per sheet instead of per cohort");
    app->add_flag("--no-stdout", no_stdout, "do not print the Markdown report");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    parse_report_lang(lang, ro.lang);
    std::vector<std::string> names = {"report.html", "report.md",     "cohorts.json", "cohorts.csv",
                                      "weakest.csv", "histogram.csv", "actions.csv"};
    if (pdf) names.push_back("report.pdf");
    std::vector<std::string> outs;
    if (!out_dir.empty())
        for (const auto& n : names) outs.push_back(out_dir + "/" + n);
    if (auto code = check_files({in.path}, &rs, outs)) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    std::unique_ptr<cohort_aggregator> agg;
    batch_summary sum;
    c.collect_actions = true;
    const int code = aggregate_file(in, c, *reg, agg, sum);
    if (code == exit_fatal || code == exit_usage) return code;
    ro.top_criteria = c.top;
    ro.stamp.input = std::filesystem::path(in.path).filename().string();
    ro.stamp.refused = sum.failed;
    ro.stamp.generated_at = report_time();
    const std::string md = report_markdown(*agg, ro);
    std::string err;
    if (!out_dir.empty()) {
        cohort_output_options co;
        co.top_criteria = ro.top_criteria;
        // The report's CSV tables carry the stamp as leading "#" comment lines.
        const std::string stamp = report_stamp_comment(*agg, ro);
        csv_dialect dialect;
        if (!dialect_name.empty()) (void)parse_csv_dialect(dialect_name, dialect); // checked
        // The BOM first, then the stamp, then the table in the dialect.
        const auto table = [&](const std::string& csv) {
            if (!dialect.bom && dialect.separator == ',' && dialect.decimal == '.')
                return stamp + csv;
            csv_dialect no_bom = dialect;
            no_bom.bom = false;
            return (dialect.bom ? "\xEF\xBB\xBF" : "") + stamp + to_csv_dialect(csv, no_bom);
        };
        std::string actions = actions_csv(*agg, ro); // starts with the stamp
        if (actions.starts_with(stamp)) actions.erase(0, stamp.size());
        std::vector<std::pair<std::string, std::string>> files = {
            {names[0], report_html(*agg, ro)},
            {names[1], md},
            {names[2], cohorts_json(*agg, co)},
            {names[3], table(cohorts_csv(*agg))},
            {names[4], table(weakest_csv(*agg, co))},
            {names[5], table(histogram_csv(*agg, ro.histogram_bin))},
            {names[6], table(actions)}};
        if (pdf) {
            // Printed from a private temporary copy, so that the PDF joins the all-or-nothing
            // directory write.
            std::string pdf_bytes;
            if (!print_pdf(files[0].second, pdf_bytes, err)) return fail("--pdf: " + err);
            files.emplace_back(names[7], std::move(pdf_bytes));
        }
        if (!write_directory(out_dir, files, err)) return fail(err);
    }
    if (!no_stdout && !write_output("-", md, err)) return fail(err);
    if (!c.quiet)
        std::cerr << "report on " << sum.scored << " record(s), " << agg->cohorts().size()
                  << " cohort(s), " << sum.failed << " failed"
                  << (agg->filtered_out()
                          ? ", " + std::to_string(agg->filtered_out()) + " left out by --where"
                          : std::string())
                  << (out_dir.empty() ? std::string() : " → " + printable(out_dir)) << "\n";
    return code;
}

const command_registration reg_cmd_report{
    "report", cmd_report,
    "cohort report (vi/en): HTML with SVG charts and A4 print, Markdown (stdout), CSV tables, "
    "action lists, PDF (--out-dir DIR [--pdf])"};

} // namespace

} // namespace ocop::cli
