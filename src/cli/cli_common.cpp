#include "cli_common.hpp"
#include "spreadsheet_cli.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ocop::cli {

namespace {

std::string current_command = "?";

/// Edit distance (insertions, deletions, substitutions, adjacent swaps).
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

/// The declared option closest to `given` ("--marker" → "--markers"), or "".
std::string closest_option(const CLI::App& app, const std::string& given) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, given.size() / 3) + 1;
    for (const CLI::Option* o : app.get_options()) {
        for (const auto& n : o->get_lnames()) {
            const std::string name = "--" + n;
            const std::size_t d = distance(given, name);
            const bool prefix = name.starts_with(given) || given.starts_with(name);
            if (d < best_d || (prefix && best.empty())) {
                best = name;
                best_d = d;
            }
        }
    }
    return best;
}

/// Options given on the command line that the command does not declare.
std::vector<std::string> unknown_options(const CLI::App& app,
                                         const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        if (a == "--") break;
        if (a.size() < 2 || a[0] != '-' || a == "-") continue;
        if (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.') continue; // -1
        std::string name = a.substr(0, a.find('='));
        if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2); // -ofile
        if (!app.get_option_no_throw(name)) out.push_back(name);
    }
    return out;
}

std::string usage_line(const CLI::App& app) {
    std::string u = CLI::Formatter().make_usage(&app, app.get_name());
    if (u.starts_with("\nUsage: "))
        u = "usage: " + u.substr(8);
    else if (u.starts_with("Usage: "))
        u = "usage: " + u.substr(7);
    if (!u.empty() && u.back() != '\n') u += '\n';
    return u;
}

bool write_stdout(const std::string& text) {
    std::string err;
    if (write_output("-", text, err)) return true;
    fail(err);
    return false;
}

} // namespace

const std::string& command_name() {
    return current_command;
}

std::string describe(const diagnostic& d) {
    return d.path.empty() ? d.message : d.path + ": " + d.message;
}

int fail(const std::string& text, int code) {
    const std::string line = "ocop " + current_command + ": " + printable(text) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return code;
}

// ---- parser construction ----------------------------------------------------------------

std::unique_ptr<CLI::App> make_app(const std::string& name, const std::string& description) {
    auto app = std::make_unique<CLI::App>(description, "ocop " + name);
    app->set_help_flag("-h,--help", "print this help and exit");
    app->get_formatter()->column_width(34);
    app->get_formatter()->label("REQUIRED", "(required)");
    return app;
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    current_command = app.get_name().substr(5); // after "ocop "
    const int words =
        1 + static_cast<int>(std::count(current_command.begin(), current_command.end(), ' '));
    std::vector<std::string> args;
    for (int i = 1 + words; i < argc; ++i) args.emplace_back(argv[i]);
    const bool help = std::find_if(args.begin(), args.end(), [](const std::string& a) {
                          return a == "--help" || a == "-h";
                      }) != args.end();
    const auto unknown = unknown_options(app, args);
    if (!help && !unknown.empty()) {
        std::string msg = "unknown option " + unknown[0];
        if (auto s = closest_option(app, unknown[0]); !s.empty())
            msg += "; did you mean " + s + "?";
        fail(msg);
        std::cerr << usage_line(app) << "run `ocop help " << current_command
                  << "` for the options\n";
        return exit_usage;
    }
    std::reverse(args.begin(), args.end());
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp&) {
        return write_stdout(app.help()) ? exit_ok : exit_fatal;
    } catch (const CLI::ParseError& e) {
        fail(e.what());
        std::cerr << usage_line(app) << "run `ocop help " << current_command
                  << "` for the options\n";
        return exit_usage;
    }
    return std::nullopt;
}

CLI::Validator whole_number(long long lo, long long hi) {
    return CLI::Validator(
        [lo, hi](std::string& s) -> std::string {
            const bool digits =
                !s.empty() && s.size() <= 18 &&
                std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) return "expects a whole number (digits 0-9 only), got " + s;
            s.erase(0, std::min(s.find_first_not_of('0'), s.size() - 1)); // "010": not octal
            const long long v = std::stoll(s);
            if (v < lo || v > hi)
                return "must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                       s;
            return {};
        },
        "", "whole_number");
}

CLI::Option* add_choice(CLI::App& app, const std::string& name, std::string& var,
                        const std::vector<std::string>& choices, const std::string& help) {
    std::string type;
    for (const auto& c : choices) type += (type.empty() ? "" : "|") + c;
    return app.add_option(name, var, help)
        ->check(CLI::IsMember(choices).description(""))
        ->type_name(type);
}

void add_format(CLI::App& app, format_args& f, std::vector<std::string> choices,
                const std::string& fallback, const std::string& help) {
    f.choices = std::move(choices);
    add_choice(app, "--format", f.format, f.choices,
               help + " (default from OUT's extension: .csv, .json, .jsonl; else " + fallback +
                   ")");
    add_choice(app, "--csv-dialect", f.dialect, {"standard", "excel-vi"},
               "CSV output: standard (default) or excel-vi (';' separator, decimal comma, BOM)");
}

std::string format_args::resolve(const std::string& out_path, const std::string& fallback) const {
    if (!format.empty()) return format;
    const auto offered = [&](const char* name) {
        return std::find(choices.begin(), choices.end(), name) != choices.end();
    };
    records_output ext = records_output::jsonl;
    if (output_format_from_path(out_path, ext)) {
        if (ext == records_output::csv && offered("csv")) return "csv";
        if (ext == records_output::jsonl && offered("jsonl")) return "jsonl";
        if (ext == records_output::jsonl && offered("json")) return "json";
    }
    return fallback;
}

csv_dialect format_args::csv() const {
    csv_dialect d;
    if (!dialect.empty()) (void)parse_csv_dialect(dialect, d); // checked by the parser
    return d;
}

CLI::Option* add_date(CLI::App& app, const std::string& name, std::string& var,
                      const std::string& help) {
    return app.add_option(name, var, help)
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                return date::parse(s) ? std::string() : "expects a date YYYY-MM-DD, got " + s;
            },
            "", "date"))
        ->type_name("YYYY-MM-DD");
}

CLI::Option* add_points(CLI::App& app, const std::string& name, std::int64_t& milli,
                        const std::string& help) {
    return app
        .add_option_function<std::string>(
            name, [&milli](const std::string& s) { milli = parse_points_milli(s).value_or(0); },
            help)
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                return parse_points_milli(s)
                           ? std::string()
                           : "expects points such as 10 or 7.5 (up to 3 decimals), got " + s;
            },
            "", "points"))
        ->type_name("POINTS");
}

void add_ruleset_options(CLI::App& app, ruleset_args& a, unsigned groups) {
    const std::string g = "Ruleset";
    if (groups & file_group) {
        app.add_option("--ruleset-file", a.files,
                       "add a ruleset file (ocop-ruleset/1; - reads stdin); repeatable")
            ->group(g)
            ->type_name("FILE")
            ->allow_extra_args(false);
        app.add_flag("--replace", a.replace,
                     "let a --ruleset-file replace a built-in ruleset with the same id")
            ->group(g);
    }
    if (groups & default_group) {
        app.add_option("--default", a.default_id,
                       "the edition for records naming no ruleset and no filing date")
            ->group(g)
            ->type_name("ID");
        add_date(app, "--as-of", a.as_of, "make the edition in force on that date the default")
            ->group(g);
    }
    if (groups & policy_group) {
        add_choice(app, "--markers", a.markers, policy_override_values("markers"),
                   "what a missed per-star minimum does")
            ->group(g);
        add_choice(app, "--defects", a.defects, policy_override_values("defects"),
                   "how sheets with printed defects are scored")
            ->group(g);
        add_choice(app, "--knockout", a.knockout, policy_override_values("knockout"),
                   "what a knock-out does: zero (0 stars, default) or flag (warn only)")
            ->group(g);
    }
}

record_reader_options input_args::reader() const {
    record_reader_options o;
    o.format = format == "csv"                         ? record_format::csv
               : format == "json" || format == "jsonl" ? record_format::json
                                                       : record_format::auto_detect;
    o.max_line_bytes = max_line_bytes;
    return o;
}

void add_input(CLI::App& app, input_args& a) {
    app.add_option("FILE", a.path, "input file (JSON Lines, JSON or CSV); - reads stdin")
        ->required()
        ->type_name("FILE|-");
    add_choice(app, "--input-format", a.format, {"auto", "jsonl", "json", "csv"},
               "input format (auto: CSV for *.csv or when not starting with { or [)")
        ->group("Input");
    add_int(app, "--max-line-bytes", a.max_line_bytes, 16, 1LL << 30,
            "longest record (line or CSV record) in bytes; default 1048576")
        ->group("Input");
}

void add_output(CLI::App& app, std::string& path) {
    app.add_option("-o,--output", path, "output file (default or -: stdout), written atomically")
        ->type_name("OUT");
}

// ---- rulesets ----------------------------------------------------------------------------

bool read_text(const std::string& path, std::string& text, std::string& err) {
    input_file in;
    if (!in.open(path, err)) return false;
    std::ostringstream ss;
    ss << in.stream().rdbuf();
    if (in.stream().bad()) {
        err = os_error(path, "cannot read", errno);
        return false;
    }
    text = std::move(ss).str();
    return true;
}

result<load_options> policy_options(const ruleset_args& a) {
    load_options o;
    for (const auto& [name, value] :
         {std::pair{"markers", &a.markers}, std::pair{"defects", &a.defects},
          std::pair{"knockout", &a.knockout}})
        if (!value->empty())
            if (auto r = set_policy_override(o, name, *value); !r) return r.error();
    return o;
}

result<ruleset> resolve_ruleset(const std::string& what, const load_options& opts) {
    if (auto text = registry::builtin_text(what); !text.empty()) return ruleset::load(text, opts);
    return load_ruleset_file(what, opts);
}

result<ruleset> load_ruleset_file(const std::string& what, const load_options& opts) {
    std::string text, err;
    if (!read_text(what, text, err)) return diagnostic{errc::io_error, "", err};
    auto rs = ruleset::load(text, opts);
    if (!rs) { // "FILE: /json/path: what" (the path inside the file)
        auto d = rs.error();
        d.message = what + ": " + describe(d);
        d.path.clear();
        return d;
    }
    return rs;
}

result<registry> make_registry(const ruleset_args& a) {
    auto opts = policy_options(a);
    if (!opts) return opts.error();
    auto reg = registry::builtin(*opts);
    if (!reg) return reg.error();
    std::vector<std::pair<std::string, std::string>> from_files; // id, file
    for (const auto& f : a.files) {
        auto rs = load_ruleset_file(f, *opts);
        if (!rs) return rs.error();
        const std::string id = rs->id();
        for (const auto& [other, file] : from_files)
            if (other == id)
                return diagnostic{errc::invalid_value, "",
                                  f + ": ruleset id " + id + " is already given by " + file};
        if (reg->find(id) && !a.replace)
            return diagnostic{errc::invalid_value, "",
                              f + ": ruleset id " + id +
                                  " is a built-in ruleset; add --replace to replace it"};
        from_files.emplace_back(id, f);
        reg->add(std::move(*rs));
    }
    if (!a.default_id.empty()) {
        if (!reg->find(a.default_id))
            return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + a.default_id};
        reg->set_default(a.default_id);
    }
    // --as-of: records naming no ruleset and no filing date take the edition in force then.
    if (!a.as_of.empty()) {
        const auto day = date::parse(a.as_of);
        const ruleset* rs = day ? reg->in_force_on(*day) : nullptr;
        if (!rs) return diagnostic{errc::unknown_ruleset, "", "no ruleset in force on " + a.as_of};
        reg->set_default(rs->id());
    }
    return reg;
}

std::optional<int> check_files(std::vector<std::string> inputs, const ruleset_args* rs,
                               const std::vector<std::string>& outputs) {
    if (rs) inputs.insert(inputs.end(), rs->files.begin(), rs->files.end());
    if (auto e = check_paths(inputs, outputs)) return fail(*e, exit_usage);
    return std::nullopt;
}

// ---- records -----------------------------------------------------------------------------

void report_record_error(const record_error& e) {
    std::string msg = "error: line " + std::to_string(e.line);
    if (e.element) msg += " element " + std::to_string(e.element);
    if (!e.id.empty()) msg += " (id " + printable(e.id.substr(0, 200)) + ")";
    if (!e.column.empty()) msg += " column " + printable(e.column);
    msg += ": " + std::string(to_string(e.diag.code)) + " at " +
           printable(e.diag.path.empty() ? "/" : e.diag.path) + ": " + printable(e.diag.message) +
           "\n";
    std::fwrite(msg.data(), 1, msg.size(), stderr);
}

void report_warning(const std::string& text) {
    const std::string line = "warning: " + printable(text) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void report_batch_error(const batch_error& e) {
    report_record_error({e.line, 0, e.id, e.column, e.diag});
}

int read_input(const input_args& in,
               const std::function<result<void>(const boost::json::value&)>& fn,
               const registry* reg) {
    if (reg && is_office_input(in)) return for_each_office_record(in, *reg, fn);
    input_file f;
    std::string err;
    if (!f.open(in.path, err)) return fail(err);
    record_callbacks cb;
    cb.on_record = [&](const reader_record& r) { return fn(*r.value); };
    cb.on_error = report_record_error;
    cb.on_warning = report_warning;
    auto opts = in.reader();
    if (!reg) opts.csv = csv_records::plain; // not evaluations (recognitions): plain columns
    auto r = read_records(f.stream(), in.path, opts, cb);
    if (!r) return fail(in.path + ": " + r.error().message);
    return r->failed ? exit_partial : exit_ok;
}

int for_each_evaluation(const input_args& in, const registry& reg, const std::string& out_path,
                        const std::function<result<void>(evaluation&, std::ostream&)>& fn,
                        const std::string& header) {
    output out(out_path);
    std::string err;
    if (!out.open(err)) return fail(err);
    out.stream() << header;
    evaluation ev;
    const int code = read_input(
        in,
        [&](const boost::json::value& v) -> result<void> {
            auto r = parse_evaluation(v, reg, ev);
            if (!r) return r;
            return fn(ev, out.stream());
        },
        &reg);
    if (code == exit_fatal) return code;
    if (!out.commit(err)) return fail(err);
    return code;
}

// ---- batch commands ----------------------------------------------------------------------

batch_options batch_options_from(const input_args& in, unsigned threads) {
    batch_options o;
    o.threads = threads;
    o.max_line_bytes = in.max_line_bytes;
    const bool csv_name = has_extension(in.path, ".csv");
    o.input = in.format == "csv" || (in.format == "auto" && csv_name) ? batch_input::csv
              : in.format == "auto"                                   ? batch_input::auto_detect
                                                                      : batch_input::jsonl;
    return o;
}

void add_cohort_options(CLI::App& app, cohort_args& c) {
    app.add_option("--by", c.by,
                   "group by province, year, ruleset, sheet, industry, subject_type, star or any "
                   "metadata key; repeatable or comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->check(CLI::Validator(
            [](std::string& k) -> std::string {
                group_key key;
                return parse_group_key(k, key) ? std::string()
                                               : "bad key \"" + k +
                                                     "\" (province, year, ruleset, sheet, "
                                                     "industry, subject_type, star or any "
                                                     "metadata key)";
            },
            "", "group key"))
        ->type_name("KEY");
    // Not split at ',': a value may hold commas.
    app.add_option("--where", c.where, "keep only records whose KEY is VALUE; repeatable")
        ->allow_extra_args(false)
        ->check(CLI::Validator(
            [](std::string& w) -> std::string {
                key_filter f;
                return parse_key_filter(w, f) ? std::string()
                                              : "needs KEY=VALUE, got \"" + w + "\"";
            },
            "", "filter"))
        ->type_name("KEY=VALUE");
    add_choice(app, "--provinces", c.provinces, {"2025", "as-written"},
               "2025: group provinces as merged in 2025; as-written (default): as in the records");
    add_points(app, "--near", c.near_milli, "count products within POINTS below the next band");
    add_int(app, "--top", c.top, 0, 1000, "number of weakest criteria listed (default 10)");
    add_int(app, "--threads", c.threads, 1, 256, "worker threads (default 1)");
    app.add_flag("-q,--quiet", c.quiet, "no progress line and no summary on stderr");
}

int aggregate_file(const input_args& in, const cohort_args& c, const registry& reg,
                   std::unique_ptr<cohort_aggregator>& agg, batch_summary& sum) {
    batch_options bo = batch_options_from(in, c.threads);
    bo.output = batch_output::none;
    bo.detail = score_detail::criteria; // cohorts read points per criterion, not reasons
    bo.accept_results = true;
    aggregate_options ao;
    for (const auto& k : c.by) {
        group_key key;
        if (k.find_first_not_of(" \t") == std::string::npos)
            return fail("--by needs a key", exit_usage);
        if (!parse_group_key(k, key))
            return fail("bad --by \"" + k +
                            "\" (province, year, ruleset, sheet, industry, subject_type, star or "
                            "any metadata key)",
                        exit_usage);
        ao.by.push_back(key);
    }
    for (const auto& w : c.where) {
        key_filter f;
        if (!parse_key_filter(w, f))
            return fail("--where needs KEY=VALUE, got \"" + w + "\"", exit_usage);
        ao.where.push_back(std::move(f));
    }
    if (!c.provinces.empty()) ao.provinces_2025 = c.provinces == "2025";
    ao.collect_actions = c.collect_actions;
    ao.near_milli = c.near_milli;
    // Office files as `ocop score` reads them: a workbook cell by cell; an office CSV decoded
    // and tidied in memory (lines kept), then streamed like any file.
    std::optional<std::istringstream> office;
    if (is_office_csv(in)) {
        auto text = read_office_csv(in, "", c.quiet);
        if (!text) return fail(text.error().message);
        office.emplace(std::move(*text));
        bo.input = batch_input::csv;
    } else if (is_office_input(in)) {
        agg = std::make_unique<cohort_aggregator>(reg, ao);
        return aggregate_office(in, reg, *agg, sum);
    }
    input_file f;
    std::string err;
    if (!office && !f.open(in.path, err)) return fail(err);
    std::istream& src = office ? static_cast<std::istream&>(*office) : f.stream();
    std::vector<cohort_aggregator> parts(bo.threads, cohort_aggregator(reg, ao));
    progress_meter progress(office ? office->view().size() : f.size(), !c.quiet);
    batch_callbacks cb;
    cb.on_result = [&](unsigned w, const evaluation_result& r) { parts[w].add(r); };
    cb.on_result_line = [&](unsigned w, const boost::json::object& o) {
        return parts[w].add_result(o);
    };
    cb.on_error = [&](const batch_error& e) {
        progress.clear();
        report_batch_error(e);
    };
    cb.on_warning = [&](const std::string& w) {
        progress.clear();
        report_warning(w);
    };
    cb.on_progress = [&](const batch_summary& s) { progress.update(s); };
    auto r = score_stream(src, nullptr, reg, bo, cb);
    progress.clear();
    if (!r) return fail(in.path + ": " + describe(r.error()));
    sum = *r;
    // Exact statistics: merging the per-thread parts gives the one-pass result (checked
    // arithmetic: a sum out of range is a clear fatal error, not an abort).
    try {
        for (std::size_t i = 1; i < parts.size(); ++i) parts[0].merge(parts[i]);
    } catch (const std::exception& e) {
        return fail(in.path + ": " + e.what());
    }
    agg = std::make_unique<cohort_aggregator>(std::move(parts[0]));
    return sum.failed ? exit_partial : exit_ok;
}

bool input_file::open(const std::string& path, std::string& err) {
    if (path == "-") return true;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        err = os_error(path, "cannot read", errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        err = os_error(path, "is a directory", 0);
        return false;
    }
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::size_t>(st.st_size);
    auto f = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*f) {
        err = os_error(path, "cannot read", errno);
        return false;
    }
    file_ = std::move(f);
    return true;
}

std::istream& input_file::stream() {
    return file_ ? *file_ : std::cin;
}

progress_meter::progress_meter(std::size_t total_bytes, bool enabled)
    : total_(total_bytes), on_(enabled && ::isatty(2)), start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void progress_meter::clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

void progress_meter::update(const batch_summary& s) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(s.records) / secs : 0;
    char buf[160];
    int n = std::snprintf(buf, sizeof buf, "\r%zu records (%zu failed), %.0f records/s", s.records,
                          s.failed, rate);
    if (total_ > 0 && s.bytes > 0 && s.bytes <= total_) {
        const double eta =
            secs * static_cast<double>(total_ - s.bytes) / static_cast<double>(s.bytes);
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ", %.0f%%, ETA %.0fs",
                           100.0 * static_cast<double>(s.bytes) / static_cast<double>(total_), eta);
    }
    std::cerr << buf << "\033[K" << std::flush;
    shown_ = true;
}

} // namespace ocop::cli
