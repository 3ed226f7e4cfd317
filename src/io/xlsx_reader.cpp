// Filled workbooks read back (minizip for the zip container, pugixml for the XML parts).
#include "../detail/compiled_sheet.hpp"
#include "../detail/whitespace.hpp"
#include <ocop/csv.hpp>
#include <ocop/date.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/workbook.hpp>

#include <boost/json/array.hpp>

#include <minizip/unzip.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

namespace ocop {

namespace detail {
extern const char* const options_sheet_name;
} // namespace detail

namespace {

using detail::trim_json_space;

constexpr std::size_t col_code = 0, col_choice = 2, col_kind = 7;
constexpr std::size_t max_part_bytes = 256u << 20; // a zip bomb stops here

struct cell {
    std::string text;
    bool number = false;
};

struct worksheet {
    std::string name;
    bool hidden = false;
    std::vector<std::vector<cell>> rows;

    [[nodiscard]] const cell* at(std::size_t r, std::size_t c) const {
        if (r >= rows.size() || c >= rows[r].size()) return nullptr;
        return &rows[r][c];
    }
    [[nodiscard]] std::string_view text(std::size_t r, std::size_t c) const {
        const cell* x = at(r, c);
        return x ? std::string_view(x->text) : std::string_view();
    }
};

class zip_file {
  public:
    explicit zip_file(const std::string& path) : z_(unzOpen64(path.c_str())) {}
    ~zip_file() {
        if (z_) unzClose(z_);
    }
    zip_file(const zip_file&) = delete;
    zip_file& operator=(const zip_file&) = delete;
    [[nodiscard]] bool ok() const { return z_ != nullptr; }

    /// The uncompressed part `name`; false when absent or unreadable.
    bool read(const std::string& name, std::string& out) {
        out.clear();
        if (unzLocateFile(z_, name.c_str(), 0) != UNZ_OK) return false;
        if (unzOpenCurrentFile(z_) != UNZ_OK) return false;
        char buf[65536];
        int n = 0;
        while ((n = unzReadCurrentFile(z_, buf, sizeof buf)) > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            if (out.size() > max_part_bytes) {
                n = -1;
                break;
            }
        }
        unzCloseCurrentFile(z_);
        return n == 0;
    }

  private:
    unzFile z_;
};

/// "C14" → (13, 2).
bool parse_ref(std::string_view ref, std::size_t& row, std::size_t& col) {
    std::size_t i = 0, c = 0, r = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z')
        c = c * 26 + static_cast<std::size_t>(ref[i++] - 'A' + 1);
    if (c == 0 || i == ref.size()) return false;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return false;
        r = r * 10 + static_cast<std::size_t>(ref[i] - '0');
    }
    if (r == 0 || r > 1048576 || c > 16384) return false;
    row = r - 1;
    col = c - 1;
    return true;
}

std::string col_letter(std::size_t col) {
    std::string s;
    for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26)
        s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
}

/// Text of a rich or plain string item (<si> or <is>).
std::string item_text(const pugi::xml_node& si) {
    std::string s;
    for (auto n : si.children()) {
        const std::string_view nm = n.name();
        if (nm == "t")
            s += n.text().get();
        else if (nm == "r")
            s += n.child("t").text().get();
    }
    return s;
}

/// Numbers as Excel stores them ("3", "3.0000000000000004") → "3"; others unchanged.
std::string number_text(std::string_view v) {
    const std::string s(v);
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(d)) return s;
    const double r = std::round(d);
    if (std::fabs(d - r) < 1e-9 && std::fabs(r) < 1e15)
        return std::to_string(static_cast<long long>(r));
    return s;
}

result<std::vector<worksheet>> load(const std::string& path) {
    zip_file z(path);
    if (!z.ok()) return diagnostic{errc::io_error, "", path + ": not a readable .xlsx workbook"};
    std::string text;
    if (!z.read("xl/workbook.xml", text))
        return diagnostic{errc::invalid_value, "",
                          path + ": no xl/workbook.xml (not an .xlsx workbook)"};
    pugi::xml_document wbx;
    if (!wbx.load_buffer(text.data(), text.size()))
        return diagnostic{errc::invalid_value, "", path + ": xl/workbook.xml is not XML"};
    std::map<std::string, std::string> targets;
    if (z.read("xl/_rels/workbook.xml.rels", text)) {
        pugi::xml_document rels;
        if (rels.load_buffer(text.data(), text.size()))
            for (auto r : rels.child("Relationships").children("Relationship")) {
                std::string t = r.attribute("Target").value();
                if (!t.empty() && t[0] == '/')
                    t = t.substr(1);
                else
                    t = "xl/" + t;
                targets[r.attribute("Id").value()] = t;
            }
    }
    std::vector<std::string> shared;
    if (z.read("xl/sharedStrings.xml", text)) {
        pugi::xml_document ss;
        if (ss.load_buffer(text.data(), text.size()))
            for (auto si : ss.child("sst").children("si")) shared.push_back(item_text(si));
    }
    std::vector<worksheet> out;
    for (auto s : wbx.child("workbook").child("sheets").children("sheet")) {
        worksheet ws;
        ws.name = s.attribute("name").value();
        const std::string_view state = s.attribute("state").value();
        ws.hidden = state == "hidden" || state == "veryHidden";
        const auto it = targets.find(s.attribute("r:id").value());
        if (it == targets.end() || !z.read(it->second, text))
            return diagnostic{errc::invalid_value, "",
                              path + ": worksheet " + ws.name + " cannot be read"};
        pugi::xml_document x;
        if (!x.load_buffer(text.data(), text.size()))
            return diagnostic{errc::invalid_value, "",
                              path + ": worksheet " + ws.name + " is not XML"};
        for (auto row : x.child("worksheet").child("sheetData").children("row")) {
            for (auto c : row.children("c")) {
                std::size_t r = 0, col = 0;
                if (!parse_ref(c.attribute("r").value(), r, col)) continue;
                if (r >= 100000 || col >= 1000) continue; // far outside any form or register
                cell v;
                const std::string_view t = c.attribute("t").value();
                if (t == "s") {
                    const auto i = static_cast<std::size_t>(c.child("v").text().as_ullong(~0ull));
                    if (i < shared.size()) v.text = shared[i];
                } else if (t == "inlineStr") {
                    v.text = item_text(c.child("is"));
                } else if (t == "b") {
                    v.text = c.child("v").text().as_int() ? "true" : "false";
                } else if (t == "str" || t == "e") {
                    v.text = c.child("v").text().get();
                } else if (c.child("v")) {
                    v.text = number_text(c.child("v").text().get());
                    v.number = true;
                }
                if (v.text.empty()) continue;
                if (ws.rows.size() <= r) ws.rows.resize(r + 1);
                if (ws.rows[r].size() <= col) ws.rows[r].resize(col + 1);
                ws.rows[r][col] = std::move(v);
            }
        }
        out.push_back(std::move(ws));
    }
    return out;
}

/// An Excel date serial (1900 system) as YYYY-MM-DD.
std::string serial_date(std::string_view text) {
    char* end = nullptr;
    const std::string s(text);
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || d < 1 || d > 2958465) return s;
    // Days from 1899-12-30; civil-from-days (H. Hinnant's algorithm).
    long long z = static_cast<long long>(d) - 25569 + 719468; // to days since 1970, then shift
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long dd = doy - (153 * mp + 2) / 5 + 1;
    const long long mm = mp + (mp < 10 ? 3 : -9);
    if (mm <= 2) ++y;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, mm, dd);
    return buf;
}

/// A date typed as text the Vietnamese way (15/03/2026, 5-3-2026) as YYYY-MM-DD; other text
/// unchanged (parse_evaluation then names the cell).
std::string typed_date(std::string_view t) {
    int part[3] = {0, 0, 0}, n = 0, digits = 0;
    for (char ch : t) {
        if (ch >= '0' && ch <= '9') {
            part[n] = part[n] * 10 + (ch - '0');
            if (++digits > 4) return std::string(t);
        } else if ((ch == '/' || ch == '-' || ch == '.') && digits > 0 && n < 2) {
            ++n;
            digits = 0;
        } else {
            return std::string(t);
        }
    }
    if (n != 2 || part[2] < 1000 || part[0] > 31 || part[1] > 12 || part[0] < 1 || part[1] < 1)
        return std::string(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", part[2], part[1], part[0]);
    return buf;
}

bool is_form(const worksheet& ws) {
    for (std::size_t r = 0; r < ws.rows.size(); ++r)
        if (ws.text(r, col_kind) == "criterion") return true;
    return false;
}

/// One answer cell of a form or a register as its JSON value.
boost::json::value answer_of(const cell& x, const compiled_sheet* sh, int c) {
    const std::string_view t = trim_json_space(x.text);
    if (x.number) {
        char* end = nullptr;
        const long long v = std::strtoll(x.text.c_str(), &end, 10);
        if (end == x.text.c_str() + x.text.size()) return v;
        return boost::json::string(x.text);
    }
    if (sh && c >= 0) {
        const auto& cc = sh->criteria[static_cast<std::size_t>(c)];
        for (std::size_t k = 0; k < cc.option_count; ++k)
            if (option_display_text(*sh, static_cast<std::size_t>(c), k) == t)
                return boost::json::object{{"option", static_cast<std::int64_t>(k + 1)}};
    }
    // "2. …" (a label shortened or edited by hand): option 2.
    std::size_t i = 0;
    std::int64_t k = 0;
    while (i < t.size() && i < 3 && t[i] >= '0' && t[i] <= '9') k = k * 10 + (t[i++] - '0');
    if (i > 0 && i + 1 < t.size() && t[i] == '.' && t[i + 1] == ' ')
        return boost::json::object{{"option", k}};
    if (t == "true" || t == "TRUE") return true;
    if (t == "false" || t == "FALSE") return false;
    return boost::json::string(t);
}

struct form_data {
    const worksheet* ws = nullptr;
    std::map<std::string, std::pair<std::string, std::size_t>> meta; // key → value, row
    int member = 0;
};

form_data read_form_meta(const worksheet& ws) {
    form_data f;
    f.ws = &ws;
    for (std::size_t r = 0; r < ws.rows.size(); ++r)
        if (ws.text(r, col_kind) == "meta") {
            std::string key(trim_json_space(ws.text(r, col_code)));
            const cell* v = ws.at(r, col_choice);
            std::string val(v ? trim_json_space(v->text) : std::string_view());
            if ((key == "evaluated_on" || key == "filed_on") && v)
                val = v->number ? serial_date(val) : typed_date(val);
            f.meta[key] = {val, r};
        }
    if (auto it = f.meta.find("member"); it != f.meta.end())
        f.member = std::atoi(it->second.first.c_str());
    return f;
}

/// Fill `rec` with the answers of one form; `prefix` is "/answers" or "/members/i".
bool add_answers(const worksheet& ws, const registry& reg, const form_data& lead,
                 boost::json::object& answers, const std::string& prefix, workbook_record& rec) {
    const ruleset* rs = nullptr;
    const compiled_sheet* sh = nullptr;
    if (auto it = lead.meta.find("ruleset"); it != lead.meta.end()) rs = reg.find(it->second.first);
    if (auto it = lead.meta.find("sheet"); rs && it != lead.meta.end())
        sh = rs->sheet(std::atoi(it->second.first.c_str()));
    bool any = false;
    for (std::size_t r = 0; r < ws.rows.size(); ++r) {
        if (ws.text(r, col_kind) != "criterion") continue;
        const std::string id(trim_json_space(ws.text(r, col_code)));
        const cell* v = ws.at(r, col_choice);
        // Every criterion's cell, answered or not: a missing answer is named by its cell.
        rec.cells.emplace_back(prefix + "/" + pointer_token(id),
                               cell_reference(ws.name, r, col_choice));
        if (!v || trim_json_space(v->text).empty()) continue;
        any = true;
        const int c = sh ? sh->find(id) : -1;
        answers[id] = answer_of(*v, sh, c);
    }
    return any;
}

void add_meta(const form_data& lead, workbook_record& rec) {
    for (const auto& [key, vr] : lead.meta) {
        const auto& [val, row] = vr;
        const std::string ref = cell_reference(lead.ws->name, row, col_choice);
        if (key == "member") continue;
        if (val.empty()) {
            if (key == "id") rec.cells.emplace_back("/id", ref);
            continue;
        }
        rec.cells.emplace_back("/" + pointer_token(key), ref);
        if (key == "sheet" || key == "year") {
            char* end = nullptr;
            const long long v = std::strtoll(val.c_str(), &end, 10);
            if (end == val.c_str() + val.size()) {
                rec.evaluation[key] = v;
                continue;
            }
        }
        if (key == "knockouts") {
            boost::json::array codes;
            std::size_t b = 0;
            while (b < val.size()) {
                const auto e = val.find_first_of("; |,", b);
                const auto code = trim_json_space(
                    std::string_view(val).substr(b, e == std::string::npos ? e : e - b));
                if (!code.empty()) codes.emplace_back(boost::json::string(code));
                if (e == std::string::npos) break;
                b = e + 1;
            }
            rec.evaluation[key] = std::move(codes);
            continue;
        }
        rec.evaluation[key] = boost::json::string(val);
    }
}

void read_register(const worksheet& ws, const registry& reg, std::vector<workbook_record>& out) {
    // The header: the first of the first 10 rows holding "id" and "sheet".
    std::size_t head = ws.rows.size();
    for (std::size_t r = 0; r < std::min<std::size_t>(ws.rows.size(), 10) && head == ws.rows.size();
         ++r) {
        bool id = false, sheet = false;
        for (const auto& c : ws.rows[r]) {
            id = id || trim_json_space(c.text) == "id";
            sheet = sheet || trim_json_space(c.text) == "sheet";
        }
        if (id && sheet) head = r;
    }
    if (head == ws.rows.size()) return;
    std::size_t width = ws.rows[head].size();
    while (width > 0 && trim_json_space(ws.rows[head][width - 1].text).empty()) --width;
    std::string line;
    for (std::size_t c = 0; c < width; ++c) {
        if (c) line += ',';
        append_csv_field(line, trim_json_space(ws.rows[head][c].text));
    }
    auto layout = csv_layout::from_header(line, ',');
    if (!layout) {
        workbook_record rec;
        rec.where = ws.name;
        auto d = layout.error();
        d.message = cell_reference(ws.name, head, 0) + " (header row): " + d.message;
        rec.refusal = d;
        out.push_back(std::move(rec));
        return;
    }
    std::size_t sheet_col = width;
    std::size_t ruleset_col = width;
    for (std::size_t c = 0; c < width; ++c) {
        if (layout->kind(c) == csv_layout::column_kind::sheet) sheet_col = c;
        if (layout->kind(c) == csv_layout::column_kind::ruleset) ruleset_col = c;
    }
    csv_splitter split;
    std::string err, column;
    for (std::size_t r = head + 1; r < ws.rows.size(); ++r) {
        const auto& row = ws.rows[r];
        bool empty = true;
        for (std::size_t c = 0; c < std::min(width, row.size()); ++c)
            empty = empty && trim_json_space(row[c].text).empty();
        if (empty) continue;
        if (!row.empty() && trim_json_space(row[0].text).substr(0, 1) == "#")
            continue; // comment row
        // The sheet, to turn option texts ("2. …") into #k.
        const compiled_sheet* sh = nullptr;
        {
            const ruleset* rs =
                ruleset_col < width ? reg.find(trim_json_space(ws.text(r, ruleset_col))) : nullptr;
            if (!rs || trim_json_space(ws.text(r, ruleset_col)).empty())
                rs = reg.find(reg.default_id());
            if (rs && sheet_col < width)
                sh = rs->sheet(std::atoi(std::string(ws.text(r, sheet_col)).c_str()));
        }
        line.clear();
        for (std::size_t c = 0; c < width; ++c) {
            if (c) line += ',';
            std::string v(c < row.size() ? trim_json_space(row[c].text) : std::string_view());
            const auto kind = layout->kind(c);
            if (kind == csv_layout::column_kind::criterion && c < row.size() && !row[c].number &&
                !v.empty()) {
                const auto a = answer_of(row[c], sh, sh ? sh->find(layout->name(c)) : -1);
                if (a.is_object()) v = "#" + std::to_string(a.as_object().at("option").as_int64());
            }
            if (kind == csv_layout::column_kind::text_field && c < row.size() &&
                (layout->name(c) == "evaluated_on" || layout->name(c) == "filed_on"))
                v = row[c].number ? serial_date(v) : typed_date(v);
            append_csv_field(line, v);
        }
        workbook_record rec;
        rec.where = ws.name + "!" + std::to_string(r + 1);
        if (!split.split(line, ',', err)) {
            rec.refusal = diagnostic{errc::invalid_value, "", rec.where + ": " + err};
            out.push_back(std::move(rec));
            continue;
        }
        auto j = layout->to_json(split, rec.evaluation, column);
        for (std::size_t c = 0; c < width; ++c) {
            const std::string& name = layout->name(c);
            const std::string ref = cell_reference(ws.name, r, c);
            switch (layout->kind(c)) {
            case csv_layout::column_kind::criterion:
                rec.cells.emplace_back("/answers/" + pointer_token(name), ref);
                for (int m = 0; m < 64 && rec.evaluation.contains("members"); ++m)
                    rec.cells.emplace_back(
                        "/members/" + std::to_string(m) + "/" + pointer_token(name), ref);
                break;
            default:
                rec.cells.emplace_back("/" + pointer_token(name), ref);
            }
        }
        if (!j) {
            auto d = j.error();
            if (!column.empty())
                for (std::size_t c = 0; c < width; ++c)
                    if (layout->name(c) == column)
                        d.message = cell_reference(ws.name, r, c) + ": " + d.message;
            rec.refusal = d;
        }
        out.push_back(std::move(rec));
    }
}

} // namespace

std::string cell_reference(std::string_view name, std::size_t row, std::size_t col) {
    bool plain = !name.empty();
    for (char c : name)
        plain = plain && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '_');
    std::string s;
    if (plain) {
        s = std::string(name);
    } else {
        s = "'";
        for (char c : name) {
            s += c;
            if (c == '\'') s += '\'';
        }
        s += "'";
    }
    return s + "!" + col_letter(col) + std::to_string(row + 1);
}

result<std::vector<workbook_record>> read_workbook(const std::string& path, const registry& reg) {
    auto sheets = load(path);
    if (!sheets) return sheets.error();
    std::vector<workbook_record> out;
    // Council forms (a "member" row) of one ruleset and sheet make one record.
    std::map<std::pair<std::string, std::string>, std::vector<form_data>> councils;
    std::vector<std::pair<std::string, std::string>> council_order;
    for (const auto& ws : *sheets) {
        if (ws.hidden || ws.name == detail::options_sheet_name) continue;
        if (!is_form(ws)) {
            read_register(ws, reg, out);
            continue;
        }
        form_data f = read_form_meta(ws);
        if (f.member > 0) {
            const std::pair<std::string, std::string> key{f.meta["ruleset"].first,
                                                          f.meta["sheet"].first};
            if (!councils.count(key)) {
                council_order.push_back(key);
                out.emplace_back(); // placeholder, filled below in workbook order
                out.back().where = "\x01" + std::to_string(council_order.size() - 1);
            }
            councils[key].push_back(std::move(f));
            continue;
        }
        workbook_record rec;
        rec.where = ws.name;
        add_meta(f, rec);
        boost::json::object answers;
        const bool any = add_answers(ws, reg, f, answers, "/answers", rec);
        if (!any && !rec.evaluation.contains("id")) continue; // an unfilled form
        rec.evaluation["answers"] = std::move(answers);
        out.push_back(std::move(rec));
    }
    for (auto& rec : out) {
        if (rec.where.empty() || rec.where[0] != '\x01') continue;
        auto& forms =
            councils[council_order[static_cast<std::size_t>(std::atoi(rec.where.c_str() + 1))]];
        std::stable_sort(forms.begin(), forms.end(), [](const form_data& a, const form_data& b) {
            return a.member < b.member;
        });
        rec.where = forms.front().ws->name;
        add_meta(forms.front(), rec);
        boost::json::array members;
        bool any = false;
        for (std::size_t m = 0; m < forms.size(); ++m) {
            boost::json::object answers;
            any = add_answers(*forms[m].ws, reg, forms.front(), answers,
                              "/members/" + std::to_string(m), rec) ||
                  any;
            members.emplace_back(std::move(answers));
        }
        if (!any && !rec.evaluation.contains("id")) {
            rec.where.clear();
            continue;
        }
        rec.evaluation["members"] = std::move(members);
    }
    std::erase_if(out, [](const workbook_record& r) { return r.where.empty(); });
    return out;
}

} // namespace ocop
