#pragma once
// Shared pieces of the ocop command-line tool.
//
// A command file builds its parser with these helpers, so that every command declares its
// options the same way and `ocop help CMD` / `CMD --help` are generated from them:
//
//     ruleset_args rs;  input_args in;  std::string out;
//     auto app = make_app("plan", "cheapest criterion upgrades reaching the next star");
//     add_input(*app, in);                // FILE|- positional, --input-format, --max-line-bytes
//     add_ruleset_options(*app, rs);      // --ruleset-file… --replace --default --as-of …
//     add_output(*app, out);              // -o/--output (only for commands that write a file)
//     add_int(*app, "--target", target, 1, 5, "stars to reach");
//     if (auto code = parse(*app, argc, argv)) return *code;   // --help, usage errors
//
// Errors are printed as `ocop CMD: PATH: what (OS reason)` (fail()); usage errors exit 2 with
// the usage line and a "did you mean" for unknown options.
#include "safe_output.hpp"

#include <ocop/batch.hpp>
#include <ocop/cohort.hpp>
#include <ocop/ocop.hpp>
#include <ocop/record_reader.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop::cli {

/// Exit codes (docs/cli.md).
enum exit_code : int {
    exit_ok = 0,      ///< Everything succeeded.
    exit_partial = 1, ///< Some records failed (the others were processed), or lint errors.
    exit_usage = 2,   ///< Bad command line.
    exit_fatal = 3    ///< Input unreadable, ruleset invalid, output not writable.
};

// ---- building a command's parser -------------------------------------------------------

/// The parser of one command, named "ocop NAME" in its help.
std::unique_ptr<CLI::App> make_app(const std::string& name, const std::string& description);

/// Parse argv after the command's name words (one for "score", two for "ruleset diff").
/// Returns nullopt to go on, or the exit code: 0 after printing the help (--help, -h), 2 after
/// printing the error, the usage line and a "did you mean" for an unknown option.
std::optional<int> parse(CLI::App& app, int argc, char** argv);

/// A whole-number option (decimal digits only: no sign, "0x", exponent or fraction) in
/// [lo, hi].
template <class T>
CLI::Option* add_int(CLI::App& app, const std::string& name, T& var, long long lo, long long hi,
                     const std::string& help);

/// A text option restricted to `choices`.
CLI::Option* add_choice(CLI::App& app, const std::string& name, std::string& var,
                        const std::vector<std::string>& choices, const std::string& help);

/// A date option (YYYY-MM-DD).
CLI::Option* add_date(CLI::App& app, const std::string& name, std::string& var,
                      const std::string& help);

/// Points, whole or with up to three decimals ("10", "7.5"), kept in thousandths.
CLI::Option* add_points(CLI::App& app, const std::string& name, std::int64_t& milli,
                        const std::string& help);

/// Ruleset options of a command (see add_ruleset_options).
struct ruleset_args {
    std::vector<std::string> files; ///< --ruleset-file (repeatable; "-" is stdin).
    bool replace = false;           ///< --replace: a file may replace a built-in id.
    std::string default_id;         ///< --default.
    std::string as_of;              ///< --as-of.
    std::string markers, defects;   ///< --markers, --defects.
    std::string knockout;           ///< --knockout.
};

/// Which ruleset options a command takes.
enum ruleset_groups : unsigned {
    policy_group = 1,  ///< --markers, --defects, --knockout
    file_group = 2,    ///< --ruleset-file, --replace
    default_group = 4, ///< --default, --as-of
    all_groups = 7
};

/// Declare the ruleset options (group "Ruleset").
void add_ruleset_options(CLI::App& app, ruleset_args& a, unsigned groups = all_groups);

/// Input options of a command that reads records.
struct input_args {
    std::string path = "-";                ///< Positional FILE ("-": stdin).
    std::string format = "auto";           ///< --input-format auto|jsonl|csv.
    std::size_t max_line_bytes = 1u << 20; ///< --max-line-bytes.
    /// Reader options from these arguments.
    [[nodiscard]] record_reader_options reader() const;
};

/// Declare the positional FILE|- and --input-format, --max-line-bytes (group "Input").
void add_input(CLI::App& app, input_args& a);

/// Declare -o/--output (for commands that write a file).
void add_output(CLI::App& app, std::string& path);

/// Output format options of a command that writes a table (--format, --csv-dialect).
struct format_args {
    std::string format;  ///< --format ("": from -o's extension, else the default).
    std::string dialect; ///< --csv-dialect ("": standard).
    /// The format asked for: --format, else `csv` for OUT ending in .csv and `json` for
    /// .json/.jsonl when `choices` has them, else `fallback`.
    [[nodiscard]] std::string resolve(const std::string& out_path,
                                      const std::string& fallback) const;
    /// The CSV dialect asked for.
    [[nodiscard]] csv_dialect csv() const;
    std::vector<std::string> choices; ///< The formats the command offers.
};

/// Declare --format (one of `choices`; default `fallback` or from OUT's extension) and
/// --csv-dialect standard|excel-vi.
void add_format(CLI::App& app, format_args& f, std::vector<std::string> choices,
                const std::string& fallback, const std::string& help);

// ---- running ---------------------------------------------------------------------------

/// The running command's name ("score", "ruleset diff"), set by parse().
const std::string& command_name();

/// A diagnostic as the CLI prints it: "/json/path: message", or the message alone when it is
/// about the whole input (no "/: " in front).
std::string describe(const diagnostic& d);

/// Print "ocop CMD: text" on stderr (control characters escaped) and return `code`.
int fail(const std::string& text, int code = exit_fatal);

using ocop::printable; // the library's (encoding.hpp)

/// Load load_options from --markers/--defects.
result<load_options> policy_options(const ruleset_args& a);

/// The registry: built-ins with policy overrides, plus every --ruleset-file (a file may not
/// reuse an id already known unless --replace), then --default / --as-of.
result<registry> make_registry(const ruleset_args& a);

/// A ruleset by built-in id or file path ("-": stdin), with policy overrides.
result<ruleset> resolve_ruleset(const std::string& id_or_file, const load_options& opts);

/// A ruleset file ("-": stdin), with policy overrides; errors name the file.
result<ruleset> load_ruleset_file(const std::string& path, const load_options& opts);

/// Refuse (exit 2, printed) an output that is an input, a ruleset file or another output.
std::optional<int> check_files(std::vector<std::string> inputs, const ruleset_args* rs,
                               const std::vector<std::string>& outputs);

/// Read a whole file ("-": stdin). False with `err` ("PATH: cannot read (reason)").
bool read_text(const std::string& path, std::string& text, std::string& err);

/// Print a bad record on stderr: "error: line N (id X) column C: code at /path: message".
void report_record_error(const record_error& e);

/// Read the records of `in` (the library reader) and hand each to `fn`; errors and duplicate-
/// id warnings are printed on stderr. Returns exit_ok, exit_partial (some records failed) or
/// exit_fatal (input unreadable, reported).
/// With `reg` (commands that read evaluations), workbooks and office CSV go through the office
/// path (spreadsheet_cli.hpp, is_office_input), as `ocop score` reads them.
/// Without it (recognitions), CSV rows are plain objects (csv_records::plain).
int read_input(const input_args& in,
               const std::function<result<void>(const boost::json::value&)>& fn,
               const registry* reg = nullptr);

/// Read evaluations (JSON or CSV) from `in`, write what `fn` makes of each to `out_path`
/// safely, after `header` (a CSV table's header row). Returns the exit code.
int for_each_evaluation(const input_args& in, const registry& reg, const std::string& out_path,
                        const std::function<result<void>(evaluation&, std::ostream&)>& fn,
                        const std::string& header = {});

/// Batch options for score/aggregate/report from the input options.
batch_options batch_options_from(const input_args& in, unsigned threads);

/// Print a batch error like report_record_error.
/// A warning on stderr (escaped): "warning: TEXT".
void report_warning(const std::string& text);
void report_batch_error(const batch_error& e);

/// Cohort options shared by aggregate and report.
struct cohort_args {
    std::vector<std::string> by;    ///< --by (repeatable, or comma-separated).
    std::int64_t near_milli = 0;    ///< --near.
    std::size_t top = 10;           ///< --top.
    unsigned threads = 1;           ///< --threads.
    bool quiet = false;             ///< --quiet.
    std::vector<std::string> where; ///< --where KEY=VALUE (repeatable, not split at ',').
    std::string provinces;          ///< --provinces 2025|as-written ("": library default).
    bool collect_actions = false;   ///< Collect per-product actions (report).
};

/// Declare --by, --where, --provinces, --near, --top, --threads, --quiet.
void add_cohort_options(CLI::App& app, cohort_args& c);

/// Aggregate a file of evaluations or result lines; errors are reported on stderr. Returns
/// an exit code; `agg` and `sum` are set unless it is exit_fatal.
int aggregate_file(const input_args& in, const cohort_args& c, const registry& reg,
                   std::unique_ptr<cohort_aggregator>& agg, batch_summary& sum);

/// Progress on stderr (records/s, ETA when the size is known), only when stderr is a
/// terminal; at most a few updates per second. The line is cleared when done.
class progress_meter {
  public:
    /// `total_bytes` 0: unknown size (no ETA).
    explicit progress_meter(std::size_t total_bytes, bool enabled = true);
    ~progress_meter() { clear(); }
    /// Report the counts so far.
    void update(const batch_summary& s);
    /// Erase the progress line (before the final summary).
    void clear();

  private:
    std::size_t total_;
    bool on_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

/// An input file or stdin ("-"), with its size when known (for the ETA).
class input_file {
  public:
    /// Open `path` ("-": stdin); false with `err`.
    bool open(const std::string& path, std::string& err);
    /// The stream.
    std::istream& stream();
    /// Size in bytes of a regular file, else 0.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    std::unique_ptr<std::istream> file_;
    std::size_t size_ = 0;
};

// ---- template definitions --------------------------------------------------------------

/// Validator of add_int (decimal digits only, in range).
CLI::Validator whole_number(long long lo, long long hi);

template <class T>
CLI::Option* add_int(CLI::App& app, const std::string& name, T& var, long long lo, long long hi,
                     const std::string& help) {
    return app
        .add_option(name, var, help + " [" + std::to_string(lo) + ".." + std::to_string(hi) + "]")
        ->check(whole_number(lo, hi))
        ->type_name("N");
}

} // namespace ocop::cli
