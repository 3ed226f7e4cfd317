// ocop template: the .xlsx form (libxlsxwriter) and the CSV template of a ruleset's sheets.
#include "../detail/compiled_sheet.hpp"
#include "../detail/xlsx_output.hpp"
#include <ocop/csv.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/workbook.hpp>

#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <map>

namespace ocop {

namespace detail {
// Shared with the reader (xlsx_reader.cpp): the layout of a form worksheet.
extern const char* const options_sheet_name;
constexpr int col_code = 0, col_title = 1, col_choice = 2, col_points = 3, col_max = 4,
              col_markers = 5, col_english = 6, col_kind = 7;
} // namespace detail

const char* const detail::options_sheet_name = "LuaChon";

namespace {

using namespace detail;

/// Code points of UTF-8 text.
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// At most `n` code points of `s`, with an ellipsis when cut.
std::string shorten(std::string_view s, std::size_t n) {
    if (width(s) <= n) return std::string(s);
    std::size_t cps = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == n - 1) break;
            ++cps;
        }
    }
    return std::string(s.substr(0, i)) + "…";
}

std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return s;
}

std::string col_letter(int col) {
    std::string s;
    for (int c = col + 1; c > 0; c = (c - 1) / 26)
        s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
}

std::string a1(int row, int col) {
    return col_letter(col) + std::to_string(row + 1);
}

std::string quoted_sheet(std::string_view name) {
    std::string q = "'";
    for (char c : name) {
        q += c;
        if (c == '\'') q += '\'';
    }
    return q + "'";
}

std::string star_minimums(const compiled_criterion& cc) {
    std::string s;
    for (int st = 2; st <= 5; ++st) {
        const int m = cc.min_for_star[static_cast<std::size_t>(st)];
        if (m <= 0) continue;
        if (!s.empty()) s += "  ";
        s += std::to_string(st) + "★≥" + std::to_string(m);
    }
    return s;
}

struct formats {
    lxw_format *title, *subtitle, *head, *part, *group, *subgroup, *text, *input, *input_meta,
        *number, *total, *meta_label, *note;
};

formats make_formats(lxw_workbook* wb) {
    formats f{};
    auto mk = [&] { return workbook_add_format(wb); };
    auto wrap_border = [](lxw_format* x) {
        format_set_text_wrap(x);
        format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(x, LXW_BORDER_THIN);
    };
    f.title = mk();
    format_set_bold(f.title);
    format_set_font_size(f.title, 13);
    f.subtitle = mk();
    format_set_italic(f.subtitle);
    format_set_font_size(f.subtitle, 8);
    format_set_font_color(f.subtitle, 0x555555);
    format_set_text_wrap(f.subtitle);
    format_set_align(f.subtitle, LXW_ALIGN_VERTICAL_TOP);
    f.head = mk();
    format_set_bold(f.head);
    format_set_bg_color(f.head, 0xD9E1F2);
    wrap_border(f.head);
    f.part = mk();
    format_set_bold(f.part);
    format_set_bg_color(f.part, 0xBDD7EE);
    wrap_border(f.part);
    f.group = mk();
    format_set_bold(f.group);
    format_set_bg_color(f.group, 0xEDEDED);
    wrap_border(f.group);
    f.subgroup = mk();
    format_set_italic(f.subgroup);
    wrap_border(f.subgroup);
    f.text = mk();
    wrap_border(f.text);
    f.note = mk();
    wrap_border(f.note);
    format_set_font_size(f.note, 8);
    f.input = mk();
    wrap_border(f.input);
    format_set_unlocked(f.input);
    format_set_bg_color(f.input, 0xFFF2CC);
    f.input_meta = mk();
    format_set_border(f.input_meta, LXW_BORDER_THIN);
    format_set_unlocked(f.input_meta);
    format_set_bg_color(f.input_meta, 0xFFF2CC);
    format_set_num_format(f.input_meta, "@");
    f.number = mk();
    wrap_border(f.number);
    format_set_align(f.number, LXW_ALIGN_CENTER);
    f.total = mk();
    format_set_bold(f.total);
    format_set_bg_color(f.total, 0xBDD7EE);
    format_set_border(f.total, LXW_BORDER_MEDIUM);
    format_set_align(f.total, LXW_ALIGN_CENTER);
    f.meta_label = mk();
    format_set_border(f.meta_label, LXW_BORDER_THIN);
    format_set_font_color(f.meta_label, 0x333333);
    return f;
}

/// One key/label row of the form's header block.
struct meta_row {
    const char* key;
    const char* vi;
    const char* en;
};
constexpr meta_row meta_rows[] = {
    {"id", "Mã hồ sơ / sản phẩm", "Dossier / product id"},
    {"province", "Tỉnh, thành phố", "Province"},
    {"year", "Năm", "Year"},
    {"subject_type", "Loại chủ thể", "Producer type"},
    {"evaluated_on", "Ngày đánh giá (NNNN-TT-NN)", "Evaluation date (YYYY-MM-DD)"},
    {"knockouts", "Điểm liệt hội đồng xác định (mã, cách nhau bởi dấu cách)",
     "Knock-outs found by the council (codes, space-separated)"},
    {"dossier_rejected", "Hồ sơ bị loại (lý do)", "Dossier rejected (reason)"},
};

/// "=SUM(a,b,…)" over cells.
std::string sum_formula(const std::vector<std::string>& cells) {
    std::string f = "=SUM(";
    for (std::size_t i = 0; i < cells.size(); ++i) f += (i ? "," : "") + cells[i];
    return f + ")";
}

class writer {
  public:
    writer(const ruleset& rs, const template_options& o, lxw_workbook* wb)
        : rs_(rs), o_(o), wb_(wb), f_(make_formats(wb)) {}

    result<void> run() {
        std::vector<const compiled_sheet*> sheets;
        if (o_.sheets.empty())
            for (const auto& s : rs_.sheets()) sheets.push_back(&s);
        for (int no : o_.sheets) {
            const compiled_sheet* s = rs_.sheet(no);
            if (!s)
                return diagnostic{errc::unknown_sheet, "/sheet",
                                  rs_.id() + " has no sheet " + std::to_string(no)};
            sheets.push_back(s);
        }
        for (const auto* s : sheets)
            if (s->refusal) return *s->refusal;
        // Forms first (the first one opens), the hidden option lists last.
        std::vector<std::pair<lxw_worksheet*, const compiled_sheet*>> forms;
        for (const auto* s : sheets) {
            const int members = std::max(o_.members, 1);
            std::string first_name;
            std::vector<std::string> names;
            for (int m = 1; m <= members; ++m) {
                std::string name = "Phiếu " + std::to_string(s->no);
                if (o_.members > 0) name += " - TV" + std::to_string(m);
                names.push_back(name);
                lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
                if (!ws) return diagnostic{errc::io_error, "", "cannot add worksheet " + name};
                forms.emplace_back(ws, s);
                form(ws, *s, m, name, names.front());
            }
            if (o_.members > 0) summary(*s, names);
        }
        lists_ = workbook_add_worksheet(wb_, options_sheet_name);
        worksheet_write_string(lists_, 0, 0, "Phương án (dùng cho danh sách chọn)", f_.head);
        worksheet_write_string(lists_, 0, 1, "Điểm", f_.head);
        worksheet_write_string(lists_, 0, 2, "Phiếu", f_.head);
        worksheet_write_string(lists_, 0, 3, "Tiêu chí", f_.head);
        worksheet_write_string(lists_, 0, 4, "Phương án số", f_.head);
        worksheet_set_column(lists_, 0, 0, 80, nullptr);
        for (const auto& [ws, s] : forms) (void)ws, (void)s;
        for (const auto& b : blocks_) {
            for (std::size_t k = 0; k < b.texts.size(); ++k) {
                const auto row = static_cast<lxw_row_t>(b.first + k);
                worksheet_write_string(lists_, row, 0, b.texts[k].c_str(), nullptr);
                worksheet_write_number(lists_, row, 1, b.points[k], nullptr);
                worksheet_write_number(lists_, row, 2, b.sheet, nullptr);
                worksheet_write_string(lists_, row, 3, b.id.c_str(), nullptr);
                worksheet_write_number(lists_, row, 4, static_cast<double>(k + 1), nullptr);
            }
        }
        worksheet_protect(lists_, nullptr, nullptr);
        worksheet_hide(lists_);
        workbook_set_custom_property_string(wb_, "ocop_ruleset", rs_.id().c_str());
        workbook_set_custom_property_string(wb_, "ocop_ruleset_hash", rs_.hash().c_str());
        return {};
    }

  private:
    struct block {
        int first = 0;
        int sheet = 0;
        std::string id;
        std::vector<std::string> texts;
        std::vector<double> points;
    };

    /// The option list of criterion c of sheet s (written once, shared by member forms).
    const block& options_of(const compiled_sheet& s, std::size_t c) {
        for (const auto& b : blocks_)
            if (b.sheet == s.no && b.id == s.criterion(c).id) return b;
        block b;
        b.first = next_list_row_;
        b.sheet = s.no;
        b.id = s.criterion(c).id;
        const auto& cc = s.criteria[c];
        for (std::size_t k = 0; k < cc.option_count; ++k) {
            b.texts.push_back(option_display_text(s, c, k));
            b.points.push_back(s.options[cc.option_first + k].points);
        }
        next_list_row_ += static_cast<int>(cc.option_count);
        blocks_.push_back(std::move(b));
        return blocks_.back();
    }

    void row_height(lxw_worksheet* ws, int row, std::string_view text, double chars) {
        const auto lines = std::max<std::size_t>(
            1, static_cast<std::size_t>(static_cast<double>(width(text)) / chars) + 1);
        worksheet_set_row(ws, static_cast<lxw_row_t>(row), 13.0 * static_cast<double>(lines) + 2,
                          nullptr);
    }

    void kind(lxw_worksheet* ws, int row, const char* k) {
        worksheet_write_string(ws, static_cast<lxw_row_t>(row), col_kind, k, nullptr);
    }

    /// The column widths of a form; the hidden column of row kinds.
    void form_columns(lxw_worksheet* ws, bool en) {
        worksheet_set_column(ws, col_code, col_code, 13, nullptr);
        worksheet_set_column(ws, col_title, col_title, 44, nullptr);
        worksheet_set_column(ws, col_choice, col_choice, 38, nullptr);
        worksheet_set_column(ws, col_points, col_points, 6.5, nullptr);
        worksheet_set_column(ws, col_max, col_max, 6.5, nullptr);
        worksheet_set_column(ws, col_markers, col_markers, 15, nullptr);
        if (en) worksheet_set_column(ws, col_english, col_english, 34, nullptr);
        lxw_row_col_options hidden{};
        hidden.hidden = 1;
        worksheet_set_column_opt(ws, col_kind, col_kind, 6, nullptr, &hidden);
    }

    /// The title, the note, the record's data rows and the column heads; returns the row of
    /// the heads.
    int form_heading(lxw_worksheet* ws, const compiled_sheet& s, int member,
                     const std::string& first_member, int last_col, int& r) {
        const auto& def = *s.def;
        const bool en = o_.english;
        std::string title =
            "OCOP " + rs_.id() + " — Phiếu " + std::to_string(s.no) + ": " + def.name_vi;
        if (o_.members > 0) title += " — Thành viên hội đồng " + std::to_string(member);
        worksheet_merge_range(ws, 0, 0, 0, static_cast<lxw_col_t>(last_col), title.c_str(),
                              f_.title);
        row_height(ws, 0, title, 110);
        kind(ws, r++, "title");
        const std::string sub = rs_.document().provenance.decision + " · " + rs_.hash() +
                                " · Chọn phương án ở cột C (ô màu vàng); điểm và tổng tự tính.";
        worksheet_merge_range(ws, 1, 0, 1, static_cast<lxw_col_t>(last_col), sub.c_str(),
                              f_.subtitle);
        worksheet_set_row(ws, 1, 22, nullptr);
        kind(ws, r++, "note");

        auto meta = [&](const char* key, const char* label, const char* label_en) {
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_code, key, f_.meta_label);
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_title, label, f_.meta_label);
            if (en)
                worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_english, label_en,
                                       f_.meta_label);
            kind(ws, r, "meta");
        };
        meta("ruleset", "Bộ tiêu chí", "Ruleset");
        worksheet_write_string(ws, static_cast<lxw_row_t>(r++), col_choice, rs_.id().c_str(),
                               f_.text);
        meta("sheet", "Phiếu (bộ sản phẩm)", "Sheet (product set)");
        worksheet_write_number(ws, static_cast<lxw_row_t>(r++), col_choice, s.no, f_.text);
        if (o_.members > 0) {
            meta("member", "Thành viên hội đồng số", "Council member no.");
            worksheet_write_number(ws, static_cast<lxw_row_t>(r++), col_choice, member, f_.text);
        }
        for (const auto& m : meta_rows) {
            meta(m.key, m.vi, m.en);
            if (member == 1) {
                worksheet_write_blank(ws, static_cast<lxw_row_t>(r), col_choice, f_.input_meta);
            } else { // a council's record data is entered once, on member 1's form
                const std::string ref = "=IF(" + quoted_sheet(first_member) + "!" +
                                        a1(r, col_choice) + "=\"\",\"\"," +
                                        quoted_sheet(first_member) + "!" + a1(r, col_choice) + ")";
                worksheet_write_formula(ws, static_cast<lxw_row_t>(r), col_choice, ref.c_str(),
                                        f_.text);
            }
            ++r;
        }
        ++r;
        const int head = r;
        const char* heads[] = {"Mã",   "Tiêu chí", "Phương án đã chọn",
                               "Điểm", "Tối đa",   "Tối thiểu cho ★"};
        for (int c = 0; c <= col_markers; ++c)
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                   heads[c], f_.head);
        if (en)
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_english, "English", f_.head);
        kind(ws, r++, "head");
        return head;
    }

    /// The cells of one group being written: its criteria's points and its subgroups' rows.
    struct group_cells {
        std::vector<std::string> criteria;
        std::vector<std::vector<std::string>> sub_cells;
        std::vector<int> sub_rows;
    };

    /// One criterion's row (after its subgroup's heading row, before its first criterion).
    void criterion_row(lxw_worksheet* ws, const compiled_sheet& s, std::size_t c,
                       const std::vector<const subgroup_def*>& sub_defs, group_cells& g, int& r) {
        const bool en = o_.english;
        auto& crit_cells = g.criteria;
        auto& sub_cells = g.sub_cells;
        auto& sub_rows = g.sub_rows;
        const auto& cc = s.criteria[c];
        const auto& cd = s.criterion(c);
        if (cc.subgroup != no_index && sub_rows[cc.subgroup] < 0) {
            sub_rows[cc.subgroup] = r;
            const auto* sd = cc.subgroup < sub_defs.size() ? sub_defs[cc.subgroup] : nullptr;
            const std::string t = sd ? sd->title_vi : std::string();
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_code,
                                   sd ? sd->code.c_str() : "", f_.subgroup);
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_title, t.c_str(),
                                   f_.subgroup);
            worksheet_write_blank(ws, static_cast<lxw_row_t>(r), col_choice, f_.subgroup);
            worksheet_write_number(ws, static_cast<lxw_row_t>(r), col_max,
                                   s.subgroup_max[cc.subgroup], f_.subgroup);
            worksheet_write_blank(ws, static_cast<lxw_row_t>(r), col_markers, f_.subgroup);
            if (en)
                worksheet_write_string(ws, static_cast<lxw_row_t>(r), col_english,
                                       sd && sd->title_en ? sd->title_en->c_str() : "",
                                       f_.subgroup);
            row_height(ws, r, t, 44);
            kind(ws, r++, "subgroup");
        }
        const block& b = options_of(s, c);
        const auto row = static_cast<lxw_row_t>(r);
        std::string title = one_line(cd.title_vi);
        if (cc.case_no) title += " (trường hợp " + std::to_string(cc.case_no) + ")";
        worksheet_write_string(ws, row, col_code, cd.id.c_str(), f_.text);
        worksheet_write_string(ws, row, col_title, title.c_str(), f_.text);
        worksheet_write_blank(ws, row, col_choice, f_.input);
        const std::string range = std::string(options_sheet_name) + "!$A$" +
                                  std::to_string(b.first + 1) + ":$A$" +
                                  std::to_string(b.first + b.texts.size());
        const std::string points_range = std::string(options_sheet_name) + "!$A$" +
                                         std::to_string(b.first + 1) + ":$B$" +
                                         std::to_string(b.first + b.texts.size());
        const std::string choice = a1(r, col_choice);
        const std::string f = "=IF(" + choice + "=\"\",\"\",IFERROR(VLOOKUP(" + choice + "," +
                              points_range + ",2,FALSE),\"?\"))";
        // Cached result "" (the blank form shows no points until a choice is made).
        worksheet_write_formula_str(ws, row, col_points, f.c_str(), f_.number, "");
        worksheet_write_number(ws, row, col_max, cc.max_points, f_.number);
        worksheet_write_string(ws, row, col_markers, star_minimums(cc).c_str(), f_.note);
        if (en)
            worksheet_write_string(ws, row, col_english,
                                   cd.title_en ? one_line(*cd.title_en).c_str() : "", f_.text);
        const std::string dv_formula = "=" + range;
        lxw_data_validation dv{};
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = const_cast<char*>(dv_formula.c_str());
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        dv.error_title = const_cast<char*>("Phương án không có");
        dv.error_message = const_cast<char*>("Chọn một phương án trong danh sách (bấm mũi tên).");
        worksheet_data_validation_cell(ws, row, col_choice, &dv);
        // Tall enough for the title and for the longest option once chosen.
        std::size_t longest = width(title) * 38 / 44;
        for (const auto& t : b.texts) longest = std::max(longest, width(t));
        row_height(ws, r, std::string(longest, 'x'), 36);
        kind(ws, r, "criterion");
        crit_cells.push_back(a1(r, col_points));
        if (cc.subgroup != no_index) sub_cells[cc.subgroup].push_back(a1(r, col_points));
        ++r;
    }

    /// One group: its heading row, the rows of its criteria and the sums of its subgroups;
    /// returns the cell of its points.
    std::string group_rows(lxw_worksheet* ws, const compiled_sheet& s, std::size_t g,
                           const std::vector<const subgroup_def*>& sub_defs, int& r) {
        const bool en = o_.english;
        const auto& gd = s.group(g);
        const auto& cg = s.groups[g];
        const int group_row = r++;
        group_cells cells{{},
                          std::vector<std::vector<std::string>>(s.subgroup_max.size()),
                          std::vector<int>(s.subgroup_max.size(), -1)};
        for (std::size_t c = cg.criterion_first; c < cg.criterion_first + cg.criterion_count; ++c)
            criterion_row(ws, s, c, sub_defs, cells, r);
        const auto& sub_rows = cells.sub_rows;
        const auto& sub_cells = cells.sub_cells;
        for (std::size_t sg = 0; sg < sub_rows.size(); ++sg) {
            if (sub_rows[sg] < 0) continue;
            const std::string sf = sum_formula(sub_cells[sg]);
            worksheet_write_formula(ws, static_cast<lxw_row_t>(sub_rows[sg]), col_points,
                                    sf.c_str(), f_.subgroup);
        }
        const std::string gf = sum_formula(cells.criteria);
        const auto grow = static_cast<lxw_row_t>(group_row);
        std::string gt = one_line(gd.title_vi);
        if (cg.choose_one_case) gt += " — chấm một trong các trường hợp";
        worksheet_write_string(ws, grow, col_code, gd.code.c_str(), f_.group);
        worksheet_write_string(ws, grow, col_title, gt.c_str(), f_.group);
        worksheet_write_blank(ws, grow, col_choice, f_.group);
        worksheet_write_formula(ws, grow, col_points, gf.c_str(), f_.group);
        worksheet_write_number(ws, grow, col_max, cg.max_points, f_.group);
        worksheet_write_blank(ws, grow, col_markers, f_.group);
        if (en)
            worksheet_write_string(ws, grow, col_english,
                                   gd.title_en ? one_line(*gd.title_en).c_str() : "", f_.group);
        row_height(ws, group_row, gt, 44);
        kind(ws, group_row, "group");
        return a1(group_row, col_points);
    }

    /// Part p: its heading row, its groups; returns the cell of its points (empty when the
    /// sheet has no group in it).
    std::string part_rows(lxw_worksheet* ws, const compiled_sheet& s, int p,
                          const std::vector<const subgroup_def*>& sub_defs, int& r) {
        const bool en = o_.english;
        std::vector<std::size_t> groups;
        for (std::size_t g = 0; g < s.groups.size(); ++g)
            if (static_cast<int>(s.groups[g].part) == p) groups.push_back(g);
        if (groups.empty()) return {};
        const int part_row = r++;
        std::vector<std::string> group_cells;
        for (std::size_t g : groups) group_cells.push_back(group_rows(ws, s, g, sub_defs, r));
        const std::string pf = sum_formula(group_cells);
        const auto prow = static_cast<lxw_row_t>(part_row);
        const char* pcode = p == 0 ? "A" : p == 1 ? "B" : "C";
        std::string pname = std::string("Phần ") + pcode;
        const std::string* pen = nullptr;
        for (const auto& pd : rs_.document().parts)
            if (static_cast<int>(pd.code) == p) {
                pname += ": " + pd.name_vi;
                if (pd.name_en) pen = &*pd.name_en;
            }
        worksheet_write_string(ws, prow, col_code, pcode, f_.part);
        worksheet_write_string(ws, prow, col_title, pname.c_str(), f_.part);
        worksheet_write_blank(ws, prow, col_choice, f_.part);
        worksheet_write_formula(ws, prow, col_points, pf.c_str(), f_.part);
        worksheet_write_number(ws, prow, col_max, s.part_max[static_cast<std::size_t>(p)], f_.part);
        worksheet_write_blank(ws, prow, col_markers, f_.part);
        if (en) worksheet_write_string(ws, prow, col_english, pen ? pen->c_str() : "", f_.part);
        kind(ws, part_row, "part");
        return a1(part_row, col_points);
    }

    /// The total row, under the parts.
    void total_row(lxw_worksheet* ws, const compiled_sheet& s, const std::string& name,
                   const std::vector<std::string>& part_cells, int r) {
        const std::string tf = sum_formula(part_cells);
        const auto trow = static_cast<lxw_row_t>(r);
        worksheet_write_string(ws, trow, col_code, "", f_.total);
        worksheet_write_string(ws, trow, col_title, "TỔNG ĐIỂM (Total)", f_.total);
        worksheet_write_blank(ws, trow, col_choice, f_.total);
        worksheet_write_formula(ws, trow, col_points, tf.c_str(), f_.total);
        worksheet_write_number(ws, trow, col_max, s.max_total, f_.total);
        worksheet_write_blank(ws, trow, col_markers, f_.total);
        kind(ws, r, "total");
        total_cells_[name] = a1(r, col_points);
    }

    /// A4, one page wide, the heading row repeated; protected but for column widths.
    void form_page(lxw_worksheet* ws, const compiled_sheet& s, int head, int r, int last_col) {
        const bool en = o_.english;
        // A4, one page wide; the heading row repeats on every page.
        worksheet_set_paper(ws, 9);
        if (en)
            worksheet_set_landscape(ws); // the English column needs the width
        else
            worksheet_set_portrait(ws);
        worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, static_cast<lxw_row_t>(head), static_cast<lxw_row_t>(head));
        worksheet_print_area(ws, 0, 0, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(last_col));
        const std::string footer =
            "&L" + rs_.id() + " · Phiếu " + std::to_string(s.no) + "&RTrang &P / &N";
        worksheet_set_footer(ws, footer.c_str());
        worksheet_freeze_panes(ws, static_cast<lxw_row_t>(head + 1), 0);
        lxw_protection prot{};
        prot.format_columns = 1; // widths may change; rows, cells and formulas may not
        worksheet_protect(ws, nullptr, &prot);
        worksheet_activate(ws);
        if (!activated_) activated_ = true;
    }

    void form(lxw_worksheet* ws, const compiled_sheet& s, int member, const std::string& name,
              const std::string& first_member) {
        const auto& def = *s.def;
        const int last_col = o_.english ? col_english : col_markers;
        form_columns(ws, o_.english);
        int r = 0;
        const int head = form_heading(ws, s, member, first_member, last_col, r);
        // Groups by part; subgroup headings before their first criterion.
        std::vector<const subgroup_def*> sub_defs;
        for (const auto& g : def.groups)
            for (const auto& sg : g.subgroups) sub_defs.push_back(&sg);
        std::vector<std::string> part_cells;
        for (int p = 0; p < part_count; ++p)
            if (auto cell = part_rows(ws, s, p, sub_defs, r); !cell.empty())
                part_cells.push_back(std::move(cell));
        total_row(ws, s, name, part_cells, r);
        ++r;
        const std::string hint =
            "Hạng sao do ocop quyết định (khung điểm và điểm tối thiểu ★): ocop score <tệp>.xlsx";
        worksheet_merge_range(ws, static_cast<lxw_row_t>(r), 0, static_cast<lxw_row_t>(r),
                              static_cast<lxw_col_t>(last_col), hint.c_str(), f_.subtitle);
        kind(ws, r, "note");
        form_page(ws, s, head, r, last_col);
    }

    void summary(const compiled_sheet& s, const std::vector<std::string>& names) {
        const std::string name = "Tổng hợp " + std::to_string(s.no);
        lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
        worksheet_set_column(ws, 0, 0, 28, nullptr);
        worksheet_set_column(ws, 1, 1, 12, nullptr);
        lxw_row_col_options hidden{};
        hidden.hidden = 1;
        worksheet_set_column_opt(ws, col_kind, col_kind, 6, nullptr, &hidden);
        worksheet_write_string(ws, 0, 0, ("Hội đồng — Phiếu " + std::to_string(s.no)).c_str(),
                               f_.title);
        worksheet_write_string(ws, 0, col_kind, "summary", nullptr);
        worksheet_write_string(ws, 2, 0, "Thành viên", f_.head);
        worksheet_write_string(ws, 2, 1, "Tổng điểm", f_.head);
        int r = 3;
        for (std::size_t m = 0; m < names.size(); ++m, ++r) {
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, names[m].c_str(), f_.text);
            const std::string f = "=" + quoted_sheet(names[m]) + "!" + total_cells_[names[m]];
            worksheet_write_formula(ws, static_cast<lxw_row_t>(r), 1, f.c_str(), f_.number);
        }
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, "Trung bình (điểm sản phẩm)",
                               f_.total);
        const std::string avg = "=AVERAGE(B4:B" + std::to_string(r) + ")";
        worksheet_write_formula(ws, static_cast<lxw_row_t>(r), 1, avg.c_str(), f_.total);
        worksheet_set_paper(ws, 9);
        worksheet_protect(ws, nullptr, nullptr);
    }

    const ruleset& rs_;
    const template_options& o_;
    lxw_workbook* wb_;
    formats f_;
    lxw_worksheet* lists_ = nullptr;
    std::vector<block> blocks_;
    int next_list_row_ = 1;
    bool activated_ = false;
    std::map<std::string, std::string> total_cells_;
};

} // namespace

std::string option_display_text(const compiled_sheet& sh, std::size_t c, std::size_t k) {
    const auto& cc = sh.criteria[c];
    const auto& od = sh.criterion(c).options[k];
    const int pts = sh.options[cc.option_first + k].points;
    std::string label = one_line(od.label_vi);
    if (label.empty()) label = pts ? "Có" : "Không";
    std::string tail = " — " + std::to_string(pts) + " đ";
    if (od.marker) tail += " (" + std::to_string(*od.marker) + "★)";
    const std::string head = std::to_string(k + 1) + ". ";
    return head + shorten(label, 200 - width(head) - width(tail)) + tail;
}

result<void> write_template_xlsx(const ruleset& rs, const template_options& opts,
                                 const std::string& path) {
    return detail::write_workbook_file(
        path,
        [&](lxw_workbook* wb) -> result<void> {
            writer w(rs, opts, wb);
            return w.run();
        },
        /*lock_structure=*/true);
}

result<std::string> template_csv(const ruleset& rs, const template_options& opts, char sep) {
    std::vector<const compiled_sheet*> sheets;
    if (opts.sheets.empty())
        for (const auto& s : rs.sheets()) sheets.push_back(&s);
    for (int no : opts.sheets) {
        const compiled_sheet* s = rs.sheet(no);
        if (!s)
            return diagnostic{errc::unknown_sheet, "/sheet",
                              rs.id() + " has no sheet " + std::to_string(no)};
        sheets.push_back(s);
    }
    // Criterion columns: the union of the sheets' ids in printed order.
    std::vector<std::string> ids;
    std::map<std::string, std::string> titles;
    for (const auto* s : sheets)
        for (std::size_t c = 0; c < s->criteria.size(); ++c) {
            const auto& cd = s->criterion(c);
            auto it = titles.find(cd.id);
            const std::string t = "[" + std::to_string(s->no) + "] " + one_line(cd.title_vi) +
                                  " (tối đa " + std::to_string(s->criteria[c].max_points) + ")";
            if (it == titles.end()) {
                ids.push_back(cd.id);
                titles[cd.id] = t;
            } else if (sheets.size() > 1) {
                it->second += " / " + t;
            }
        }
    const char* fixed[] = {"id",           "ruleset",      "sheet",     "province",        "year",
                           "subject_type", "evaluated_on", "knockouts", "dossier_rejected"};
    const char* fixed_vi[] = {"# mã hồ sơ",
                              "bộ tiêu chí",
                              "phiếu",
                              "tỉnh, thành phố",
                              "năm",
                              "loại chủ thể",
                              "ngày đánh giá NNNN-TT-NN",
                              "mã điểm liệt (nếu có)",
                              "lý do loại hồ sơ (nếu có)"};
    std::string head, comment;
    for (std::size_t i = 0; i < std::size(fixed); ++i) {
        if (i) head += sep, comment += sep;
        append_csv_field(head, fixed[i], sep);
        append_csv_field(comment, fixed_vi[i], sep);
    }
    for (const auto& id : ids) {
        head += sep;
        comment += sep;
        append_csv_field(head, id, sep);
        append_csv_field(comment, titles[id], sep);
    }
    std::string out = head + "\n" + comment + "\n";
    for (const auto* s : sheets) {
        std::string row = std::string(1, sep);
        append_csv_field(row, rs.id(), sep);
        row += sep + std::to_string(s->no);
        for (std::size_t i = 3; i < std::size(fixed) + ids.size(); ++i) row += sep;
        out += row + "\n";
    }
    return out;
}

namespace {

bool whole_number_column(std::string_view n) {
    for (std::string_view x : {"sheet", "stars", "band_stars", "marker_stars", "members", "year"})
        if (n == x) return true;
    return n.size() > 7 && n.substr(n.size() - 7) == " option";
}

/// The value of a numeric cell ("72.5", or an exact mean "296/3"), when `text` is one.
bool number_of(std::string_view text, double& out) {
    if (text.empty() || text.size() > 40) return false;
    const std::string s(text);
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) return true;
    if (*end != '/' || end == s.c_str()) return false;
    char* end2 = nullptr;
    const double den = std::strtod(end + 1, &end2);
    if (end2 != s.c_str() + s.size() || den == 0) return false;
    out /= den;
    return true;
}

} // namespace

result<void> write_table_xlsx(std::string_view csv, const std::string& path,
                              const std::string& sheet_name) {
    return detail::write_workbook_file(path, [&](lxw_workbook* wb) -> result<void> {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
        if (!ws) return diagnostic{errc::invalid_value, "", "bad worksheet name " + sheet_name};
        lxw_format* head = workbook_add_format(wb);
        format_set_bold(head);
        format_set_bg_color(head, 0xD9E1F2);
        csv_splitter split;
        std::string err;
        std::vector<bool> numeric;
        std::size_t pos = 0;
        lxw_row_t row = 0;
        std::size_t width = 0;
        bool open = false;
        while (pos < csv.size()) {
            const std::size_t start = pos;
            do {
                std::size_t end = csv.find('\n', pos);
                if (end == std::string_view::npos) end = csv.size();
                open = csv_scan_line(csv.substr(pos, end - pos), ',', open) == csv_line_end::open;
                pos = end + 1;
            } while (open && pos < csv.size());
            std::string_view rec = csv.substr(start, std::min(pos, csv.size() + 1) - start - 1);
            if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
            if (rec.empty() || !split.split(rec, ',', err)) continue;
            if (row == 0) {
                width = split.size();
                for (std::size_t i = 0; i < split.size(); ++i)
                    numeric.push_back(decimal_column(split.field(i)) ||
                                      whole_number_column(split.field(i)));
            }
            for (std::size_t i = 0; i < split.size(); ++i) {
                const auto col = static_cast<lxw_col_t>(i);
                const std::string f(split.field(i));
                double v = 0;
                if (row == 0)
                    worksheet_write_string(ws, row, col, f.c_str(), head);
                else if (i < numeric.size() && numeric[i] && number_of(f, v))
                    worksheet_write_number(ws, row, col, v, nullptr);
                else if (!f.empty())
                    worksheet_write_string(ws, row, col, f.c_str(), nullptr);
            }
            ++row;
        }
        if (row > 0 && width > 0) {
            worksheet_freeze_panes(ws, 1, 1);
            worksheet_autofilter(ws, 0, 0, row - 1, static_cast<lxw_col_t>(width - 1));
            worksheet_set_column(ws, 0, 0, 18, nullptr);
        }
        return {};
    });
}

} // namespace ocop
