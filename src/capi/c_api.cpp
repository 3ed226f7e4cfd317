// The C API (include/ocop/ocop.h): library basics, buffers and errors, registries, and the
// deprecated first API as thin wrappers. Operations: c_api_ops.cpp; streams: c_api_stream.cpp.
#define OCOP_NO_DEPRECATION_WARNINGS
#include "c_api_detail.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

// The C status codes mirror ocop::errc so that a code means the same on both sides.
static_assert(OCOP_E_INVALID_JSON == static_cast<int>(ocop::errc::invalid_json));
static_assert(OCOP_E_WRONG_TYPE == static_cast<int>(ocop::errc::wrong_type));
static_assert(OCOP_E_MISSING_FIELD == static_cast<int>(ocop::errc::missing_field));
static_assert(OCOP_E_UNKNOWN_FIELD == static_cast<int>(ocop::errc::unknown_field));
static_assert(OCOP_E_OUT_OF_RANGE == static_cast<int>(ocop::errc::out_of_range));
static_assert(OCOP_E_INVALID_VALUE == static_cast<int>(ocop::errc::invalid_value));
static_assert(OCOP_E_UNKNOWN_RULESET == static_cast<int>(ocop::errc::unknown_ruleset));
static_assert(OCOP_E_UNKNOWN_SHEET == static_cast<int>(ocop::errc::unknown_sheet));
static_assert(OCOP_E_UNKNOWN_CRITERION == static_cast<int>(ocop::errc::unknown_criterion));
static_assert(OCOP_E_AMBIGUOUS_CRITERION == static_cast<int>(ocop::errc::ambiguous_criterion));
static_assert(OCOP_E_MISSING_CRITERION == static_cast<int>(ocop::errc::missing_criterion));
static_assert(OCOP_E_IMPOSSIBLE_POINTS == static_cast<int>(ocop::errc::impossible_points));
static_assert(OCOP_E_UNKNOWN_OPTION == static_cast<int>(ocop::errc::unknown_option));
static_assert(OCOP_E_CASE_CONFLICT == static_cast<int>(ocop::errc::case_conflict));
static_assert(OCOP_E_CASE_MISSING == static_cast<int>(ocop::errc::case_missing));
static_assert(OCOP_E_NOT_A_KNOCKOUT == static_cast<int>(ocop::errc::not_a_knockout));
static_assert(OCOP_E_SHEET_DEFECTIVE == static_cast<int>(ocop::errc::sheet_defective));
static_assert(OCOP_E_SHEET_MISSING_DATA == static_cast<int>(ocop::errc::sheet_missing_data));
static_assert(OCOP_E_RULESET_INVALID == static_cast<int>(ocop::errc::ruleset_invalid));
static_assert(OCOP_E_LIMIT_EXCEEDED == static_cast<int>(ocop::errc::limit_exceeded));
static_assert(OCOP_E_IO_ERROR == static_cast<int>(ocop::errc::io_error));
static_assert(OCOP_E_SHEET_MISSING == static_cast<int>(ocop::errc::sheet_missing));

namespace ocop::detail::capi {

namespace {

char* dup(std::string_view s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size()); // an empty view may hold no pointer
    p[s.size()] = '\0';
    return p;
}

} // namespace

ocop_status fail(ocop_error* err, ocop_status code, std::string_view path, std::string_view message,
                 std::size_t line, std::string_view id, std::string_view column) noexcept {
    if (!err) return code;
    ocop_error_free(err);
    err->code = code;
    err->record_code = code;
    err->line = line;
    try {
        err->id = dup(id);
        err->path = dup(path);
        err->message = dup(message);
        err->column = dup(column);
    } catch (...) {
        // Out of memory while reporting: keep the code, leave the strings as far as made.
    }
    return code;
}

ocop_status fail(ocop_error* err, const diagnostic& d, std::size_t line, std::string_view id,
                 std::string_view column) noexcept {
    return fail(err, static_cast<int>(d.code), d.path, d.message, line, id, column);
}

ocop_status ok(ocop_error* err) noexcept {
    if (err) {
        ocop_error_free(err);
        // Empty strings, never NULL, once filled.
        (void)fail(err, OCOP_OK, "", "");
    }
    return OCOP_OK;
}

bool give(ocop_buffer* out, std::string_view s) noexcept {
    ocop_buffer_free(out);
    if (s.empty()) return true;
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) return false;
    if (!s.empty()) std::memcpy(p, s.data(), s.size()); // an empty view may hold no pointer
    p[s.size()] = '\0';
    out->data = p;
    out->size = s.size();
    return true;
}

bool null_arg(const void* p, const char* name, ocop_error* err) noexcept {
    if (p) return false;
    fail(err, OCOP_E_INVALID_ARGUMENT, "", std::string_view(name).empty() ? "NULL" : name);
    return true;
}

} // namespace ocop::detail::capi

namespace capi = ocop::detail::capi;

namespace {} // namespace

extern "C" {

unsigned ocop_abi_version(void) {
    return OCOP_ABI_VERSION;
}

const char* ocop_version(void) {
    return ocop::version_string;
}

const char* ocop_error_name(int code) {
    // 0..99 are ocop::errc values, including codes added after this file was written.
    if (code >= 0 && code < OCOP_E_INVALID_ARGUMENT)
        return ocop::to_string(static_cast<ocop::errc>(code));
    switch (code) {
    case OCOP_E_INVALID_ARGUMENT:
        return "invalid_argument";
    case OCOP_E_OUT_OF_MEMORY:
        return "out_of_memory";
    case OCOP_E_INTERNAL:
        return "internal";
    case OCOP_E_RECORDS_FAILED:
        return "records_failed";
    case OCOP_E_ABORTED:
        return "aborted";
    case OCOP_E_STREAM_STATE:
        return "stream_state";
    default:
        return "unknown";
    }
}

void ocop_buffer_free(ocop_buffer* buffer) {
    if (!buffer) return;
    std::free(buffer->data);
    buffer->data = nullptr;
    buffer->size = 0;
}

void ocop_error_free(ocop_error* error) {
    if (!error) return;
    std::free(error->id);
    std::free(error->path);
    std::free(error->message);
    std::free(error->column);
    *error = ocop_error{OCOP_OK, OCOP_OK, 0, nullptr, nullptr, nullptr, nullptr};
}

ocop_status ocop_registry_new(const char* options_json, ocop_registry** out, ocop_error* err) {
    if (capi::null_arg(out, "out is NULL", err)) return OCOP_E_INVALID_ARGUMENT;
    *out = nullptr;
    return capi::guarded(err, [&]() -> ocop_status {
        auto engine = ocop::text_engine::create(capi::options_text(options_json));
        if (!engine) return capi::fail(err, engine.error());
        *out = new ocop_registry{std::move(*engine)};
        return capi::ok(err);
    });
}

void ocop_registry_free(ocop_registry* reg) {
    delete reg;
}

ocop_status ocop_registry_add_file(ocop_registry* reg, const char* path, ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(path, "path is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    return capi::guarded(err, [&]() -> ocop_status {
        auto r = reg->engine.add_ruleset_file(path);
        return r ? capi::ok(err) : capi::fail(err, r.error());
    });
}

ocop_status ocop_registry_add_text(ocop_registry* reg, const char* text, size_t size,
                                   ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(text, "text is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    return capi::guarded(err, [&]() -> ocop_status {
        auto r = reg->engine.add_ruleset(std::string_view(text, size));
        return r ? capi::ok(err) : capi::fail(err, r.error());
    });
}

ocop_status ocop_registry_set_default_edition(ocop_registry* reg, const char* id, ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(id, "id is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    return capi::guarded(err, [&]() -> ocop_status {
        auto r = reg->engine.set_default_edition(id);
        return r ? capi::ok(err) : capi::fail(err, r.error());
    });
}

namespace {

/// A text_engine answer into a buffer.
ocop_status give_text(const ocop::result<std::string>& r, ocop_buffer* out, ocop_error* err) {
    if (!r) return capi::fail(err, r.error());
    if (!capi::give(out, *r)) return capi::fail(err, OCOP_E_OUT_OF_MEMORY, "", "out of memory");
    return capi::ok(err);
}

} // namespace

ocop_status ocop_registry_list(const ocop_registry* reg, ocop_buffer* out, ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(out, "out is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    ocop_buffer_free(out);
    return capi::guarded(err, [&] { return give_text(reg->engine.rulesets(), out, err); });
}

ocop_status ocop_ruleset_hash(const ocop_registry* reg, const char* id, ocop_buffer* out,
                              ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) || capi::null_arg(id, "id is NULL", err) ||
        capi::null_arg(out, "out is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    ocop_buffer_free(out);
    return capi::guarded(err, [&] { return give_text(reg->engine.ruleset_hash(id), out, err); });
}

} // extern "C"

// ---- the deprecated first API: a thread-local last error ---------------------------------

namespace {

struct last_error {
    int code = OCOP_OK;
    std::string path;
    std::string message;
    std::string json = R"({"error":"ok","path":"","message":""})";
};

thread_local last_error t_last;

void set_last(int code, std::string_view path, std::string_view message) noexcept {
    try {
        t_last.code = code;
        t_last.path = path;
        t_last.message = message;
        t_last.json = "{\"error\":";
        ocop::append_json_string(t_last.json, ocop_error_name(code));
        t_last.json += ",\"path\":";
        ocop::append_json_string(t_last.json, t_last.path);
        t_last.json += ",\"message\":";
        ocop::append_json_string(t_last.json, t_last.message);
        t_last.json += '}';
    } catch (...) {
        t_last.code = code; // out of memory while reporting: keep at least the code
    }
}

/// Copy an ocop_error into the last error and release it; returns its code.
int keep_last(ocop_error& e) noexcept {
    const int code = e.code;
    set_last(code, e.path ? e.path : "", e.message ? e.message : "");
    ocop_error_free(&e);
    return code;
}

/// A buffer as a string for ocop_string_free (the buffer's malloc'ed bytes; "" when empty).
char* take(ocop_buffer& b) noexcept {
    if (b.data) {
        char* p = b.data;
        b = ocop_buffer{nullptr, 0};
        return p;
    }
    char* p = static_cast<char*>(std::malloc(1));
    if (p)
        *p = '\0';
    else
        set_last(OCOP_E_OUT_OF_MEMORY, "", "out of memory");
    return p;
}

} // namespace

extern "C" {

ocop_registry* ocop_registry_builtin(void) {
    return ocop_registry_builtin_with_options(nullptr);
}

ocop_registry* ocop_registry_builtin_with_options(const char* options_json) {
    ocop_registry* reg = nullptr;
    ocop_error e = OCOP_ERROR_INIT;
    ocop_registry_new(options_json, &reg, &e);
    keep_last(e);
    return reg;
}

int ocop_registry_load_file(ocop_registry* reg, const char* path) {
    ocop_error e = OCOP_ERROR_INIT;
    ocop_registry_add_file(reg, path, &e);
    return keep_last(e);
}

int ocop_registry_load_json(ocop_registry* reg, const char* ruleset_json) {
    ocop_error e = OCOP_ERROR_INIT;
    ocop_registry_add_text(reg, ruleset_json, ruleset_json ? std::strlen(ruleset_json) : 0, &e);
    return keep_last(e);
}

int ocop_registry_set_default(ocop_registry* reg, const char* id) {
    ocop_error e = OCOP_ERROR_INIT;
    ocop_registry_set_default_edition(reg, id, &e);
    return keep_last(e);
}

char* ocop_ruleset_ids(const ocop_registry* reg) {
    if (!reg) {
        set_last(OCOP_E_INVALID_ARGUMENT, "", "reg is NULL");
        return nullptr;
    }
    try {
        std::string out = "[";
        for (const auto* rs : reg->reg().all()) {
            if (out.size() > 1) out += ',';
            ocop::append_json_string(out, rs->id());
        }
        out += ']';
        ocop_buffer b = OCOP_BUFFER_INIT;
        if (!capi::give(&b, out)) {
            set_last(OCOP_E_OUT_OF_MEMORY, "", "out of memory");
            return nullptr;
        }
        set_last(OCOP_OK, "", "");
        return take(b);
    } catch (...) {
        set_last(OCOP_E_OUT_OF_MEMORY, "", "out of memory");
        return nullptr;
    }
}

char* ocop_score_json(const ocop_registry* reg, const char* evaluation_json) {
    if (!reg || !evaluation_json) {
        set_last(OCOP_E_INVALID_ARGUMENT, "", reg ? "evaluation_json is NULL" : "reg is NULL");
        return nullptr;
    }
    ocop_buffer b = OCOP_BUFFER_INIT;
    ocop_error e = OCOP_ERROR_INIT;
    // The old result had no newline; a refusal was an object {id?, error, path, message}.
    const ocop_status st = ocop_score(reg, evaluation_json, std::strlen(evaluation_json),
                                      R"({"detail":"full"})", &b, &e);
    if (st == OCOP_OK) {
        if (b.size && b.data[b.size - 1] == '\n') b.data[--b.size] = '\0';
        keep_last(e);
        return take(b);
    }
    std::string obj;
    try {
        obj = "{";
        if (e.id && *e.id) {
            obj += "\"id\":";
            ocop::append_json_string(obj, e.id);
            obj += ',';
        }
        obj += "\"error\":";
        ocop::append_json_string(obj, ocop_error_name(e.code));
        obj += ",\"path\":";
        ocop::append_json_string(obj, e.path ? e.path : "");
        obj += ",\"message\":";
        ocop::append_json_string(obj, e.message ? e.message : "");
        obj += '}';
    } catch (...) {
        obj.clear();
    }
    keep_last(e);
    if (obj.empty() || !capi::give(&b, obj)) return nullptr;
    return take(b);
}

char* ocop_score_jsonl(const ocop_registry* reg, const char* jsonl) {
    if (!reg || !jsonl) {
        set_last(OCOP_E_INVALID_ARGUMENT, "", reg ? "jsonl is NULL" : "reg is NULL");
        return nullptr;
    }
    // The old contract: one output line per record, results and refusals interleaved.
    struct collect : capi::sink {
        std::string text;
        bool output(std::string_view d) override {
            text += d;
            return true;
        }
        bool refused(const ocop_record_error& r) override {
            text += r.json;
            return true;
        }
    } c;
    ocop_error e = OCOP_ERROR_INIT;
    const ocop_status st = capi::guarded(&e, [&]() -> ocop_status {
        auto opts =
            capi::parse_options(OCOP_OP_SCORE, R"({"input":"jsonl","detail":"full"})", true);
        capi::processor p(reg->reg(), OCOP_OP_SCORE, *opts);
        if (auto r = p.run(jsonl, ocop::record_format::json, 0, c); !r)
            return capi::fail(&e, r.error());
        return capi::run_status(p, nullptr, &e);
    });
    // The last error is the first refused record's (its own code), as before.
    if (st == OCOP_E_RECORDS_FAILED) e.code = e.record_code;
    ocop_buffer b = OCOP_BUFFER_INIT;
    keep_last(e);
    if (!(st == OCOP_OK || st == OCOP_E_RECORDS_FAILED)) return nullptr;
    if (!capi::give(&b, c.text)) return nullptr;
    return take(b);
}

void ocop_string_free(char* s) {
    std::free(s);
}

int ocop_last_error_code(void) {
    return t_last.code;
}

const char* ocop_last_error_message(void) {
    return t_last.message.c_str();
}

const char* ocop_last_error_path(void) {
    return t_last.path.c_str();
}

const char* ocop_last_error_json(void) {
    return t_last.json.c_str();
}

} // extern "C"
