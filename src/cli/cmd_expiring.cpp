// ocop expiring --on DATE FILE: recognitions due for renewal on a date.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>

namespace ocop::cli {

namespace {

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
    return printable(s.rec.id) + "  " + std::to_string(s.rec.stars) + "★  recognised " +
           s.rec.recognised_on.to_string() + " (" + s.issued_under->id() + ", " +
           s.rec.authority.value_or(s.authority) + ")  valid until " + s.valid_until.to_string() +
           "  file " + s.window_open.to_string() + " .. " + s.window_close.to_string() + "  [" +
           boost::describe::enum_to_string(s.state, "?") + "]\n";
}

int cmd_expiring(int argc, char** argv) {
    input_args in;
    ruleset_args rs;
    std::string out_path, on_text;
    format_args fa;
    bool all = false;
    auto app = make_app("expiring", "Recognitions due for renewal on a date, with the "
                                    "re-evaluation window.");
    add_date(*app, "--on", on_text, "the date to look at")->required();
    add_input(*app, in);
    add_output(*app, out_path);
    app->add_flag("--all", all, "list every recognition, not only those due");
    add_format(*app, fa, {"text", "json", "csv"}, "text", "output format");
    add_ruleset_options(*app, rs);
    if (auto code = parse(*app, argc, argv)) return *code;
    if (auto code = check_files({in.path}, &rs, {out_path})) return *code;
    const date on = *date::parse(on_text);
    auto reg = make_registry(rs);
    if (!reg) return fail(reg.error().message);
    const std::string format = fa.resolve(out_path, "text");
    const csv_dialect dialect = fa.csv();
    output out(out_path);
    std::string err, rows;
    if (!out.open(err)) return fail(err);
    if (format == "csv") out.stream() << operation_csv_header(operation_table::renewal, dialect);
    const int code = read_input(in, [&](const boost::json::value& v) -> result<void> {
        auto r = parse_recognition(v);
        if (!r) return r.error();
        auto s = renewal_on(*r, *reg, on);
        if (!s) return s.error();
        if (!s->due && !all) return {};
        if (format == "csv") {
            rows.clear();
            append_renewal_csv(*s, rows, dialect);
            out.stream() << rows;
        } else {
            out.stream() << (format == "json" ? status_json(*s) : printable(status_text(*s), true));
        }
        return {};
    });
    if (code == exit_fatal) return code;
    return out.commit(err) ? code : fail(err);
}

const command_registration reg_cmd_expiring{"expiring", cmd_expiring,
                                            "recognitions due for renewal on --on DATE"};

} // namespace

} // namespace ocop::cli
