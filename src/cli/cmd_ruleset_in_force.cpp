// ocop ruleset in-force --as-of DATE: the ruleset in force on a date, provenance and hash.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop ruleset in-force --as-of YYYY-MM-DD [--format text|json] "
                    "[--ruleset-file F]\n";

int cmd_in_force(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 3, {}, a)) {
        std::cerr << "ocop ruleset in-force: " << *e << "\n" << usage;
        return exit_usage;
    }
    const auto day = date::parse(a.get("as-of"));
    const std::string format = a.get("format", "text");
    if (!day || !a.positional.empty() || (format != "text" && format != "json")) {
        std::cerr << usage;
        return exit_usage;
    }
    args reg_args = a; // --as-of is this command's question, not a default to set
    reg_args.options.erase("as-of");
    auto reg = make_registry(reg_args);
    if (!reg) {
        std::cerr << "ocop ruleset in-force: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    const ruleset* rs = reg->in_force_on(*day);
    if (!rs) {
        std::cerr << "ocop ruleset in-force: no ruleset in force on " << day->to_string() << "\n";
        return exit_partial;
    }
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
        std::cout << out << "}\n";
        return exit_ok;
    }
    std::cout << day->to_string() << ": " << rs->id() << " (" << status << ")\n"
              << "decision: " << p.decision << ", issued " << p.issued_on.to_string()
              << ", in force " << p.effective_from.to_string()
              << (p.effective_until ? " until " + p.effective_until->to_string() : "")
              << (p.unofficial ? " (unofficial transcription)" : "") << "\n"
              << (p.source ? "source: " + *p.source + "\n" : "") << "hash: " << rs->hash() << "\n";
    return exit_ok;
}

const command_registration reg{"ruleset in-force", cmd_in_force,
                               "the ruleset in force on --as-of DATE, with provenance and hash"};

} // namespace

} // namespace ocop::cli
