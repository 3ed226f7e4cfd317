// libFuzzer harness: a JSON Lines batch (score_stream) with a small line limit. No record is
// lost: every record read is either scored (one output line) or reported (one error).
#include "fuzz_common.hpp"

#include <ocop/batch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::istringstream in(text);
    std::ostringstream out;
    ocop::batch_options opts;
    opts.input = ocop::batch_input::jsonl;
    opts.max_line_bytes = 2048; // small, so that the limit is exercised
    opts.chunk_records = 3;     // several chunks even for small inputs
    std::size_t errors = 0, results = 0;
    ocop::batch_callbacks cb;
    cb.on_error = [&](const ocop::batch_error& e) {
        ocop::fuzz::check_refusal(e.diag, e.id);
        ++errors;
    };
    cb.on_result = [&](unsigned, const ocop::evaluation_result& r) {
        ocop::fuzz::check_result(r);
        ++results;
    };
    auto s = ocop::score_stream(in, &out, ocop::registry::builtin(), opts, cb);
    if (!s) {
        ocop::fuzz::check_refusal(s.error(), {});
        return 0;
    }
    if (s->scored + s->failed != s->records) ocop::fuzz::fail("records neither scored nor failed");
    if (s->failed != errors || s->scored != results) ocop::fuzz::fail("counts disagree");
    const std::string o = out.str();
    if (static_cast<std::size_t>(std::count(o.begin(), o.end(), '\n')) != s->scored)
        ocop::fuzz::fail("output lines differ from records scored");
    std::istringstream lines(o);
    for (std::string line; std::getline(lines, line);) ocop::fuzz::require_json(line, "batch line");
    return 0;
}
