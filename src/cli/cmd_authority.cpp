// ocop authority: which authority recognises which star, per procedure stage (ruleset data).
#include "cli_common.hpp"
#include "command.hpp"

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop authority [--on YYYY-MM-DD] [--stars N] [--score S]\n";

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
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop authority: " << *e << "\n" << usage;
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop authority: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    if (!a.has("on")) {
        if (a.has("stars") || a.has("score")) {
            std::cerr << "ocop authority: --stars and --score need --on DATE\n";
            return exit_usage;
        }
        for (const auto* rs : reg->all()) {
            auto stages = procedure_stages(*rs);
            if (!stages) {
                std::cerr << "ocop authority: " << stages.error().what() << "\n";
                return exit_fatal;
            }
            for (const auto& st : *stages) std::cout << stage_text(st);
        }
        return exit_ok;
    }
    const auto on = date::parse(a.get("on"));
    if (!on) {
        std::cerr << usage;
        return exit_usage;
    }
    const auto st = stage_on(*reg, *on);
    if (!st) {
        std::cerr << "ocop authority: no procedure stage in force on " << on->to_string() << "\n";
        return exit_fatal;
    }
    if (!a.has("stars")) {
        std::cout << stage_text(*st);
        return exit_ok;
    }
    const std::string s = a.get("stars");
    if (s.size() != 1 || s[0] < '1' || s[0] > '5') {
        std::cerr << "ocop authority: --stars takes 1..5\n";
        return exit_usage;
    }
    const int stars = s[0] - '0';
    const std::string who = authority_for(*st, stars);
    std::cout << on->to_string() << " (" << st->rules->id() << ", " << st->basis << "): " << stars
              << "★ "
              << (who.empty() ? "gets no recognition decision or certificate"
                              : "is recognised by " + who)
              << "\n";
    if (a.has("score")) {
        // Exact: "92" or "92.5" (no floating point decides where a dossier goes).
        const std::string t = a.get("score");
        std::int64_t num = 0, den = 1;
        bool ok = !t.empty() && t.size() < 12, dot = false;
        for (char c : t) {
            if (c == '.' && !dot) {
                dot = true;
            } else if (c >= '0' && c <= '9') {
                num = num * 10 + (c - '0');
                if (dot) den *= 10;
            } else {
                ok = false;
            }
        }
        if (!ok) {
            std::cerr << "ocop authority: --score takes a number such as 92 or 92.5\n";
            return exit_usage;
        }
        if (const auto route = route_for_score(*st, score{num, den}))
            std::cout << route->message << "\n";
    }
    if (stars == 5 && st->central_below_min)
        std::cout << "if the central score is lower: " << *st->central_below_min << "\n";
    return who.empty() ? exit_partial : exit_ok;
}

const command_registration reg{"authority", cmd_authority,
                               "which authority recognises which star (--on DATE --stars N)"};

} // namespace

} // namespace ocop::cli
