/* SPDX-License-Identifier: MIT */
#ifndef OCOP_OCOP_H
#define OCOP_OCOP_H

/**
 * @file ocop.h
 * @brief C API: score OCOP evaluations from any language through UTF-8 JSON strings.
 *
 * The C API wraps the C++ library behind one opaque handle (ocop_registry) and plain
 * UTF-8 strings. Inputs are the documented JSON formats (docs/evaluation-format.md) and
 * outputs are the same JSON results as `ocop score` (docs/result-format.md).
 *
 * Rules of the boundary:
 * - No C++ exception ever crosses it; failures are reported by return value and by the
 *   thread-local *last error* (ocop_last_error_code(), ocop_last_error_message(),
 *   ocop_last_error_path(), ocop_last_error_json()).
 * - Every `char*` returned is owned by the caller and must be released with
 *   ocop_string_free(). Every `const char*` returned is owned by the library.
 * - Every function that can fail resets the last error to #OCOP_OK when it succeeds.
 * - A registry may be read (score, explain, list) from several threads at once; adding
 *   rulesets or changing the default must not run concurrently with other calls on it.
 *
 * Minimal use:
 * @code
 * ocop_registry* reg = ocop_registry_builtin();
 * char* res = ocop_score_json(reg, "{\"id\":\"p1\",\"sheet\":1,\"answers\":{...}}");
 * puts(res);              // {"id":"p1","ruleset":"qd26-2026",...} or {"error":...}
 * ocop_string_free(res);
 * ocop_registry_free(reg);
 * @endcode
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

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
/** @} */

/**
 * @brief A set of rulesets keyed by id, with a default edition (opaque).
 *
 * Created by ocop_registry_builtin() or ocop_registry_builtin_with_options(), released
 * with ocop_registry_free().
 */
typedef struct ocop_registry ocop_registry;

/** @brief Library version, "major.minor.patch". Owned by the library; never NULL. */
const char* ocop_version(void);

/**
 * @brief Stable snake_case name of a status code ("impossible_points"), as used in error
 * JSON. Owned by the library; "unknown" for a code it does not know.
 */
const char* ocop_error_name(int code);

/**
 * @brief A new registry holding the built-in rulesets (qd26-2026 default, qd148-2023,
 * qd1048-2019), with their own policies.
 * @return The handle, or NULL on failure (see the last error).
 */
ocop_registry* ocop_registry_builtin(void);

/**
 * @brief A new registry of the built-in rulesets compiled with policy overrides.
 * @param options_json NULL, "" or a JSON object such as
 *   `{"markers": "cap"|"fail"|"ignore", "defects": "probable"|"strict"}`; the same
 *   overrides apply to rulesets added later with ocop_registry_load_file() or
 *   ocop_registry_load_json().
 * @return The handle, or NULL on failure (see the last error).
 */
ocop_registry* ocop_registry_builtin_with_options(const char* options_json);

/** @brief Release a registry. NULL is accepted and ignored. */
void ocop_registry_free(ocop_registry* reg);

/**
 * @brief Load a ruleset file (`ocop-ruleset/1`) and add it to the registry, replacing a
 * ruleset with the same id.
 * @return #OCOP_OK, or a status code (the last error holds the path and message).
 */
int ocop_registry_load_file(ocop_registry* reg, const char* path);

/**
 * @brief Like ocop_registry_load_file() with the ruleset JSON text given directly.
 * @return #OCOP_OK, or a status code (see the last error).
 */
int ocop_registry_load_json(ocop_registry* reg, const char* ruleset_json);

/**
 * @brief Make `id` the default edition (used for records naming no ruleset and no date).
 * @return #OCOP_OK, or #OCOP_E_UNKNOWN_RULESET.
 */
int ocop_registry_set_default(ocop_registry* reg, const char* id);

/**
 * @brief The ids of the registry's rulesets as a JSON array, ordered by effective date,
 * e.g. `["qd1048-2019","qd148-2023","qd26-2026"]`.
 * @return A string to free with ocop_string_free(), or NULL on failure.
 */
char* ocop_ruleset_ids(const ocop_registry* reg);

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
char* ocop_score_json(const ocop_registry* reg, const char* evaluation_json);

/**
 * @brief Score many evaluations given as JSON Lines (one object per line; blank lines,
 * CRLF and a UTF-8 BOM are accepted).
 * @return JSON Lines, one output line per input record in order: the result, or the error
 *   object of ocop_score_json() with a `line` field (1-based input line). Free with
 *   ocop_string_free(). The last error is #OCOP_OK when every record was scored, else the
 *   error of the first refused record.
 */
char* ocop_score_jsonl(const ocop_registry* reg, const char* jsonl);

/**
 * @brief A human-readable explanation of one evaluation: the criteria table, where the
 * points were lost, and what decided the star (the text of `ocop explain`).
 * @return UTF-8 text to free with ocop_string_free(), or NULL when the evaluation is
 *   refused (see the last error).
 */
char* ocop_explain(const ocop_registry* reg, const char* evaluation_json);

/** @brief Release a string returned by this API. NULL is accepted and ignored. */
void ocop_string_free(char* s);

/** @brief Status code of the last failed call on this thread (#OCOP_OK after a success). */
int ocop_last_error_code(void);

/**
 * @brief Message of the last error on this thread ("" when none). Owned by the library,
 * valid until the next call of this API on the same thread.
 */
const char* ocop_last_error_message(void);

/**
 * @brief JSON Pointer of the last error into the input it concerns ("" for the root or
 * when none). Same lifetime as ocop_last_error_message().
 */
const char* ocop_last_error_path(void);

/**
 * @brief The last error as a JSON object `{"error": name, "path": ..., "message": ...}`
 * (`{"error": "ok", ...}` when none). Same lifetime as ocop_last_error_message().
 */
const char* ocop_last_error_json(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCOP_OCOP_H */
