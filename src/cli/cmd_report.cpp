// ocop report: cohort report as HTML (inline SVG, A4 print), Markdown, CSV tables, PDF.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/report.hpp>

#include <charconv>
#include <filesystem>
#include <iostream>

namespace ocop::cli {

namespace {

bool parse_size(const std::string& t, std::size_t& out) {
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    return r.ec == std::errc() && r.ptr == t.data() + t.size() && !t.empty();
}

int cmd_report(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"quiet", "no-stdout", "pdf", "weakest-per-sheet"}, a)) {
        std::cerr << "ocop report: " << *e << "\n";
        return exit_usage;
    }
    report_options ro;
    const bool lang_ok = parse_report_lang(a.get("lang", "vi"), ro.lang);
    if (a.positional.size() != 1 || !parse_size(a.get("top", "10"), ro.top_criteria) ||
        !parse_size(a.get("action-rows", "50"), ro.action_rows) || !lang_ok ||
        (a.has("pdf") && !a.has("out-dir"))) {
        std::cerr
            << "usage: ocop report FILE|- [--by KEY]... [--where KEY=VALUE]... [--provinces 2025] "
               "[--lang vi|en] [--out-dir DIR] [--pdf] [--title T] [--top N] [--near K] "
               "[--action-rows N] [--weakest-per-sheet] [--threads N] [--no-stdout] [--quiet]\n"
               "writes DIR/report.html, report.md, cohorts.json, cohorts.csv, weakest.csv, "
               "histogram.csv, actions.csv (and report.pdf with --pdf, through headless "
               "Chromium); prints the Markdown report unless --no-stdout\n";
        return exit_usage;
    }
    ro.weakest_per_sheet = a.has("weakest-per-sheet");
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop report: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    std::unique_ptr<cohort_aggregator> agg;
    batch_summary sum;
    const int code = aggregate_file("report", a, *reg, agg, sum);
    if (code == exit_usage || code == exit_fatal) return code;
    ro.stamp.input = std::filesystem::path(a.positional[0]).filename().string();
    ro.stamp.refused = sum.failed;
    ro.stamp.generated_at = report_time();
    if (a.has("title")) ro.title = a.get("title");
    const std::string md = report_markdown(*agg, ro);
    if (a.has("out-dir")) {
        const std::filesystem::path dir = a.get("out-dir");
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            std::cerr << "ocop report: cannot create " << dir.string() << ": " << ec.message()
                      << "\n";
            return exit_fatal;
        }
        cohort_output_options co;
        co.top_criteria = ro.top_criteria;
        // The report's CSV tables carry the stamp as leading "#" comment lines.
        const std::string stamp = report_stamp_comment(*agg, ro);
        const std::pair<const char*, std::string> files[] = {
            {"report.html", report_html(*agg, ro)},
            {"report.md", md},
            {"cohorts.json", cohorts_json(*agg, co)},
            {"cohorts.csv", stamp + cohorts_csv(*agg)},
            {"weakest.csv", stamp + weakest_csv(*agg, co)},
            {"histogram.csv", stamp + histogram_csv(*agg, ro.histogram_bin)},
            {"actions.csv", actions_csv(*agg, ro)}};
        for (const auto& [name, text] : files) {
            std::string err;
            if (!write_output((dir / name).string(), text, err)) {
                std::cerr << "ocop report: " << err << "\n";
                return exit_fatal;
            }
        }
        if (a.has("pdf")) {
            auto r = render_pdf((dir / "report.html").string(), (dir / "report.pdf").string());
            if (!r) {
                std::cerr << "ocop report: --pdf: " << r.error().message << "\n";
                return exit_fatal;
            }
        }
    }
    if (!a.has("no-stdout")) std::cout << md << std::flush;
    if (!a.has("quiet"))
        std::cerr << "report on " << sum.scored << " record(s), " << agg->cohorts().size()
                  << " cohort(s), " << sum.failed << " failed"
                  << (agg->filtered_out()
                          ? ", " + std::to_string(agg->filtered_out()) + " left out by --where"
                          : std::string())
                  << (a.has("out-dir") ? " → " + a.get("out-dir") : std::string()) << "\n";
    return code;
}

const command_registration reg_cmd_report{
    "report", cmd_report,
    "cohort report (vi/en): HTML with SVG charts and A4 print, Markdown (stdout), CSV tables, "
    "action lists, PDF (--out-dir DIR [--pdf])"};

} // namespace

} // namespace ocop::cli
