// ocop plan: the cheapest set of criterion upgrades reaching the next star (or --target).
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

std::string plan_json(const evaluation& ev, const upgrade_plan& p) {
    std::string out;
    append_plan_json(ev, p, out);
    return out;
}

std::string plan_text(const evaluation& ev, const upgrade_plan& p) {
    std::string out =
        printable(ev.id) + " (" + ev.rules->id() + ", sheet " + std::to_string(ev.sheet->no) +
        "): " + p.total_before.decimal() + " points, " + std::to_string(p.stars_before) + "★" +
        (p.target ? "; target " + std::to_string(p.target) + "★" : std::string()) + "\n";
    if (p.status != plan_status::planned) return out + "  " + p.message + "\n";
    for (const auto& c : p.changes) {
        const auto& def = ev.sheet->criterion(c.criterion);
        out += "  " + c.id + " " + def.title_vi + ": option " + std::to_string(c.from_option) +
               " (" + std::to_string(c.from_points) + ") → option " + std::to_string(c.to_option) +
               " (" + std::to_string(c.to_points) +
               "): " + def.options[static_cast<std::size_t>(c.to_option - 1)].label_vi + "\n";
    }
    return out + "  " + p.message + "\n";
}

int cmd_plan(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string out_path;
    format_args fa;
    plan_options po;
    bool consensus = false;
    auto app = make_app("plan", "The cheapest criterion upgrades that reach the next star (or "
                                "--target N stars), minimums included.");
    add_input(*app, in);
    add_output(*app, out_path);
    app->add_option("--target", po.target, "stars to reach (default: the next star)")
        ->check(whole_number(1, 5))
        ->type_name("N");
    app->add_flag("--consensus", consensus, "plan from the consensus sheet of a council record");
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
            if (ev.members > 1 && consensus) ev = consensus_evaluation(ev);
            auto p = plan_upgrade(ev, po);
            if (!p) return p.error();
            if (format == "csv") {
                rows.clear();
                append_plan_csv(ev, *p, rows, dialect);
                os << rows;
            } else {
                os << (format == "json" ? plan_json(ev, *p) : printable(plan_text(ev, *p), true));
            }
            return {};
        },
        format == "csv" ? operation_csv_header(operation_table::plan, dialect) : std::string());
}

const command_registration reg_cmd_plan{
    "plan", cmd_plan, "cheapest criterion upgrades reaching the next star (--target N)"};

} // namespace

} // namespace ocop::cli
