/* Score OCOP evaluations from C with the C API (ocop/ocop.h): a file is streamed in chunks
 * (never held whole in memory), one result line per record on stdout, exactly as
 * `ocop score FILE` prints them; refused records on stderr with their line, id and path.
 * Usage: score_c [EVALUATIONS.jsonl|.csv]   (without a file: one built-in example, explained
 * and planned). Exit codes as the CLI's: 0 ok, 1 some records refused, 3 fatal. */
#include <ocop/ocop.h>

#include <stdio.h>
#include <string.h>

/* qd26-2026 sheet 1 (fresh vegetables): 50 points, the first total of the 3-star band. */
static const char* const example =
    "{\"id\":\"example-1\",\"sheet\":1,\"answers\":{\"1.1\":1,\"1.2\":0,\"1.3\":3,\"1.4\":1,"
    "\"1.5\":3,\"1.6\":1,\"1.7\":1,\"2.1\":3,\"2.2\":2,\"2.3\":3,\"2.4\":0,\"3.1\":1,\"3.2\":0,"
    "\"3.3\":1,\"3.4\":2,\"3.5\":2,\"4.1\":5,\"4.2\":0,\"4.3\":0,\"5.1\":5,\"5.2\":0,\"5.3\":1,"
    "\"6.1\":2,\"6.2\":3,\"6.3\":0,\"6.4\":0,\"7\":0,\"8\":3,\"9\":2,\"10\":3,\"11\":1,\"12\":1}}";

/* One output line (its newline included). Returning non-zero would stop the stream. */
static int print_line(void* user, const char* data, size_t size) {
    (void)user;
    return fwrite(data, 1, size, stdout) == size ? 0 : 1;
}

/* One refused record; the pointers are valid during the call only. */
static int print_refusal(void* user, const ocop_record_error* e) {
    (void)user;
    fprintf(stderr, "line %zu (id %s): %s at %s: %s\n", e->line, e->id, ocop_error_name(e->code),
            e->path[0] ? e->path : "/", e->message);
    return 0;
}

static int stream_file(const ocop_registry* reg, const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        return 3;
    }
    ocop_stream* s = NULL;
    ocop_error err = OCOP_ERROR_INIT;
    ocop_status st =
        ocop_stream_new(reg, OCOP_OP_SCORE, NULL, print_line, print_refusal, NULL, &s, &err);
    char chunk[1 << 16];
    size_t n;
    while (st == OCOP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = ocop_stream_feed(s, chunk, n, &err);
    ocop_summary sum = {0, 0, 0};
    if (st == OCOP_OK) st = ocop_stream_finish(s, &sum, &err);
    fclose(f);
    ocop_stream_free(s);
    int code = 0;
    if (st == OCOP_E_RECORDS_FAILED) {
        code = 1; /* the refusals were printed by print_refusal */
    } else if (st != OCOP_OK) {
        fprintf(stderr, "%s: %s: %s\n", path, ocop_error_name(st), err.message);
        code = 3;
    }
    fprintf(stderr, "scored %zu record(s), %zu failed\n", sum.succeeded, sum.failed);
    ocop_error_free(&err);
    return code;
}

static int one_example(const ocop_registry* reg) {
    ocop_buffer out = OCOP_BUFFER_INIT; /* reused by every call below */
    ocop_error err = OCOP_ERROR_INIT;
    const size_t n = strlen(example);
    int code = 0;
    if (ocop_score(reg, example, n, NULL, &out, &err) == OCOP_OK && fputs(out.data, stdout) >= 0 &&
        ocop_explain(reg, example, n, &out, &err) == OCOP_OK && fputs(out.data, stdout) >= 0 &&
        ocop_plan(reg, example, n, NULL, &out, &err) == OCOP_OK && fputs(out.data, stdout) >= 0) {
        code = 0;
    } else {
        fprintf(stderr, "refused: %s at %s: %s\n", ocop_error_name(err.code), err.path,
                err.message);
        code = 1;
    }
    ocop_buffer_free(&out);
    ocop_error_free(&err);
    return code;
}

int main(int argc, char** argv) {
    if (ocop_abi_version() != OCOP_ABI_VERSION) {
        fprintf(stderr, "libocop has C ABI %u, this program was built for %d\n", ocop_abi_version(),
                OCOP_ABI_VERSION);
        return 3;
    }
    ocop_registry* reg = NULL;
    ocop_error err = OCOP_ERROR_INIT;
    if (ocop_registry_new(NULL, &reg, &err) != OCOP_OK) {
        fprintf(stderr, "%s\n", err.message);
        ocop_error_free(&err);
        return 3;
    }
    const int code = argc > 1 ? stream_file(reg, argv[1]) : one_example(reg);
    ocop_registry_free(reg);
    ocop_error_free(&err);
    return code;
}
