// ocop template: a spreadsheet a council member can fill (.xlsx, or CSV for other tools).
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/spreadsheet_csv.hpp>
#include <ocop/workbook.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

constexpr const char* usage =
    "usage: ocop template [--ruleset ID] [--sheet N]... [--members K] [--english]\n"
    "                     [--format xlsx|csv] [--csv-dialect standard|excel-vi] -o OUT\n"
    "  --sheet N      sheets to include (repeat or 1,2,3; default: every sheet)\n"
    "  --members K    a council: K member forms per sheet and a summary worksheet\n"
    "  --english      English titles beside the Vietnamese\n"
    "  --format       xlsx (default, or from -o's extension) or csv\n";

bool ends_with(const std::string& s, const char* e) {
    const std::string x(e);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

} // namespace

int cmd_template(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"english"}, a)) {
        std::cerr << "ocop template: " << *e << "\n" << usage;
        return exit_usage;
    }
    if (!a.positional.empty()) {
        std::cerr << usage;
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop template: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    const std::string id = a.get("ruleset", reg->default_id());
    const ruleset* rs = reg->find(id);
    if (!rs) {
        std::cerr << "ocop template: unknown ruleset " << id << "\n";
        return exit_usage;
    }
    template_options o;
    o.english = a.has("english");
    try {
        for (const auto& s : a.get_all("sheet")) o.sheets.push_back(std::stoi(s));
        if (a.has("members")) o.members = std::stoi(a.get("members"));
    } catch (const std::exception&) {
        std::cerr << "ocop template: --sheet and --members take numbers\n";
        return exit_usage;
    }
    if (o.members < 0 || o.members > 64) {
        std::cerr << "ocop template: --members takes 1 to 64\n";
        return exit_usage;
    }
    const std::string out = a.get("output");
    std::string format = a.get("format");
    if (format.empty()) format = ends_with(out, ".csv") ? "csv" : "xlsx";
    if (format == "xlsx") {
        if (out.empty() || out == "-") {
            std::cerr << "ocop template: an .xlsx template needs -o FILE.xlsx\n";
            return exit_usage;
        }
        if (auto r = write_template_xlsx(*rs, o, out); !r) {
            std::cerr << "ocop template: " << r.error().message << "\n";
            return r.error().code == errc::unknown_sheet ? exit_usage : exit_fatal;
        }
        return exit_ok;
    }
    if (format != "csv") {
        std::cerr << "ocop template: --format is xlsx or csv\n";
        return exit_usage;
    }
    csv_dialect d;
    if (a.has("csv-dialect") && !parse_csv_dialect(a.get("csv-dialect"), d)) {
        std::cerr << "ocop template: --csv-dialect is standard or excel-vi\n";
        return exit_usage;
    }
    auto text = template_csv(*rs, o);
    if (!text) {
        std::cerr << "ocop template: " << text.error().message << "\n";
        return exit_usage;
    }
    std::string err;
    if (!write_output(out, to_csv_dialect(*text, d), err)) {
        std::cerr << "ocop template: " << err << "\n";
        return exit_fatal;
    }
    return exit_ok;
}

namespace {
const command_registration reg_cmd_template{
    "template", cmd_template,
    "write a spreadsheet template to fill (.xlsx with drop-downs and formulas, or CSV)"};
} // namespace

} // namespace ocop::cli
