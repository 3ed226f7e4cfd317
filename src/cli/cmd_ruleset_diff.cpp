// ocop ruleset diff A B: what changed between two editions, as Markdown or JSON.
#include "cli_common.hpp"
#include "command.hpp"

namespace ocop::cli {

namespace {

int cmd_ruleset_diff(int argc, char** argv) {
    ruleset_args rsa;
    std::string a_id, b_id, format = "md", out_path;
    std::optional<int> sheet;
    auto app = make_app("ruleset diff", "Criteria added, removed, re-weighted and re-marked "
                                        "between two editions (built-in ids or files).");
    app->add_option("A", a_id, "the older edition: built-in id or ruleset file")
        ->required()
        ->type_name("ID|FILE");
    app->add_option("B", b_id, "the newer edition: built-in id or ruleset file")
        ->required()
        ->type_name("ID|FILE");
    app->add_option("--sheet", sheet, "only this sheet")
        ->check(whole_number(1, 99999))
        ->type_name("N");
    add_choice(*app, "--format", format, {"md", "json"}, "output format (default md)");
    add_output(*app, out_path);
    add_ruleset_options(*app, rsa, policy_group);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({a_id, b_id}, nullptr, {out_path})) return *code;
    const auto opts = *policy_options(rsa);
    auto ra = resolve_ruleset(a_id, opts);
    if (!ra) return fail(describe(ra.error()));
    auto rb = resolve_ruleset(b_id, opts);
    if (!rb) return fail(describe(rb.error()));
    auto d = diff_rulesets(*ra, *rb, sheet);
    if (!d) return fail(d.error().message);
    const std::string text =
        format == "json" ? diff_json(*ra, *rb, *d) : printable(diff_markdown(*ra, *rb, *d), true);
    std::string err;
    return write_output(out_path, text, err) ? exit_ok : fail(err);
}

const command_registration reg_cmd_ruleset_diff{
    "ruleset diff", cmd_ruleset_diff,
    "changes between two editions (criteria added, removed, "
    "re-weighted, re-marked)"};

} // namespace

} // namespace ocop::cli
