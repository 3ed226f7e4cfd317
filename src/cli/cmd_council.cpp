// ocop council: council members' sheets → exact mean, spread, far members, consensus sheet.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/json/parse.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop council FILE|- [--spread POINTS] [--format text|json] [-o OUT]\n";

/// "10", "7.5" → thousandths of a point.
std::optional<std::int64_t> parse_milli(const std::string& s) {
    std::int64_t whole = 0, frac = 0, scale = 1000;
    std::size_t i = 0;
    if (s.empty()) return std::nullopt;
    for (; i < s.size() && s[i] != '.'; ++i) {
        if (s[i] < '0' || s[i] > '9' || whole > 100000) return std::nullopt;
        whole = whole * 10 + (s[i] - '0');
    }
    if (i < s.size()) {
        if (++i == s.size()) return std::nullopt;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9' || scale == 1) return std::nullopt;
            scale /= 10;
            frac += (s[i] - '0') * scale;
        }
    }
    return whole * 1000 + frac;
}

std::string review_json(const evaluation& ev, const council_review& r) {
    std::string out = "{\"id\":";
    append_json_string(out, ev.id);
    out += ",\"ruleset\":";
    append_json_string(out, ev.rules->id());
    out += ",\"ruleset_hash\":";
    append_json_string(out, ev.rules->hash());
    out += ",\"sheet\":" + std::to_string(ev.sheet->no) +
           ",\"members\":" + std::to_string(ev.members) + ",\"total\":\"" + r.mean.total.decimal() +
           "\",\"total_exact\":\"" + r.mean.total.fraction() +
           "\",\"stars\":" + std::to_string(r.mean.stars) + ",\"member_totals\":[";
    for (std::size_t i = 0; i < r.members.size(); ++i) {
        const auto& m = r.members[i];
        out += (i ? "," : "") + std::string("{\"member\":") + std::to_string(m.member + 1) +
               ",\"total\":" + std::to_string(m.total) + ",\"others_mean\":\"" +
               m.others_mean.decimal() + "\",\"difference\":\"" + m.difference.decimal() +
               "\",\"flagged\":" + (m.flagged ? "true" : "false") + "}";
    }
    out += "],\"spread\":[";
    bool first = true;
    for (const auto& s : r.spread) {
        if (!s.answered) continue;
        out += (first ? "" : ",") + std::string("{\"criterion\":");
        first = false;
        append_json_string(out, s.id);
        out += ",\"min\":" + std::to_string(s.min_points) +
               ",\"max\":" + std::to_string(s.max_points) +
               ",\"range\":" + std::to_string(s.range) + "}";
    }
    out += "],\"consensus\":{";
    first = true;
    for (const auto& s : r.spread) {
        if (s.consensus_option < 0) continue;
        out += first ? "" : ",";
        first = false;
        append_json_string(out, s.id);
        out += ":{\"option\":" + std::to_string(s.consensus_option + 1) + "}";
    }
    out += "},\"consensus_total\":\"" + r.consensus_result.total.decimal() +
           "\",\"consensus_stars\":" + std::to_string(r.consensus_result.stars) + "}\n";
    return out;
}

std::string review_text(const evaluation& ev, const council_review& r, std::int64_t spread) {
    std::string out = ev.id + " (" + ev.rules->id() + ", sheet " + std::to_string(ev.sheet->no) +
                      "): " + std::to_string(ev.members) + " members, mean " +
                      r.mean.total.decimal() + " (" + r.mean.total.fraction() + "), " +
                      std::to_string(r.mean.stars) + "★\n";
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
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop council: " << *e << "\n" << usage;
        return exit_usage;
    }
    const std::string format = a.get("format", "text");
    if (a.positional.size() != 1 || (format != "text" && format != "json")) {
        std::cerr << usage;
        return exit_usage;
    }
    council_options co;
    if (a.has("spread")) {
        auto m = parse_milli(a.get("spread"));
        if (!m) {
            std::cerr << "ocop council: --spread takes points, e.g. 10 or 7.5\n";
            return exit_usage;
        }
        co.spread_milli = *m;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop council: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    return for_each_evaluation("council", a.positional[0], *reg, out,
                               [&](evaluation& ev, std::ostream& os) -> result<void> {
                                   const auto r = review_council(ev, co);
                                   os << (format == "json" ? review_json(ev, r)
                                                           : review_text(ev, r, co.spread_milli));
                                   return {};
                               });
}

const command_registration reg{"council", cmd_council,
                               "council sheets: exact mean, spread, far members, consensus"};

} // namespace

} // namespace ocop::cli
