// ocop schema: JSON Schema (draft 2020-12) of the evaluation format of one sheet.
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

int cmd_schema(int argc, char** argv) {
    ruleset_args rsa;
    std::string id, out_path;
    int no = 0;
    auto app = make_app("schema", "The JSON Schema (draft 2020-12) of an evaluation of one "
                                  "sheet: criterion keys and allowed points.");
    app->add_option("--ruleset", id, "ruleset id (default: the default edition)")->type_name("ID");
    add_int(*app, "--sheet", no, 1, 99999, "sheet number")->required();
    add_output(*app, out_path);
    add_ruleset_options(*app, rsa);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({}, &rsa, {out_path})) return *code;
    auto reg = make_registry(rsa);
    if (!reg) return fail(reg.error().message);
    if (id.empty()) id = reg->default_id();
    const ruleset* rs = reg->find(id);
    if (!rs) return fail("unknown ruleset " + id);
    const compiled_sheet* sh = rs->sheet(no);
    if (!sh) return fail(id + " has no sheet " + std::to_string(no));
    std::string err;
    return write_output(out_path, evaluation_schema_text(*rs, *sh), err) ? exit_ok : fail(err);
}

const command_registration reg_cmd_schema{"schema", cmd_schema,
                                          "JSON Schema of the evaluation format of --sheet N"};

} // namespace

} // namespace ocop::cli
