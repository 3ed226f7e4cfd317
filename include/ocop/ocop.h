/* SPDX-License-Identifier: MIT */
#ifndef OCOP_OCOP_H
#define OCOP_OCOP_H

/**
 * @file ocop.h
 * @brief C API: score, explain, plan, range, council, validate and aggregate OCOP
 * evaluations from any language, with the exact output of the `ocop` command-line tool.
 *
 * Guide: docs/embedding-c.md. Inputs are UTF-8 text in the documented formats (one
 * evaluation object, or JSON Lines / a JSON array / CSV for many; docs/evaluation-format.md)
 * and outputs are the bytes the CLI prints (docs/result-format.md), written by the same
 * library functions.
 *
 * One error convention:
 * - every function that can fail returns an #ocop_status (#OCOP_OK is 0) and writes its
 *   results to out-parameters; nothing is returned through a value that may hold an error;
 * - details go to an optional ::ocop_error (NULL when not wanted): code, record line, id,
 *   JSON Pointer path, message; release its strings with ocop_error_free();
 * - operations over many records return #OCOP_E_RECORDS_FAILED when some records were
 *   refused and the others processed (the CLI's exit code 1); each refusal is reported
 *   (error callback or `errors` buffer) with its line, id, code, path and message;
 * - no C++ exception crosses the boundary.
 *
 * Ownership: every ::ocop_buffer filled by the library is owned by the caller and released
 * with ocop_buffer_free(); every handle is released with its own `_free` function;
 * `const char*` returned by the library (ocop_version(), ocop_error_name()) are static.
 * Buffers and errors must be initialised (#OCOP_BUFFER_INIT, #OCOP_ERROR_INIT, or zeroed)
 * before their first use: a function filling one releases what it held first, so one
 * buffer can be reused across calls.
 *
 * Thread safety: a registry is immutable while it is shared: any number of threads may
 * score with one registry at once, but ocop_registry_add_file(), ocop_registry_add_text()
 * and ocop_registry_set_default_edition() must not run concurrently with any other use of
 * it. A stream belongs to one thread at a time. Buffers and errors are plain data.
 *
 * Minimal use:
 * @code
 * ocop_registry* reg = NULL;
 * ocop_error err = OCOP_ERROR_INIT;
 * ocop_buffer out = OCOP_BUFFER_INIT;
 * if (ocop_registry_new(NULL, &reg, &err) != OCOP_OK) return 3;
 * if (ocop_score(reg, text, strlen(text), NULL, &out, &err) == OCOP_OK)
 *     fputs(out.data, stdout);          // one result line, as `ocop score` prints it
 * else
 *     fprintf(stderr, "%s at %s: %s\n", ocop_error_name(err.code), err.path, err.message);
 * ocop_buffer_free(&out);
 * ocop_error_free(&err);
 * ocop_registry_free(reg);
 * @endcode
 */

#include <ocop/ocop_export.h>

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Version of the C ABI described by this header: the layout of ::ocop_buffer,
 * ::ocop_error, ::ocop_record_error and ::ocop_summary, the callback types and the
 * signatures. It changes (with the shared library's SONAME, libocop.so.N) whenever one of
 * them changes incompatibly; adding functions does not change it.
 */
#define OCOP_ABI_VERSION 1

/** @brief A status code: #OCOP_OK (0) or one of the `OCOP_E_*` codes below. */
typedef int ocop_status;

/**
 * @name Status codes
 * 0 is success; 1..99 mirror the C++ `ocop::errc` values (same numbers, same names as
 * returned by ocop_error_name()); 100 and above are failures of the C boundary itself.
 * @{
 */
#define OCOP_OK 0                     /**< Success. */
#define OCOP_E_INVALID_JSON 1         /**< Not JSON, too deep or truncated. */
#define OCOP_E_WRONG_TYPE 2           /**< A value of the wrong JSON type. */
#define OCOP_E_MISSING_FIELD 3        /**< A required field is absent. */
#define OCOP_E_UNKNOWN_FIELD 4        /**< A field the format does not define. */
#define OCOP_E_OUT_OF_RANGE 5         /**< A number outside its allowed range. */
#define OCOP_E_INVALID_VALUE 6        /**< A malformed value (date, code, enum name). */
#define OCOP_E_UNKNOWN_RULESET 7      /**< No ruleset with that id. */
#define OCOP_E_UNKNOWN_SHEET 8        /**< The ruleset has no such sheet. */
#define OCOP_E_UNKNOWN_CRITERION 9    /**< No criterion with that code on the sheet. */
#define OCOP_E_AMBIGUOUS_CRITERION 10 /**< A code printed twice on the sheet. */
#define OCOP_E_MISSING_CRITERION 11   /**< A criterion of the sheet was not answered. */
#define OCOP_E_IMPOSSIBLE_POINTS 12   /**< Points that match no option. */
#define OCOP_E_UNKNOWN_OPTION 13      /**< An option number outside 1..n. */
#define OCOP_E_CASE_CONFLICT 14       /**< Both cases of an alternative group answered. */
#define OCOP_E_CASE_MISSING 15        /**< No case of an alternative group answered. */
#define OCOP_E_NOT_A_KNOCKOUT 16      /**< A declared knock-out names a code without one. */
#define OCOP_E_SHEET_DEFECTIVE 17     /**< The strict defect policy refuses the sheet. */
#define OCOP_E_SHEET_MISSING_DATA 18  /**< A value the sheet needs is not printed. */
#define OCOP_E_RULESET_INVALID 19     /**< The ruleset fails validation. */
#define OCOP_E_LIMIT_EXCEEDED 20      /**< An input exceeds a documented limit. */
#define OCOP_E_IO_ERROR 21            /**< A file could not be read. */
#define OCOP_E_SHEET_MISSING 22       /**< The sheet was never transcribed: it cannot score. */
#define OCOP_E_INVALID_ARGUMENT 100   /**< A NULL handle or string where one is required. */
#define OCOP_E_OUT_OF_MEMORY 101      /**< Allocation failed. */
#define OCOP_E_INTERNAL 102           /**< Unexpected internal failure (a bug). */
#define OCOP_E_RECORDS_FAILED 103     /**< Some records were refused; the others were processed. */
#define OCOP_E_ABORTED 104            /**< A callback returned non-zero: processing stopped. */
#define OCOP_E_STREAM_STATE 105       /**< A stream used after it finished or failed. */
/** @} */
/**
 * @brief Bytes produced by the library (owned by the caller).
 *
 * `data` is NUL-terminated (the terminator is not counted in `size`) and allocated by the
 * library; release it with ocop_buffer_free(). Empty output is `data` NULL, `size` 0.
 */
typedef struct ocop_buffer {
    char* data;  /**< The bytes (UTF-8 text), NUL-terminated; NULL when empty. */
    size_t size; /**< Number of bytes, without the terminator. */
} ocop_buffer;

/** @brief Initialiser of an empty ::ocop_buffer. */
#define OCOP_BUFFER_INIT                                                                           \
    { NULL, 0 }

/**
 * @brief What went wrong (owned by the caller; strings released by ocop_error_free()).
 *
 * Filled by a failing function whose `err` argument is not NULL; reset to #OCOP_OK with
 * empty strings by a succeeding one. The strings are never NULL once filled.
 */
typedef struct ocop_error {
    ocop_status code; /**< The status returned. */
    /** The refused record's own code when `code` is #OCOP_E_RECORDS_FAILED, else `code`. */
    ocop_status record_code;
    size_t line;   /**< 1-based input line of the record concerned; 0 when none. */
    char* id;      /**< The record's id when readable, else "". */
    char* path;    /**< JSON Pointer into the record or document ("" for its root). */
    char* message; /**< One readable sentence. */
    char* column;  /**< CSV column concerned (CSV input), else "". */
} ocop_error;

/** @brief Initialiser of an empty ::ocop_error. */
#define OCOP_ERROR_INIT                                                                            \
    { 0, 0, 0, NULL, NULL, NULL, NULL }

/**
 * @brief One refused record, handed to an ::ocop_error_fn. Every pointer is valid only
 * during the call (copy what you keep) and never NULL.
 */
typedef struct ocop_record_error {
    size_t line;         /**< 1-based input line where the record starts. */
    const char* id;      /**< The record's id when readable, else "". */
    ocop_status code;    /**< Why it was refused (see ocop_error_name()). */
    const char* path;    /**< JSON Pointer into the record ("" for the record itself). */
    const char* message; /**< One readable sentence. */
    const char* column;  /**< CSV column concerned (CSV input), else "". */
    /** The refusal as one JSON line (with its newline), as `ocop score --errors` writes it. */
    const char* json;
} ocop_record_error;

/** @brief Counts of an operation over many records. */
typedef struct ocop_summary {
    size_t records;   /**< Records read (blank lines excluded). */
    size_t succeeded; /**< Records processed (for validate: records without a problem). */
    size_t failed;    /**< Records refused (for validate: records with problems). */
} ocop_summary;

/**
 * @name Operations
 * What ocop_process() and ocop_stream_new() do with each record; each writes what the CLI
 * command of the same name writes with its JSON output format.
 * @{
 */
#define OCOP_OP_SCORE 1     /**< `ocop score`: one result line per record (or CSV rows). */
#define OCOP_OP_PLAN 2      /**< `ocop plan --format json`: one plan line per record. */
#define OCOP_OP_RANGE 3     /**< `ocop range`: one range line per (incomplete) record. */
#define OCOP_OP_COUNCIL 4   /**< `ocop council --format json`: one review line per record. */
#define OCOP_OP_VALIDATE 5  /**< `ocop validate --format jsonl`: one line per problem. */
#define OCOP_OP_AGGREGATE 6 /**< `ocop aggregate`: one cohort document at the end. */
/** @} */

/**
 * @brief Receives output bytes: one whole line (its newline included) per call for line
 * output, the whole document for aggregate. `data` is valid only during the call.
 * @return 0 to go on; any other value stops the operation with #OCOP_E_ABORTED.
 */
typedef int (*ocop_output_fn)(void* user, const char* data, size_t size);

/**
 * @brief Receives one refused record, in input order, interleaved with the output in input
 * order. @return 0 to go on; any other value stops the operation with #OCOP_E_ABORTED.
 */
typedef int (*ocop_error_fn)(void* user, const ocop_record_error* error);

/**
 * @brief A set of rulesets keyed by id, with a default edition (opaque). Created by
 * ocop_registry_new(), released with ocop_registry_free().
 */
typedef struct ocop_registry ocop_registry;

/**
 * @brief A streaming operation over records fed in chunks (opaque). Created by
 * ocop_stream_new(), released with ocop_stream_free().
 */
typedef struct ocop_stream ocop_stream;

/* ---- library ---------------------------------------------------------------------- */

/** @brief The C ABI version of the library linked (compare with #OCOP_ABI_VERSION). */
OCOP_API unsigned ocop_abi_version(void);

/** @brief Library version, "major.minor.patch". Static; never NULL. */
OCOP_API const char* ocop_version(void);

/**
 * @brief Stable snake_case name of a status code ("impossible_points"), as used in error
 * JSON. Static; "unknown" for a code it does not know.
 */
OCOP_API const char* ocop_error_name(int code);

/** @brief Release a buffer's bytes and make it empty. NULL is accepted. */
OCOP_API void ocop_buffer_free(ocop_buffer* buffer);

/** @brief Release an error's strings and reset it to #OCOP_OK. NULL is accepted. */
OCOP_API void ocop_error_free(ocop_error* error);

/* ---- rulesets ----------------------------------------------------------------------- */

/**
 * @brief A new registry holding the built-in rulesets (qd26-2026 default, qd148-2023,
 * qd1048-2019).
 * @param options_json NULL, "" or a JSON object of policy overrides, as the CLI's
 *   `--markers`, `--defects` and `--knockout`: `{"markers": "cap"|"fail"|"ignore",
 *   "defects": "probable"|"strict", "knockout": "zero"|"flag"}`; they apply to rulesets
 *   added later too.
 * @param[out] out The new handle (NULL on failure); release it with ocop_registry_free().
 * @param[out] err Optional details.
 */
OCOP_API ocop_status ocop_registry_new(const char* options_json, ocop_registry** out,
                                       ocop_error* err);

/** @brief Release a registry. NULL is accepted and ignored. */
OCOP_API void ocop_registry_free(ocop_registry* reg);

/**
 * @brief Load a ruleset file (`ocop-ruleset/1`) into the registry, replacing a ruleset with
 * the same id (the registry's policy overrides apply).
 */
OCOP_API ocop_status ocop_registry_add_file(ocop_registry* reg, const char* path, ocop_error* err);

/** @brief Like ocop_registry_add_file() with the ruleset JSON text (`size` bytes). */
OCOP_API ocop_status ocop_registry_add_text(ocop_registry* reg, const char* text, size_t size,
                                            ocop_error* err);

/**
 * @brief Make `id` the default edition (for records naming no ruleset and no filing date),
 * as the CLI's `--default`. #OCOP_E_UNKNOWN_RULESET when the registry has no such ruleset.
 */
OCOP_API ocop_status ocop_registry_set_default_edition(ocop_registry* reg, const char* id,
                                                       ocop_error* err);

/**
 * @brief The registry's rulesets as a JSON array ordered by effective date, one object per
 * ruleset: `{"id", "title", "status", "effective_from", "effective_until" (null when open),
 * "sheets", "hash", "default"}`.
 */
OCOP_API ocop_status ocop_registry_list(const ocop_registry* reg, ocop_buffer* out,
                                        ocop_error* err);

/**
 * @brief The content hash ("sha256:…", with the effective policies) of ruleset `id`: the
 * `ruleset_hash` every result of it carries.
 */
OCOP_API ocop_status ocop_ruleset_hash(const ocop_registry* reg, const char* id, ocop_buffer* out,
                                       ocop_error* err);

/* ---- one evaluation ----------------------------------------------------------------- */

/**
 * @brief Score one evaluation object (`size` bytes of JSON).
 * @param options_json NULL, "" or `{"detail": "totals"|"criteria"|"full", "messages": bool}`
 *   (the CLI's `--detail` and `--messages`; default totals).
 * @param[out] out The result line with its newline, byte for byte a line of `ocop score`.
 * @return #OCOP_OK, or the refusal's code (details in `err`; `out` left empty).
 * @param reg The registry.
 * @param evaluation One evaluation object (JSON, UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_score(const ocop_registry* reg, const char* evaluation, size_t size,
                                const char* options_json, ocop_buffer* out, ocop_error* err);

/**
 * @brief The readable explanation of one evaluation (the text of `ocop explain`): the
 * criteria table, where points were lost, and what decided the star.
 * @param reg The registry.
 * @param evaluation One evaluation object (JSON, UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param[out] out The output (released with ocop_buffer_free()).
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_explain(const ocop_registry* reg, const char* evaluation, size_t size,
                                  ocop_buffer* out, ocop_error* err);

/**
 * @brief The cheapest criterion upgrades reaching the next star (a line of
 * `ocop plan --format json`).
 * @param options_json NULL, "" or `{"target": 1..5, "consensus": bool}` (`--target`;
 *   `--consensus` plans a council record on its consensus sheet).
 * @param reg The registry.
 * @param evaluation One evaluation object (JSON, UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param[out] out The output (released with ocop_buffer_free()).
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_plan(const ocop_registry* reg, const char* evaluation, size_t size,
                               const char* options_json, ocop_buffer* out, ocop_error* err);

/**
 * @brief Lowest and highest reachable totals and stars of an incomplete evaluation (unscored
 * answers null or absent; a line of `ocop range`).
 * @param reg The registry.
 * @param evaluation One evaluation object (JSON, UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param[out] out The output (released with ocop_buffer_free()).
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_range(const ocop_registry* reg, const char* evaluation, size_t size,
                                ocop_buffer* out, ocop_error* err);

/**
 * @brief Council review of an evaluation with members (a line of
 * `ocop council --format json`).
 * @param options_json NULL, "" or `{"spread": points}` (`--spread`, a number with at most
 *   3 decimals; default 10).
 * @param reg The registry.
 * @param evaluation One evaluation object (JSON, UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param[out] out The output (released with ocop_buffer_free()).
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_council(const ocop_registry* reg, const char* evaluation, size_t size,
                                  const char* options_json, ocop_buffer* out, ocop_error* err);

/* ---- many records ------------------------------------------------------------------- */

/**
 * @brief Run an operation over a whole text of records held in memory: JSON Lines, a JSON
 * array, one JSON document or CSV (as the CLI reads a file; BOM, CRLF and blank lines
 * accepted).
 *
 * Options (NULL or "" for the defaults; unknown keys are refused):
 * - every operation: `"input": "auto"|"jsonl"|"json"|"csv"` (`--input-format`; auto: CSV
 *   unless the first non-blank character is `{` or `[`), `"max_line_bytes"`;
 * - score: `"detail"`, `"messages"` (as ocop_score()), `"output": "jsonl"|"csv"`;
 * - plan: `"target"`, `"consensus"`; council: `"spread"`; validate: `"lang": "vi"|"en"`;
 * - aggregate: `"by"` (array of keys), `"where"` (array of "KEY=VALUE"), `"provinces":
 *   "2025"|"as-written"`, `"near"` (points), `"top"`, `"format": "json"|"csv"|
 *   "weakest-csv"|"histogram-csv"`.
 *
 * @param op One of the `OCOP_OP_*` operations.
 * @param[out] out What the CLI command writes to its output for this input.
 * @param[out] errors Optional (NULL): the refused records as JSON lines (`line`, `id`,
 *   `error`, `path`, `message`, and `column` for CSV), as `ocop score --errors` writes.
 * @param[out] summary Optional (NULL): the counts.
 * @param[out] err Optional: the first refused record (#OCOP_E_RECORDS_FAILED) or what made
 *   the whole input unreadable.
 * @return #OCOP_OK when every record succeeded; #OCOP_E_RECORDS_FAILED when some were
 *   refused (the others are in `out`); any other code when nothing could be processed
 *   (`out` left empty).
 * @param reg The registry.
 * @param text The records (UTF-8; not NUL-terminated).
 * @param size Its length in bytes.
 * @param options_json NULL, "" or a JSON object of options (above).
 */
OCOP_API ocop_status ocop_process(const ocop_registry* reg, int op, const char* text, size_t size,
                                  const char* options_json, ocop_buffer* out, ocop_buffer* errors,
                                  ocop_summary* summary, ocop_error* err);

/**
 * @brief Start a streaming operation: feed the input in chunks of any size with
 * ocop_stream_feed(), then ocop_stream_finish(). Only the current incomplete record is held
 * in memory (and, for aggregate, the cohort statistics).
 *
 * Each complete record is processed as soon as its line ends; its output line goes to
 * `on_output` and a refusal to `on_error`, both on the calling thread, from inside
 * ocop_stream_feed() or ocop_stream_finish(), in input order. A stream reads JSON Lines
 * (a line may hold a JSON array: its elements are records) or CSV (quoted cells may span
 * lines); a JSON document printed over several lines needs ocop_process(). A record longer
 * than `max_line_bytes` is refused (#OCOP_E_LIMIT_EXCEEDED) without being held in memory.
 *
 * @param options_json As ocop_process().
 * @param on_output Required: receives the output.
 * @param on_error Optional (NULL: refusals are only counted; the first is reported by
 *   ocop_stream_finish()).
 * @param user Passed to the callbacks.
 * @param[out] out The stream; release it with ocop_stream_free().
 * @param reg The registry (it must outlive the stream).
 * @param op One of the `OCOP_OP_*` operations.
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_stream_new(const ocop_registry* reg, int op, const char* options_json,
                                     ocop_output_fn on_output, ocop_error_fn on_error, void* user,
                                     ocop_stream** out, ocop_error* err);

/**
 * @brief Feed the next `size` bytes. Records completed by them are processed before it
 * returns. A refused record is not a failure of the call (it goes to `on_error`).
 * @return #OCOP_OK; #OCOP_E_ABORTED when a callback asked to stop; #OCOP_E_STREAM_STATE
 *   after a finish or a failure; a fatal input error (unusable CSV header).
 */
OCOP_API ocop_status ocop_stream_feed(ocop_stream* stream, const char* data, size_t size,
                                      ocop_error* err);

/**
 * @brief End of input: process the last record (a final line without a newline is fine)
 * and, for aggregate, write the cohort document to `on_output`.
 * @param[out] summary Optional: the counts.
 * @return As ocop_process(): #OCOP_OK, #OCOP_E_RECORDS_FAILED (the first refusal in
 *   `err`), or a fatal code.
 * @param stream The stream.
 * @param[out] err Optional details (NULL: none).
 */
OCOP_API ocop_status ocop_stream_finish(ocop_stream* stream, ocop_summary* summary,
                                        ocop_error* err);

/** @brief Release a stream (finished or not). NULL is accepted. */
OCOP_API void ocop_stream_free(ocop_stream* stream);

/* ---- deprecated (the first C API, kept for one release) ------------------------------ */

/**
 * @name Deprecated functions
 * The first C API: a thread-local *last error* instead of a status return. They still work
 * (thin wrappers, tested) and will be removed before 1.0; define OCOP_NO_DEPRECATION_WARNINGS
 * to silence the compiler while migrating (docs/embedding-c.md, "Migrating").
 * @{
 */
/**
 * @brief A new registry holding the built-in rulesets (qd26-2026 default, qd148-2023,
 * qd1048-2019), with their own policies.
 * @return The handle, or NULL on failure (see the last error).
 */
OCOP_API ocop_registry* ocop_registry_builtin(void) OCOP_DEPRECATED("use ocop_registry_new");

/**
 * @brief A new registry of the built-in rulesets compiled with policy overrides.
 * @param options_json NULL, "" or a JSON object such as
 *   `{"markers": "cap"|"fail"|"ignore", "defects": "probable"|"strict",
 *   "knockout": "zero"|"flag"}`; the same
 *   overrides apply to rulesets added later with ocop_registry_load_file() or
 *   ocop_registry_load_json().
 * @return The handle, or NULL on failure (see the last error).
 */
OCOP_API ocop_registry* ocop_registry_builtin_with_options(const char* options_json)
    OCOP_DEPRECATED("use ocop_registry_new");

/**
 * @brief Load a ruleset file (`ocop-ruleset/1`) and add it to the registry, replacing a
 * ruleset with the same id.
 * @return #OCOP_OK, or a status code (the last error holds the path and message).
 */
OCOP_API
OCOP_DEPRECATED("use ocop_registry_add_file")
int ocop_registry_load_file(ocop_registry* reg, const char* path);

/**
 * @brief Like ocop_registry_load_file() with the ruleset JSON text given directly.
 * @return #OCOP_OK, or a status code (see the last error).
 */
OCOP_API int ocop_registry_load_json(ocop_registry* reg, const char* ruleset_json)
    OCOP_DEPRECATED("use ocop_registry_add_text");

/**
 * @brief Make `id` the default edition (used for records naming no ruleset and no date).
 * @return #OCOP_OK, or #OCOP_E_UNKNOWN_RULESET.
 */
OCOP_API int ocop_registry_set_default(ocop_registry* reg, const char* id)
    OCOP_DEPRECATED("use ocop_registry_set_default_edition");

/**
 * @brief The ids of the registry's rulesets as a JSON array, ordered by effective date,
 * e.g. `["qd1048-2019","qd148-2023","qd26-2026"]`.
 * @return A string to free with ocop_string_free(), or NULL on failure.
 */
OCOP_API char* ocop_ruleset_ids(const ocop_registry* reg) OCOP_DEPRECATED("use ocop_registry_list");

/**
 * @brief Score one evaluation.
 * @param reg The registry naming the rulesets.
 * @param evaluation_json One evaluation object (docs/evaluation-format.md).
 * @return One JSON object, to free with ocop_string_free(): the result (as one line of
 *   `ocop score`), or, when the evaluation is refused, an error object
 *   `{"id": ..., "error": "<code name>", "path": "<JSON Pointer>", "message": "..."}`
 *   (`id` only when readable); the last error is set too. A result object never has an
 *   `error` key. NULL only when `reg` or `evaluation_json` is NULL or memory runs out.
 */
OCOP_API char* ocop_score_json(const ocop_registry* reg, const char* evaluation_json)
    OCOP_DEPRECATED("use ocop_score");

/**
 * @brief Score many evaluations given as JSON Lines (one object per line; blank lines,
 * CRLF and a UTF-8 BOM are accepted).
 * @return JSON Lines, one output line per input record in order: the result, or the error
 *   object of ocop_score_json() with a `line` field (1-based input line). Free with
 *   ocop_string_free(). The last error is #OCOP_OK when every record was scored, else the
 *   error of the first refused record.
 */
OCOP_API char* ocop_score_jsonl(const ocop_registry* reg, const char* jsonl)
    OCOP_DEPRECATED("use ocop_process");

/** @brief Release a string returned by this API. NULL is accepted and ignored. */
OCOP_API void ocop_string_free(char* s) OCOP_DEPRECATED("use ocop_buffer_free");

/** @brief Status code of the last failed call on this thread (#OCOP_OK after a success). */
OCOP_API int ocop_last_error_code(void) OCOP_DEPRECATED("use the ocop_error out-parameter");

/**
 * @brief Message of the last error on this thread ("" when none). Owned by the library,
 * valid until the next call of this API on the same thread.
 */
OCOP_API const char* ocop_last_error_message(void)
    OCOP_DEPRECATED("use the ocop_error out-parameter");

/**
 * @brief JSON Pointer of the last error into the input it concerns ("" for the root or
 * when none). Same lifetime as ocop_last_error_message().
 */
OCOP_API const char* ocop_last_error_path(void) OCOP_DEPRECATED("use the ocop_error out-parameter");

/**
 * @brief The last error as a JSON object `{"error": name, "path": ..., "message": ...}`
 * (`{"error": "ok", ...}` when none). Same lifetime as ocop_last_error_message().
 */
OCOP_API const char* ocop_last_error_json(void) OCOP_DEPRECATED("use the ocop_error out-parameter");

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCOP_OCOP_H */
