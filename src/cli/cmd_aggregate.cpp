// ocop aggregate: exact cohort statistics of evaluations or result lines.
#include "cli_common.hpp"
#include "command.hpp"

#include <charconv>
#include <iostream>

namespace ocop::cli {

namespace {

int cmd_aggregate(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"quiet", "compact"}, a)) {
        std::cerr << "ocop aggregate: " << *e << "\n";
        return exit_usage;
    }
    const std::string fmt = a.get("format", "json");
    std::size_t top = 10;
    const std::string t = a.get("top", "10");
    const auto tr = std::from_chars(t.data(), t.data() + t.size(), top);
    if (a.positional.size() != 1 || tr.ec != std::errc() || tr.ptr != t.data() + t.size() ||
        (fmt != "json" && fmt != "csv" && fmt != "weakest-csv" && fmt != "histogram-csv")) {
        std::cerr << "usage: ocop aggregate FILE|- [--by KEY]... [--where KEY=VALUE]... "
                     "[--provinces 2025] "
                     "[--near K] [--top N] "
                     "[--format json|csv|weakest-csv|histogram-csv] [-o OUT] [--threads N] "
                     "[--input-format jsonl|csv] [--max-line-bytes N] [--quiet]\n"
                     "keys: province, year, ruleset, sheet, industry, subject_type, star, or any "
                     "metadata key (district, commune, product_set…)\n"
                     "FILE holds evaluations (scored here) or result lines of `ocop score`\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop aggregate: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    std::unique_ptr<cohort_aggregator> agg;
    batch_summary sum;
    const int code = aggregate_file("aggregate", a, *reg, agg, sum);
    if (code == exit_usage || code == exit_fatal) return code;
    cohort_output_options co;
    co.top_criteria = top;
    std::string text;
    if (fmt == "json")
        text = cohorts_json(*agg, co);
    else if (fmt == "csv")
        text = cohorts_csv(*agg);
    else if (fmt == "weakest-csv")
        text = weakest_csv(*agg, co);
    else
        text = histogram_csv(*agg);
    std::string err;
    if (!write_output(a.get("output"), text, err)) {
        std::cerr << "ocop aggregate: " << err << "\n";
        return exit_fatal;
    }
    if (!a.has("quiet"))
        std::cerr << "aggregated " << sum.scored << " record(s) into " << agg->cohorts().size()
                  << " cohort(s), " << sum.failed << " failed"
                  << (agg->filtered_out()
                          ? ", " + std::to_string(agg->filtered_out()) + " left out by --where"
                          : std::string())
                  << "\n";
    return code;
}

const command_registration reg_cmd_aggregate{
    "aggregate", cmd_aggregate,
    "exact cohort statistics (--by province --by star …) of evaluations or results"};

} // namespace

} // namespace ocop::cli
