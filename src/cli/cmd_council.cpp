// ocop council: council members' sheets → exact mean, spread, far members, consensus sheet.
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

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
    std::string out = printable(ev.id) + " (" + ev.rules->id() + ", sheet " +
                      std::to_string(ev.sheet->no) + "): " + std::to_string(ev.members) +
                      " members, mean " + r.mean.total.decimal() + " (" + r.mean.total.fraction() +
                      "), " + std::to_string(r.mean.stars) + "★\n";
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
    input_args in;
    ruleset_args rs;
    std::string out_path, format = "text";
    council_options co;
    auto app = make_app("council", "For evaluations with members: the exact mean, the spread "
                                   "per criterion, members far from the others, the consensus.");
    add_input(*app, in);
    add_output(*app, out_path);
    add_points(*app, "--spread", co.spread_milli,
               "flag members more than POINTS from the others' mean (default 10)");
    add_choice(*app, "--format", format, {"text", "json"}, "output format (default text)");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    return for_each_evaluation(
        in, *reg, out_path, [&](evaluation& ev, std::ostream& os) -> result<void> {
            const auto r = review_council(ev, co);
            os << (format == "json" ? review_json(ev, r)
                                    : printable(review_text(ev, r, co.spread_milli), true));
            return {};
        });
}

const command_registration reg{"council", cmd_council,
                               "council sheets: exact mean, spread, far members, consensus"};

} // namespace

} // namespace ocop::cli
