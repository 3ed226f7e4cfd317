// The C API from C++: threads (the last error of the first API is per thread; registries are
// shared by scoring and streaming threads) and the new calls against each other.
#define OCOP_NO_DEPRECATION_WARNINGS
#include <ocop/ocop.h>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <thread>

namespace {

struct registry_deleter {
    void operator()(ocop_registry* r) const { ocop_registry_free(r); }
};
struct string_deleter {
    void operator()(char* s) const { ocop_string_free(s); }
};
using owned_string = std::unique_ptr<char, string_deleter>;

// qd26-2026 sheet 1 at the 5★ minimums: 49 points by hand (tests/fixtures.hpp).
const std::string answers49 =
    R"("1.1":1,"1.2":0,"1.3":3,"1.4":1,"1.5":3,"1.6":1,"1.7":0,"2.1":3,"2.2":2,"2.3":3,)"
    R"("2.4":0,"3.1":1,"3.2":0,"3.3":1,"3.4":2,"3.5":2,"4.1":5,"4.2":0,"4.3":0,"5.1":5,)"
    R"("5.2":0,"5.3":1,"6.1":2,"6.2":3,"6.3":0,"6.4":0,"7":0,"8":3,"9":2,"10":3,"11":1,"12":1)";

std::string record(const std::string& id, const std::string& answers) {
    return R"({"id":")" + id + R"(","sheet":1,"answers":{)" + answers + "}}";
}

} // namespace

TEST_CASE("the last error belongs to the calling thread") {
    std::unique_ptr<ocop_registry, registry_deleter> reg(ocop_registry_builtin());
    REQUIRE(reg);
    owned_string bad(ocop_score_json(reg.get(), record("bad", R"("1.1":9)").c_str()));
    REQUIRE(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);

    int other_code = -1;
    std::thread t([&] {
        owned_string ok(ocop_score_json(reg.get(), record("ok", answers49).c_str()));
        other_code = ocop_last_error_code();
    });
    t.join();
    CHECK(other_code == OCOP_OK);
    // This thread still sees its own failure.
    CHECK(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);
}

TEST_CASE("one registry scores from several threads") {
    std::unique_ptr<ocop_registry, registry_deleter> reg(ocop_registry_builtin());
    REQUIRE(reg);
    std::string results[4];
    std::thread threads[4];
    for (int i = 0; i < 4; ++i)
        threads[i] = std::thread([&, i] {
            for (int k = 0; k < 20; ++k) {
                owned_string r(
                    ocop_score_json(reg.get(), record("t" + std::to_string(i), answers49).c_str()));
                if (r) results[i] = r.get();
            }
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < 4; ++i) {
        CHECK(results[i].find(R"("id":"t)" + std::to_string(i) + "\"") != std::string::npos);
        CHECK(results[i].find(R"("total":49,)") != std::string::npos);
    }
}

TEST_CASE("error names follow the C++ error codes") {
    CHECK(std::string(ocop_error_name(OCOP_OK)) == "ok");
    CHECK(std::string(ocop_error_name(OCOP_E_CASE_CONFLICT)) == "case_conflict");
    CHECK(std::string(ocop_error_name(OCOP_E_IO_ERROR)) == "io_error");
    CHECK(std::string(ocop_error_name(-1)) == "unknown");
}

namespace {

struct buffer {
    ocop_buffer b = OCOP_BUFFER_INIT;
    ~buffer() { ocop_buffer_free(&b); }
    [[nodiscard]] std::string str() const { return b.data ? std::string(b.data, b.size) : ""; }
};

struct error {
    ocop_error e = OCOP_ERROR_INIT;
    ~error() { ocop_error_free(&e); }
};

int append_output(void* user, const char* data, size_t size) {
    static_cast<std::string*>(user)->append(data, size);
    return 0;
}

int append_error(void* user, const ocop_record_error* e) {
    static_cast<std::string*>(user)->append(e->json);
    return 0;
}

/// 50 records: good ones (49 and a differing id) and, every 7th, a refused one.
std::string many_records() {
    std::string text;
    for (int i = 0; i < 50; ++i)
        text += record("r" + std::to_string(i), i % 7 == 3 ? R"("1.1":9)" : answers49) + "\n";
    return text;
}

} // namespace

TEST_CASE("streams and ocop_process share one registry across threads") {
    ocop_registry* raw = nullptr;
    REQUIRE(ocop_registry_new(nullptr, &raw, nullptr) == OCOP_OK);
    std::unique_ptr<ocop_registry, registry_deleter> reg(raw);
    const std::string text = many_records();
    buffer expected, expected_errors;
    ocop_summary sum{};
    REQUIRE(ocop_process(reg.get(), OCOP_OP_SCORE, text.data(), text.size(), nullptr, &expected.b,
                         &expected_errors.b, &sum, nullptr) == OCOP_E_RECORDS_FAILED);
    CHECK(sum.records == 50);
    CHECK(sum.failed == 7);
    std::string outs[4], errs[4];
    ocop_status codes[4]{};
    std::thread threads[4];
    for (int i = 0; i < 4; ++i)
        threads[i] = std::thread([&, i] {
            ocop_stream* s = nullptr;
            codes[i] = ocop_stream_new(reg.get(), OCOP_OP_SCORE, nullptr, append_output, nullptr,
                                       &outs[i], &s, nullptr);
            const std::size_t chunk = 1 + static_cast<std::size_t>(i) * 97;
            for (std::size_t at = 0; at < text.size() && codes[i] == OCOP_OK; at += chunk)
                codes[i] = ocop_stream_feed(s, text.data() + at, std::min(chunk, text.size() - at),
                                            nullptr);
            if (codes[i] == OCOP_OK) codes[i] = ocop_stream_finish(s, nullptr, nullptr);
            ocop_stream_free(s);
            // And the whole text at once, refusals collected.
            buffer out, errors;
            if (ocop_process(reg.get(), OCOP_OP_SCORE, text.data(), text.size(), nullptr, &out.b,
                             &errors.b, nullptr, nullptr) == OCOP_E_RECORDS_FAILED &&
                out.str() == outs[i])
                errs[i] = errors.str();
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < 4; ++i) {
        CHECK(codes[i] == OCOP_E_RECORDS_FAILED);
        CHECK(outs[i] == expected.str());
        CHECK(errs[i] == expected_errors.str());
    }
}

TEST_CASE("the current API leaves the first API's last error alone") {
    std::unique_ptr<ocop_registry, registry_deleter> reg(ocop_registry_builtin());
    REQUIRE(reg);
    owned_string bad(ocop_score_json(reg.get(), record("bad", R"("1.1":9)").c_str()));
    REQUIRE(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);
    const std::string ok = record("ok", answers49);
    buffer out;
    error e;
    CHECK(ocop_score(reg.get(), ok.data(), ok.size(), R"({"detail":"full"})", &out.b, &e.e) ==
          OCOP_OK);
    CHECK(ocop_last_error_code() == OCOP_E_IMPOSSIBLE_POINTS);
    // The old call prints the full line (its old contract) without the newline.
    owned_string old(ocop_score_json(reg.get(), ok.c_str()));
    CHECK(std::string(old.get()) + "\n" == out.str());
}

TEST_CASE("an error callback sees every refusal with its line and id") {
    std::unique_ptr<ocop_registry, registry_deleter> reg(ocop_registry_builtin());
    REQUIRE(reg);
    const std::string text = many_records();
    std::string errors;
    ocop_stream* s = nullptr;
    // Range lines and refusal lines go to one string (one user pointer); both are checked.
    REQUIRE(ocop_stream_new(reg.get(), OCOP_OP_RANGE, nullptr, append_output, append_error, &errors,
                            &s, nullptr) == OCOP_OK);
    REQUIRE(ocop_stream_feed(s, text.data(), text.size(), nullptr) == OCOP_OK);
    error e;
    ocop_summary sum{};
    CHECK(ocop_stream_finish(s, &sum, &e.e) == OCOP_E_RECORDS_FAILED);
    ocop_stream_free(s);
    CHECK(sum.failed == 7);
    CHECK(e.e.line == 4);
    CHECK(std::string(e.e.id) == "r3");
    CHECK(e.e.record_code == OCOP_E_IMPOSSIBLE_POINTS);
    CHECK(errors.find(R"({"line":4,"id":"r3","error":"impossible_points","path":"/answers/1.1")") !=
          std::string::npos);
    CHECK(errors.find(R"({"line":46,"id":"r45","error":"impossible_points")") != std::string::npos);
}
