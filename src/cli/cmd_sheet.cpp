// ocop sheet: the blank scoring sheet of a ruleset as Markdown.
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/report.hpp>

#include <boost/describe/enum_to_string.hpp>

namespace ocop::cli {

namespace {

/// Data text (ruleset titles, labels, notes) made safe for Markdown text and table cells.
std::string md(std::string_view s) {
    return markdown_escaped(s);
}

std::string stars(int n) {
    return n ? std::string(static_cast<std::size_t>(n), '*') : "";
}

} // namespace

std::string sheet_markdown(const ruleset& rs, const compiled_sheet& sh) {
    const auto& s = *sh.def;
    std::string out =
        "# " + md(rs.id()) + " — sheet " + std::to_string(s.no) + ": " + md(s.name_vi) + "\n\n";
    if (s.name_en) out += "*" + md(*s.name_en) + "*\n\n";
    out += "Ruleset hash: `" + rs.hash() + "`\n\n";
    if (s.dossier_rejection)
        out += "**Dossier rejected when (Hồ sơ bị loại khi):** " + md(s.dossier_rejection->vi) +
               "\n\n";
    if (s.status == sheet_status::defective) {
        out += "**Printed defects** (policy: " +
               std::string(boost::describe::enum_to_string(rs.policies().defects, "?")) + "):\n";
        for (const auto& d : s.defects)
            out += "- " + md(d.where) + ": " + md(d.problem) +
                   (d.probable_reading ? " — probable reading: " + md(*d.probable_reading) : "") +
                   "\n";
        out += "\n";
    }
    std::string part;
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
        const auto& gd = s.groups[g];
        const std::string p = boost::describe::enum_to_string(gd.part, "?");
        if (p != part) {
            part = p;
            for (const auto& pd : rs.document().parts)
                if (pd.code == gd.part)
                    out += "## Part " + p + ": " + md(pd.name_vi) + " (" +
                           std::to_string(sh.part_max[static_cast<int>(gd.part)]) + " points)\n\n";
        }
        out += "### " + md(gd.title_vi) + " (" + std::to_string(sh.groups[g].max_points) +
               " points)\n\n";
        if (gd.choose_one_case.value_or(false))
            out += "*Score exactly one case (Lựa chọn một trong hai trường hợp).*\n\n";
        for (const auto& n : gd.notes) out += "> " + md(n.vi) + "\n\n";
        for (const auto& k : gd.knockouts)
            out += "**Knock-out (" + std::string(boost::describe::enum_to_string(k.effect, "?")) +
                   "):** " + md(k.vi) + "\n\n";
        out += "| Criterion | Option | Points | Minimum for |\n|---|---|---|---|\n";
        for (std::uint16_t k = 0; k < sh.groups[g].criterion_count; ++k) {
            const std::size_t c = sh.groups[g].criterion_first + k;
            const auto& cd = sh.criterion(c);
            const auto& cc = sh.criteria[c];
            for (std::uint16_t o = 0; o < cc.option_count; ++o) {
                const auto& co = sh.options[cc.option_first + o];
                out += "| " +
                       (o == 0 ? "**" + md(cd.id) + "** " + md(cd.title_vi) + " (max " +
                                     std::to_string(cc.max_points) + ")"
                               : std::string()) +
                       " | ☐ " + md(cd.options[o].label_vi) + " | " + std::to_string(co.points) +
                       (co.probable ? " (probable)" : "") + " | " + stars(co.marker) + " |\n";
            }
        }
        out += "\n";
        for (std::uint16_t k = 0; k < sh.groups[g].criterion_count; ++k) {
            const auto& cd = sh.criterion(sh.groups[g].criterion_first + k);
            for (const auto& n : cd.notes) out += "- " + md(cd.id) + ": " + md(n.vi) + "\n";
            for (const auto& ko : cd.knockouts)
                out += "- " + md(cd.id) + " **knock-out (" +
                       std::string(boost::describe::enum_to_string(ko.effect, "?")) + "):** " +
                       md(ko.vi) + "\n";
        }
        out += "\n";
    }
    out += "Total: " + std::to_string(sh.max_total) + " points. Stars: ";
    for (const auto& b : rs.document().star_bands)
        out += std::to_string(b.stars) + "★ from " + std::to_string(b.min.value / 1000) + "; ";
    out += "\n\n*Markers (\\*\\*\\* … \\*\\*\\*\\*\\*) are the minimum to reach for each star "
           "level.*\n";
    return out;
}

int cmd_sheet(int argc, char** argv) {
    ruleset_args rsa;
    std::string id, out_path;
    int no = 0;
    auto app = make_app("sheet", "The blank scoring sheet as Markdown: options, points, "
                                 "markers, notes, knock-outs and dossier rejection conditions.");
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
    return write_output(out_path, printable(sheet_markdown(*rs, *sh), true), err) ? exit_ok
                                                                                  : fail(err);
}

namespace {
const command_registration reg_cmd_sheet{"sheet", cmd_sheet,
                                         "print the blank scoring sheet of --sheet N as Markdown"};
} // namespace

} // namespace ocop::cli
