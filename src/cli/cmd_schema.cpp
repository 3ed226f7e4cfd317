// ocop schema: JSON Schema (draft 2020-12) of the evaluation format of one sheet.
#include "cli_common.hpp"
#include "command.hpp"

#include <iostream>

namespace ocop::cli {

namespace {

int cmd_schema(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a); e || !a.has("sheet") || !a.positional.empty()) {
        std::cerr << (e ? "ocop schema: " + *e + "\n" : std::string())
                  << "usage: ocop schema [--ruleset ID] --sheet N [-o OUT.json]\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop schema: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    const std::string id = a.get("ruleset", reg->default_id());
    const ruleset* rs = reg->find(id);
    if (!rs) {
        std::cerr << "ocop schema: unknown ruleset " << id << "\n";
        return exit_fatal;
    }
    int no = 0;
    try {
        no = std::stoi(a.get("sheet"));
    } catch (...) {
        std::cerr << "ocop schema: --sheet takes a number\n";
        return exit_usage;
    }
    const compiled_sheet* sh = rs->sheet(no);
    if (!sh) {
        std::cerr << "ocop schema: " << id << " has no sheet " << no << "\n";
        return exit_fatal;
    }
    std::string err;
    if (!write_output(a.get("output"), evaluation_schema_text(*rs, *sh), err)) {
        std::cerr << "ocop schema: " << err << "\n";
        return exit_fatal;
    }
    return exit_ok;
}

const command_registration reg{"schema", cmd_schema,
                               "JSON Schema of the evaluation format of --sheet N"};

} // namespace

} // namespace ocop::cli
