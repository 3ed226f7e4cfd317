// ocop expiring --on DATE FILE: recognitions due for renewal on a date.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

const char* usage = "usage: ocop expiring --on YYYY-MM-DD FILE|- [--all] [--format text|json] "
                    "[-o OUT]\n";

std::string status_json(const renewal_status& s) {
    std::string out = "{\"id\":";
    append_json_string(out, s.rec.id);
    out += ",\"stars\":" + std::to_string(s.rec.stars) + ",\"recognised_on\":\"" +
           s.rec.recognised_on.to_string() + "\",\"issued_under\":";
    append_json_string(out, s.issued_under->id());
    out += ",\"authority\":";
    append_json_string(out, s.rec.authority.value_or(s.authority));
    out += ",\"valid_until\":\"" + s.valid_until.to_string() + "\",\"window_open\":\"" +
           s.window_open.to_string() + "\",\"window_close\":\"" + s.window_close.to_string() + "\"";
    if (s.grace_until) out += ",\"grace_until\":\"" + s.grace_until->to_string() + "\"";
    out += ",\"renewal_rules\":";
    append_json_string(out, s.renewal_rules->id());
    out += ",\"lapse_rules\":";
    append_json_string(out, s.lapse_rules->id());
    out += ",\"state\":\"" + std::string(boost::describe::enum_to_string(s.state, "?")) + "\"}\n";
    return out;
}

std::string status_text(const renewal_status& s) {
    return s.rec.id + "  " + std::to_string(s.rec.stars) + "★  recognised " +
           s.rec.recognised_on.to_string() + " (" + s.issued_under->id() + ", " +
           s.rec.authority.value_or(s.authority) + ")  valid until " + s.valid_until.to_string() +
           "  file " + s.window_open.to_string() + " .. " + s.window_close.to_string() + "  [" +
           boost::describe::enum_to_string(s.state, "?") + "]\n";
}

int cmd_expiring(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"all"}, a)) {
        std::cerr << "ocop expiring: " << *e << "\n" << usage;
        return exit_usage;
    }
    const std::string format = a.get("format", "text");
    const auto on = date::parse(a.get("on"));
    if (a.positional.size() != 1 || !on || (format != "text" && format != "json")) {
        std::cerr << usage;
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop expiring: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    bool failed = false;
    std::string err;
    const bool ok = for_each_json_record(
        a.positional[0],
        [&](const boost::json::value& v) -> result<void> {
            auto r = parse_recognition(v);
            if (!r) return r.error();
            auto s = renewal_on(*r, *reg, *on);
            if (!s) return s.error();
            if (s->due || a.has("all"))
                out.stream() << (format == "json" ? status_json(*s) : status_text(*s));
            return {};
        },
        failed, err);
    if (!ok || !out.commit(err)) {
        std::cerr << "ocop expiring: " << err << "\n";
        return exit_fatal;
    }
    return failed ? exit_partial : exit_ok;
}

const command_registration reg{"expiring", cmd_expiring,
                               "recognitions due for renewal on --on DATE"};

} // namespace

} // namespace ocop::cli
