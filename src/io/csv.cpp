// CSV evaluations: RFC 4180 splitting, header layout, row -> evaluation JSON, result rows.
#include "../detail/compiled_sheet.hpp"
#include <ocop/csv.hpp>

#include "../detail/csv_text.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/array.hpp>

#include <charconv>
#include <cstring>

namespace ocop {

bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0)
            n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            n = 3, cp = c & 0x07;
        else
            return false;
        if (end - p <= n) return false;
        for (int i = 1; i <= n; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        static constexpr std::uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += n + 1;
    }
    return true;
}

char detect_csv_separator(std::string_view header) noexcept {
    if (header.find(',') != std::string_view::npos) return ',';
    if (header.find(';') != std::string_view::npos) return ';';
    if (header.find('\t') != std::string_view::npos) return '\t';
    return ',';
}

csv_line_end csv_scan_line(std::string_view s, char sep, bool open) noexcept {
    // The quote state changes only at a field's start, never on a quote inside an unquoted
    // cell: counting quotes would let one stray `"` swallow every later row.
    if (s.empty()) return open ? csv_line_end::open : csv_line_end::complete;
    const char* p = s.data();
    const char* const end = p + s.size();
    if (!open && !std::memchr(p, '"', s.size())) return csv_line_end::complete;
    bool quoted = open;
    while (true) { // at a field's start, or inside a quoted field
        if (quoted) {
            const auto* q = static_cast<const char*>(std::memchr(p, '"', end - p));
            if (!q) return csv_line_end::open;
            if (q + 1 == end) return csv_line_end::complete;
            if (q[1] == '"') {
                p = q + 2; // a doubled quote is data
                continue;
            }
            if (q[1] != sep) return csv_line_end::malformed;
            quoted = false;
            p = q + 2;
            continue;
        }
        if (p == end) return csv_line_end::complete;
        if (*p == '"') {
            quoted = true;
            ++p;
            continue;
        }
        // An unquoted field: data (quotes included) up to the next separator.
        const auto* e = static_cast<const char*>(std::memchr(p, sep, end - p));
        if (!e) return csv_line_end::complete;
        p = e + 1;
    }
}

void append_csv_field(std::string& out, std::string_view f, char sep) {
    if (f.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) {
        out += f;
        return;
    }
    out += '"';
    for (char c : f) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_text(std::string& out, std::string_view f, char sep) {
    if (!f.empty() && (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@' || f[0] == '\t' ||
                       f[0] == '\r')) {
        std::string t;
        t.reserve(f.size() + 1);
        t += '\'';
        t += f;
        append_csv_field(out, t, sep);
        return;
    }
    append_csv_field(out, f, sep);
}

bool csv_splitter::split(std::string_view rec, char sep, std::string& error) {
    // Unquoted fields are views of `rec`; quoted ones are unescaped into buffer_, reserved
    // up front so that its views stay valid.
    buffer_.clear();
    buffer_.reserve(rec.size());
    fields_.clear();
    std::size_t i = 0;
    while (true) {
        if (i < rec.size() && rec[i] == '"') {
            const std::size_t start = buffer_.size();
            ++i;
            bool closed = false;
            while (i < rec.size()) {
                if (rec[i] == '"') {
                    if (i + 1 < rec.size() && rec[i + 1] == '"') {
                        buffer_ += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                buffer_ += rec[i++];
            }
            if (!closed) {
                error = "field " + std::to_string(fields_.size() + 1) +
                        ": a quoted field is not closed";
                return false;
            }
            if (i < rec.size() && rec[i] != sep) {
                error = "text after a closing quote in field " + std::to_string(fields_.size() + 1);
                return false;
            }
            fields_.emplace_back(buffer_.data() + start, buffer_.size() - start);
        } else {
            // By hand: fields are short, a library call per field costs more than the scan.
            std::size_t stop = i;
            while (stop < rec.size() && rec[stop] != sep) ++stop;
            fields_.emplace_back(rec.data() + i, stop - i);
            i = stop;
        }
        if (i >= rec.size()) break;
        ++i; // separator
        if (i == rec.size()) {
            fields_.emplace_back(); // trailing empty field
            break;
        }
    }
    return true;
}

namespace {

bool is_text_field(std::string_view n) {
    return n == "filed_on" || n == "evaluated_on" || n == "evaluation_kind" ||
           n == "dossier_rejected";
}

using detail::all_digits;
using detail::parse_int;
using detail::trim;

/// One cell of a criterion column as a JSON answer.
result<boost::json::value> answer_value(std::string_view cell, boost::json::storage_ptr sp,
                                        const std::string& name) {
    if (cell.size() > 1 && cell[0] == '#') {
        // Any integer: the evaluation reader checks it against the criterion's options (and
        // says which are allowed), as for {"option": k} in JSON.
        std::int64_t k = 0;
        if (!parse_int(cell.substr(1), k))
            return diagnostic{errc::unknown_option, "/answers/" + pointer_token(name),
                              "option \"" + std::string(cell) + "\" is not #1, #2, …"};
        boost::json::object o(sp);
        o["option"] = k;
        return boost::json::value(std::move(o));
    }
    if (cell == "true" || cell == "TRUE") return boost::json::value(true, sp);
    if (cell == "false" || cell == "FALSE") return boost::json::value(false, sp);
    std::int64_t v = 0;
    if (parse_int(cell, v)) return boost::json::value(v, sp);
    if (all_digits(cell) ||
        (cell.size() > 1 && (cell[0] == '-' || cell[0] == '+') && all_digits(cell.substr(1))))
        return diagnostic{errc::impossible_points, "/answers/" + pointer_token(name),
                          "number out of range: " + std::string(cell.substr(0, 40))};
    // Not a number: passed as a string so the evaluation reader names the expected type.
    return boost::json::value(boost::json::string(cell, sp));
}

} // namespace

result<csv_layout> csv_layout::from_header(std::string_view header, char sep) {
    csv_layout l;
    l.separator_ = sep;
    csv_splitter sp;
    std::string err;
    if (!sp.split(header, sep, err)) return diagnostic{errc::invalid_value, "", "header: " + err};
    if (!valid_utf8(header)) return diagnostic{errc::invalid_value, "", "header: not valid UTF-8"};
    bool has_id = false, has_sheet = false;
    for (std::size_t i = 0; i < sp.size(); ++i) {
        const std::string name(trim(sp.field(i)));
        if (name.empty())
            return diagnostic{errc::invalid_value, "",
                              "header: column " + std::to_string(i + 1) + " has no name"};
        if (name.find('\0') != std::string::npos) // a metadata key may not hold one
            return diagnostic{errc::invalid_value, "",
                              "header: column " + std::to_string(i + 1) + " contains a NUL byte"};
        for (const auto& n : l.names_)
            if (n == name)
                return diagnostic{errc::invalid_value, "", "header: duplicate column " + name};
        column_kind k = column_kind::metadata;
        if (name == "id")
            k = column_kind::id, has_id = true;
        else if (name == "ruleset")
            k = column_kind::ruleset;
        else if (name == "sheet")
            k = column_kind::sheet, has_sheet = true;
        else if (name == "knockouts")
            k = column_kind::knockouts;
        else if (is_text_field(name))
            k = column_kind::text_field;
        else if (name[0] >= '0' && name[0] <= '9')
            k = column_kind::criterion;
        l.names_.push_back(name);
        l.kinds_.push_back(k);
    }
    if (!has_id || !has_sheet)
        return diagnostic{errc::missing_field, "", "header: needs the columns id and sheet"};
    return l;
}

result<void> csv_layout::to_json(const csv_splitter& row, boost::json::object& out,
                                 std::string& column, const input_limits& limits) const {
    column.clear();
    if (row.size() != names_.size())
        return diagnostic{errc::invalid_value, "",
                          "row has " + std::to_string(row.size()) + " fields, header has " +
                              std::to_string(names_.size())};
    const auto sp = out.storage();
    // Council rows write "3|2|3": the number of members is the longest such list.
    std::size_t members = 1, widest = 0;
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (kinds_[i] == column_kind::criterion) {
            const auto cell = row.field(i);
            std::size_t n = 1;
            for (char c : cell) n += c == '|';
            if (n > members) members = n, widest = i;
        }
    boost::json::array member_answers(sp);
    boost::json::object answers(sp);
    if (members > 1) {
        // Refused before anything is allocated for the members, as parse_evaluation would.
        if (members > limits.max_members) {
            column = names_[widest];
            return diagnostic{errc::limit_exceeded, "/members",
                              "column " + column + " has " + std::to_string(members) +
                                  " member values; at most " + std::to_string(limits.max_members) +
                                  " members"};
        }
        member_answers.resize(members);
        for (auto& m : member_answers) m = boost::json::object(sp);
    }
    for (std::size_t i = 0; i < names_.size(); ++i) {
        const std::string& name = names_[i];
        const std::string_view cell = trim(row.field(i));
        if (!valid_utf8(cell)) {
            column = name;
            return diagnostic{errc::invalid_value, "/" + pointer_token(name),
                              "column " + name + " is not valid UTF-8"};
        }
        if (cell.find('\0') != std::string_view::npos) {
            column = name;
            return diagnostic{errc::invalid_value, "/" + pointer_token(name),
                              "column " + name + " contains a NUL byte"};
        }
        if (cell.empty()) continue;
        switch (kinds_[i]) {
        case column_kind::id:
        case column_kind::ruleset:
        case column_kind::text_field:
            out[name] = boost::json::string(cell, sp);
            break;
        case column_kind::sheet: {
            std::int64_t v = 0;
            if (parse_int(cell, v))
                out[name] = v;
            else
                out[name] = boost::json::string(cell, sp);
            break;
        }
        case column_kind::knockouts: {
            boost::json::array codes(sp);
            std::size_t b = 0;
            while (b < cell.size()) {
                const auto e = cell.find_first_of("; |", b);
                const auto code = cell.substr(b, e == std::string_view::npos ? e : e - b);
                if (!code.empty()) codes.emplace_back(boost::json::string(code, sp));
                if (e == std::string_view::npos) break;
                b = e + 1;
            }
            out[name] = std::move(codes);
            break;
        }
        case column_kind::metadata: {
            std::int64_t v = 0;
            if (name == "year" && parse_int(cell, v))
                out[name] = v;
            else
                out[name] = boost::json::string(cell, sp);
            break;
        }
        case column_kind::criterion: {
            if (members == 1) {
                auto v = answer_value(cell, sp, name);
                if (!v) {
                    column = name;
                    return v.error();
                }
                answers[name] = std::move(*v);
                break;
            }
            std::size_t m = 0, b = 0;
            while (true) {
                const auto e = cell.find('|', b);
                const auto part = trim(cell.substr(b, e == std::string_view::npos ? e : e - b));
                if (!part.empty()) {
                    auto v = answer_value(part, sp, name);
                    if (!v) {
                        column = name;
                        auto d = v.error();
                        d.path =
                            "/members/" + std::to_string(m) + "/answers/" + pointer_token(name);
                        return d;
                    }
                    member_answers[m].as_object()[name] = std::move(*v);
                }
                ++m;
                if (e == std::string_view::npos) break;
                b = e + 1;
            }
            if (m == 1) // one value for a council: every member gave it
                for (std::size_t k = 1; k < members; ++k)
                    if (auto* v = member_answers[0].as_object().if_contains(name))
                        member_answers[k].as_object()[name] = *v;
            if (m != 1 && m != members) {
                column = name;
                return diagnostic{errc::invalid_value, "/members",
                                  "column " + name + " has " + std::to_string(m) +
                                      " member value(s), another has " + std::to_string(members)};
            }
            break;
        }
        }
    }
    if (members > 1) {
        boost::json::array arr(sp);
        for (auto& m : member_answers) {
            boost::json::object o(sp);
            o["answers"] = std::move(m);
            arr.emplace_back(std::move(o));
        }
        out["members"] = std::move(arr);
    } else if (!out.contains("dossier_rejected") || !answers.empty()) {
        out["answers"] = std::move(answers);
    }
    return {};
}

std::string csv_layout::column_of(std::string_view p) const {
    // "/answers/1.1", "/members/2/answers/1.1", "/members/2", "/sheet", "/knockouts/0".
    auto unescape = [](std::string_view t) {
        std::string s;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '~' && i + 1 < t.size()) {
                s += t[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                s += t[i];
            }
        }
        return s;
    };
    const auto ans = p.find("/answers/");
    if (ans != std::string_view::npos) {
        auto tok = p.substr(ans + 9);
        tok = tok.substr(0, tok.find('/'));
        return unescape(tok);
    }
    if (p.size() > 1 && p[0] == '/') {
        auto tok = p.substr(1);
        tok = tok.substr(0, tok.find('/'));
        const std::string name = unescape(tok);
        for (const auto& n : names_)
            if (n == name) return name;
    }
    return {};
}

std::string result_csv_header(char sep) {
    static constexpr const char* cols[] = {
        "id",         "ruleset", "sheet",        "status",   "stars",  "band_stars", "marker_stars",
        "decided_by", "total",   "total_exact",  "A",        "B",      "C",          "members",
        "province",   "year",    "subject_type", "industry", "reasons"};
    std::string out;
    for (const char* c : cols) {
        if (!out.empty()) out += sep;
        out += c;
    }
    out += '\n';
    return out;
}

namespace {
void append_meta(std::string& out, const boost::json::object& md, const char* key, char sep) {
    out += sep;
    const auto* v = md.if_contains(key);
    if (!v) return;
    if (const auto* s = v->if_string())
        append_csv_text(out, *s, sep);
    else if (v->is_int64())
        out += std::to_string(v->get_int64());
}
} // namespace

void append_result_csv(const evaluation_result& r, std::string& out, char sep) {
    const evaluation& ev = *r.input;
    append_csv_text(out, ev.id, sep);
    out += sep;
    append_csv_text(out, ev.rules->id(), sep);
    out += sep;
    out += std::to_string(ev.sheet->no);
    out += sep;
    out += boost::describe::enum_to_string(r.status, "?");
    out += sep;
    out += std::to_string(r.stars);
    out += sep;
    out += std::to_string(r.band_stars);
    out += sep;
    out += std::to_string(r.marker_stars);
    out += sep;
    out += boost::describe::enum_to_string(r.decided_by, "?");
    const bool has_total = r.status != evaluation_status::rejected;
    out += sep;
    if (has_total) out += r.total.decimal();
    out += sep;
    if (has_total) out += r.total.fraction();
    for (const auto& p : r.parts) {
        out += sep;
        if (has_total) out += p.decimal();
    }
    out += sep;
    out += std::to_string(ev.members);
    append_meta(out, ev.metadata, "province", sep);
    append_meta(out, ev.metadata, "year", sep);
    append_meta(out, ev.metadata, "subject_type", sep);
    if (ev.metadata.contains("industry") || !ev.sheet->def->industry)
        append_meta(out, ev.metadata, "industry", sep);
    else
        out += sep, append_csv_text(out, *ev.sheet->def->industry, sep);
    out += sep;
    // The deciding reasons' kinds, joined by ';' in place (no string per record); kinds are
    // plain identifiers, so the cell needs quotes only when ';' is also the separator.
    const std::size_t at = out.size();
    bool several = false;
    for (const auto& x : r.reasons)
        if (x.severity == reason_severity::decision) {
            if (out.size() != at) {
                out += ';';
                several = true;
            }
            out += boost::describe::enum_to_string(x.kind, "?");
        }
    if (several && sep == ';') {
        out.insert(at, 1, '"');
        out += '"';
    }
    out += '\n';
}

} // namespace ocop
