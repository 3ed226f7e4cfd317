// ocop council: council members' sheets → exact mean, spread, far members, consensus sheet.
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

std::string review_json(const evaluation& ev, const council_review& r) {
    std::string out;
    append_review_json(ev, r, out);
    return out;
}

std::string review_text(const evaluation& ev, const council_review& r, std::int64_t spread) {
    std::string out = printable(ev.id) + " (" + ev.rules->id() + ", sheet " +
                      std::to_string(ev.sheet->no) + "): " + std::to_string(ev.members) +
                      " members, mean " + r.mean.total.decimal() + " (" + r.mean.total.fraction() +
                      "), " + std::to_string(r.mean.stars) + "★\n";
    for (const auto& m : r.members)
        out += "  member " + std::to_string(m.member + 1) + ": " + std::to_string(m.total) +
               " (others' mean " + m.others_mean.decimal() + ", difference " +
               m.difference.decimal() + ")" +
               (m.flagged ? "  ** differs by more than " + score{spread, 1000}.decimal() : "") +
               "\n";
    std::string wide;
    for (const auto& s : r.spread)
        if (s.range > 0)
            wide += " " + s.id + " " + std::to_string(s.min_points) + "–" +
                    std::to_string(s.max_points);
    out += "  criteria with disagreement:" + (wide.empty() ? std::string(" none") : wide) + "\n";
    out += "  consensus sheet: " + r.consensus_result.total.decimal() + ", " +
           std::to_string(r.consensus_result.stars) + "★\n";
    return out;
}

int cmd_council(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string out_path;
    format_args fa;
    council_options co;
    auto app = make_app("council", "For evaluations with members: the exact mean, the spread "
                                   "per criterion, members far from the others, the consensus.");
    add_input(*app, in);
    add_output(*app, out_path);
    add_points(*app, "--spread", co.spread_milli,
               "flag members more than POINTS from the others' mean (default 10)");
    add_format(*app, fa, {"text", "json", "csv"}, "text", "output format");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    const std::string format = fa.resolve(out_path, "text");
    const csv_dialect dialect = fa.csv();
    std::string rows;
    return for_each_evaluation(
        in, *reg, out_path,
        [&](evaluation& ev, std::ostream& os) -> result<void> {
            const auto r = review_council(ev, co);
            if (format == "csv") {
                rows.clear();
                append_review_csv(ev, r, rows, dialect);
                os << rows;
            } else {
                os << (format == "json" ? review_json(ev, r)
                                        : printable(review_text(ev, r, co.spread_milli), true));
            }
            return {};
        },
        format == "csv" ? operation_csv_header(operation_table::council, dialect) : std::string());
}

const command_registration reg_cmd_council{
    "council", cmd_council, "council sheets: exact mean, spread, far members, consensus"};

} // namespace

} // namespace ocop::cli
