// CSV the way spreadsheets save and open it: tidy input, excel-vi output, the wide table.
#include "../detail/compiled_sheet.hpp"
#include <ocop/csv.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/spreadsheet_csv.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <initializer_list>
#include <map>

namespace ocop {

namespace {

std::string_view trim_cell(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// One CSV record of `text` starting at `pos` (quoted line breaks included), without its
/// final line break; `pos` moves past it. A malformed line ends its record (the reader then
/// reports it in place).
std::string_view next_record(std::string_view text, std::size_t& pos, char sep) {
    const std::size_t start = pos;
    bool open = false;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        open = csv_scan_line(text.substr(pos, end - pos), sep, open) == csv_line_end::open;
        pos = end + (end < text.size());
        if (!open) return text.substr(start, end - start);
    }
    return text.substr(start, pos - start);
}

/// The separator a record starting at `pos` would use, judged from its first line.
char separator_at(std::string_view text, std::size_t pos) {
    const std::size_t end = text.find('\n', pos);
    return detect_csv_separator(text.substr(pos, end == std::string_view::npos ? end : end - pos));
}

bool is_decimal(std::string_view f) {
    std::size_t i = 0;
    if (i < f.size() && f[i] == '-') ++i;
    const std::size_t digits = i;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
    if (i == digits || i >= f.size() || f[i] != '.') return false;
    const std::size_t frac = ++i;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
    return i > frac && i == f.size();
}

void append_number(std::string& out, const std::string& text, const csv_dialect& d) {
    for (char c : text) out += c == '.' ? d.decimal : c;
}

} // namespace

std::string tidy_spreadsheet_csv(std::string_view text, csv_tidy_report* report) {
    csv_tidy_report rep;
    csv_splitter split;
    std::string err;
    // Find the header among the first 20 records.
    std::size_t pos = 0, head_pos = std::string_view::npos;
    char sep = ',';
    for (int n = 0; n < 20 && pos < text.size(); ++n) {
        const std::size_t at = pos;
        const char s = separator_at(text, pos);
        const std::string_view rec = trim_cell(next_record(text, pos, s));
        if (!split.split(rec, s, err)) continue;
        bool id = false, sheet = false;
        for (std::size_t i = 0; i < split.size(); ++i) {
            id = id || trim_cell(split.field(i)) == "id";
            sheet = sheet || trim_cell(split.field(i)) == "sheet";
        }
        if (id && sheet) {
            head_pos = at;
            sep = s;
            break;
        }
    }
    if (head_pos == std::string_view::npos) {
        if (report) *report = rep;
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    auto blank = [&](std::string_view rec) {
        for (char c : rec) out += c == '\n' ? "\n" : "";
        out += '\n';
    };
    pos = 0;
    while (pos < head_pos) {
        const auto rec = next_record(text, pos, separator_at(text, pos));
        if (rec.find_first_not_of(" \t\r;,\"") != std::string_view::npos) ++rep.title_rows;
        blank(rec);
    }
    std::size_t width = 0;
    bool first = true;
    while (pos < text.size()) {
        const std::string_view raw = next_record(text, pos, sep);
        const std::string_view rec =
            raw.size() && raw.back() == '\r' ? raw.substr(0, raw.size() - 1) : raw;
        if (!split.split(rec, sep, err)) { // let the reader report it, in place
            out.append(raw);
            out += '\n';
            first = false;
            continue;
        }
        if (first) {
            width = split.size();
            while (width > 0 && trim_cell(split.field(width - 1)).empty()) --width;
            rep.trailing_columns = split.size() - width;
        } else {
            bool empty = true;
            for (std::size_t i = 0; i < split.size() && empty; ++i)
                empty = trim_cell(split.field(i)).empty();
            if (empty && !trim_cell(rec).empty()) {
                ++rep.empty_rows;
                blank(raw);
                continue;
            }
            if (split.size() > 0 && trim_cell(split.field(0)).substr(0, 1) == "#") {
                ++rep.comment_rows;
                blank(raw);
                continue;
            }
        }
        bool extra_empty = split.size() > width;
        for (std::size_t i = width; i < split.size() && extra_empty; ++i)
            extra_empty = trim_cell(split.field(i)).empty();
        if (!extra_empty) {
            out.append(rec);
        } else {
            for (std::size_t i = 0; i < width; ++i) {
                if (i) out += sep;
                append_csv_field(out, split.field(i), sep);
            }
        }
        out += '\n';
        first = false;
    }
    if (report) *report = rep;
    return out;
}

bool parse_csv_dialect(std::string_view name, csv_dialect& out) noexcept {
    if (name == "standard" || name == "rfc4180")
        out = csv_standard;
    else if (name == "excel-vi")
        out = csv_excel_vi;
    else
        return false;
    return true;
}

bool decimal_column(std::string_view n) noexcept {
    static constexpr std::string_view names[] = {"total",  "gap", "A",   "B",     "C",
                                                 "mean",   "min", "max", "p10",   "p25",
                                                 "median", "p75", "p90", "points"};
    for (auto x : names)
        if (n == x) return true;
    auto ends = [&](std::string_view e) {
        return n.size() >= e.size() && n.substr(n.size() - e.size()) == e;
    };
    for (auto e : {" points", "_points", "_mean", "_min", "_max", "_median", "_p10", "_p25", "_p75",
                   "_p90", "_lost"})
        if (ends(e)) return true;
    return false;
}

std::string csv_dialect_converter::convert(std::string_view csv) {
    std::string out;
    out.reserve(csv.size() + 4);
    if (d_.bom && !header_done_) out += "\xEF\xBB\xBF";
    csv_splitter split;
    std::string err;
    std::size_t pos = 0;
    while (pos < csv.size()) {
        std::string_view rec = next_record(csv, pos, ',');
        if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
        if (!split.split(rec, ',', err)) {
            out.append(rec);
            out += '\n';
            continue;
        }
        const bool header = !header_done_;
        if (header) {
            header_done_ = true;
            decimal_.assign(split.size(), false);
            for (std::size_t i = 0; i < split.size(); ++i)
                decimal_[i] = decimal_column(split.field(i));
        }
        for (std::size_t i = 0; i < split.size(); ++i) {
            if (i) out += d_.separator;
            const auto f = split.field(i);
            if (!header && i < decimal_.size() && decimal_[i] && is_decimal(f) && d_.decimal != '.')
                append_number(out, std::string(f), d_);
            else
                append_csv_field(out, f, d_.separator);
        }
        out += '\n';
    }
    return out;
}

std::string to_csv_dialect(std::string_view csv, const csv_dialect& d) {
    return csv_dialect_converter(d).convert(csv);
}

wide_result_table::wide_result_table(std::vector<const compiled_sheet*> sheets,
                                     const csv_dialect& d)
    : d_(d) {
    std::map<std::string, bool> seen;
    for (const auto* s : sheets)
        for (const auto* c : s->criterion_defs)
            if (!seen[c->id]) {
                seen[c->id] = true;
                ids_.push_back(c->id);
            }
}

wide_result_table wide_result_table::for_registry(const registry& reg, const csv_dialect& d) {
    std::vector<const compiled_sheet*> sheets;
    for (const auto* rs : reg.all())
        for (const auto& s : rs->sheets()) sheets.push_back(&s);
    return wide_result_table(std::move(sheets), d);
}

std::string wide_result_table::header() const {
    std::string out;
    if (d_.bom) out += "\xEF\xBB\xBF";
    const char* fixed[] = {"id",
                           "ruleset",
                           "sheet",
                           "status",
                           "stars",
                           "band_stars",
                           "marker_stars",
                           "decided_by",
                           "deciding_criteria",
                           "deciding_reasons",
                           "total",
                           "total_exact",
                           "A",
                           "B",
                           "C",
                           "members",
                           "province",
                           "year",
                           "subject_type",
                           "industry"};
    bool first = true;
    for (const char* f : fixed) {
        if (!first) out += d_.separator;
        first = false;
        out += f;
    }
    for (const auto& id : ids_) {
        out += d_.separator;
        append_csv_field(out, id + " option", d_.separator);
        out += d_.separator;
        append_csv_field(out, id + " points", d_.separator);
    }
    out += d_.separator;
    out += "ruleset_hash\n";
    return out;
}

void wide_result_table::append_row(const evaluation_result& r, std::string& out) const {
    const evaluation& ev = *r.input;
    const char sep = d_.separator;
    auto field = [&](std::string_view v) { // text cells: no formula injection (csv.hpp)
        out += sep;
        append_csv_text(out, v, sep);
    };
    auto number = [&](const score& s) {
        out += sep;
        if (fractions_ && !s.terminates())
            out += s.fraction();
        else
            append_number(out, s.decimal(), d_);
    };
    auto meta = [&](const char* key) {
        const auto* v = ev.metadata.if_contains(key);
        if (!v) {
            if (std::string_view(key) == "industry" && ev.sheet->def->industry)
                return field(*ev.sheet->def->industry);
            out += sep;
        } else if (const auto* s = v->if_string()) {
            field(*s);
        } else if (v->is_int64()) {
            out += sep;
            out += std::to_string(v->get_int64());
        } else {
            out += sep;
        }
    };
    append_csv_text(out, ev.id, sep);
    field(ev.rules->id());
    out += sep + std::to_string(ev.sheet->no);
    field(boost::describe::enum_to_string(r.status, "?"));
    out += sep + std::to_string(r.stars);
    out += sep + std::to_string(r.band_stars);
    out += sep + std::to_string(r.marker_stars);
    field(boost::describe::enum_to_string(r.decided_by, "?"));
    std::string codes, reasons;
    for (const auto& x : r.reasons)
        if (x.severity == reason_severity::decision) {
            if (!x.code.empty()) {
                if (!codes.empty()) codes += ' ';
                codes += x.code;
            }
            if (!reasons.empty()) reasons += " | ";
            reasons += x.message; // messages name their criterion
        }
    field(codes);
    field(reasons);
    const bool has_total = r.status != evaluation_status::rejected;
    if (has_total) {
        number(r.total);
        field(r.total.fraction());
        for (const auto& p : r.parts) number(p);
    } else {
        out += std::string(5, sep);
    }
    out += sep + std::to_string(ev.members);
    meta("province");
    meta("year");
    meta("subject_type");
    meta("industry");
    const auto& sh = *ev.sheet;
    for (const auto& id : ids_) {
        const int c = sh.find(id);
        if (c < 0 || sh.criterion(static_cast<std::size_t>(c)).id != id ||
            static_cast<std::size_t>(c) >= r.criteria.size()) {
            out += sep;
            out += sep;
            continue;
        }
        const auto& cs = r.criteria[static_cast<std::size_t>(c)];
        out += sep;
        if (cs.option >= 0 && cs.answered) out += std::to_string(cs.option + 1);
        if (cs.answered)
            number(score{cs.points_sum, ev.members});
        else
            out += sep;
    }
    field(ev.rules->hash());
    out += '\n';
}

} // namespace ocop
