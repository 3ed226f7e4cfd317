// ocop ruleset list|show|lint|export.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace ocop::cli {

namespace {

const char* usage =
    "usage: ocop ruleset list\n"
    "       ocop ruleset show ID|FILE\n"
    "       ocop ruleset lint ID|FILE [--defects strict]\n"
    "       ocop ruleset export ID|FILE [--format json|sql|jsonlogic] [--sheet N]\n"
    "                           [--input FILE [--input-format jsonl|csv]] [-o OUT]\n";

template <class E>
const char* name(E e) {
    return boost::describe::enum_to_string(e, "?");
}

/// A ruleset by built-in id or file path, with the command's policy overrides.
result<ruleset> resolve(const std::string& what, const load_options& opts) {
    if (auto text = registry::builtin_text(what); !text.empty()) return ruleset::load(text, opts);
    return ruleset::load_file(what, opts);
}

int list() {
    const auto& reg = registry::builtin();
    std::cout << "id            status       in force from  until        sheets  hash\n";
    for (const auto* rs : reg.all()) {
        const auto& d = rs->document();
        std::string line = rs->id();
        line.resize(14, ' ');
        std::string st = name(d.status);
        st.resize(13, ' ');
        std::string until = d.provenance.effective_until ? d.provenance.effective_until->to_string()
                                                         : std::string("-");
        until.resize(13, ' ');
        std::string sheets = std::to_string(d.sheets.size());
        sheets.resize(8, ' ');
        std::cout << line << st << d.provenance.effective_from.to_string() << "     " << until
                  << sheets << rs->hash().substr(0, 19)
                  << (rs->id() == reg.default_id() ? "  (default)" : "") << "\n";
    }
    return exit_ok;
}

int show(const ruleset& rs) {
    const auto& d = rs.document();
    std::cout << d.id << ": " << d.title << "\n"
              << "status: " << name(d.status) << "\n"
              << "decision: " << d.provenance.decision << ", in force "
              << d.provenance.effective_from.to_string()
              << (d.provenance.effective_until
                      ? " until " + d.provenance.effective_until->to_string()
                      : std::string())
              << (d.provenance.unofficial ? " (unofficial transcription)" : "") << "\n"
              << "hash: " << rs.hash() << "\n"
              << "policies: missed_minimum=" << name(rs.policies().missed_minimum)
              << " defects=" << name(rs.policies().defects) << "\n"
              << "parts:";
    for (const auto& p : d.parts) std::cout << " " << name(p.code) << " " << p.budget;
    std::cout << "\nbands:";
    for (const auto& b : d.star_bands)
        std::cout << " " << b.stars << "★ " << to_json(b.min) << "–" << to_json(b.max)
                  << (b.max_inclusive ? "]" : ")");
    std::cout << "\nsheets:\n";
    for (const auto& s : rs.sheets())
        std::cout << "  " << s.no << ". " << s.def->name_vi << " — " << s.criteria.size()
                  << " criteria, max " << s.max_total << ", " << name(s.def->status)
                  << (s.refusal ? " (refused: " + s.refusal->message + ")" : std::string()) << "\n";
    return exit_ok;
}

int lint_cmd(const std::string& what, const load_options& opts) {
    ruleset_document doc;
    if (auto text = registry::builtin_text(what); !text.empty()) {
        auto d = read_json<ruleset_document>(boost::json::parse(text));
        if (!d) {
            std::cerr << what << ": " << d.error().what() << "\n";
            return exit_fatal;
        }
        doc = std::move(*d);
    } else {
        std::ifstream in(what, std::ios::binary);
        if (!in) {
            std::cerr << "ocop ruleset lint: cannot read " << what << "\n";
            return exit_fatal;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        boost::system::error_code ec;
        auto v = boost::json::parse(strip_bom(ss.str()), ec);
        if (ec) {
            std::cerr << what << ": not valid JSON: " << ec.message() << "\n";
            return exit_fatal;
        }
        auto d = read_json<ruleset_document>(v);
        if (!d) {
            std::cerr << what << ": " << d.error().what() << "\n";
            return exit_fatal;
        }
        doc = std::move(*d);
    }
    int errors = 0, warnings = 0;
    for (const auto& f : lint(doc, opts)) {
        errors += f.severity == lint_severity::error;
        warnings += f.severity == lint_severity::warning;
        std::cout << name(f.severity) << ": " << f.check << ": "
                  << (f.sheet ? "sheet " + std::to_string(f.sheet) + ": " : std::string())
                  << f.message << " [" << f.path << "]\n";
    }
    std::cout << doc.id << ": " << errors << " error(s), " << warnings << " warning(s)\n";
    return errors ? exit_partial : exit_ok;
}

} // namespace

int cmd_ruleset(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop ruleset: " << *e << "\n";
        return exit_usage;
    }
    if (a.positional.empty()) {
        std::cerr << usage;
        return exit_usage;
    }
    const std::string& sub = a.positional[0];
    if (sub == "list") return list();
    if (a.positional.size() != 2) {
        std::cerr << usage;
        return exit_usage;
    }
    auto opts = policy_options(a);
    if (!opts) {
        std::cerr << "ocop ruleset: " << opts.error().message << "\n";
        return exit_usage;
    }
    if (sub == "lint") return lint_cmd(a.positional[1], *opts);
    auto rs = resolve(a.positional[1], *opts);
    if (!rs) {
        std::cerr << "ocop ruleset: " << rs.error().what() << "\n";
        return exit_fatal;
    }
    if (sub == "show") return show(*rs);
    if (sub == "export") {
        const std::string format = a.get("format", "json");
        int sheet = 0;
        if (a.has("sheet")) {
            try {
                sheet = std::stoi(a.get("sheet"));
            } catch (const std::exception&) {
                sheet = -1;
            }
            if (sheet <= 0) {
                std::cerr << "ocop ruleset export: --sheet takes a sheet number\n";
                return exit_usage;
            }
        }
        std::string text;
        if (format == "json") {
            text = boost::json::serialize(to_json(rs->document())) + "\n";
        } else if (format == "sql") {
            sql_export_options so;
            so.sheet = sheet;
            so.input = a.get("input");
            const std::string in_fmt =
                a.get("input-format", so.input.ends_with(".csv") ? "csv" : "jsonl");
            if (in_fmt != "csv" && in_fmt != "jsonl") {
                std::cerr << "ocop ruleset export: --input-format is jsonl or csv\n";
                return exit_usage;
            }
            so.input_format = in_fmt == "csv" ? sql_input::csv : sql_input::json_lines;
            auto sql = export_sql(*rs, so);
            if (!sql) {
                std::cerr << "ocop ruleset export: " << sql.error().what() << "\n";
                return exit_fatal;
            }
            text = std::move(*sql);
        } else if (format == "jsonlogic") {
            jsonlogic_export_options jo;
            jo.sheet = sheet;
            auto rules = export_jsonlogic(*rs, jo);
            if (!rules) {
                std::cerr << "ocop ruleset export: " << rules.error().what() << "\n";
                return exit_fatal;
            }
            text = boost::json::serialize(*rules) + "\n";
        } else {
            std::cerr << "ocop ruleset export: unknown --format " << format
                      << " (json, sql, jsonlogic)\n";
            return exit_usage;
        }
        std::string err;
        if (!write_output(a.get("output"), text, err)) {
            std::cerr << "ocop ruleset export: " << err << "\n";
            return exit_fatal;
        }
        return exit_ok;
    }
    std::cerr << usage;
    return exit_usage;
}

namespace {
const command_registration reg_cmd_ruleset{"ruleset", cmd_ruleset,
                                           "ruleset list|show|lint|export: inspect rulesets"};
} // namespace

} // namespace ocop::cli
