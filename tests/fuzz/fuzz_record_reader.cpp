// libFuzzer harness: the record reader of every command (read_records). Whatever the input:
// no crash, every record read is accepted or reported exactly once (records = accepted +
// failed), errors name a line inside the input and carry a code and a JSON Pointer, and the
// records handed over are JSON objects or values the consumer can refuse. The first byte
// picks the format (auto, JSON, CSV) so that each framing is exercised.
#include "fuzz_common.hpp"

#include <ocop/record_reader.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ocop;
    if (size == 0) return 0;
    record_reader_options o;
    o.format = data[0] % 3 == 0   ? record_format::auto_detect
               : data[0] % 3 == 1 ? record_format::json
                                  : record_format::csv;
    o.max_line_bytes = 512; // small, so that the limits are exercised
    o.max_document_bytes = 4096;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t lines =
        static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    std::istringstream in(text);
    std::size_t handed = 0, errors = 0, refused = 0;
    record_callbacks cb;
    cb.on_record = [&](const reader_record& r) -> result<void> {
        if (r.line == 0 || r.line > lines) fuzz::fail("record line outside the input");
        if (!r.value) fuzz::fail("record without a value");
        ++handed;
        // Refuse every third record: refusals must be reported like unreadable records.
        if (handed % 3 == 0) {
            ++refused;
            return diagnostic{errc::invalid_value, "/x", "refused by the consumer"};
        }
        return {};
    };
    cb.on_error = [&](const record_error& e) {
        if (e.line == 0 || e.line > lines) fuzz::fail("error line outside the input");
        fuzz::check_refusal(e.diag, e.id);
        ++errors;
    };
    cb.on_warning = [&](const std::string& w) {
        if (w.empty()) fuzz::fail("empty warning");
    };
    auto r = read_records(in, "fuzz", o, cb);
    if (!r) {
        fuzz::check_refusal(r.error(), {});
        return 0;
    }
    if (r->accepted + r->failed != r->records) fuzz::fail("records neither accepted nor failed");
    if (r->failed != errors) fuzz::fail("failed count differs from errors reported");
    if (r->accepted != handed - refused) fuzz::fail("accepted count differs from records handed");
    return 0;
}
