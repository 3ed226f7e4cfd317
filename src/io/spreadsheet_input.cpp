// Evaluation files of every office format read into records that know their place.
#include "../detail/compiled_sheet.hpp"
#include <ocop/json_parser.hpp>
#include <ocop/record_reader.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ocop {

result<std::vector<input_record>> read_evaluation_file(const std::string& path, const registry& reg,
                                                       input_encoding enc, input_file_info* info) {
    if (is_workbook_path(path)) {
        input_file_info inf;
        inf.format = "xlsx";
        auto wb = read_workbook(path, reg);
        if (!wb) return wb.error();
        std::vector<input_record> out;
        for (auto& w : *wb) {
            input_record r;
            r.where = w.where;
            r.cells = std::move(w.cells);
            r.refusal = std::move(w.refusal);
            r.record = std::move(w.evaluation);
            r.id = record_id(r.record);
            out.push_back(std::move(r));
        }
        if (info) *info = inf;
        return out;
    }
    std::ostringstream ss;
    if (path == "-") {
        ss << std::cin.rdbuf();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return diagnostic{errc::io_error, "", "cannot read " + path};
        ss << in.rdbuf();
    }
    return read_evaluation_text(std::move(ss).str(), path, enc, info);
}

result<std::vector<input_record>> read_evaluation_text(std::string_view bytes,
                                                       const std::string& name, input_encoding enc,
                                                       input_file_info* info) {
    auto text = decode_to_utf8(bytes, enc);
    if (!text) {
        auto d = text.error();
        d.message = name + ": " + d.message;
        return d;
    }
    input_file_info inf;
    inf.encoding = text->encoding;
    inf.converted = text->converted;
    auto out = read_evaluation_utf8(text->text, name, &inf);
    if (out && info) *info = inf;
    return out;
}

records_scored score_records(const std::vector<input_record>& records, const registry& reg,
                             const records_score_options& opts) {
    records_scored out;
    evaluation ev;
    evaluation_result res;
    // The wide table's columns: the sheets of the records, in order of appearance.
    std::vector<const compiled_sheet*> sheets;
    std::vector<std::string> lines;
    for (const auto& r : records) {
        if (r.refusal) {
            out.failures.push_back({r.where, r.id, r.place_of(r.refusal->path), *r.refusal});
            continue;
        }
        auto p = parse_evaluation(r.record, reg, ev, opts.limits);
        if (!p) {
            out.failures.push_back({r.where, r.id, r.place_of(p.error().path), p.error()});
            continue;
        }
        if (std::find(sheets.begin(), sheets.end(), ev.sheet) == sheets.end())
            sheets.push_back(ev.sheet);
    }
    wide_result_table wide(sheets, opts.dialect);
    wide.exact_fractions(opts.exact_fractions);
    std::string csv;
    if (opts.format == records_output::wide_csv) out.output = wide.header();
    if (opts.format == records_output::csv) csv = result_csv_header();
    for (const auto& r : records) {
        if (r.refusal || !parse_evaluation(r.record, reg, ev, opts.limits)) continue;
        score_evaluation(ev, res);
        ++out.scored;
        switch (opts.format) {
        case records_output::jsonl:
            append_result_json(res, out.output, opts.json);
            out.output += '\n';
            break;
        case records_output::csv:
            append_result_csv(res, csv);
            break;
        case records_output::wide_csv:
            wide.append_row(res, out.output);
            break;
        }
    }
    if (opts.format == records_output::csv) out.output = to_csv_dialect(csv, opts.dialect);
    return out;
}

} // namespace ocop
