// The C API over many records: ocop_process (a whole text, read as the CLI reads a file) and
// streams (chunks of any size in, one callback per output line and per refused record).
#define OCOP_NO_DEPRECATION_WARNINGS
#include "../detail/whitespace.hpp"
#include "c_api_detail.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace capi = ocop::detail::capi;

namespace {

bool valid_op(int op) {
    return op >= OCOP_OP_SCORE && op <= OCOP_OP_AGGREGATE;
}

/// Hands the output and the refusals to the host's callbacks.
struct callback_sink : capi::sink {
    ocop_output_fn on_output = nullptr;
    ocop_error_fn on_error = nullptr;
    void* user = nullptr;
    bool output(std::string_view d) override { return on_output(user, d.data(), d.size()) == 0; }
    bool refused(const ocop_record_error& e) override {
        return !on_error || on_error(user, &e) == 0;
    }
};

std::size_t count_lines(std::string_view s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

} // namespace

/// A stream: the bytes of the record in progress, what has been consumed, and the CSV header
/// put in front of every run of whole records.
struct ocop_stream {
    enum class state { reading, finished, failed };
    capi::processor proc;
    callback_sink sink;
    state st = state::reading;
    std::string pending;       // bytes after the last whole record
    std::size_t line_base = 0; // input lines consumed before `pending`
    bool bom_checked = false;
    bool decided = false; // format known
    bool csv = false;
    bool header_taken = false;
    bool ran = false;   // a run went through the reader
    std::string header; // CSV header record, with its line break
    std::size_t header_lines = 0;
    char sep = ',';
    bool skipping = false; // inside an over-long record: discard to the end of its line

    ocop_stream(const ocop::registry& reg, int op, capi::op_options o)
        : proc(reg, op, std::move(o)) {}

    /// Process what can be processed; `final` at the end of input.
    ocop_status drain(bool final, ocop_error* err);
    /// Run `block` (whole records) through the processor.
    ocop_status run(std::string_view block, ocop_error* err);
    /// End of the whole records in `pending` (0: none yet).
    std::size_t cut() const;
};

/// End (after its line break) of the last whole CSV record of `s` from `from` (only the
/// first when `first_only`); 0 when none is whole yet.
static std::size_t csv_cut(std::string_view s, std::size_t from, char sep, bool first_only) {
    std::size_t pos = from, end = 0;
    bool open = false;
    while (true) {
        const auto nl = s.find('\n', pos);
        if (nl == std::string_view::npos) break;
        std::string_view line = s.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        open = ocop::csv_scan_line(line, sep, open) == ocop::csv_line_end::open;
        pos = nl + 1;
        if (!open) {
            end = pos;
            if (first_only) break;
        }
    }
    return end;
}

std::size_t ocop_stream::cut() const {
    if (csv) return csv_cut(pending, 0, sep, false);
    const auto nl = pending.rfind('\n');
    return nl == std::string::npos ? 0 : nl + 1;
}

ocop_status ocop_stream::run(std::string_view block, ocop_error* err) {
    ran = true;
    const auto format = csv ? ocop::record_format::csv : ocop::record_format::json;
    const auto lines = count_lines(block);
    ocop::result<void> r;
    if (csv) {
        std::string text = header;
        text += block;
        r = proc.run(text, format,
                     static_cast<std::ptrdiff_t>(line_base) -
                         static_cast<std::ptrdiff_t>(header_lines),
                     sink);
    } else {
        r = proc.run(block, format, static_cast<std::ptrdiff_t>(line_base), sink, true);
    }
    line_base += lines;
    if (!r) {
        st = state::failed;
        return capi::fail(err, r.error());
    }
    return OCOP_OK;
}

ocop_status ocop_stream::drain(bool final, ocop_error* err) {
    if (!bom_checked) {
        if (pending.size() < 3 && !final) return OCOP_OK;
        if (pending.starts_with("\xEF\xBB\xBF")) pending.erase(0, 3);
        bom_checked = true;
    }
    if (!decided) {
        const auto it = std::find_if_not(pending.begin(), pending.end(), ocop::detail::json_space);
        if (it == pending.end()) {
            if (!final) return OCOP_OK;
        } else {
            const auto in = proc.options().input;
            csv = in == ocop::record_format::csv ||
                  (in == ocop::record_format::auto_detect && *it != '{' && *it != '[');
            decided = true;
        }
    }
    if (csv && !header_taken) {
        // The header: everything up to the end of the first non-blank CSV record.
        const auto first = pending.find_first_not_of(" \t\r\n");
        std::size_t end = 0;
        if (first != std::string::npos) {
            const auto nl = first ? pending.rfind('\n', first - 1) : std::string::npos;
            const std::size_t ls = nl == std::string::npos ? 0 : nl + 1;
            const auto le = pending.find('\n', ls);
            sep = ocop::detect_csv_separator(
                std::string_view(pending).substr(ls, le == std::string::npos ? le : le - ls));
            end = csv_cut(pending, ls, sep, true);
        }
        if (!end) {
            if (!final) return OCOP_OK;
            end = pending.size();
        }
        header = pending.substr(0, end);
        if (!header.empty() && header.back() != '\n') header += '\n';
        header_lines = count_lines(pending.substr(0, end));
        header_taken = true;
        pending.erase(0, end);
        line_base = header_lines;
    }
    std::size_t c = final ? pending.size() : cut();
    if (c) {
        const std::string block = pending.substr(0, c);
        pending.erase(0, c);
        if (auto s = run(block, err); s != OCOP_OK) return s;
    }
    if (final && csv && !ran) {
        // A header and no record: the reader still checks the header.
        if (auto s = run("", err); s != OCOP_OK) return s;
    }
    if (!final && pending.size() > proc.options().max_line_bytes) {
        // Refused without being held: report it, then drop bytes up to its line break.
        proc.refuse(line_base + 1,
                    {ocop::errc::limit_exceeded, "",
                     "record longer than " + std::to_string(proc.options().max_line_bytes) +
                         " bytes (max_line_bytes); skipped"},
                    sink);
        line_base += count_lines(pending);
        pending.clear();
        skipping = true;
    }
    return OCOP_OK;
}

extern "C" {

ocop_status ocop_process(const ocop_registry* reg, int op, const char* text, size_t size,
                         const char* options_json, ocop_buffer* out, ocop_buffer* errors,
                         ocop_summary* summary, ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(text, "text is NULL", err) ||
        capi::null_arg(out, "out is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    ocop_buffer_free(out);
    if (errors) ocop_buffer_free(errors);
    if (summary) *summary = ocop_summary{0, 0, 0};
    if (!valid_op(op)) return capi::fail(err, OCOP_E_INVALID_ARGUMENT, "", "unknown operation");
    return capi::guarded(err, [&]() -> ocop_status {
        auto r = capi::run_all(reg->reg(), op, std::string_view(text, size),
                               capi::options_text(options_json), errors != nullptr);
        if (!r) return capi::fail(err, r.error());
        if (!capi::give(out, r->output) || (errors && !capi::give(errors, r->refusals))) {
            ocop_buffer_free(out);
            return capi::fail(err, OCOP_E_OUT_OF_MEMORY, "", "out of memory");
        }
        return capi::run_status(r->summary, r->first, summary, err);
    });
}

ocop_status ocop_stream_new(const ocop_registry* reg, int op, const char* options_json,
                            ocop_output_fn on_output, ocop_error_fn on_error, void* user,
                            ocop_stream** out, ocop_error* err) {
    if (capi::null_arg(out, "out is NULL", err)) return OCOP_E_INVALID_ARGUMENT;
    *out = nullptr;
    if (capi::null_arg(reg, "reg is NULL", err) ||
        capi::null_arg(reinterpret_cast<const void*>(on_output), "on_output is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    if (!valid_op(op)) return capi::fail(err, OCOP_E_INVALID_ARGUMENT, "", "unknown operation");
    return capi::guarded(err, [&]() -> ocop_status {
        auto opts = capi::parse_options(op, capi::options_text(options_json), true);
        if (!opts) return capi::fail(err, opts.error());
        auto s = std::make_unique<ocop_stream>(reg->reg(), op, std::move(*opts));
        s->sink.on_output = on_output;
        s->sink.on_error = on_error;
        s->sink.user = user;
        *out = s.release();
        return capi::ok(err);
    });
}

ocop_status ocop_stream_feed(ocop_stream* stream, const char* data, size_t size, ocop_error* err) {
    if (capi::null_arg(stream, "stream is NULL", err) ||
        (size && capi::null_arg(data, "data is NULL", err)))
        return OCOP_E_INVALID_ARGUMENT;
    if (stream->st != ocop_stream::state::reading)
        return capi::fail(err, OCOP_E_STREAM_STATE, "", "the stream has finished or failed");
    return capi::guarded(err, [&]() -> ocop_status {
        try {
            std::string_view d(data ? data : "", size);
            if (stream->skipping) {
                // The rest of an over-long record: drop it up to its line break.
                const auto nl = d.find('\n');
                stream->line_base += nl == std::string_view::npos ? 0 : 1;
                if (nl == std::string_view::npos) return capi::ok(err);
                d.remove_prefix(nl + 1);
                stream->skipping = false;
            }
            stream->pending.append(d);
            if (auto s = stream->drain(false, err); s != OCOP_OK) return s;
            return capi::ok(err);
        } catch (const capi::abort_run&) {
            stream->st = ocop_stream::state::failed;
            return capi::fail(err, OCOP_E_ABORTED, "", "a callback asked to stop");
        } catch (...) {
            stream->st = ocop_stream::state::failed;
            throw;
        }
    });
}

ocop_status ocop_stream_finish(ocop_stream* stream, ocop_summary* summary, ocop_error* err) {
    if (capi::null_arg(stream, "stream is NULL", err)) return OCOP_E_INVALID_ARGUMENT;
    if (summary) *summary = stream->proc.summary();
    if (stream->st != ocop_stream::state::reading)
        return capi::fail(err, OCOP_E_STREAM_STATE, "", "the stream has finished or failed");
    return capi::guarded(err, [&]() -> ocop_status {
        try {
            stream->st = ocop_stream::state::finished;
            if (!stream->skipping)
                if (auto s = stream->drain(true, err); s != OCOP_OK) return s;
            stream->proc.finish(stream->sink);
            return capi::run_status(stream->proc, summary, err);
        } catch (const capi::abort_run&) {
            stream->st = ocop_stream::state::failed;
            return capi::fail(err, OCOP_E_ABORTED, "", "a callback asked to stop");
        } catch (...) {
            stream->st = ocop_stream::state::failed;
            throw;
        }
    });
}

void ocop_stream_free(ocop_stream* stream) {
    delete stream;
}

} // extern "C"
