// ocop range: reachable totals and stars of incomplete dossiers (unscored answers null/absent).
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

std::string range_json(const evaluation& ev, const score_range& r) {
    std::string out;
    append_range_json(ev, r, out);
    return out;
}

std::string range_text(const evaluation& ev, const score_range& r) {
    std::string out = printable(ev.id) + " (" + ev.rules->id() + ", sheet " +
                      std::to_string(ev.sheet->no) + "): ";
    if (r.status == evaluation_status::rejected) return out + "dossier rejected\n";
    out += std::to_string(r.unscored) + " unscored";
    if (!r.missing.empty()) {
        out += " (";
        for (std::size_t i = 0; i < r.missing.size(); ++i) out += (i ? ", " : "") + r.missing[i];
        out += ")";
    }
    out += "; total " + r.total_min.decimal() + " .. " + r.total_max.decimal() + "; stars " +
           std::to_string(r.stars_min) + " .. " + std::to_string(r.stars_max);
    if (r.knockout_certain)
        out += " (every completion is knocked out)";
    else if (r.knockout_possible)
        out +=
            " (a knock-out is possible; without one: " + std::to_string(r.stars_min_no_knockout) +
            " .. " + std::to_string(r.stars_max) + ")";
    return out + "\n";
}

int cmd_range(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string out_path;
    format_args fa;
    auto app = make_app("range", "For incomplete dossiers (criteria not yet answered): the "
                                 "lowest and highest reachable totals and stars.");
    add_input(*app, in);
    add_output(*app, out_path);
    add_format(*app, fa, {"json", "text", "csv"}, "json", "output format");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    const std::string format = fa.resolve(out_path, "json");
    const csv_dialect dialect = fa.csv();
    output out(out_path);
    std::string err, rows;
    if (!out.open(err)) return fail(err);
    if (format == "csv") out.stream() << operation_csv_header(operation_table::range, dialect);
    const int code = read_input(
        in,
        [&](const boost::json::value& v) -> result<void> {
            auto ev = parse_partial_evaluation(v, *reg);
            if (!ev) return ev.error();
            auto r = range_of(*ev);
            if (!r) return r.error();
            if (format == "csv") {
                rows.clear();
                append_range_csv(*ev, *r, rows, dialect);
                out.stream() << rows;
            } else {
                out.stream() << (format == "json" ? range_json(*ev, *r)
                                                  : printable(range_text(*ev, *r), true));
            }
            return {};
        },
        &*reg);
    if (code == exit_fatal) return code;
    return out.commit(err) ? code : fail(err);
}

const command_registration reg_cmd_range{"range", cmd_range,
                                         "reachable totals and stars of incomplete dossiers"};

} // namespace

} // namespace ocop::cli
