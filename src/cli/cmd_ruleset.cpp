// ocop ruleset list|show|lint|export.
#include "../detail/compiled_sheet.hpp"
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <ocop/json_io.hpp>

#include <sstream>

namespace ocop::cli {

namespace {

std::string list() {
    const auto& reg = registry::builtin();
    std::ostringstream os;
    os << "id            status       in force from  until        sheets  hash\n";
    for (const auto* rs : reg.all()) {
        const auto& d = rs->document();
        std::string line = rs->id();
        line.resize(14, ' ');
        std::string st = detail::enum_name(d.status);
        st.resize(13, ' ');
        std::string until = d.provenance.effective_until ? d.provenance.effective_until->to_string()
                                                         : std::string("-");
        until.resize(13, ' ');
        std::string sheets = std::to_string(d.sheets.size());
        sheets.resize(8, ' ');
        os << line << st << d.provenance.effective_from.to_string() << "     " << until << sheets
           << rs->hash().substr(0, 19) << (rs->id() == reg.default_id() ? "  (default)" : "")
           << "\n";
    }
    return os.str();
}

std::string show(const ruleset& rs) {
    const auto& d = rs.document();
    std::ostringstream os;
    os << d.id << ": " << d.title << "\n"
       << "status: " << detail::enum_name(d.status) << "\n"
       << "decision: " << d.provenance.decision << ", in force "
       << d.provenance.effective_from.to_string()
       << (d.provenance.effective_until ? " until " + d.provenance.effective_until->to_string()
                                        : std::string())
       << (d.provenance.unofficial ? " (unofficial transcription)" : "") << "\n"
       << "hash: " << rs.hash() << "\n"
       << "policies: missed_minimum=" << detail::enum_name(rs.policies().missed_minimum)
       << " defects=" << detail::enum_name(rs.policies().defects)
       << " knockout=" << detail::enum_name(rs.policies().knockout.value_or(knockout_policy::zero))
       << "\n"
       << "parts:";
    for (const auto& p : d.parts) os << " " << detail::enum_name(p.code) << " " << p.budget;
    os << "\nbands:";
    for (const auto& b : d.star_bands)
        os << " " << b.stars << "★ " << to_json(b.min) << "–" << to_json(b.max)
           << (b.max_inclusive ? "]" : ")");
    os << "\nsheets:\n";
    for (const auto& s : rs.sheets())
        os << "  " << s.no << ". " << s.def->name_vi << " — " << s.criteria.size()
           << " criteria, max " << s.max_total << ", " << detail::enum_name(s.def->status)
           << (s.refusal ? " (refused: " + s.refusal->message + ")" : std::string()) << "\n";
    return os.str();
}

int lint_cmd(const std::string& what, const load_options& opts) {
    std::string text, err;
    if (auto t = registry::builtin_text(what); !t.empty())
        text = t;
    else if (!read_text(what, text, err))
        return fail(err);
    boost::system::error_code ec;
    auto v = boost::json::parse(strip_bom(text), ec);
    if (ec) return fail(what + ": not valid JSON: " + ec.message());
    auto doc = read_json<ruleset_document>(v);
    if (!doc) return fail(what + ": " + describe(doc.error()));
    int errors = 0, warnings = 0;
    std::string out;
    for (const auto& f : lint(*doc, opts)) {
        errors += f.severity == lint_severity::error;
        warnings += f.severity == lint_severity::warning;
        out += std::string(detail::enum_name(f.severity)) + ": " + f.check + ": " +
               (f.sheet ? "sheet " + std::to_string(f.sheet) + ": " : std::string()) + f.message +
               " [" + f.path + "]\n";
    }
    out += doc->id + ": " + std::to_string(errors) + " error(s), " + std::to_string(warnings) +
           " warning(s)\n";
    if (!write_output("-", printable(out, true), err)) return fail(err);
    return errors ? exit_partial : exit_ok;
}

/// Parse the common arguments of show/lint/export: ID|FILE and the policy options.
struct ruleset_cmd {
    ruleset_args rsa;
    std::string what;
    std::unique_ptr<CLI::App> app;
    ruleset_cmd(const std::string& name, const std::string& description) {
        app = make_app(name, description);
        app->add_option("RULESET", what, "built-in ruleset id, or a ruleset file (- reads stdin)")
            ->required()
            ->type_name("ID|FILE");
        add_ruleset_options(*app, rsa, policy_group);
    }
};

int cmd_list(int argc, char** argv) {
    auto app = make_app("ruleset list", "The known rulesets with status, dates and hash.");
    if (auto code = parse(*app, argc, argv)) return *code;
    std::string err;
    return write_output("-", list(), err) ? exit_ok : fail(err);
}

int cmd_show(int argc, char** argv) {
    ruleset_cmd c("ruleset show", "Provenance, policies, parts, bands and sheets of a ruleset.");
    if (auto code = parse(*c.app, argc, argv)) return *code;
    auto rs = resolve_ruleset(c.what, *policy_options(c.rsa));
    if (!rs) return fail(describe(rs.error()));
    std::string err;
    return write_output("-", printable(show(*rs), true), err) ? exit_ok : fail(err);
}

int cmd_lint(int argc, char** argv) {
    ruleset_cmd c("ruleset lint", "Every finding of the ruleset checks (exit 1 on errors).");
    if (auto code = parse(*c.app, argc, argv)) return *code;
    return lint_cmd(c.what, *policy_options(c.rsa));
}

int cmd_export(int argc, char** argv) {
    ruleset_cmd c("ruleset export",
                  "The canonical JSON, DuckDB SQL or JsonLogic rules of a ruleset.");
    std::string format = "json", out_path;
    int sheet = 0;
    sql_export_options so;
    std::string in_fmt = "auto";
    add_choice(*c.app, "--format", format, {"json", "sql", "jsonlogic"},
               "export format (default json)");
    add_int(*c.app, "--sheet", sheet, 1, 99999, "only this sheet (sql, jsonlogic)");
    auto* input = c.app
                      ->add_option("--input", so.input,
                                   "sql: evaluations to load into the database (JSONL or CSV)")
                      ->type_name("FILE");
    add_choice(*c.app, "--input-format", in_fmt, {"auto", "jsonl", "csv"},
               "format of --input (auto: CSV for *.csv)")
        ->needs(input);
    add_output(*c.app, out_path);
    if (auto code = parse(*c.app, argc, argv)) return *code;
    if (auto code = check_files({c.what, so.input}, nullptr, {out_path})) return *code;
    auto rs = resolve_ruleset(c.what, *policy_options(c.rsa));
    if (!rs) return fail(describe(rs.error()));
    std::string text;
    if (format == "json") {
        text = boost::json::serialize(to_json(rs->document())) + "\n";
    } else if (format == "sql") {
        so.sheet = sheet;
        const bool csv = in_fmt == "csv" || (in_fmt == "auto" && so.input.ends_with(".csv"));
        so.input_format = csv ? sql_input::csv : sql_input::json_lines;
        auto sql = export_sql(*rs, so);
        if (!sql) return fail(describe(sql.error()));
        text = std::move(*sql);
    } else {
        jsonlogic_export_options jo;
        jo.sheet = sheet;
        auto rules = export_jsonlogic(*rs, jo);
        if (!rules) return fail(describe(rules.error()));
        text = boost::json::serialize(*rules) + "\n";
    }
    std::string err;
    return write_output(out_path, text, err) ? exit_ok : fail(err);
}

const command_registration reg_list{"ruleset list", cmd_list, "the known rulesets"};
const command_registration reg_show{"ruleset show", cmd_show,
                                    "provenance, parts, bands and sheets of a ruleset"};
const command_registration reg_lint{"ruleset lint", cmd_lint, "check a ruleset (exit 1 on errors)"};
const command_registration reg_export{"ruleset export", cmd_export,
                                      "a ruleset as JSON, DuckDB SQL or JsonLogic"};

} // namespace

} // namespace ocop::cli
