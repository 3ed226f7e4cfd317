// ocop aggregate: exact cohort statistics of evaluations or result lines.
#include "cli_common.hpp"
#include "command.hpp"

#include <iostream>

namespace ocop::cli {

namespace {

int cmd_aggregate(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    cohort_args c;
    std::string out_path;
    format_args fa;
    auto app = make_app("aggregate", "Exact cohort statistics of evaluations (scored on the "
                                     "fly) or of `ocop score` result lines.");
    add_input(*app, in);
    add_cohort_options(*app, c);
    add_format(*app, fa, {"json", "csv", "weakest-csv", "histogram-csv"}, "json",
               "json, csv (one row per cohort), weakest-csv (weakest criteria per cohort), "
               "histogram-csv (totals in 5-point bins)");
    add_output(*app, out_path);
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    std::unique_ptr<cohort_aggregator> agg;
    batch_summary sum;
    const int code = aggregate_file(in, c, *reg, agg, sum);
    if (code == exit_fatal || code == exit_usage) return code;
    const std::string format = fa.resolve(out_path, "json");
    cohort_output_options co;
    co.top_criteria = c.top;
    const std::string text = format == "json"          ? cohorts_json(*agg, co)
                             : format == "csv"         ? cohorts_csv(*agg)
                             : format == "weakest-csv" ? weakest_csv(*agg, co)
                                                       : histogram_csv(*agg);
    std::string err;
    if (!write_output(out_path, format == "json" ? text : to_csv_dialect(text, fa.csv()), err))
        return fail(err);
    if (!c.quiet)
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
