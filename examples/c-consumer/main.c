/* Score OCOP evaluations from C: JSON text in, JSON text out.
 * Usage: score_c [EVALUATIONS.jsonl]   (without a file: a built-in example) */
#include <ocop/ocop.h>

#include <stdio.h>
#include <stdlib.h>

/* qd26-2026 sheet 1 (fresh vegetables): 50 points, the first total of the 3-star band. */
static const char* const example =
    "{\"id\":\"example-1\",\"sheet\":1,\"answers\":{\"1.1\":1,\"1.2\":0,\"1.3\":3,\"1.4\":1,"
    "\"1.5\":3,\"1.6\":1,\"1.7\":1,\"2.1\":3,\"2.2\":2,\"2.3\":3,\"2.4\":0,\"3.1\":1,\"3.2\":0,"
    "\"3.3\":1,\"3.4\":2,\"3.5\":2,\"4.1\":5,\"4.2\":0,\"4.3\":0,\"5.1\":5,\"5.2\":0,\"5.3\":1,"
    "\"6.1\":2,\"6.2\":3,\"6.3\":0,\"6.4\":0,\"7\":0,\"8\":3,\"9\":2,\"10\":3,\"11\":1,\"12\":1}}";

static char* read_file(const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0, n;
    char* buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char* bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf) buf[len] = '\0';
    return buf;
}

int main(int argc, char** argv) {
    printf("ocop %s\n", ocop_version());
    ocop_registry* reg = ocop_registry_builtin();
    if (!reg) {
        fprintf(stderr, "%s\n", ocop_last_error_json());
        return 3;
    }
    int status = 0;
    if (argc > 1) {
        char* text = read_file(argv[1]);
        if (!text) {
            fprintf(stderr, "cannot read %s\n", argv[1]);
            ocop_registry_free(reg);
            return 3;
        }
        /* One output line per record: a result, or {"line", "id", "error", "path", "message"}. */
        char* results = ocop_score_jsonl(reg, text);
        free(text);
        if (results) fputs(results, stdout);
        if (ocop_last_error_code() != OCOP_OK) status = 1; /* some records were refused */
        ocop_string_free(results);
    } else {
        char* result = ocop_score_json(reg, example);
        if (ocop_last_error_code() != OCOP_OK) {
            fprintf(stderr, "refused: %s at %s\n", ocop_last_error_message(),
                    ocop_last_error_path());
            status = 1;
        }
        if (result) puts(result);
        ocop_string_free(result);

        char* text = ocop_explain(reg, example);
        if (text) fputs(text, stdout);
        ocop_string_free(text);
    }
    ocop_registry_free(reg);
    return status;
}
