// Evaluation records from UTF-8 text (JSON Lines, JSON, CSV), each named by its line, record
// or column, the places (cell, column) of a problem, and formats named by file names. No file,
// encoding or zip here: the WebAssembly module links this file as it is.
#include <ocop/json_parser.hpp>
#include <ocop/record_reader.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace ocop {

bool has_extension(std::string_view path, std::string_view ext) noexcept {
    if (path.size() < ext.size()) return false;
    for (std::size_t i = 0; i < ext.size(); ++i) {
        char c = path[path.size() - ext.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != ext[i]) return false;
    }
    return true;
}

namespace {

/// The cell of the longest pointer in `cells` that is `pointer` or a prefix of it.
const std::string* cell_for(const std::vector<std::pair<std::string, std::string>>& cells,
                            std::string_view pointer) {
    std::size_t best = 0;
    const std::string* found = nullptr;
    for (const auto& [p, c] : cells) {
        const bool prefix = pointer.substr(0, p.size()) == p &&
                            (pointer.size() == p.size() || pointer[p.size()] == '/');
        if (prefix && (p.size() > best || !found)) {
            best = p.size();
            found = &c;
        }
    }
    return found;
}

} // namespace

bool is_workbook_path(std::string_view path) noexcept {
    return has_extension(path, ".xlsx") || has_extension(path, ".xlsm");
}

bool output_format_from_path(std::string_view path, records_output& out) noexcept {
    if (has_extension(path, ".csv"))
        out = records_output::csv;
    else if (has_extension(path, ".jsonl") || has_extension(path, ".json"))
        out = records_output::jsonl;
    else
        return false;
    return true;
}

std::string workbook_record::cell_of(std::string_view pointer) const {
    const std::string* c = cell_for(cells, pointer);
    return c ? *c : where;
}

std::string input_record::place_of(std::string_view pointer) const {
    if (!cells.empty()) {
        const std::string* c = cell_for(cells, pointer);
        return c ? *c : where;
    }
    if (layout) {
        const std::string c = layout->column_of(pointer);
        return c.empty() ? std::string() : "column " + c;
    }
    return {};
}

result<std::vector<input_record>> read_evaluation_utf8(std::string_view t, const std::string& path,
                                                       input_file_info* info) {
    input_file_info inf;
    if (info) inf = *info; // the encoding found by the caller
    if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    std::vector<input_record> out;
    const auto first = t.find_first_not_of(" \t\r\n");
    const bool json = !has_extension(path, ".csv") && first != std::string::npos &&
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
                r.id = record_id(v);
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
                r.id = record_id(r.record);
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
            r.id = record_id(r.record);
        }
        out.push_back(std::move(r));
    }
    if (!layout)
        return diagnostic{errc::invalid_value, "", path + ": no CSV header (id, sheet, …)"};
    if (info) *info = inf;
    return out;
}

} // namespace ocop
