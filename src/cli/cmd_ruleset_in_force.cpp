// ocop ruleset in-force --as-of DATE: the ruleset in force on a date, provenance and hash.
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>

namespace ocop::cli {

namespace {

int cmd_in_force(int argc, char** argv) {
    ruleset_args rsa;
    std::string as_of, format = "text";
    auto app = make_app("ruleset in-force", "The edition in force on a date, with its provenance "
                                            "and hash.");
    add_date(*app, "--as-of", as_of, "the date")->required();
    add_choice(*app, "--format", format, {"text", "json"}, "output format (default text)");
    // --as-of is this command's question, not a default to set: no default_options.
    add_ruleset_options(*app, rsa, file_group | policy_group);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({}, &rsa, {})) return *code;
    const auto day = date::parse(as_of);
    auto reg = make_registry(rsa);
    if (!reg) return fail(reg.error().message);
    const ruleset* rs = reg->in_force_on(*day);
    if (!rs) return fail("no ruleset in force on " + day->to_string(), exit_partial);
    std::string err;
    const auto& p = rs->document().provenance;
    const std::string status = boost::describe::enum_to_string(rs->document().status, "?");
    if (format == "json") {
        std::string out = "{\"as_of\":\"" + day->to_string() + "\",\"ruleset\":";
        append_json_string(out, rs->id());
        out += ",\"hash\":";
        append_json_string(out, rs->hash());
        out += ",\"status\":\"" + status + "\",\"decision\":";
        append_json_string(out, p.decision);
        out += ",\"issued_on\":\"" + p.issued_on.to_string() + "\",\"effective_from\":\"" +
               p.effective_from.to_string() + "\",\"effective_until\":" +
               (p.effective_until ? "\"" + p.effective_until->to_string() + "\"" : "null") +
               ",\"unofficial\":" + (p.unofficial ? "true" : "false");
        if (p.source) {
            out += ",\"source\":";
            append_json_string(out, *p.source);
        }
        return write_output("-", out + "}\n", err) ? exit_ok : fail(err);
    }
    const std::string text =
        day->to_string() + ": " + rs->id() + " (" + status + ")\n" + "decision: " + p.decision +
        ", issued " + p.issued_on.to_string() + ", in force " + p.effective_from.to_string() +
        (p.effective_until ? " until " + p.effective_until->to_string() : "") +
        (p.unofficial ? " (unofficial transcription)" : "") + "\n" +
        (p.source ? "source: " + *p.source + "\n" : "") + "hash: " + rs->hash() + "\n";
    return write_output("-", printable(text, true), err) ? exit_ok : fail(err);
}

const command_registration reg_cmd_ruleset_in_force{
    "ruleset in-force", cmd_in_force,
    "the ruleset in force on --as-of DATE, with provenance and hash"};

} // namespace

} // namespace ocop::cli
