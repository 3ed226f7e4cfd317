// ocop plan: the cheapest set of criterion upgrades reaching the next star (or --target).
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop plan FILE|- [--target N] [--consensus] [--format text|json] "
                    "[-o OUT] [--ruleset-file F] [--markers cap|fail|ignore]\n";

std::string plan_json(const evaluation& ev, const upgrade_plan& p) {
    std::string out = "{\"id\":";
    append_json_string(out, ev.id);
    out += ",\"ruleset\":";
    append_json_string(out, ev.rules->id());
    out += ",\"ruleset_hash\":";
    append_json_string(out, ev.rules->hash());
    out += ",\"sheet\":" + std::to_string(ev.sheet->no) + ",\"status\":\"" +
           boost::describe::enum_to_string(p.status, "?") +
           "\",\"target\":" + (p.target ? std::to_string(p.target) : std::string("null")) +
           ",\"total_before\":\"" + p.total_before.decimal() +
           "\",\"stars_before\":" + std::to_string(p.stars_before);
    if (p.status == plan_status::planned) {
        out += ",\"points_gained\":" + std::to_string(p.points_gained) + ",\"changes\":[";
        for (std::size_t i = 0; i < p.changes.size(); ++i) {
            const auto& c = p.changes[i];
            out += (i ? ",{\"criterion\":" : "{\"criterion\":");
            append_json_string(out, c.id);
            out += ",\"from_option\":" + std::to_string(c.from_option) +
                   ",\"from_points\":" + std::to_string(c.from_points) +
                   ",\"to_option\":" + std::to_string(c.to_option) +
                   ",\"to_points\":" + std::to_string(c.to_points) + "}";
        }
        out += "],\"total_after\":\"" + p.total_after.decimal() +
               "\",\"stars_after\":" + std::to_string(p.stars_after) +
               ",\"band_after\":" + std::to_string(p.band_after) +
               ",\"marker_after\":" + std::to_string(p.marker_after);
    }
    out += ",\"message\":";
    append_json_string(out, p.message);
    out += "}\n";
    return out;
}

std::string plan_text(const evaluation& ev, const upgrade_plan& p) {
    std::string out =
        ev.id + " (" + ev.rules->id() + ", sheet " + std::to_string(ev.sheet->no) +
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
    args a;
    if (auto e = parse_args(argc, argv, 2, {"consensus"}, a)) {
        std::cerr << "ocop plan: " << *e << "\n" << usage;
        return exit_usage;
    }
    const std::string format = a.get("format", "text");
    if (a.positional.size() != 1 || (format != "text" && format != "json")) {
        std::cerr << usage;
        return exit_usage;
    }
    plan_options po;
    if (a.has("target")) {
        const std::string t = a.get("target");
        if (t.size() != 1 || t[0] < '1' || t[0] > '5') {
            std::cerr << "ocop plan: --target takes a star 1..5\n";
            return exit_usage;
        }
        po.target = t[0] - '0';
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop plan: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    return for_each_evaluation("plan", a.positional[0], *reg, out,
                               [&](evaluation& ev, std::ostream& os) -> result<void> {
                                   if (ev.members > 1 && a.has("consensus"))
                                       ev = consensus_evaluation(ev);
                                   auto p = plan_upgrade(ev, po);
                                   if (!p) return p.error();
                                   os << (format == "json" ? plan_json(ev, *p) : plan_text(ev, *p));
                                   return {};
                               });
}

const command_registration reg{"plan", cmd_plan,
                               "cheapest criterion upgrades reaching the next star (--target N)"};

} // namespace

} // namespace ocop::cli
