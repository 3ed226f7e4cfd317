/* The C API (ABI 1) from C: every call, its status codes and out-parameters, and byte-for-byte
 * equality with the ocop CLI on the same input (compiled as C11, linked to libocop.so).
 * Usage: test_c_api_v1 OCOP_CLI DATA.jsonl TMPDIR [MAX_RECORDS]
 * MAX_RECORDS (default all) keeps the first records of DATA: the valgrind run uses few. */
#define _POSIX_C_SOURCE 200809L
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

static const char* cli;
static const char* tmpdir;

/* ---- growable text ---------------------------------------------------------------------- */

typedef struct text {
    char* data;
    size_t size, cap;
} text;

static void add(text* t, const char* d, size_t n) {
    if (t->size + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->size + n + 1) cap *= 2;
        char* p = realloc(t->data, cap);
        if (!p) abort();
        t->data = p;
        t->cap = cap;
    }
    if (n) memcpy(t->data + t->size, d, n);
    t->size += n;
    t->data[t->size] = '\0';
}

static void adds(text* t, const char* s) {
    add(t, s, strlen(s));
}

static void clear(text* t) {
    free(t->data);
    t->data = NULL;
    t->size = t->cap = 0;
}

static text slurp(FILE* f) {
    text t = {NULL, 0, 0};
    char buf[65536];
    size_t n;
    add(&t, "", 0);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) add(&t, buf, n);
    return t;
}

static text read_path(const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(3);
    }
    text t = slurp(f);
    fclose(f);
    return t;
}

static void write_path(const char* path, const char* d, size_t n) {
    FILE* f = fopen(path, "wb");
    if (!f || fwrite(d, 1, n, f) != n) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(3);
    }
    fclose(f);
}

static char* tmp_path(const char* name) {
    static char paths[8][1024];
    static int next = 0;
    char* p = paths[next++ % 8];
    snprintf(p, 1024, "%s/%s", tmpdir, name);
    return p;
}

static int cli_exit = -1; /* exit code of the last run_cli */

/* The stdout of `ocop ARGS` (stderr discarded); its exit code in cli_exit. */
static text run_cli(const char* args) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", cli, args);
    FILE* p = popen(cmd, "r");
    if (!p) {
        fprintf(stderr, "cannot run %s\n", cmd);
        exit(3);
    }
    text t = slurp(p);
    const int status = pclose(p);
    cli_exit = status >= 0 && (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
    return t;
}

/* Equal bytes, else report where they first differ. */
static void same(const char* what, const char* a, size_t na, const char* b, size_t nb) {
    if (na == nb && (na == 0 || memcmp(a, b, na) == 0)) return;
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i]) ++i;
    fprintf(
        stderr,
        "%s: outputs differ at byte %zu (sizes %zu and %zu)\n  C API: %.120s\n  CLI:   %.120s\n",
        what, i, na, nb, i < na ? a + i : "<end>", i < nb ? b + i : "<end>");
    ++failures;
}

static int contains(const char* s, const char* part) {
    return s && strstr(s, part) != NULL;
}

/* ---- evaluations ------------------------------------------------------------------------ */

/* qd26-2026 sheet 1 at the 5-star minimums or lowest options: 49 points by hand
 * (A 9 + 8 + 6 = 23, B 5 + 6 = 11, C 15), the 2-star band. */
#define S1_BASE "\"1.1\":1," S1_REST
#define S1_REST                                                                                    \
    "\"1.2\":0,\"1.3\":3,\"1.4\":1,\"1.5\":3,\"1.6\":1,\"2.1\":3,\"2.2\":2,"                       \
    "\"2.3\":3,\"2.4\":0,\"3.1\":1,\"3.2\":0,\"3.3\":1,\"3.4\":2,\"3.5\":2,\"4.1\":5,\"4.2\":0,"   \
    "\"4.3\":0,\"5.1\":5,\"5.2\":0,\"5.3\":1,\"6.1\":2,\"6.2\":3,\"6.3\":0,\"6.4\":0,\"7\":0,"     \
    "\"8\":3,\"9\":2,\"10\":3,\"11\":1,\"12\":1"

static const char* const ev49 = "{\"id\":\"c49\",\"sheet\":1,\"answers\":{" S1_BASE ",\"1.7\":0}}";
static const char* const ev50 = "{\"id\":\"c50\",\"sheet\":1,\"answers\":{" S1_BASE ",\"1.7\":1}}";
/* 1.1 has options worth 1, 2 and 3: 7 points is impossible. */
static const char* const bad =
    "{\"id\":\"bad\",\"sheet\":1,\"answers\":{\"1.1\":7," S1_REST ",\"1.7\":0}}";
/* Two members: 49 and 50, mean 49.5. */
static const char* const council2 =
    "{\"id\":\"k2\",\"sheet\":1,\"members\":[{" S1_BASE ",\"1.7\":0},{" S1_BASE ",\"1.7\":1}]}";
/* 1.7 and 12 not scored yet. */
static const char* const partial =
    "{\"id\":\"p1\",\"sheet\":1,\"answers\":{\"1.1\":1,\"1.2\":0,\"1.3\":3,\"1.4\":1,\"1.5\":3,"
    "\"1.6\":1,\"2.1\":3,\"2.2\":2,\"2.3\":3,\"2.4\":0,\"3.1\":1,\"3.2\":0,\"3.3\":1,\"3.4\":2,"
    "\"3.5\":2,\"4.1\":5,\"4.2\":0,\"4.3\":0,\"5.1\":5,\"5.2\":0,\"5.3\":1,\"6.1\":2,\"6.2\":3,"
    "\"6.3\":0,\"6.4\":0,\"7\":0,\"8\":3,\"9\":2,\"10\":3,\"11\":1,\"1.7\":null}}";

/* ---- basics ----------------------------------------------------------------------------- */

static void test_basics(ocop_registry* reg) {
    CHECK(ocop_abi_version() == OCOP_ABI_VERSION);
    CHECK(strlen(ocop_version()) >= 5);
    CHECK(strcmp(ocop_error_name(OCOP_E_RECORDS_FAILED), "records_failed") == 0);
    CHECK(strcmp(ocop_error_name(OCOP_E_ABORTED), "aborted") == 0);
    CHECK(strcmp(ocop_error_name(OCOP_E_STREAM_STATE), "stream_state") == 0);
    CHECK(strcmp(ocop_error_name(OCOP_E_LIMIT_EXCEEDED), "limit_exceeded") == 0);

    ocop_buffer b = OCOP_BUFFER_INIT;
    ocop_error e = OCOP_ERROR_INIT;
    ocop_buffer_free(&b);
    ocop_error_free(&e);
    ocop_buffer_free(NULL);
    ocop_error_free(NULL);

    /* Registry options: refused with the JSON Pointer of the bad key. */
    ocop_registry* r2 = (ocop_registry*)&b; /* must be reset to NULL on failure */
    CHECK(ocop_registry_new("{\"markers\": \"often\"}", &r2, &e) == OCOP_E_INVALID_VALUE);
    CHECK(r2 == NULL);
    CHECK(e.code == OCOP_E_INVALID_VALUE && strcmp(e.path, "/markers") == 0);
    CHECK(ocop_registry_new("{\"colour\": 1}", &r2, &e) == OCOP_E_UNKNOWN_FIELD);
    CHECK(ocop_registry_new("[", &r2, &e) == OCOP_E_INVALID_JSON);
    CHECK(ocop_registry_new(NULL, NULL, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_registry_new("{\"markers\": \"fail\", \"defects\": \"strict\"}", &r2, &e) ==
          OCOP_OK);
    CHECK(r2 != NULL && e.code == OCOP_OK && strcmp(e.message, "") == 0);
    CHECK(ocop_score(r2, ev49, strlen(ev49), NULL, &b, NULL) == OCOP_OK);
    CHECK(contains(b.data, "\"total\":49,"));
    ocop_registry_free(r2);

    /* List and hash. */
    CHECK(ocop_registry_list(reg, &b, &e) == OCOP_OK);
    CHECK(b.data && b.data[0] == '[' && b.size == strlen(b.data));
    CHECK(contains(b.data, "{\"id\":\"qd1048-2019\","));
    CHECK(contains(b.data, "{\"id\":\"qd148-2023\","));
    CHECK(contains(b.data, "\"effective_until\":null"));
    const char* at = strstr(b.data ? b.data : "", "{\"id\":\"qd26-2026\"");
    CHECK(at && contains(at, "\"default\":true}"));
    ocop_buffer h = OCOP_BUFFER_INIT;
    CHECK(ocop_ruleset_hash(reg, "qd26-2026", &h, &e) == OCOP_OK);
    CHECK(h.data && strncmp(h.data, "sha256:", 7) == 0);
    CHECK(contains(b.data, h.data));
    /* Every result carries the ruleset id and this hash. */
    ocop_buffer s = OCOP_BUFFER_INIT;
    CHECK(ocop_score(reg, ev49, strlen(ev49), NULL, &s, &e) == OCOP_OK);
    CHECK(contains(s.data, "\"ruleset\":\"qd26-2026\""));
    CHECK(contains(s.data, h.data));
    CHECK(ocop_ruleset_hash(reg, "qd9-1999", &h, &e) == OCOP_E_UNKNOWN_RULESET);
    CHECK(h.data == NULL && e.code == OCOP_E_UNKNOWN_RULESET);
    ocop_buffer_free(&s);
    ocop_buffer_free(&h);
    ocop_buffer_free(&b);
    ocop_error_free(&e);
}

static void test_registry_changes(const char* ruleset_file) {
    ocop_registry* reg = NULL;
    ocop_error e = OCOP_ERROR_INIT;
    ocop_buffer b = OCOP_BUFFER_INIT;
    CHECK(ocop_registry_new("", &reg, &e) == OCOP_OK);
    CHECK(ocop_registry_add_file(reg, "/nonexistent/ruleset.json", &e) == OCOP_E_IO_ERROR);
    CHECK(e.code == OCOP_E_IO_ERROR && strlen(e.message) > 0);
    CHECK(ocop_registry_add_text(reg, "{\"format\": 1}", 13, &e) != OCOP_OK);
    CHECK(ocop_registry_set_default_edition(reg, "nope", &e) == OCOP_E_UNKNOWN_RULESET);
    CHECK(ocop_registry_add_file(reg, ruleset_file, &e) == OCOP_OK);
    text rs = read_path(ruleset_file);
    CHECK(ocop_registry_add_text(reg, rs.data, rs.size, &e) == OCOP_OK);
    clear(&rs);
    CHECK(ocop_registry_set_default_edition(reg, "qd148-2023", &e) == OCOP_OK);
    /* A record naming no ruleset now goes to qd148-2023, whose sheet 1 has no code "1.1". */
    CHECK(ocop_score(reg, ev49, strlen(ev49), NULL, &b, &e) == OCOP_E_UNKNOWN_CRITERION);
    CHECK(contains(e.message, "qd148-2023"));
    CHECK(b.data == NULL);
    CHECK(ocop_registry_list(reg, &b, &e) == OCOP_OK);
    const char* at = strstr(b.data ? b.data : "", "{\"id\":\"qd148-2023\"");
    CHECK(at && contains(at, "\"default\":true}"));
    ocop_buffer_free(&b);
    ocop_error_free(&e);
    ocop_registry_free(reg);
}

/* ---- one evaluation --------------------------------------------------------------------- */

static void test_one(ocop_registry* reg) {
    ocop_buffer b = OCOP_BUFFER_INIT;
    ocop_error e = OCOP_ERROR_INIT;
    CHECK(ocop_score(reg, ev49, strlen(ev49), NULL, &b, &e) == OCOP_OK);
    CHECK(e.code == OCOP_OK && e.line == 0 && strcmp(e.path, "") == 0);
    CHECK(contains(b.data, "\"id\":\"c49\""));
    CHECK(contains(b.data, "\"total\":49,"));
    CHECK(contains(b.data, "\"stars\":2,"));
    CHECK(b.size > 0 && b.data[b.size - 1] == '\n' && b.size == strlen(b.data));
    CHECK(!contains(b.data, "\"criteria\""));
    /* The buffer is reused: the old bytes are released. */
    CHECK(ocop_score(reg, ev50, strlen(ev50), "{\"detail\":\"criteria\"}", &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "\"total\":50,") && contains(b.data, "\"stars\":3,"));
    CHECK(contains(b.data, "\"criteria\""));

    /* A refusal: the record's own code, its path and id, no output. */
    CHECK(ocop_score(reg, bad, strlen(bad), NULL, &b, &e) == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(b.data == NULL && b.size == 0);
    CHECK(e.code == OCOP_E_IMPOSSIBLE_POINTS && e.record_code == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(strcmp(e.path, "/answers/1.1") == 0);
    CHECK(strcmp(e.id, "bad") == 0);
    CHECK(e.line == 1);
    CHECK(strlen(e.message) > 0);
    CHECK(ocop_score(reg, "{\"id\": ", 7, NULL, &b, &e) == OCOP_E_INVALID_JSON);
    CHECK(ocop_score(reg, ev49, strlen(ev49), "{\"colour\":1}", &b, &e) == OCOP_E_UNKNOWN_FIELD);
    CHECK(strcmp(e.path, "/colour") == 0);
    CHECK(ocop_score(reg, ev49, strlen(ev49), "{\"detail\":\"most\"}", &b, &e) ==
          OCOP_E_INVALID_VALUE);
    /* Exactly one record. */
    char two[4096];
    snprintf(two, sizeof two, "%s\n%s\n", ev49, ev50);
    CHECK(ocop_score(reg, two, strlen(two), NULL, &b, &e) == OCOP_E_INVALID_VALUE);
    CHECK(ocop_score(NULL, ev49, 1, NULL, &b, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_score(reg, NULL, 1, NULL, &b, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_score(reg, ev49, strlen(ev49), NULL, NULL, &e) == OCOP_E_INVALID_ARGUMENT);
    /* err is optional. */
    CHECK(ocop_score(reg, bad, strlen(bad), NULL, &b, NULL) == OCOP_E_IMPOSSIBLE_POINTS);

    CHECK(ocop_explain(reg, ev49, strlen(ev49), &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "49") && contains(b.data, "\n"));
    CHECK(ocop_explain(reg, bad, strlen(bad), &b, &e) == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(b.data == NULL);

    CHECK(ocop_plan(reg, ev49, strlen(ev49), NULL, &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "\"status\":\"planned\"") && contains(b.data, "\"target\":3"));
    CHECK(ocop_plan(reg, ev49, strlen(ev49), "{\"target\":4}", &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "\"target\":4"));
    CHECK(ocop_plan(reg, ev49, strlen(ev49), "{\"target\":9}", &b, &e) == OCOP_E_OUT_OF_RANGE);
    CHECK(strcmp(e.path, "/target") == 0);
    /* A council record is planned on its consensus sheet only when asked. */
    CHECK(ocop_plan(reg, council2, strlen(council2), NULL, &b, &e) != OCOP_OK);
    CHECK(ocop_plan(reg, council2, strlen(council2), "{\"consensus\":true}", &b, &e) == OCOP_OK);

    CHECK(ocop_range(reg, partial, strlen(partial), &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "\"id\":\"p1\""));
    CHECK(contains(b.data, "1.7") && contains(b.data, "12"));
    CHECK(ocop_range(reg, partial, strlen(partial), &b, &e) == OCOP_OK &&
          b.data[b.size - 1] == '\n');

    CHECK(ocop_council(reg, council2, strlen(council2), NULL, &b, &e) == OCOP_OK);
    CHECK(contains(b.data, "\"id\":\"k2\"") && contains(b.data, "49.5"));
    CHECK(ocop_council(reg, council2, strlen(council2), "{\"spread\":\"0.5\"}", &b, &e) == OCOP_OK);
    CHECK(ocop_council(reg, council2, strlen(council2), "{\"spread\":\"x\"}", &b, &e) ==
          OCOP_E_INVALID_VALUE);
    ocop_buffer_free(&b);
    ocop_error_free(&e);
}

/* ---- streams ---------------------------------------------------------------------------- */

typedef struct collected {
    text out;       /* output bytes */
    text errors;    /* refusals as JSON lines */
    text order;     /* "R" per output call, "E<line>" per refusal */
    int stop_after; /* output calls before asking to stop (0: never) */
    int calls;
} collected;

static int on_output(void* user, const char* data, size_t size) {
    collected* c = user;
    add(&c->out, data, size);
    adds(&c->order, "R");
    ++c->calls;
    return c->stop_after && c->calls >= c->stop_after;
}

static int on_error(void* user, const ocop_record_error* e) {
    collected* c = user;
    char tag[64];
    snprintf(tag, sizeof tag, "E%zu", e->line);
    adds(&c->order, tag);
    adds(&c->errors, e->json);
    /* Every field is there, never NULL. */
    if (!e->id || !e->path || !e->message || !e->column || !e->json || e->code == OCOP_OK)
        ++failures;
    return 0;
}

static void clear_collected(collected* c) {
    clear(&c->out);
    clear(&c->errors);
    clear(&c->order);
}

/* Run `op` as a stream over `in` fed in chunks of `chunk` bytes. */
static ocop_status stream_run(ocop_registry* reg, int op, const char* options, const char* in,
                              size_t n, size_t chunk, collected* c, ocop_summary* sum,
                              ocop_error* e) {
    ocop_stream* s = NULL;
    ocop_status st = ocop_stream_new(reg, op, options, on_output, on_error, c, &s, e);
    if (st != OCOP_OK) return st;
    for (size_t i = 0; i < n && st == OCOP_OK; i += chunk)
        st = ocop_stream_feed(s, in + i, n - i < chunk ? n - i : chunk, e);
    if (st == OCOP_OK) st = ocop_stream_finish(s, sum, e);
    ocop_stream_free(s);
    return st;
}

/* The operations over the sample, each against the CLI, and the streams against ocop_process. */
static void test_parity(ocop_registry* reg, const char* data_path, const text* data, size_t max) {
    struct {
        int op;
        const char* options;
        const char* cli_args;
    } runs[] = {
        {OCOP_OP_SCORE, NULL, "score '%s' -q"},
        {OCOP_OP_SCORE, "{\"detail\":\"full\"}", "score '%s' -q --detail full"},
        {OCOP_OP_SCORE, "{\"detail\":\"criteria\",\"messages\":true}",
         "score '%s' -q --detail criteria --messages"},
        {OCOP_OP_SCORE, "{\"output\":\"csv\"}", "score '%s' -q --format csv"},
        {OCOP_OP_PLAN, NULL, "plan '%s' --format json"},
        {OCOP_OP_PLAN, "{\"target\":5}", "plan '%s' --format json --target 5"},
        {OCOP_OP_PLAN, "{\"consensus\":true}", "plan '%s' --format json --consensus"},
        {OCOP_OP_RANGE, NULL, "range '%s'"},
        {OCOP_OP_COUNCIL, "{\"spread\":7.5}", "council '%s' --format json --spread 7.5"},
        {OCOP_OP_VALIDATE, NULL, "validate '%s' --format jsonl"},
        {OCOP_OP_VALIDATE, "{\"lang\":\"en\"}", "validate '%s' --format jsonl --lang en"},
        {OCOP_OP_AGGREGATE, NULL, "aggregate '%s' -q"},
        {OCOP_OP_AGGREGATE, "{\"by\":[\"province\",\"star\"],\"near\":2,\"top\":3}",
         "aggregate '%s' -q --by province --by star --near 2 --top 3"},
        {OCOP_OP_AGGREGATE,
         "{\"by\":[\"year\"],\"provinces\":\"2025\",\"where\":[\"subject_type=Doanh "
         "nghiệp\"],\"format\":\"csv\"}",
         "aggregate '%s' -q --by year --provinces 2025 --where 'subject_type=Doanh nghiệp' "
         "--format csv"},
        {OCOP_OP_AGGREGATE, "{\"by\":[\"province\"],\"format\":\"weakest-csv\"}",
         "aggregate '%s' -q --by province --format weakest-csv"},
        {OCOP_OP_AGGREGATE, "{\"format\":\"histogram-csv\"}",
         "aggregate '%s' -q --format histogram-csv"},
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; ++k) {
        char args[1024], what[1200];
        snprintf(args, sizeof args, runs[k].cli_args, data_path);
        snprintf(what, sizeof what, "ocop %s", args);
        text expected = run_cli(args);
        /* The sample has no invalid record: validate prints nothing, the others something. */
        CHECK((expected.size > 0) == (runs[k].op != OCOP_OP_VALIDATE));
        ocop_buffer out = OCOP_BUFFER_INIT, errors = OCOP_BUFFER_INIT;
        ocop_summary sum = {0, 0, 0};
        ocop_error e = OCOP_ERROR_INIT;
        const ocop_status st = ocop_process(reg, runs[k].op, data->data, data->size,
                                            runs[k].options, &out, &errors, &sum, &e);
        /* The status says what the CLI's exit code says (plan refuses council records). */
        CHECK((st == OCOP_OK && cli_exit == 0) || (st == OCOP_E_RECORDS_FAILED && cli_exit == 1));
        CHECK(sum.records == max);
        CHECK(sum.records == sum.succeeded + sum.failed);
        same(what, out.data, out.size, expected.data, expected.size);
        /* The same through a stream, in chunks of 4096 and of 7 bytes. */
        size_t chunks[2] = {4096, 7};
        for (int c = 0; c < 2; ++c) {
            collected col = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
            ocop_summary ss = {0, 0, 0};
            const ocop_status st2 = stream_run(reg, runs[k].op, runs[k].options, data->data,
                                               data->size, chunks[c], &col, &ss, &e);
            CHECK(st2 == st);
            CHECK(ss.records == sum.records && ss.failed == sum.failed &&
                  ss.succeeded == sum.succeeded);
            char w2[2600];
            snprintf(w2, sizeof w2, "stream (chunks of %zu) vs %s", chunks[c], what);
            same(w2, col.out.data, col.out.size, expected.data, expected.size);
            clear_collected(&col);
        }
        clear(&expected);
        ocop_buffer_free(&out);
        ocop_buffer_free(&errors);
        ocop_error_free(&e);
    }

    /* One ocop_score per line gives the CLI's lines. */
    char args[1024];
    snprintf(args, sizeof args, "score '%s' -q", data_path);
    text expected = run_cli(args);
    text joined = {NULL, 0, 0};
    add(&joined, "", 0);
    ocop_buffer b = OCOP_BUFFER_INIT;
    const char* p = data->data;
    while (*p) {
        const char* nl = strchr(p, '\n');
        const size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (ocop_score(reg, p, n, NULL, &b, NULL) == OCOP_OK) add(&joined, b.data, b.size);
        p += n + (nl ? 1 : 0);
    }
    same("ocop_score per line vs ocop score", joined.data, joined.size, expected.data,
         expected.size);
    ocop_buffer_free(&b);
    clear(&joined);
    clear(&expected);
}

/* Refused records: codes, lines, ids, paths, in input order; the errors buffer equals
 * `ocop score --errors`; the output equals `ocop score -o`. */
static void test_refusals(ocop_registry* reg) {
    text in = {NULL, 0, 0};
    adds(&in, "\xEF\xBB\xBF");
    adds(&in, ev49);
    adds(&in, "\r\n\r\n");
    adds(&in, bad);                                   /* line 3 */
    adds(&in, "\r\n{\"id\": \"trunc\", \"sheet\r\n"); /* line 4: invalid JSON */
    adds(&in, "[1, 2]\n"); /* line 5: an array line holds two records, neither an object */
    adds(&in, ev50);       /* line 6, no final newline */
    const char* in_path = tmp_path("refusals.jsonl");
    write_path(in_path, in.data, in.size);
    char args[2048];
    snprintf(args, sizeof args, "score '%s' -q -o '%s' --errors '%s'", in_path,
             tmp_path("refusals.out"), tmp_path("refusals.err"));
    text none = run_cli(args);
    clear(&none);
    text cli_out = read_path(tmp_path("refusals.out"));
    text cli_err = read_path(tmp_path("refusals.err"));

    ocop_buffer out = OCOP_BUFFER_INIT, errors = OCOP_BUFFER_INIT;
    ocop_summary sum = {0, 0, 0};
    ocop_error e = OCOP_ERROR_INIT;
    CHECK(ocop_process(reg, OCOP_OP_SCORE, in.data, in.size, NULL, &out, &errors, &sum, &e) ==
          OCOP_E_RECORDS_FAILED);
    CHECK(e.code == OCOP_E_RECORDS_FAILED && e.record_code == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(e.line == 3 && strcmp(e.id, "bad") == 0 && strcmp(e.path, "/answers/1.1") == 0);
    CHECK(sum.records == 6 && sum.succeeded == 2 && sum.failed == 4);
    same("ocop_process out vs ocop score -o", out.data, out.size, cli_out.data, cli_out.size);
    same("ocop_process errors vs ocop score --errors", errors.data, errors.size, cli_err.data,
         cli_err.size);

    /* The stream reports the same refusals, in input order among the results. */
    size_t chunks[3] = {1, 5, 1 << 20};
    for (int c = 0; c < 3; ++c) {
        collected col = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
        ocop_summary ss = {0, 0, 0};
        CHECK(stream_run(reg, OCOP_OP_SCORE, NULL, in.data, in.size, chunks[c], &col, &ss, &e) ==
              OCOP_E_RECORDS_FAILED);
        CHECK(e.record_code == OCOP_E_IMPOSSIBLE_POINTS && e.line == 3);
        CHECK(ss.records == 6 && ss.failed == 4);
        same("stream out vs ocop score -o", col.out.data, col.out.size, cli_out.data, cli_out.size);
        same("stream errors vs ocop score --errors", col.errors.data, col.errors.size, cli_err.data,
             cli_err.size);
        CHECK(col.order.data && strcmp(col.order.data, "RE3E4E5E5R") == 0);
        clear_collected(&col);
    }
    /* Validate lists the same problems as `ocop validate --format jsonl` (on readable JSON:
     * the CLI's validate reads files with its own reader, see docs/embedding-c.md). */
    text vin = {NULL, 0, 0};
    adds(&vin, ev49);
    adds(&vin, "\n");
    adds(&vin, bad);
    adds(&vin, "\n{\"id\":\"s9\",\"sheet\":99,\"answers\":{}}\n{\"sheet\":1}\n");
    adds(&vin, ev49); /* c49 again: a duplicate id */
    adds(&vin, "\n");
    const char* vin_path = tmp_path("validate.jsonl");
    write_path(vin_path, vin.data, vin.size);
    snprintf(args, sizeof args, "validate '%s' --format jsonl", vin_path);
    text cli_val = run_cli(args);
    CHECK(cli_val.size > 0);
    CHECK(ocop_process(reg, OCOP_OP_VALIDATE, vin.data, vin.size, NULL, &out, NULL, &sum, &e) ==
          OCOP_E_RECORDS_FAILED);
    CHECK(sum.records == 5 && sum.failed == 4 && e.line == 2);
    same("ocop_process validate vs ocop validate", out.data, out.size, cli_val.data, cli_val.size);
    collected cv = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
    CHECK(stream_run(reg, OCOP_OP_VALIDATE, NULL, vin.data, vin.size, 3, &cv, &sum, &e) ==
          OCOP_E_RECORDS_FAILED);
    same("validate stream vs ocop validate", cv.out.data, cv.out.size, cli_val.data, cli_val.size);
    CHECK(cv.errors.size == 0);
    clear_collected(&cv);
    clear(&cli_val);
    clear(&vin);

    /* Without an error callback the refusals are only counted. */
    ocop_stream* s = NULL;
    collected col = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
    CHECK(ocop_stream_new(reg, OCOP_OP_SCORE, NULL, on_output, NULL, &col, &s, &e) == OCOP_OK);
    CHECK(ocop_stream_feed(s, in.data, in.size, &e) == OCOP_OK);
    CHECK(ocop_stream_finish(s, &sum, &e) == OCOP_E_RECORDS_FAILED && sum.failed == 4);
    ocop_stream_free(s);
    clear_collected(&col);

    ocop_buffer_free(&out);
    ocop_buffer_free(&errors);
    ocop_error_free(&e);
    clear(&in);
    clear(&cli_out);
    clear(&cli_err);
}

/* Aborting, stream state, over-long records, CSV across chunk boundaries, bad arguments. */
static void test_stream_edges(ocop_registry* reg) {
    ocop_error e = OCOP_ERROR_INIT;
    char three[8192];
    snprintf(three, sizeof three, "%s\n%s\n%s\n", ev49, ev50, ev49);

    /* A callback asks to stop at the second result. */
    collected col = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 2, 0};
    ocop_stream* s = NULL;
    CHECK(ocop_stream_new(reg, OCOP_OP_SCORE, NULL, on_output, on_error, &col, &s, &e) == OCOP_OK);
    CHECK(ocop_stream_feed(s, three, strlen(three), &e) == OCOP_E_ABORTED);
    CHECK(e.code == OCOP_E_ABORTED && col.calls == 2);
    CHECK(ocop_stream_feed(s, three, strlen(three), &e) == OCOP_E_STREAM_STATE);
    CHECK(ocop_stream_finish(s, NULL, &e) == OCOP_E_STREAM_STATE);
    ocop_stream_free(s);
    clear_collected(&col);

    /* Finished streams refuse more input. */
    collected c2 = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
    CHECK(ocop_stream_new(reg, OCOP_OP_RANGE, NULL, on_output, on_error, &c2, &s, &e) == OCOP_OK);
    CHECK(ocop_stream_finish(s, NULL, &e) == OCOP_OK);
    CHECK(c2.out.size == 0);
    CHECK(ocop_stream_feed(s, "x", 1, &e) == OCOP_E_STREAM_STATE);
    ocop_stream_free(s);
    clear_collected(&c2);
    ocop_stream_free(NULL);

    /* A record over max_line_bytes is refused, fed in small pieces, without stopping the rest. */
    text in = {NULL, 0, 0};
    adds(&in, ev49);
    adds(&in, "\n{\"id\":\"long\",\"note\":\"");
    for (int i = 0; i < 600; ++i) adds(&in, "xxxxxxxxxx");
    adds(&in, "\"}\n");
    adds(&in, ev50);
    adds(&in, "\n");
    collected c3 = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
    ocop_summary sum = {0, 0, 0};
    CHECK(stream_run(reg, OCOP_OP_SCORE, "{\"max_line_bytes\":4096}", in.data, in.size, 100, &c3,
                     &sum, &e) == OCOP_E_RECORDS_FAILED);
    CHECK(e.record_code == OCOP_E_LIMIT_EXCEEDED && e.line == 2);
    CHECK(sum.records == 3 && sum.failed == 1 && sum.succeeded == 2);
    CHECK(c3.order.data && strcmp(c3.order.data, "RE2R") == 0);
    CHECK(contains(c3.out.data, "\"id\":\"c50\""));
    clear_collected(&c3);
    /* ocop_process refuses it the same way (the reader's own limit). */
    ocop_buffer out = OCOP_BUFFER_INIT;
    CHECK(ocop_process(reg, OCOP_OP_SCORE, in.data, in.size, "{\"max_line_bytes\":4096}", &out,
                       NULL, &sum, &e) == OCOP_E_RECORDS_FAILED);
    CHECK(e.record_code == OCOP_E_LIMIT_EXCEEDED && e.line == 2 && sum.failed == 1);
    clear(&in);

    /* CSV: a quoted cell over two lines, CRLF, split at every byte. */
    text csv = {NULL, 0, 0};
    adds(&csv, "id,sheet,province,1.1,1.2,1.3,1.4,1.5,1.6,1.7,2.1,2.2,2.3,2.4,3.1,3.2,3.3,3.4,3.5,"
               "4.1,4.2,4.3,5.1,5.2,5.3,6.1,6.2,6.3,6.4,7,8,9,10,11,12\r\n");
    const char* answers = "1,0,3,1,3,1,0,3,2,3,0,1,0,1,2,2,5,0,0,5,0,1,2,3,0,0,0,3,2,3,1,1";
    char row[1024];
    snprintf(row, sizeof row, "v1,1,\"Hà Nội, \"\"cũ\"\"\",%s\r\n", answers);
    adds(&csv, row);
    snprintf(row, sizeof row, "v2,1,\"Huế\nmới\",%s\r\n", answers);
    adds(&csv, row);
    snprintf(row, sizeof row, "v3,1,Huế,9,%s", answers + 2); /* 1.1 = 9: impossible */
    adds(&csv, row);
    adds(&csv, "\r\n");
    snprintf(row, sizeof row, "v4,1,Huế,%s", answers); /* no final line break */
    adds(&csv, row);
    CHECK(ocop_process(reg, OCOP_OP_SCORE, csv.data, csv.size, NULL, &out, NULL, &sum, &e) ==
          OCOP_E_RECORDS_FAILED);
    CHECK(sum.records == 4 && sum.failed == 1 && e.line == 5 && strcmp(e.id, "v3") == 0);
    CHECK(strcmp(e.column, "1.1") == 0);
    CHECK(contains(out.data, "\"id\":\"v1\"") && contains(out.data, "\"id\":\"v4\""));
    /* The CLI on the same CSV read as a stream (from stdin; a .csv file takes its office
     * spreadsheet path, docs/spreadsheets.md). */
    const char* csv_path = tmp_path("edges.csv");
    write_path(csv_path, csv.data, csv.size);
    char args[1024];
    snprintf(args, sizeof args, "score - -q --input-format csv < '%s'", csv_path);
    text expected = run_cli(args);
    same("ocop_process CSV vs ocop score", out.data, out.size, expected.data, expected.size);
    size_t chunks[3] = {1, 3, 64};
    for (int c = 0; c < 3; ++c) {
        collected c4 = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
        CHECK(stream_run(reg, OCOP_OP_SCORE, NULL, csv.data, csv.size, chunks[c], &c4, &sum, &e) ==
              OCOP_E_RECORDS_FAILED);
        CHECK(sum.records == 4 && sum.failed == 1 && e.line == 5 && strcmp(e.column, "1.1") == 0);
        same("CSV stream vs ocop score", c4.out.data, c4.out.size, expected.data, expected.size);
        clear_collected(&c4);
    }
    clear(&expected);
    /* A header alone is no record; an unusable header is fatal. */
    CHECK(ocop_process(reg, OCOP_OP_SCORE, "id,sheet\n", 9, NULL, &out, NULL, &sum, &e) == OCOP_OK);
    CHECK(sum.records == 0);
    collected c5 = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, 0, 0};
    CHECK(stream_run(reg, OCOP_OP_SCORE, "{\"input\":\"csv\"}", "id,sheet\n", 9, 2, &c5, &sum,
                     &e) == OCOP_OK);
    CHECK(sum.records == 0 && c5.out.size == 0);
    clear_collected(&c5);
    clear(&csv);

    /* Arguments and options. */
    CHECK(ocop_process(reg, 99, "", 0, NULL, &out, NULL, NULL, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_process(reg, OCOP_OP_SCORE, "", 0, "{\"output\":\"xml\"}", &out, NULL, NULL, &e) ==
          OCOP_E_INVALID_VALUE);
    CHECK(strcmp(e.path, "/output") == 0);
    CHECK(ocop_process(reg, OCOP_OP_RANGE, "", 0, "{\"detail\":\"full\"}", &out, NULL, NULL, &e) ==
          OCOP_E_UNKNOWN_FIELD);
    CHECK(ocop_process(reg, OCOP_OP_AGGREGATE, "", 0, "{\"by\":[\"a=b\"]}", &out, NULL, NULL, &e) ==
          OCOP_E_INVALID_VALUE);
    CHECK(strcmp(e.path, "/by/0") == 0);
    CHECK(ocop_process(reg, OCOP_OP_SCORE, "", 0, NULL, &out, NULL, &sum, &e) == OCOP_OK);
    CHECK(out.data == NULL && sum.records == 0);
    s = (ocop_stream*)&out;
    CHECK(ocop_stream_new(reg, OCOP_OP_SCORE, NULL, NULL, NULL, NULL, &s, &e) ==
          OCOP_E_INVALID_ARGUMENT);
    CHECK(s == NULL);
    CHECK(ocop_stream_new(reg, 0, NULL, on_output, NULL, NULL, &s, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_stream_new(reg, OCOP_OP_SCORE, "{\"input\":\"xlsx\"}", on_output, NULL, NULL, &s,
                          &e) == OCOP_E_INVALID_VALUE);
    CHECK(ocop_stream_feed(NULL, "x", 1, &e) == OCOP_E_INVALID_ARGUMENT);
    CHECK(ocop_stream_finish(NULL, NULL, &e) == OCOP_E_INVALID_ARGUMENT);
    ocop_buffer_free(&out);
    ocop_error_free(&e);
}

int main(int argc, char** argv) {
    if (argc < 5) {
        fprintf(stderr,
                "usage: test_c_api_v1 OCOP_CLI DATA.jsonl RULESET_FILE TMPDIR [MAX_RECORDS]\n");
        return 2;
    }
    cli = argv[1];
    tmpdir = argv[4];
    const size_t max = argc > 5 ? (size_t)strtoul(argv[5], NULL, 10) : 0;

    /* The sample, cut to MAX_RECORDS lines, written where the CLI reads it too. */
    text data = read_path(argv[2]);
    size_t lines = 0;
    for (size_t i = 0; i < data.size; ++i)
        if (data.data[i] == '\n' && ++lines == max) {
            data.size = i + 1;
            data.data[data.size] = '\0';
            break;
        }
    if (!max) lines = 0;
    for (size_t i = 0; !max && i < data.size; ++i) lines += data.data[i] == '\n';
    const char* data_path = tmp_path("sample.jsonl");
    write_path(data_path, data.data, data.size);

    ocop_registry* reg = NULL;
    ocop_error e = OCOP_ERROR_INIT;
    if (ocop_registry_new(NULL, &reg, &e) != OCOP_OK) {
        fprintf(stderr, "%s\n", e.message);
        return 1;
    }
    test_basics(reg);
    test_registry_changes(argv[3]);
    test_one(reg);
    test_parity(reg, data_path, &data, lines);
    test_refusals(reg);
    test_stream_edges(reg);
    ocop_registry_free(reg);
    ocop_error_free(&e);
    clear(&data);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    else
        printf("all C API checks passed (%zu records compared with the CLI)\n", lines);
    return failures ? 1 : 0;
}
