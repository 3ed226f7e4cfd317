// libFuzzer harness: CSV evaluations. The raw pieces (UTF-8 check, separator detection,
// splitter, header layout, row to JSON) on the input, a field round trip, then the whole CSV
// batch through score_stream with CSV output.
#include "fuzz_common.hpp"

#include <ocop/batch.hpp>
#include <ocop/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>

namespace {

void pieces(std::string_view text) {
    (void)ocop::valid_utf8(text);
    const auto nl = text.find('\n');
    const std::string_view header = text.substr(0, nl);
    const char sep = ocop::detect_csv_separator(header);
    ocop::csv_splitter split;
    std::string err;
    // A field written by append_csv_field splits back to itself.
    std::string written;
    ocop::append_csv_field(written, header, sep);
    if (!split.split(written, sep, err) || split.size() != 1 || split.field(0) != header)
        ocop::fuzz::fail("append_csv_field does not split back");
    auto layout = ocop::csv_layout::from_header(header, sep);
    if (!layout || nl == std::string_view::npos) return;
    std::string_view rest = text.substr(nl + 1);
    boost::json::object row;
    std::string column;
    ocop::evaluation ev;
    ocop::evaluation_result res;
    for (int n = 0; !rest.empty() && n < 64; ++n) {
        const auto end = rest.find('\n');
        const std::string_view rec = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!split.split(rec, sep, err)) continue;
        // The direct reader against its reference (to_json, then parse_evaluation).
        {
            static ocop::evaluation got; // reused, as by a batch
            ocop::evaluation want;
            std::string want_column;
            ocop::csv_evaluation_reader reader(*layout, ocop::registry::builtin());
            boost::json::object obj;
            ocop::result<void> rw = layout->to_json(split, obj, want_column);
            if (rw) {
                rw = ocop::parse_evaluation(obj, ocop::registry::builtin(), want);
                if (!rw) want_column = layout->column_of(rw.error().path);
            }
            const auto rg = reader.read(split, got);
            ocop::fuzz::compare_outcomes("csv_evaluation_reader", rg, got, rw, want);
            if (reader.column() != want_column)
                ocop::fuzz::fail("csv_evaluation_reader: column differs",
                                 reader.column() + " vs " + want_column);
        }
        row.clear();
        if (!layout->to_json(split, row, column)) continue;
        auto r = ocop::parse_evaluation(row, ocop::registry::builtin(), ev);
        if (!r) {
            ocop::fuzz::check_refusal(r.error(), ev.id);
            (void)layout->column_of(r.error().path);
            continue;
        }
        ocop::score_evaluation(ev, res);
        ocop::fuzz::check_result(res);
        std::string line;
        ocop::append_result_csv(res, line, sep);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pieces(text);
    std::istringstream in(text);
    std::ostringstream out;
    ocop::batch_options opts;
    opts.input = ocop::batch_input::csv;
    opts.output = ocop::batch_output::csv;
    opts.max_line_bytes = 4096;
    opts.chunk_records = 3;
    std::size_t errors = 0;
    ocop::batch_callbacks cb;
    cb.on_error = [&](const ocop::batch_error& e) {
        ocop::fuzz::check_refusal(e.diag, e.id);
        ++errors;
    };
    cb.on_result = [](unsigned, const ocop::evaluation_result& r) { ocop::fuzz::check_result(r); };
    auto s = ocop::score_stream(in, &out, ocop::registry::builtin(), opts, cb);
    if (!s) return 0; // unusable header: refused as a whole
    if (s->scored + s->failed != s->records || s->failed != errors)
        ocop::fuzz::fail("CSV records neither scored nor failed");
    return 0;
}
