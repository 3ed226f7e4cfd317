// ocop report: cohort report as HTML (inline SVG), Markdown and CSV tables.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/report.hpp>

#include <charconv>
#include <filesystem>
#include <iostream>

namespace ocop::cli {

namespace {

int cmd_report(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"quiet", "no-stdout"}, a)) {
        std::cerr << "ocop report: " << *e << "\n";
        return exit_usage;
    }
    report_options ro;
    const std::string t = a.get("top", "10");
    const auto tr = std::from_chars(t.data(), t.data() + t.size(), ro.top_criteria);
    if (a.positional.size() != 1 || tr.ec != std::errc() || tr.ptr != t.data() + t.size()) {
        std::cerr << "usage: ocop report FILE|- [--by KEY]... [--out-dir DIR] [--title T] "
                     "[--top N] [--near K] [--threads N] [--no-stdout] [--quiet]\n"
                     "writes DIR/report.html, report.md, cohorts.json, cohorts.csv, weakest.csv, "
                     "histogram.csv; prints the Markdown summary unless --no-stdout\n";
        return exit_usage;
    }
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
        const std::pair<const char*, std::string> files[] = {
            {"report.html", report_html(*agg, ro)},
            {"report.md", md},
            {"cohorts.json", cohorts_json(*agg, co)},
            {"cohorts.csv", cohorts_csv(*agg)},
            {"weakest.csv", weakest_csv(*agg, co)},
            {"histogram.csv", histogram_csv(*agg, ro.histogram_bin)}};
        for (const auto& [name, text] : files) {
            std::string err;
            if (!write_output((dir / name).string(), text, err)) {
                std::cerr << "ocop report: " << err << "\n";
                return exit_fatal;
            }
        }
    }
    if (!a.has("no-stdout")) std::cout << md << std::flush;
    if (!a.has("quiet"))
        std::cerr << "report on " << sum.scored << " record(s), " << agg->cohorts().size()
                  << " cohort(s), " << sum.failed << " failed"
                  << (a.has("out-dir") ? " → " + a.get("out-dir") : std::string()) << "\n";
    return code;
}

const command_registration reg_cmd_report{
    "report", cmd_report,
    "cohort report: HTML with SVG charts, Markdown (stdout) and CSV tables (--out-dir DIR)"};

} // namespace

} // namespace ocop::cli
