// The C API (include/ocop/ocop.h): a thin exception-free wrapper over the C++ library.
#include <ocop/ocop.h>
#include <ocop/ocop.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

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

struct ocop_registry {
    ocop::registry reg;
    ocop::load_options opts;
};

namespace {

struct last_error {
    int code = OCOP_OK;
    std::string path;
    std::string message;
    std::string json = R"({"error":"ok","path":"","message":""})";
};

thread_local last_error t_last;

void set_error(int code, std::string path, std::string message) noexcept {
    try {
        t_last.code = code;
        t_last.path = std::move(path);
        t_last.message = std::move(message);
        t_last.json = "{\"error\":";
        ocop::append_json_string(t_last.json, ocop_error_name(code));
        t_last.json += ",\"path\":";
        ocop::append_json_string(t_last.json, t_last.path);
        t_last.json += ",\"message\":";
        ocop::append_json_string(t_last.json, t_last.message);
        t_last.json += '}';
    } catch (...) {
        // Out of memory while reporting: keep at least the code.
        t_last.code = code;
    }
}

void set_error(const ocop::diagnostic& d) noexcept {
    set_error(static_cast<int>(d.code), d.path, d.message);
}

void clear_error() noexcept {
    if (t_last.code != OCOP_OK) set_error(OCOP_OK, "", "");
}

/// A malloc'ed copy for the caller (freed with ocop_string_free).
char* give(const std::string& s) noexcept {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) {
        set_error(OCOP_E_OUT_OF_MEMORY, "", "out of memory");
        return nullptr;
    }
    std::memcpy(p, s.data(), s.size() + 1);
    return p;
}

/// Runs `fn`, turning every exception into the last error; `fail` is returned then.
template <class F, class R>
R guarded(F&& fn, R fail) noexcept {
    try {
        return fn();
    } catch (const std::bad_alloc&) {
        set_error(OCOP_E_OUT_OF_MEMORY, "", "out of memory");
    } catch (const ocop::error& e) {
        set_error(e.diag());
    } catch (const std::exception& e) {
        set_error(OCOP_E_INTERNAL, "", std::string("internal error: ") + e.what());
    } catch (...) {
        set_error(OCOP_E_INTERNAL, "", "internal error");
    }
    return fail;
}

bool null_arg(const void* p, const char* name) noexcept {
    if (p) return false;
    set_error(OCOP_E_INVALID_ARGUMENT, "", std::string(name) + " is NULL");
    return true;
}

void append_refusal(std::string_view id, const ocop::diagnostic& d, std::string& out) {
    out += '{';
    if (!id.empty()) {
        out += "\"id\":";
        ocop::append_json_string(out, id);
        out += ',';
    }
    out += "\"error\":";
    ocop::append_json_string(out, ocop::to_string(d.code));
    out += ",\"path\":";
    ocop::append_json_string(out, d.path);
    out += ",\"message\":";
    ocop::append_json_string(out, d.message);
    out += '}';
}

int add_ruleset(ocop_registry* reg, ocop::result<ocop::ruleset> rs) {
    if (!rs) {
        set_error(rs.error());
        return static_cast<int>(rs.error().code);
    }
    reg->reg.add(std::move(*rs));
    clear_error();
    return OCOP_OK;
}

} // namespace

extern "C" {

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
    default:
        return "unknown";
    }
}

ocop_registry* ocop_registry_builtin(void) {
    return ocop_registry_builtin_with_options(nullptr);
}

ocop_registry* ocop_registry_builtin_with_options(const char* options_json) {
    return guarded(
        [&]() -> ocop_registry* {
            ocop::load_options opts;
            if (options_json && *options_json) {
                boost::system::error_code ec;
                const auto v = boost::json::parse(options_json, ec);
                if (ec || !v.is_object()) {
                    set_error(OCOP_E_INVALID_JSON, "", "options must be a JSON object");
                    return nullptr;
                }
                for (const auto& [k, val] : v.as_object()) {
                    const std::string path = "/" + ocop::pointer_token(k);
                    if (!val.is_string()) {
                        set_error(OCOP_E_WRONG_TYPE, path, "must be a string");
                        return nullptr;
                    }
                    const char* s = val.as_string().c_str();
                    bool ok = false;
                    if (k == "markers") {
                        ocop::missed_minimum_policy p{};
                        ok = boost::describe::enum_from_string(s, p);
                        if (ok) opts.missed_minimum = p;
                    } else if (k == "defects") {
                        ocop::defect_policy p{};
                        ok = boost::describe::enum_from_string(s, p);
                        if (ok) opts.defects = p;
                    } else {
                        set_error(OCOP_E_UNKNOWN_FIELD, path, "unknown option (markers, defects)");
                        return nullptr;
                    }
                    if (!ok) {
                        set_error(OCOP_E_INVALID_VALUE, path,
                                  k == "markers" ? "must be cap, fail or ignore"
                                                 : "must be probable or strict");
                        return nullptr;
                    }
                }
            }
            auto reg = std::make_unique<ocop_registry>();
            reg->opts = opts;
            if (opts.missed_minimum || opts.defects) {
                auto r = ocop::registry::builtin(opts);
                if (!r) {
                    set_error(r.error());
                    return nullptr;
                }
                reg->reg = std::move(*r);
            } else {
                reg->reg = ocop::registry::builtin();
            }
            clear_error();
            return reg.release();
        },
        static_cast<ocop_registry*>(nullptr));
}

void ocop_registry_free(ocop_registry* reg) {
    delete reg;
}

int ocop_registry_load_file(ocop_registry* reg, const char* path) {
    if (null_arg(reg, "reg") || null_arg(path, "path")) return OCOP_E_INVALID_ARGUMENT;
    return guarded([&] { return add_ruleset(reg, ocop::ruleset::load_file(path, reg->opts)); },
                   static_cast<int>(OCOP_E_INTERNAL));
}

int ocop_registry_load_json(ocop_registry* reg, const char* ruleset_json) {
    if (null_arg(reg, "reg") || null_arg(ruleset_json, "ruleset_json"))
        return OCOP_E_INVALID_ARGUMENT;
    return guarded([&] { return add_ruleset(reg, ocop::ruleset::load(ruleset_json, reg->opts)); },
                   static_cast<int>(OCOP_E_INTERNAL));
}

int ocop_registry_set_default(ocop_registry* reg, const char* id) {
    if (null_arg(reg, "reg") || null_arg(id, "id")) return OCOP_E_INVALID_ARGUMENT;
    return guarded(
        [&]() -> int {
            if (!reg->reg.find(id)) {
                set_error(OCOP_E_UNKNOWN_RULESET, "", std::string("unknown ruleset ") + id);
                return OCOP_E_UNKNOWN_RULESET;
            }
            reg->reg.set_default(id);
            clear_error();
            return OCOP_OK;
        },
        static_cast<int>(OCOP_E_INTERNAL));
}

char* ocop_ruleset_ids(const ocop_registry* reg) {
    if (null_arg(reg, "reg")) return nullptr;
    return guarded(
        [&]() -> char* {
            std::string out = "[";
            for (const auto* rs : reg->reg.all()) {
                if (out.size() > 1) out += ',';
                ocop::append_json_string(out, rs->id());
            }
            out += ']';
            clear_error();
            return give(out);
        },
        static_cast<char*>(nullptr));
}

char* ocop_score_json(const ocop_registry* reg, const char* evaluation_json) {
    if (null_arg(reg, "reg") || null_arg(evaluation_json, "evaluation_json")) return nullptr;
    return guarded(
        [&]() -> char* {
            ocop::record_scorer sc(reg->reg);
            std::string id, out;
            ocop::diagnostic diag;
            if (sc.run(evaluation_json, id, diag)) {
                ocop::append_result_json(sc.result(), out);
                clear_error();
            } else {
                append_refusal(id, diag, out);
                set_error(diag);
            }
            return give(out);
        },
        static_cast<char*>(nullptr));
}

char* ocop_score_jsonl(const ocop_registry* reg, const char* jsonl) {
    if (null_arg(reg, "reg") || null_arg(jsonl, "jsonl")) return nullptr;
    return guarded(
        [&]() -> char* {
            auto sc = std::make_unique<ocop::record_scorer>(reg->reg);
            std::string_view rest = ocop::strip_bom(jsonl);
            std::string id, out;
            ocop::diagnostic diag, first;
            std::size_t lineno = 0;
            while (!rest.empty()) {
                const auto nl = rest.find('\n');
                std::string_view line = rest.substr(0, nl);
                rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
                ++lineno;
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
                if (sc->run(line, id, diag)) {
                    ocop::append_result_json(sc->result(), out);
                } else {
                    ocop::append_error_json(lineno, id, diag, out);
                    if (first.code == ocop::errc::ok) first = diag;
                }
                out += '\n';
            }
            if (first.code == ocop::errc::ok)
                clear_error();
            else
                set_error(first);
            return give(out);
        },
        static_cast<char*>(nullptr));
}

char* ocop_explain(const ocop_registry* reg, const char* evaluation_json) {
    if (null_arg(reg, "reg") || null_arg(evaluation_json, "evaluation_json")) return nullptr;
    return guarded(
        [&]() -> char* {
            ocop::record_scorer sc(reg->reg);
            std::string id;
            ocop::diagnostic diag;
            if (!sc.run(evaluation_json, id, diag)) {
                set_error(diag);
                return nullptr;
            }
            clear_error();
            return give(ocop::explain(sc.result()));
        },
        static_cast<char*>(nullptr));
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
