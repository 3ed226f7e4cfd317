#pragma once
// Shared pieces of the ocop command-line tool: arguments, exit codes, files, input records.
#include <ocop/batch.hpp>
#include <ocop/cohort.hpp>
#include <ocop/ocop.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <map>
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
    exit_fatal = 3    ///< Input unreadable, ruleset invalid: nothing processed.
};

/// Parsed command line: positionals and --name value / --flag options.
struct args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    /// Every option in order, repeated ones included (--by a --by b).
    std::vector<std::pair<std::string, std::string>> all;
    /// All values of a repeatable option; "a,b" counts as two values.
    [[nodiscard]] std::vector<std::string> get_all(const std::string& k) const;
    [[nodiscard]] bool has(const std::string& k) const { return options.count(k) != 0; }
    [[nodiscard]] std::string get(const std::string& k, std::string def = "") const {
        auto it = options.find(k);
        return it == options.end() ? def : it->second;
    }
};

/// Parse argv from `first`; `flags` take no value. Returns an error text on failure.
std::optional<std::string> parse_args(int argc, char** argv, int first,
                                      const std::vector<std::string>& flags, args& out);

/// The registry: built-ins with policy overrides, plus --ruleset-file files, plus --default.
result<registry> make_registry(const args& a);

/// Load options from --markers and --defects.
result<load_options> policy_options(const args& a);

/// Write `text` to `path` atomically (temp file + rename); "-" or "" writes stdout.
bool write_output(const std::string& path, const std::string& text, std::string& err);

/// An output sink: stdout or a temporary file renamed into place on commit().
class output {
  public:
    explicit output(const std::string& path);
    ~output();
    std::ostream& stream();
    bool ok() const;
    bool commit(std::string& err);

  private:
    std::string path_, tmp_;
    std::unique_ptr<std::ofstream> file_;
};

/// One input record: its text, the line where it starts.
struct record_text {
    std::size_t line = 0;
    std::string_view text;
};

/// Read JSON Lines, a JSON array, or one pretty-printed JSON object from a file or "-".
/// Tolerates a BOM, CRLF, blank lines and a missing final newline. Calls `fn` per record
/// (objects of an array are passed re-serialized). Returns false with `err` on I/O error.
bool for_each_record(const std::string& path, const std::function<void(const record_text&)>& fn,
                     std::string& err);

/// Read records from `path`, parse each as JSON and hand it to `fn`, which refuses a record
/// with a diagnostic. Invalid JSON and refusals are reported with the line and the record's
/// id when it has one, and set `failed`. False (with `err`) when the input cannot be read.
bool for_each_json_record(const std::string& path,
                          const std::function<result<void>(const boost::json::value&)>& fn,
                          bool& failed, std::string& err);

/// Read records from `path`, parse each as an evaluation and hand it to `fn`, which writes
/// its output to the stream or refuses the record with a diagnostic. Bad records are reported
/// and skipped; `out` is committed atomically. Returns the exit code.
int for_each_evaluation(const std::string& cmd, const std::string& path, const registry& reg,
                        output& out,
                        const std::function<result<void>(evaluation&, std::ostream&)>& fn);

/// Print "line N (id X): path: message" to stderr.
void report_error(std::size_t line, std::string_view id, const diagnostic& d);

/// Print a batch error like report_error, naming the CSV column when there is one.
void report_batch_error(const batch_error& e);

/// Batch options from --threads, --max-line-bytes, --input-format, --format, --compact;
/// `path` decides the input format when --input-format is absent (.csv: CSV).
std::optional<std::string> batch_options_from(const args& a, const std::string& path,
                                              batch_options& out);

/// Aggregate a file of evaluations or result lines (--threads, --near, --by, input
/// options); errors are reported on stderr. Returns an exit code; `agg` holds the merged
/// statistics and `sum` the counts when it is not exit_fatal or exit_usage.
int aggregate_file(const char* cmd, const args& a, const registry& reg,
                   std::unique_ptr<cohort_aggregator>& agg, batch_summary& sum);

/// An input file or stdin ("-"), with its size when known (for the ETA).
class input_file {
  public:
    /// Open `path` ("-": stdin).
    explicit input_file(const std::string& path);
    /// Whether it opened.
    [[nodiscard]] bool ok() const;
    /// The stream.
    std::istream& stream();
    /// Size in bytes of a regular file, else 0.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    std::unique_ptr<std::ifstream> file_;
    std::size_t size_ = 0;
};

/// Progress on stderr (records/s, ETA when the size is known), only when stderr is a
/// terminal; at most a few updates per second.
class progress_meter {
  public:
    /// `total_bytes` 0: unknown size (no ETA).
    explicit progress_meter(std::size_t total_bytes, bool enabled = true);
    ~progress_meter();
    /// Report the counts so far.
    void update(const batch_summary& s);

  private:
    std::size_t total_;
    bool on_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

} // namespace ocop::cli
