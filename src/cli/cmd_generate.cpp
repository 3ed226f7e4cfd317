// ocop generate: synthetic evaluations (deterministic for a seed).
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/generate.hpp>

#include <cstdio>

namespace ocop::cli {

namespace {

int cmd_generate(int argc, char** argv) {
    ruleset_args rs;
    generate_options o;
    std::string out_path, years;
    auto app = make_app("generate", "Synthetic evaluations across the 34 provinces, "
                                    "reproducible from the seed.");
    add_int(*app, "--count", o.count, 0, 1000000000000LL, "number of evaluations (default 1000)");
    add_int(*app, "--seed", o.seed, 0, 999999999999999999LL, "random seed (default 1)");
    app->add_option("--ruleset", o.ruleset, "edition of the evaluations (default: the default)")
        ->type_name("ID");
    app->add_option("--years", years,
                    "filing years, e.g. 2022-2026 or 2025 (default 2022-2026, narrowed to the "
                    "years --ruleset was in force)")
        ->type_name("Y1-Y2")
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                int a = 0, b = 0;
                char dash = 0, extra = 0;
                const int n = std::sscanf(s.c_str(), "%4d%c%4d%c", &a, &dash, &b, &extra);
                const bool digits = s.find_first_not_of("0123456789-") == std::string::npos;
                if (digits && n == 1 && s.size() == 4)
                    b = a;
                else if (!(digits && n == 3 && dash == '-' && s.size() == 9))
                    return "expects YYYY or YYYY-YYYY, got " + s;
                return a >= 1900 && b <= 2200 && a <= b
                           ? ""
                           : "years must be in 1900..2200, first <= last";
            },
            "", "years"));
    add_output(*app, out_path);
    add_ruleset_options(*app, rs, file_group | default_group);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({}, &rs, {out_path})) return *code;
    if (!years.empty()) {
        o.year_from = std::stoi(years.substr(0, 4));
        o.year_to = std::stoi(years.substr(years.size() - 4));
    }
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    output out(out_path);
    std::string err;
    if (!out.open(err)) return fail(err);
    if (auto r = generate_evaluations(*reg, o, out.stream()); !r) return fail(describe(r.error()));
    return out.commit(err) ? exit_ok : fail(err);
}

const command_registration reg_cmd_generate{
    "generate", cmd_generate,
    "synthetic evaluations across the 34 provinces (--count N --seed S [--ruleset ID])"};

} // namespace

} // namespace ocop::cli
