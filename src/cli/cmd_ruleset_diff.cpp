// ocop ruleset diff A B: what changed between two editions, as Markdown or JSON.
#include "cli_common.hpp"
#include "command.hpp"

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop ruleset diff A B [--sheet N] [--format md|json] [-o OUT]\n"
                    "       (A, B: built-in ruleset ids or ruleset files)\n";

result<ruleset> resolve(const std::string& what, const load_options& opts) {
    if (auto text = registry::builtin_text(what); !text.empty()) return ruleset::load(text, opts);
    return ruleset::load_file(what, opts);
}

int cmd_ruleset_diff(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 3, {}, a)) {
        std::cerr << "ocop ruleset diff: " << *e << "\n" << usage;
        return exit_usage;
    }
    const std::string format = a.get("format", "md");
    if (a.positional.size() != 2 || (format != "md" && format != "json")) {
        std::cerr << usage;
        return exit_usage;
    }
    std::optional<int> sheet;
    if (a.has("sheet")) {
        try {
            sheet = std::stoi(a.get("sheet"));
        } catch (...) {
            std::cerr << "ocop ruleset diff: --sheet takes a number\n";
            return exit_usage;
        }
    }
    auto opts = policy_options(a);
    if (!opts) {
        std::cerr << "ocop ruleset diff: " << opts.error().message << "\n";
        return exit_usage;
    }
    auto ra = resolve(a.positional[0], *opts);
    auto rb = resolve(a.positional[1], *opts);
    for (const auto* r : {&ra, &rb})
        if (!*r) {
            std::cerr << "ocop ruleset diff: " << r->error().what() << "\n";
            return exit_fatal;
        }
    auto d = diff_rulesets(*ra, *rb, sheet);
    if (!d) {
        std::cerr << "ocop ruleset diff: " << d.error().message << "\n";
        return exit_fatal;
    }
    const std::string text =
        format == "json" ? diff_json(*ra, *rb, *d) : diff_markdown(*ra, *rb, *d);
    std::string err;
    if (!write_output(a.get("output"), text, err)) {
        std::cerr << "ocop ruleset diff: " << err << "\n";
        return exit_fatal;
    }
    return exit_ok;
}

const command_registration reg{"ruleset diff", cmd_ruleset_diff,
                               "changes between two editions (criteria added, removed, "
                               "re-weighted, re-marked)"};

} // namespace

} // namespace ocop::cli
