/* The deprecated first C API (thread-local last error) from C, linked to the static library:
 * the thin wrappers keep their contract (compiled as C11). The current API: test_c_api_v1.c. */
#define OCOP_NO_DEPRECATION_WARNINGS
#include <ocop/ocop.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            ++failures;                                                                            \
        }                                                                                          \
    } while (0)

static int contains(const char* s, const char* part) {
    return s && strstr(s, part) != NULL;
}

/* qd26-2026 sheet 1, every criterion at its 5-star minimum or lowest option. By hand:
 * A 9 + 8 + 6 = 23, B 5 + 6 = 11, C 15: total 49, in the 2-star band [30, 50). */
#define S1_BASE "\"1.1\":1," S1_REST
#define S1_REST                                                                                    \
    "\"1.2\":0,\"1.3\":3,\"1.4\":1,\"1.5\":3,\"1.6\":1,\"2.1\":3,\"2.2\":2,"                       \
    "\"2.3\":3,\"2.4\":0,\"3.1\":1,\"3.2\":0,\"3.3\":1,\"3.4\":2,\"3.5\":2,\"4.1\":5,\"4.2\":0,"   \
    "\"4.3\":0,\"5.1\":5,\"5.2\":0,\"5.3\":1,\"6.1\":2,\"6.2\":3,\"6.3\":0,\"6.4\":0,\"7\":0,"     \
    "\"8\":3,\"9\":2,\"10\":3,\"11\":1,\"12\":1"

static const char* const ev49 = "{\"id\":\"c49\",\"sheet\":1,\"answers\":{" S1_BASE ",\"1.7\":0}}";
/* The same with 1.7 at 1 point: 50, the first total of the 3-star band. */
static const char* const ev50 = "{\"id\":\"c50\",\"sheet\":1,\"answers\":{" S1_BASE ",\"1.7\":1}}";
/* 1.1 has options worth 1, 2 and 3: 7 points is impossible. */
static const char* const bad =
    "{\"id\":\"bad\",\"sheet\":1,\"answers\":{\"1.1\":7," S1_REST ",\"1.7\":0}}";

static void test_version_and_ids(ocop_registry* reg) {
    CHECK(strcmp(ocop_version(), "") != 0);
    CHECK(strcmp(ocop_error_name(OCOP_E_IMPOSSIBLE_POINTS), "impossible_points") == 0);
    CHECK(strcmp(ocop_error_name(OCOP_E_INVALID_ARGUMENT), "invalid_argument") == 0);
    CHECK(strcmp(ocop_error_name(9999), "unknown") == 0);
    char* ids = ocop_ruleset_ids(reg);
    CHECK(ids && ids[0] == '[');
    CHECK(contains(ids, "\"qd26-2026\""));
    CHECK(contains(ids, "\"qd148-2023\""));
    ocop_string_free(ids);
}

static void test_score(ocop_registry* reg) {
    char* r = ocop_score_json(reg, ev49);
    CHECK(ocop_last_error_code() == OCOP_OK);
    CHECK(contains(r, "\"id\":\"c49\""));
    CHECK(contains(r, "\"ruleset\":\"qd26-2026\""));
    CHECK(contains(r, "\"total\":49,"));
    CHECK(contains(r, "\"stars\":2,"));
    CHECK(!contains(r, "\"error\""));
    ocop_string_free(r);

    r = ocop_score_json(reg, ev50);
    CHECK(contains(r, "\"total\":50,"));
    CHECK(contains(r, "\"stars\":3,"));
    ocop_string_free(r);
}

static void test_refusals(ocop_registry* reg) {
    char* r = ocop_score_json(reg, bad);
    CHECK(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(strcmp(ocop_last_error_path(), "/answers/1.1") == 0);
    CHECK(strlen(ocop_last_error_message()) > 0);
    CHECK(contains(ocop_last_error_json(), "\"error\":\"impossible_points\""));
    CHECK(contains(r, "\"id\":\"bad\""));
    CHECK(contains(r, "\"error\":\"impossible_points\""));
    CHECK(contains(r, "\"path\":\"/answers/1.1\""));
    ocop_string_free(r);

    r = ocop_score_json(reg, "{\"id\": ");
    CHECK(ocop_last_error_code() == OCOP_E_INVALID_JSON);
    CHECK(contains(r, "\"error\":\"invalid_json\""));
    ocop_string_free(r);

    r = ocop_score_json(reg, "{\"id\":\"x\",\"ruleset\":\"nope\",\"sheet\":1,\"answers\":{}}");
    CHECK(ocop_last_error_code() == OCOP_E_UNKNOWN_RULESET);
    ocop_string_free(r);

    /* A success clears the last error. */
    r = ocop_score_json(reg, ev49);
    CHECK(ocop_last_error_code() == OCOP_OK);
    CHECK(strcmp(ocop_last_error_path(), "") == 0);
    ocop_string_free(r);

    CHECK(ocop_score_json(NULL, ev49) == NULL);
    CHECK(ocop_last_error_code() == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_score_json(reg, NULL) == NULL);
    CHECK(ocop_registry_load_file(NULL, "x") == OCOP_E_INVALID_ARGUMENT);
    ocop_string_free(NULL);
    ocop_registry_free(NULL);
}

static void test_jsonl(ocop_registry* reg) {
    /* BOM, CRLF, a blank line, a refused record between two good ones. */
    char text[4096];
    snprintf(text, sizeof text, "\xEF\xBB\xBF%s\r\n\r\n%s\r\n%s", ev49, bad, ev50);
    char* r = ocop_score_jsonl(reg, text);
    CHECK(r != NULL);
    CHECK(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);
    int lines = 0;
    for (const char* p = r; p && *p; ++p) lines += *p == '\n';
    CHECK(lines == 3);
    CHECK(contains(r, "\"id\":\"c49\""));
    CHECK(contains(r, "{\"line\":3,\"id\":\"bad\",\"error\":\"impossible_points\""));
    CHECK(contains(r, "\"id\":\"c50\""));
    ocop_string_free(r);
}

static void test_registry_changes(ocop_registry* reg, const char* ruleset_file) {
    CHECK(ocop_registry_load_file(reg, "/nonexistent/ruleset.json") == OCOP_E_IO_ERROR);
    CHECK(ocop_registry_load_json(reg, "{\"format\": 1}") != OCOP_OK);
    CHECK(ocop_registry_set_default(reg, "nope") == OCOP_E_UNKNOWN_RULESET);
    CHECK(ocop_registry_load_file(reg, ruleset_file) == OCOP_OK);
    CHECK(ocop_registry_set_default(reg, "qd148-2023") == OCOP_OK);
    /* Now a record naming no ruleset goes to qd148-2023, whose sheet 1 has no code "1.1". */
    char* r = ocop_score_json(reg, ev49);
    CHECK(ocop_last_error_code() == OCOP_E_UNKNOWN_CRITERION);
    CHECK(contains(ocop_last_error_message(), "qd148-2023"));
    ocop_string_free(r);
}

static void test_options(void) {
    ocop_registry* reg = ocop_registry_builtin_with_options("{\"markers\": \"often\"}");
    CHECK(reg == NULL);
    CHECK(ocop_last_error_code() == OCOP_E_INVALID_VALUE);
    CHECK(strcmp(ocop_last_error_path(), "/markers") == 0);
    CHECK(ocop_registry_builtin_with_options("{\"colour\": \"red\"}") == NULL);
    CHECK(ocop_last_error_code() == OCOP_E_UNKNOWN_FIELD);
    CHECK(ocop_registry_builtin_with_options("[") == NULL);
    CHECK(ocop_last_error_code() == OCOP_E_INVALID_JSON);

    reg = ocop_registry_builtin_with_options("{\"markers\": \"fail\", \"defects\": \"strict\"}");
    CHECK(reg != NULL);
    char* r = ocop_score_json(reg, ev49);
    CHECK(contains(r, "\"missed_minimum\":\"fail\""));
    CHECK(contains(r, "\"defects\":\"strict\""));
    ocop_string_free(r);
    ocop_registry_free(reg);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_c_api RULESET_FILE\n");
        return 2;
    }
    ocop_registry* reg = ocop_registry_builtin();
    CHECK(reg != NULL);
    if (!reg) return 1;
    test_version_and_ids(reg);
    test_score(reg);
    test_refusals(reg);
    test_jsonl(reg);
    test_options();
    test_registry_changes(reg, argv[1]);
    ocop_registry_free(reg);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    else
        printf("all C API checks passed\n");
    return failures ? 1 : 0;
}
