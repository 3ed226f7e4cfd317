#pragma once
// Shared pieces of the C API implementation (src/c_api*.cpp): the registry handle, error and
// buffer filling, the exception guard, the options of an operation and the per-record
// processor that ocop_process() and the streams both run.
#include <ocop/ocop.h>
#include <ocop/ocop.hpp>
#include <ocop/text.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

/// The C handle is the C++ text engine: one implementation of the registry calls.
struct ocop_registry {
    ocop::text_engine engine;
    [[nodiscard]] const ocop::registry& reg() const { return engine.rules(); }
};

namespace ocop::detail::capi {

/// Fill `err` (when not NULL) and return `code`.
ocop_status fail(ocop_error* err, ocop_status code, std::string_view path, std::string_view message,
                 std::size_t line = 0, std::string_view id = {},
                 std::string_view column = {}) noexcept;
/// fail() with a diagnostic.
ocop_status fail(ocop_error* err, const diagnostic& d, std::size_t line = 0,
                 std::string_view id = {}, std::string_view column = {}) noexcept;
/// Reset `err` (when not NULL) to OCOP_OK and return OCOP_OK.
ocop_status ok(ocop_error* err) noexcept;
/// Replace the buffer's content by a malloc'ed copy of `s`; false when memory runs out.
bool give(ocop_buffer* out, std::string_view s) noexcept;
/// OCOP_E_INVALID_ARGUMENT when `p` is NULL.
bool null_arg(const void* p, const char* name, ocop_error* err) noexcept;

/// Run `fn` (returning ocop_status), turning every exception into a status and `err`.
template <class F>
ocop_status guarded(ocop_error* err, F&& fn) noexcept {
    try {
        return fn();
    } catch (const std::bad_alloc&) {
        return fail(err, OCOP_E_OUT_OF_MEMORY, "", "out of memory");
    } catch (const ocop::error& e) {
        return fail(err, e.diag());
    } catch (const std::exception& e) {
        return fail(err, OCOP_E_INTERNAL, "", std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(err, OCOP_E_INTERNAL, "", "internal error");
    }
}

/// Aggregate options with the CLI's defaults.
inline aggregate_options no_near() {
    aggregate_options o;
    o.near_milli = 0;
    return o;
}

/// Options of an operation (the CLI's options of the same command).
struct op_options {
    record_format input = record_format::auto_detect;
    std::size_t max_line_bytes = 1u << 20;
    result_json_options json = result_json_options::at(result_detail::totals);
    bool csv_output = false;
    plan_options plan;
    bool consensus = false;
    council_options council;
    message_language lang = message_language::vi;
    aggregate_options aggregate = no_near(); // the CLI counts near-threshold only with --near
    std::size_t top = 10;
    std::string aggregate_format = "json";
};

/// The internal operation of ocop_explain and text_engine::explain (not a stream operation).
constexpr int op_explain = 1000;

/// An options text as a JSON object; refused (invalid_json) when it is not one.
result<boost::json::object> options_object(std::string_view json);

/// Parse the options JSON of operation `op` (empty: defaults). `op` 0 accepts no key;
/// single-record calls pass their operation and `many` false (no input keys).
result<op_options> parse_options(int op, std::string_view json, bool many);

/// A C string as options text (NULL: none).
inline std::string_view options_text(const char* json) noexcept {
    return json ? std::string_view(json) : std::string_view();
}

/// Where the processor's output and refusals go; false from either stops the run.
struct sink {
    virtual ~sink() = default;
    virtual bool output(std::string_view data) = 0;
    virtual bool refused(const ocop_record_error& e) = 0;
};

/// Thrown out of a reader callback to stop reading when a sink says stop.
struct abort_run {};

/// Runs one operation over blocks of records (read_records), keeping counts, the first
/// refusal and, for aggregate, the statistics.
class processor {
  public:
    processor(const registry& reg, int op, op_options opts);
    ~processor();
    processor(const processor&) = delete;
    processor& operator=(const processor&) = delete;

    /// Process the records of `text` (a whole input, or a run of whole records with the CSV
    /// header in front); reader line k is reported as line k + line_shift. `lines_only`: JSON
    /// text is JSON Lines even when it starts with '[' (a stream's run of lines, never a
    /// whole document). Returns a fatal diagnostic (input unreadable), or ok. Throws
    /// abort_run when the sink says stop.
    result<void> run(std::string_view text, record_format format, std::ptrdiff_t line_shift,
                     sink& s, bool lines_only = false);
    /// A record refused before reaching the reader (over-long in a stream).
    void refuse(std::size_t line, const diagnostic& d, sink& s);
    /// Output written before any record (the CSV header of score); once.
    void start(sink& s);
    /// Output written after the last record (the aggregate document).
    void finish(sink& s);

    /// The options.
    [[nodiscard]] const op_options& options() const noexcept { return opts_; }
    /// Counts so far.
    [[nodiscard]] ocop_summary summary() const noexcept;
    /// The first refusal, if any.
    [[nodiscard]] const std::optional<record_error>& first_refusal() const noexcept {
        return first_;
    }

  private:
    void on_error(const record_error& e, sink& s);
    result<void> run_batch(std::istream& in, record_format format, sink& s, bool skip_first);
    void emit_result(const evaluation_result& r, sink& s);
    result<void> on_record(const reader_record& r, sink& s);
    bool validate(const boost::json::value& v, std::size_t line, sink& s);

    const registry& reg_;
    int op_;
    op_options opts_;
    evaluation ev_;
    evaluation_result res_;
    std::string line_, err_line_;
    std::size_t records_ = 0, failed_ = 0;
    std::optional<record_error> first_;
    std::unique_ptr<cohort_aggregator> agg_;
    duplicate_ids dups_;
    bool started_ = false;
    std::ptrdiff_t shift_ = 0;
};

/// One record's output, or its refusal (with line, id and column).
struct one_outcome {
    std::string text;                    ///< The output (empty when refused).
    std::optional<record_error> refusal; ///< Why the record was refused.
};
/// Run operation `op` (a C API operation or op_explain) on `text`, which must hold exactly
/// one record. Errors: bad options, unreadable input, not exactly one record.
result<one_outcome> run_one(const registry& reg, int op, std::string_view text,
                            std::string_view options_json);

/// Everything an operation over many records produced.
struct all_outcome {
    std::string output;                ///< The output, lines or the aggregate document.
    std::string refusals;              ///< The refusals as JSON lines (when asked for).
    ocop_summary summary{0, 0, 0};     ///< The counts.
    std::optional<record_error> first; ///< The first refusal.
};
/// Run operation `op` (OCOP_OP_*) over the records of `text` with its options JSON.
/// Errors: unknown operation, bad options, unreadable input.
result<all_outcome> run_all(const registry& reg, int op, std::string_view text,
                            std::string_view options_json, bool want_refusals);

/// The final status of a run from its counts and first refusal: OCOP_OK, or
/// OCOP_E_RECORDS_FAILED with the first refusal.
ocop_status run_status(const ocop_summary& counts, const std::optional<record_error>& first,
                       ocop_summary* summary, ocop_error* err) noexcept;
/// The final status of a processor's run.
ocop_status run_status(const processor& p, ocop_summary* summary, ocop_error* err) noexcept;

} // namespace ocop::detail::capi
