#pragma once
// Shared by the libFuzzer harnesses: checks that must hold for any input. A failed check
// aborts, so libFuzzer records the input as a crash (it is a finding, not a refusal).
#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ocop::fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "ocop fuzz check failed: %s %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
}

/// Text the library writes as JSON must parse as JSON.
inline void require_json(const std::string& text, const char* what) {
    boost::system::error_code ec;
    (void)boost::json::parse(text, ec);
    if (ec) fail(what, text);
}

/// Invariants of a scored result, then its JSON and its explanation.
inline void check_result(const evaluation_result& r) {
    const compiled_sheet& sh = *r.input->sheet;
    if (r.stars < 0 || r.stars > 5 || r.band_stars < 0 || r.band_stars > 5)
        fail("stars out of 0..5");
    if (r.total.count < 1) fail("score denominator below 1");
    if (r.status != evaluation_status::rejected) {
        if (r.total.sum < 0 || r.total.sum > std::int64_t{sh.max_total} * r.total.count)
            fail("total outside [0, max_total]");
        std::int64_t parts = 0;
        for (const auto& p : r.parts) parts += p.sum;
        if (parts != r.total.sum) fail("parts do not add up to the total");
        if (r.stars > r.band_stars) fail("stars above the band");
    }
    std::string out;
    append_result_json(r, out);
    require_json(out, "result JSON");
    out.clear();
    append_result_json(r, out, {false, false});
    require_json(out, "compact result JSON");
    (void)explain(r);
}

/// A refusal must carry a code, a JSON Pointer and a message, and print as JSON.
inline void check_refusal(const diagnostic& d, std::string_view id) {
    if (d.code == errc::ok) fail("refusal without an error code");
    if (!d.path.empty() && d.path[0] != '/') fail("diagnostic path is not a JSON Pointer", d.path);
    if (d.message.empty()) fail("refusal without a message");
    std::string out;
    append_error_json(1, id, d, out);
    require_json(out, "error JSON");
}

} // namespace ocop::fuzz
