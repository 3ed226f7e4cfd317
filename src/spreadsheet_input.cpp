// Evaluation files of every office format read into records that know their place.
#include <ocop/json_parser.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ocop {

namespace {

bool ends_with(std::string_view s, std::string_view e) {
    if (s.size() < e.size()) return false;
    for (std::size_t i = 0; i < e.size(); ++i) {
        char c = s[s.size() - e.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != e[i]) return false;
    }
    return true;
}

std::string id_text(const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) return {};
    const auto* id = o->if_contains("id");
    if (!id) return {};
    if (const auto* s = id->if_string()) return std::string(*s);
    if (id->is_int64()) return std::to_string(id->as_int64());
    return {};
}

} // namespace

std::string input_record::place_of(std::string_view pointer) const {
    if (!cells.empty()) {
        workbook_record w;
        w.cells = cells;
        return w.cell_of(pointer);
    }
    if (layout) {
        const std::string c = layout->column_of(pointer);
        return c.empty() ? std::string() : "column " + c;
    }
    return {};
}

result<std::vector<input_record>> read_evaluation_file(const std::string& path, const registry& reg,
                                                       input_encoding enc, input_file_info* info) {
    input_file_info inf;
    std::vector<input_record> out;
    if (is_workbook_path(path)) {
        inf.format = "xlsx";
        auto wb = read_workbook(path, reg);
        if (!wb) return wb.error();
        for (auto& w : *wb) {
            input_record r;
            r.where = w.where;
            r.cells = std::move(w.cells);
            r.refusal = std::move(w.refusal);
            r.record = std::move(w.evaluation);
            r.id = id_text(r.record);
            out.push_back(std::move(r));
        }
        if (info) *info = inf;
        return out;
    }
    std::string bytes;
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        bytes = ss.str();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return diagnostic{errc::io_error, "", "cannot read " + path};
        std::ostringstream ss;
        ss << in.rdbuf();
        bytes = ss.str();
    }
    auto text = decode_to_utf8(bytes, enc);
    if (!text) {
        auto d = text.error();
        d.message = path + ": " + d.message;
        return d;
    }
    inf.encoding = text->encoding;
    inf.converted = text->converted;
    const std::string& t = text->text;
    const auto first = t.find_first_not_of(" \t\r\n");
    const bool json = !ends_with(path, ".csv") && first != std::string::npos &&
                      (t[first] == '{' || t[first] == '[');
    if (json) {
        // Repeated keys are refused with their path (json_parser.hpp), never "last one wins".
        boost::json::parse_options po;
        po.max_depth = 32;
        json_parser jp(po);
        auto parsed = jp.parse(t);
        boost::system::error_code one_doc; // a repeated key in a document, not JSON Lines
        if (!parsed && parsed.error().code != errc::invalid_json &&
            (boost::json::parse(t, one_doc), !one_doc)) {
            // One document with a repeated key: refused as a whole, naming the key's path.
            inf.format = "json";
            input_record r;
            r.line = 1;
            r.where = "record 1";
            r.refusal = parsed.error();
            out.push_back(std::move(r));
            if (info) *info = inf;
            return out;
        }
        boost::json::value whole = parsed ? std::move(*parsed) : boost::json::value();
        if (parsed && (whole.is_array() || whole.is_object())) {
            inf.format = "json";
            std::size_t n = 0;
            auto add = [&](boost::json::value v) {
                input_record r;
                r.line = t[first] == '[' ? 0 : 1;
                r.where = whole.is_array() ? "record " + std::to_string(++n) : "record 1";
                r.id = id_text(v);
                r.record = std::move(v);
                out.push_back(std::move(r));
            };
            if (whole.is_array())
                for (auto& v : whole.as_array()) add(std::move(v));
            else
                add(std::move(whole));
        } else {
            inf.format = "jsonl";
            std::size_t pos = 0, line = 0;
            while (pos < t.size()) {
                std::size_t end = t.find('\n', pos);
                if (end == std::string::npos) end = t.size();
                ++line;
                std::string_view l(t.data() + pos, end - pos);
                pos = end + 1;
                if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
                input_record r;
                r.line = line;
                r.where = "line " + std::to_string(line);
                if (l.find('\0') != std::string_view::npos) {
                    r.refusal =
                        diagnostic{errc::invalid_value, "", "NUL byte in the input (not text)"};
                } else if (auto v = jp.parse(l)) {
                    r.record = std::move(*v);
                } else {
                    r.refusal = v.error();
                }
                r.id = id_text(r.record);
                out.push_back(std::move(r));
            }
        }
        if (info) *info = inf;
        return out;
    }
    inf.format = "csv";
    const std::string tidy = tidy_spreadsheet_csv(t, &inf.tidy);
    std::size_t pos = 0, line = 0;
    std::shared_ptr<csv_layout> layout;
    csv_splitter split;
    std::string err, column;
    bool open = false;
    while (pos < tidy.size()) {
        const std::size_t start = pos, start_line = line + 1;
        do { // a record: lines until no quote is left open
            std::size_t end = tidy.find('\n', pos);
            if (end == std::string::npos) end = tidy.size();
            const std::string_view ln = std::string_view(tidy).substr(pos, end - pos);
            const char sep = layout ? layout->separator() : detect_csv_separator(ln);
            open = csv_scan_line(ln, sep, open) == csv_line_end::open;
            pos = end + 1;
            ++line;
        } while (open && pos < tidy.size());
        std::string_view rec(tidy.data() + start, std::min(pos, tidy.size() + 1) - start - 1);
        while (!rec.empty() && (rec.back() == '\r' || rec.back() == '\n')) rec.remove_suffix(1);
        if (rec.find_first_not_of(" \t") == std::string_view::npos) continue;
        if (!layout) {
            auto l = csv_layout::from_header(rec, detect_csv_separator(rec));
            if (!l) {
                auto d = l.error();
                d.message =
                    path + ": line " + std::to_string(start_line) + " (CSV header): " + d.message;
                return d;
            }
            layout = std::make_shared<csv_layout>(std::move(*l));
            continue;
        }
        input_record r;
        r.line = start_line;
        r.where = "line " + std::to_string(start_line);
        r.layout = layout;
        if (!split.split(rec, layout->separator(), err)) {
            r.refusal = diagnostic{errc::invalid_value, "", err};
        } else {
            boost::json::object o;
            auto j = layout->to_json(split, o, column);
            if (!j) {
                r.refusal = j.error();
                if (!column.empty())
                    r.refusal->message = "column " + column + ": " + r.refusal->message;
            }
            r.record = std::move(o);
            r.id = id_text(r.record);
        }
        out.push_back(std::move(r));
    }
    if (!layout)
        return diagnostic{errc::invalid_value, "", path + ": no CSV header (id, sheet, …)"};
    if (info) *info = inf;
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

bool output_format_from_path(std::string_view path, records_output& out) noexcept {
    if (ends_with(path, ".csv"))
        out = records_output::csv;
    else if (ends_with(path, ".jsonl") || ends_with(path, ".json"))
        out = records_output::jsonl;
    else
        return false;
    return true;
}

} // namespace ocop
