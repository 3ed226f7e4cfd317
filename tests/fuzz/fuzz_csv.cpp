// libFuzzer harness: CSV evaluations. The raw pieces (UTF-8 check, separator detection,
// splitter, header layout, row to JSON) on the input, a field round trip, the record framing
// (quotes only at a field's start, resynchronisation: no line lost or read twice), then the
// whole CSV batch through score_stream with CSV output.
#include "fuzz_common.hpp"

#include "../../src/io/batch_reader.hpp"

#include <ocop/batch.hpp>
#include <ocop/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

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

/// The record framing covers every non-blank physical line exactly once, in order: a record
/// is its lines joined by '\n', a record of several lines splits (with `columns` fields when
/// given), and the lines after the last record are blank.
void framing(std::string_view text, char sep, std::size_t columns, std::size_t max_bytes) {
    std::vector<std::string> lines;
    std::vector<bool> long_line;
    std::string_view t = text;
    while (!t.empty()) {
        const auto e = t.find('\n');
        std::string l(t.substr(0, e));
        t = e == std::string_view::npos ? std::string_view() : t.substr(e + 1);
        long_line.push_back(l.size() > max_bytes); // a byte-order mark counts
        if (lines.empty() && l.rfind("\xEF\xBB\xBF", 0) == 0) l.erase(0, 3);
        if (!l.empty() && l.back() == '\r') l.pop_back();
        lines.push_back(std::move(l));
    }
    auto blank = [&](std::size_t i) {
        return !long_line[i] && lines[i].find_first_not_of(" \t\r") == std::string::npos;
    };
    std::istringstream in{std::string(text)};
    ocop::detail::line_reader reader(in, max_bytes);
    ocop::detail::record_source src(reader, max_bytes);
    src.set_csv(true, sep, columns);
    ocop::detail::raw_record rec;
    ocop::csv_splitter split;
    std::string err;
    std::size_t next = 0; // 0-based index of the first line not yet read
    for (int n = 0; src.next(rec); ++n) {
        if (rec.line < next + 1 || rec.line > lines.size()) ocop::fuzz::fail("framing: order");
        for (std::size_t i = next; i + 1 < rec.line; ++i)
            if (!blank(i)) ocop::fuzz::fail("framing: a line was skipped", lines[i]);
        std::size_t i = rec.line - 1;
        if (rec.too_long) {
            if (!long_line[i]) ocop::fuzz::fail("framing: too long");
            next = i + 1;
            continue;
        }
        std::string joined = lines[i];
        std::size_t k = 1;
        for (char c : rec.text) k += c == '\n';
        for (std::size_t j = 1; j < k; ++j) {
            if (i + j >= lines.size() || long_line[i + j]) ocop::fuzz::fail("framing: span");
            joined += '\n';
            joined += lines[i + j];
        }
        if (joined != rec.text) ocop::fuzz::fail("framing: text differs", rec.text);
        if (k > 1 && (!split.split(rec.text, sep, err) || (columns && split.size() != columns)))
            ocop::fuzz::fail("framing: a multi-line record that does not split", rec.text);
        next = i + k;
    }
    for (std::size_t i = next; i < lines.size(); ++i)
        if (!blank(i)) ocop::fuzz::fail("framing: a line was lost", lines[i]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pieces(text);
    if (!text.empty()) {
        // Separator, header field count and length limit drawn from the first byte.
        const auto b = static_cast<unsigned char>(text[0]);
        framing(text, ",;\t"[b % 3], (b / 3) % 5, 16 + (b % 7) * 24);
    }
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
