// ocop template: a spreadsheet a council member can fill (.xlsx, or CSV for other tools).
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/spreadsheet_csv.hpp>
#include <ocop/workbook.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

bool ends_with(const std::string& s, const char* e) {
    const std::string x(e);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

} // namespace

int cmd_template(int argc, char** argv) {
    ruleset_args rsa;
    std::string id, out, format, dialect_name;
    std::vector<int> sheets;
    template_options o;
    auto app = make_app("template", "A spreadsheet a council member can fill: .xlsx with "
                                    "drop-downs and formulas, or CSV for other tools.");
    app->add_option("--ruleset", id, "the ruleset (default: the default ruleset)")->type_name("ID");
    app->add_option("--sheet", sheets,
                    "sheets to include (repeatable or 1,2,3; default: every sheet)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->check(whole_number(1, 1000)) // decimal digits only: not 0x1, 1abc or 1.9
        ->type_name("N");
    add_int(*app, "--members", o.members, 1, 64,
            "a council: K member forms per sheet and a summary worksheet");
    app->add_flag("--english", o.english, "English titles beside the Vietnamese");
    add_choice(*app, "--format", format, {"xlsx", "csv"},
               "xlsx (default, or from OUT's extension) or csv");
    add_choice(*app, "--csv-dialect", dialect_name, {"standard", "excel-vi"},
               "CSV output: standard (default) or excel-vi");
    add_output(*app, out);
    add_ruleset_options(*app, rsa);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({}, &rsa, {out})) return *code;
    auto reg = make_registry(rsa);
    if (!reg) return fail(reg.error().message);
    if (id.empty()) id = reg->default_id();
    const ruleset* rs = reg->find(id);
    if (!rs) return fail("unknown ruleset " + id, exit_usage);
    o.sheets = sheets;
    if (format.empty()) format = ends_with(out, ".csv") ? "csv" : "xlsx";
    if (format == "xlsx") {
        if (out.empty() || out == "-")
            return fail("an .xlsx template needs -o FILE.xlsx", exit_usage);
        if (auto r = write_template_xlsx(*rs, o, out); !r)
            return fail(r.error().message,
                        r.error().code == errc::unknown_sheet ? exit_usage : exit_fatal);
        return exit_ok;
    }
    csv_dialect d;
    if (!dialect_name.empty()) (void)parse_csv_dialect(dialect_name, d); // checked by the parser
    auto text = template_csv(*rs, o);
    if (!text) return fail(text.error().message, exit_usage);
    std::string err;
    if (!write_output(out, to_csv_dialect(*text, d), err)) return fail(err);
    return exit_ok;
}

namespace {
const command_registration reg_cmd_template{
    "template", cmd_template,
    "write a spreadsheet template to fill (.xlsx with drop-downs and formulas, or CSV)"};
} // namespace

} // namespace ocop::cli
