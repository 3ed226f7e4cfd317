// ocop sheet: the blank scoring sheet of a ruleset as Markdown.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

std::string cell(std::string s) {
    for (auto& ch : s)
        if (ch == '|')
            ch = '/';
        else if (ch == '\n')
            ch = ' ';
    return s;
}

std::string stars(int n) {
    return n ? std::string(static_cast<std::size_t>(n), '*') : "";
}

} // namespace

std::string sheet_markdown(const ruleset& rs, const compiled_sheet& sh) {
    const auto& s = *sh.def;
    std::string out =
        "# " + rs.id() + " — sheet " + std::to_string(s.no) + ": " + s.name_vi + "\n\n";
    if (s.name_en) out += "*" + *s.name_en + "*\n\n";
    out += "Ruleset hash: `" + rs.hash() + "`\n\n";
    if (s.dossier_rejection)
        out += "**Dossier rejected when (Hồ sơ bị loại khi):** " + s.dossier_rejection->vi + "\n\n";
    if (s.status == sheet_status::defective) {
        out += "**Printed defects** (policy: " +
               std::string(boost::describe::enum_to_string(rs.policies().defects, "?")) + "):\n";
        for (const auto& d : s.defects)
            out += "- " + d.where + ": " + d.problem +
                   (d.probable_reading ? " — probable reading: " + *d.probable_reading : "") + "\n";
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
                    out += "## Part " + p + ": " + pd.name_vi + " (" +
                           std::to_string(sh.part_max[static_cast<int>(gd.part)]) + " points)\n\n";
        }
        out +=
            "### " + gd.title_vi + " (" + std::to_string(sh.groups[g].max_points) + " points)\n\n";
        if (gd.choose_one_case.value_or(false))
            out += "*Score exactly one case (Lựa chọn một trong hai trường hợp).*\n\n";
        for (const auto& n : gd.notes) out += "> " + n.vi + "\n\n";
        for (const auto& k : gd.knockouts)
            out += "**Knock-out (" + std::string(boost::describe::enum_to_string(k.effect, "?")) +
                   "):** " + k.vi + "\n\n";
        out += "| Criterion | Option | Points | Minimum for |\n|---|---|---|---|\n";
        for (std::uint16_t k = 0; k < sh.groups[g].criterion_count; ++k) {
            const std::size_t c = sh.groups[g].criterion_first + k;
            const auto& cd = sh.criterion(c);
            const auto& cc = sh.criteria[c];
            for (std::uint16_t o = 0; o < cc.option_count; ++o) {
                const auto& co = sh.options[cc.option_first + o];
                out += "| " +
                       (o == 0 ? "**" + cd.id + "** " + cell(cd.title_vi) + " (max " +
                                     std::to_string(cc.max_points) + ")"
                               : std::string()) +
                       " | ☐ " + cell(cd.options[o].label_vi) + " | " + std::to_string(co.points) +
                       (co.probable ? " (probable)" : "") + " | " + stars(co.marker) + " |\n";
            }
        }
        out += "\n";
        for (std::uint16_t k = 0; k < sh.groups[g].criterion_count; ++k) {
            const auto& cd = sh.criterion(sh.groups[g].criterion_first + k);
            for (const auto& n : cd.notes) out += "- " + cd.id + ": " + n.vi + "\n";
            for (const auto& ko : cd.knockouts)
                out += "- " + cd.id + " **knock-out (" +
                       std::string(boost::describe::enum_to_string(ko.effect, "?")) + "):** " +
                       ko.vi + "\n";
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
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop sheet: " << *e << "\n";
        return exit_usage;
    }
    if (!a.has("sheet")) {
        std::cerr << "usage: ocop sheet [--ruleset ID] --sheet N [-o OUT.md]\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop sheet: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    const std::string id = a.get("ruleset", reg->default_id());
    const ruleset* rs = reg->find(id);
    if (!rs) {
        std::cerr << "ocop sheet: unknown ruleset " << id << "\n";
        return exit_fatal;
    }
    int no = 0;
    try {
        no = std::stoi(a.get("sheet"));
    } catch (...) {
        std::cerr << "ocop sheet: --sheet takes a number\n";
        return exit_usage;
    }
    const compiled_sheet* sh = rs->sheet(no);
    if (!sh) {
        std::cerr << "ocop sheet: " << id << " has no sheet " << no << "\n";
        return exit_fatal;
    }
    std::string err;
    if (!write_output(a.get("output"), sheet_markdown(*rs, *sh), err)) {
        std::cerr << "ocop sheet: " << err << "\n";
        return exit_fatal;
    }
    return exit_ok;
}

namespace {
const command_registration reg_cmd_sheet{"sheet", cmd_sheet,
                                         "print the blank scoring sheet of --sheet N as Markdown"};
} // namespace

} // namespace ocop::cli
