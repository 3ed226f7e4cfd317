// ocop authority: which authority recognises which star, per procedure stage (ruleset data).
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

std::string stage_text(const procedure_stage& st) {
    std::string out = st.rules->id() + "  " + st.from.to_string() + " .. " +
                      (st.until ? st.until->to_string() : std::string("(open)")) + "  " + st.basis +
                      "\n";
    for (const auto& [stars, who] : st.recognised_by)
        out += "  " + std::to_string(stars) + "★: " + who + "\n";
    if (st.central_min_score)
        out += "  5★ candidates need at least " + std::to_string(*st.central_min_score) +
               " points at the province" +
               (st.central_min_score_default ? " (the 5★ band floor; the stage states none)" : "") +
               "\n";
    if (st.central_below_min) out += "  below that centrally: " + *st.central_below_min + "\n";
    return out;
}

int cmd_authority(int argc, char** argv) {
    ruleset_args rs;
    std::string on_text;
    int stars = 0;
    std::int64_t score_milli = 0;
    auto app = make_app("authority", "Which authority recognises which star on a date, from "
                                     "the rulesets' procedure data.");
    auto* on_opt = add_date(*app, "--on", on_text, "the date (without it: every stage)");
    auto* stars_opt =
        add_int(*app, "--stars", stars, 1, 5, "the star rank asked about")->needs(on_opt);
    auto* score_opt = add_points(*app, "--score", score_milli,
                                 "a provincial score such as 92 or 92.5, read exactly: where the "
                                 "dossier goes, whatever star is asked")
                          ->needs(stars_opt);
    add_ruleset_options(*app, rs, file_group | policy_group);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({}, &rs, {})) return *code;
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    std::string text, err;
    int code = exit_ok;
    if (on_text.empty()) {
        for (const auto* r : reg->all()) {
            auto stages = procedure_stages(*r);
            if (!stages) return fail(describe(stages.error()));
            for (const auto& st : *stages) text += stage_text(st);
        }
    } else {
        const date on = *date::parse(on_text);
        const auto st = stage_on(*reg, on);
        if (!st) return fail("no procedure stage in force on " + on.to_string());
        if (!stars) {
            text = stage_text(*st);
        } else {
            const std::string who = authority_for(*st, stars);
            text = on.to_string() + " (" + st->rules->id() + ", " + st->basis +
                   "): " + std::to_string(stars) + "★ " +
                   (who.empty() ? "gets no recognition decision or certificate"
                                : "is recognised by " + who) +
                   "\n";
            // Exact: thousandths of a point, no floating point decides where a dossier goes.
            if (score_opt->count())
                if (const auto route = route_for_score(*st, score{score_milli, 1000}))
                    text += route->message + "\n";
            if (stars == 5 && st->central_below_min)
                text += "if the central score is lower: " + *st->central_below_min + "\n";
            if (who.empty()) code = exit_partial;
        }
    }
    return write_output("-", printable(text, true), err) ? code : fail(err);
}

const command_registration reg_cmd_authority{
    "authority", cmd_authority, "which authority recognises which star (--on DATE --stars N)"};

} // namespace

} // namespace ocop::cli
