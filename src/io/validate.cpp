// ocop validate: every problem of a record at once, in Vietnamese or English.
#include "../detail/compiled_sheet.hpp"
#include <ocop/csv.hpp>
#include <ocop/encoding.hpp>
#include <ocop/result_json.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>
#include <ocop/validate.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace ocop {

namespace {

/// A message in the chosen language.
std::string say(message_language l, std::string vi, std::string en) {
    return l == message_language::vi ? std::move(vi) : std::move(en);
}

std::string list_points(const compiled_sheet& sh, std::size_t c) {
    const auto& cc = sh.criteria[c];
    std::vector<int> pts;
    for (std::size_t k = 0; k < cc.option_count; ++k)
        pts.push_back(sh.options[cc.option_first + k].points);
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    std::string s;
    for (int p : pts) s += (s.empty() ? "" : ", ") + std::to_string(p);
    return s;
}

std::string shown(const boost::json::value& v) {
    if (const auto* s = v.if_string()) return "\"" + std::string(*s) + "\"";
    std::string t = boost::json::serialize(v);
    return t.size() > 60 ? t.substr(0, 57) + "…" : t;
}

class checker {
  public:
    checker(const registry& reg, message_language l) : reg_(reg), l_(l) {}

    void add(errc code, std::string path, std::string vi, std::string en) {
        for (const auto& p : out_)
            if (p.path == path && p.code == code) return;
        out_.push_back({code, std::move(path), say(l_, std::move(vi), std::move(en))});
    }

    void run(const boost::json::value& rec) {
        const auto* o = rec.if_object();
        if (!o) {
            add(errc::wrong_type, "", "bản ghi không phải một đối tượng JSON {…}",
                "the record is not a JSON object {…}");
            return;
        }
        const auto* id = o->if_contains("id");
        if (!id || id->is_null())
            add(errc::missing_field, "/id", "thiếu mã hồ sơ (id)", "the record id (id) is missing");
        else if (!id->is_string() && !id->is_int64() && !id->is_uint64())
            add(errc::wrong_type, "/id", "mã hồ sơ (id) phải là chữ hoặc số",
                "the id must be text or a whole number");
        else if (id->is_string() && id->as_string().empty())
            add(errc::invalid_value, "/id", "mã hồ sơ (id) để trống", "the id is empty");

        const ruleset* rs = nullptr;
        if (const auto* r = o->if_contains("ruleset"); r && !r->is_null()) {
            if (!r->is_string())
                add(errc::wrong_type, "/ruleset", "bộ tiêu chí (ruleset) phải là chữ",
                    "the ruleset must be text");
            else if (!(rs = reg_.find(r->as_string())))
                add(errc::unknown_ruleset, "/ruleset",
                    "không có bộ tiêu chí \"" + std::string(r->as_string()) + "\"",
                    "no ruleset \"" + std::string(r->as_string()) + "\"");
        } else {
            rs = reg_.find(reg_.default_id());
        }
        const compiled_sheet* sh = nullptr;
        const auto* s = o->if_contains("sheet");
        if (!s || s->is_null()) {
            add(errc::missing_field, "/sheet", "thiếu số phiếu (sheet)",
                "the sheet number (sheet) is missing");
        } else if (!s->is_int64()) {
            add(errc::wrong_type, "/sheet",
                "số phiếu (sheet) phải là số nguyên, không phải " + shown(*s),
                "the sheet must be a whole number, not " + shown(*s));
        } else if (rs && !(sh = rs->sheet(static_cast<int>(s->as_int64())))) {
            add(errc::unknown_sheet, "/sheet",
                rs->id() + " không có phiếu " + std::to_string(s->as_int64()),
                rs->id() + " has no sheet " + std::to_string(s->as_int64()));
        }
        const auto* ans = o->if_contains("answers");
        const auto* mem = o->if_contains("members");
        if (ans && mem)
            add(errc::invalid_value, "/members", "chỉ dùng answers hoặc members, không dùng cả hai",
                "give answers or members, not both");
        if (!ans && !mem)
            add(errc::missing_field, "/answers", "không có câu trả lời nào (answers)",
                "no answers (answers)");
        bool stopped = false;
        if (const auto* k = o->if_contains("knockouts"); k && !k->is_null()) {
            if (!k->is_array()) {
                add(errc::wrong_type, "/knockouts", "knockouts phải là danh sách mã",
                    "knockouts must be a list of codes");
            } else {
                const auto& arr = k->as_array();
                for (std::size_t i = 0; i < arr.size(); ++i) {
                    const std::string p = "/knockouts/" + std::to_string(i);
                    if (!arr[i].is_string())
                        add(errc::wrong_type, p, "mã điểm liệt phải là chữ",
                            "a knock-out code must be text");
                    else if (sh && sh->find_knockout(arr[i].as_string()) < 0)
                        add(errc::not_a_knockout, p,
                            "mã " + std::string(arr[i].as_string()) +
                                " không có điểm liệt trên phiếu " + std::to_string(sh->no),
                            "code " + std::string(arr[i].as_string()) +
                                " carries no printed knock-out on sheet " + std::to_string(sh->no));
                }
                stopped = !arr.empty();
            }
        }
        if (const auto* d = o->if_contains("dossier_rejected"); d && !d->is_null()) stopped = true;
        for (const char* key : {"filed_on", "evaluated_on"})
            if (const auto* d = o->if_contains(key); d && !d->is_null())
                if (!d->is_string() || !date::parse(d->as_string()))
                    add(errc::invalid_value, std::string("/") + key,
                        std::string(key) +
                            ": ngày phải viết NNNN-TT-NN (ví dụ 2026-03-15), không phải " +
                            shown(*d),
                        std::string(key) +
                            ": a date is written YYYY-MM-DD (e.g. 2026-03-15), not " + shown(*d));
        if (!sh) return;
        if (ans && !mem) answers(*ans, "/answers", *sh, stopped);
        if (mem && !ans) {
            if (!mem->is_array() || mem->as_array().empty()) {
                add(errc::wrong_type, "/members",
                    "members phải là danh sách phiếu của các thành viên",
                    "members must be a list of the members' answers");
                return;
            }
            const auto& arr = mem->as_array();
            for (std::size_t m = 0; m < arr.size(); ++m) {
                const auto* mo = arr[m].if_object();
                const std::string prefix = "/members/" + std::to_string(m);
                if (mo && mo->contains("answers"))
                    answers(mo->at("answers"), prefix + "/answers", *sh, stopped);
                else
                    answers(arr[m], prefix, *sh, stopped);
            }
        }
    }

    void answers(const boost::json::value& v, const std::string& prefix, const compiled_sheet& sh,
                 bool stopped) {
        const auto* a = v.if_object();
        if (!a) {
            add(errc::wrong_type, prefix, "câu trả lời phải là một đối tượng {mã: điểm}",
                "answers must be an object {code: points}");
            return;
        }
        std::vector<bool> answered(sh.criteria.size(), false);
        for (const auto& [key, val] : *a) {
            const std::string code(key);
            const std::string p = prefix + "/" + pointer_token(code);
            const int c = sh.find(code);
            if (c == -1) {
                add(errc::unknown_criterion, p,
                    "mã " + code + " không phải tiêu chí của phiếu " + std::to_string(sh.no),
                    code + " is not a criterion of sheet " + std::to_string(sh.no));
                continue;
            }
            if (c == -2) {
                std::string ids;
                for (const auto* d : sh.criterion_defs)
                    if (d->code == code) ids += (ids.empty() ? "" : ", ") + d->id;
                add(errc::ambiguous_criterion, p,
                    "mã " + code + " in hai lần trên phiếu; dùng mã riêng: " + ids,
                    code + " is printed twice on the sheet; use its unique id: " + ids);
                continue;
            }
            const auto ci = static_cast<std::size_t>(c);
            const auto& cc = sh.criteria[ci];
            const std::string& cid = sh.criterion(ci).id;
            if (val.is_null()) continue; // reported as missing below
            answered[ci] = true;
            if (val.is_int64() || val.is_uint64() || val.is_double()) {
                const double d = val.is_double()  ? val.as_double()
                                 : val.is_int64() ? static_cast<double>(val.as_int64())
                                                  : static_cast<double>(val.as_uint64());
                bool ok = false;
                for (std::size_t k = 0; k < cc.option_count; ++k)
                    ok = ok || static_cast<double>(sh.options[cc.option_first + k].points) == d;
                if (!ok)
                    add(errc::impossible_points, p,
                        cid + ": " + shown(val) +
                            " điểm không ứng với phương án nào; các mức điểm: " +
                            list_points(sh, ci),
                        cid + ": " + shown(val) +
                            " points match no option; allowed: " + list_points(sh, ci));
            } else if (val.is_bool()) {
                if (!cc.binary)
                    add(errc::wrong_type, p,
                        cid + ": đúng/sai chỉ dùng cho tiêu chí có/không; ghi điểm (" +
                            list_points(sh, ci) + ")",
                        cid + ": true/false is only for yes/no criteria; give points (" +
                            list_points(sh, ci) + ")");
            } else if (const auto* ob = val.if_object()) {
                const auto* k = ob->if_contains("option");
                if (!k || !k->is_int64() || k->as_int64() < 1 ||
                    k->as_int64() > static_cast<std::int64_t>(cc.option_count))
                    add(errc::unknown_option, p + "/option",
                        cid + ": phương án " + (k ? shown(*k) : std::string("?")) +
                            " không có; chọn 1–" + std::to_string(cc.option_count),
                        cid + ": option " + (k ? shown(*k) : std::string("?")) +
                            " does not exist; choose 1–" + std::to_string(cc.option_count));
            } else {
                add(errc::wrong_type, p,
                    cid + ": " + shown(val) +
                        " không phải một phương án trong danh sách; chọn lại trong danh sách "
                        "(điểm " +
                        list_points(sh, ci) + ")",
                    cid + ": " + shown(val) +
                        " is not one of the options; choose from the list (points " +
                        list_points(sh, ci) + ")");
            }
        }
        if (stopped) return; // after a knock-out or a rejection, later criteria may be left out
        for (std::size_t g = 0; g < sh.groups.size(); ++g) {
            const auto& cg = sh.groups[g];
            int cases = 0;
            std::string case_ids;
            for (std::size_t c = cg.criterion_first; c < cg.criterion_first + cg.criterion_count;
                 ++c) {
                const bool is_case = cg.choose_one_case && sh.criteria[c].case_no > 0;
                if (is_case) {
                    case_ids += (case_ids.empty() ? "" : ", ") + sh.criterion(c).id;
                    cases += answered[c];
                    continue;
                }
                if (!answered[c]) {
                    const auto& cd = sh.criterion(c);
                    add(errc::missing_criterion, prefix + "/" + pointer_token(cd.id),
                        cd.id + " chưa chấm: " + cd.title_vi,
                        cd.id + " is not answered: " + (cd.title_en ? *cd.title_en : cd.title_vi));
                }
            }
            if (cg.choose_one_case && cases == 0)
                add(errc::case_missing, prefix,
                    "nhóm " + sh.group(g).code + ": chấm đúng một trường hợp (" + case_ids + ")",
                    "group " + sh.group(g).code + ": answer exactly one case (" + case_ids + ")");
            if (cg.choose_one_case && cases > 1)
                add(errc::case_conflict, prefix,
                    "nhóm " + sh.group(g).code + ": chỉ chấm một trường hợp, không chấm cả " +
                        case_ids,
                    "group " + sh.group(g).code + ": answer one case only, not all of " + case_ids);
        }
    }

    std::vector<validation_problem> out_;

  private:
    const registry& reg_;
    message_language l_;
};

} // namespace

bool parse_message_language(std::string_view name, message_language& out) noexcept {
    if (name == "vi")
        out = message_language::vi;
    else if (name == "en")
        out = message_language::en;
    else
        return false;
    return true;
}

std::vector<validation_problem> validate_evaluation(const boost::json::value& record,
                                                    const registry& reg, message_language lang,
                                                    const input_limits& limits) {
    evaluation ev;
    const auto parsed = parse_evaluation(record, reg, ev, limits);
    if (parsed) return {};
    checker ch(reg, lang);
    ch.run(record);
    // Whatever the checks above do not cover (limits, edition choice…) in its own words.
    bool covered = false;
    for (const auto& p : ch.out_) covered = covered || p.path == parsed.error().path;
    if (!covered)
        ch.out_.push_back({parsed.error().code, parsed.error().path, parsed.error().message});
    return std::move(ch.out_);
}

std::size_t duplicate_ids::see(std::string_view id, std::size_t n) {
    auto it = seen_.find(id);
    if (it != seen_.end()) return it->second;
    seen_.emplace(std::string(id), n);
    return 0;
}

validation_problem duplicate_ids::problem(std::string_view where, message_language lang) {
    return {errc::invalid_value, "/id",
            say(lang, "mã hồ sơ trùng với " + std::string(where),
                "duplicate id: already used by " + std::string(where))};
}

validation_table validate_records(const std::vector<input_record>& records, const registry& reg,
                                  message_language lang) {
    validation_table t;
    duplicate_ids dups;
    for (const auto& r : records) {
        ++t.records;
        std::vector<validation_problem> ps;
        if (r.refusal) {
            ps.push_back({r.refusal->code, r.refusal->path, r.refusal->message});
        } else {
            ps = validate_evaluation(r.record, reg, lang);
            if (!r.id.empty())
                if (const std::size_t first = dups.see(r.id, t.records))
                    ps.push_back(duplicate_ids::problem(records[first - 1].where, lang));
        }
        if (!ps.empty()) ++t.bad_records;
        for (auto& p : ps) {
            std::string place = r.place_of(p.path);
            if (place.empty()) place = p.path.empty() ? "/" : p.path;
            t.rows.push_back(
                {r.where, r.id, std::move(place), to_string(p.code), std::move(p.message)});
        }
    }
    return t;
}

void append_validation_json(const validation_row& row, std::string& out) {
    out += "{\"record\":";
    append_json_string(out, row.where);
    out += ",\"id\":";
    append_json_string(out, row.id);
    out += ",\"place\":";
    append_json_string(out, row.place);
    out += ",\"error\":";
    append_json_string(out, row.code);
    out += ",\"message\":";
    append_json_string(out, row.message);
    out += "}\n";
}

std::string write_validation_table(const validation_table& table, validation_format format,
                                   const csv_dialect& dialect) {
    std::string text;
    switch (format) {
    case validation_format::text:
        for (const auto& x : table.rows)
            text += printable(x.where + (x.id.empty() ? "" : " (id " + x.id + ")") + "  " +
                              x.place + "  " + x.code + "  " + x.message) +
                    "\n";
        return text;
    case validation_format::csv:
        text = "record,id,place,error,message\n";
        for (const auto& x : table.rows) {
            for (const std::string* f : {&x.where, &x.id, &x.place, &x.code, &x.message}) {
                append_csv_field(text, *f);
                text += f == &x.message ? '\n' : ',';
            }
        }
        return to_csv_dialect(text, dialect);
    case validation_format::jsonl:
        for (const auto& x : table.rows) append_validation_json(x, text);
        return text;
    }
    return text;
}

std::string validation_summary(const validation_table& table, message_language lang) {
    const std::string n = std::to_string(table.records), bad = std::to_string(table.bad_records),
                      rows = std::to_string(table.rows.size());
    return lang == message_language::vi
               ? n + " bản ghi, " + bad + " có lỗi, " + rows + " lỗi\n"
               : n + " record(s), " + bad + " with problems, " + rows + " problem(s)\n";
}

} // namespace ocop
