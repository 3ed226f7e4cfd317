// Reviewed crosswalks between editions: parsing, validation against both rulesets, hashing,
// and the built-in (embedded) crosswalk files.
#include <ocop/crosswalk.hpp>
#include <ocop/diff.hpp>
#include <ocop/ruleset.hpp>

#include "detail/sha256.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace ocop {

namespace detail {
// Every file of OCOP_CROSSWALKS (CMakeLists.txt), embedded by cmake/embed_rulesets.cmake.
extern const std::string_view builtin_crosswalks[];
extern const std::size_t builtin_crosswalks_count;
} // namespace detail

/// A reviewed option equivalence as written in the file.
struct option_equivalence {
    std::string from, to, note;
};

struct crosswalk::impl {
    std::string from, to, hash;
    std::vector<crosswalk_sheet> sheets;
    /// Reviewed wording-only equivalences (normalised source text → normalised target texts).
    std::map<std::string, std::set<std::string>> equivalent;
    /// The same, as written (for chaining).
    std::vector<option_equivalence> equivalences;
    /// The files a chained crosswalk was composed from (empty for a file).
    std::vector<crosswalk_step> steps;
};

namespace {

diagnostic bad(errc c, std::string path, std::string msg) {
    return diagnostic{c, std::move(path), "crosswalk: " + std::move(msg)};
}

result<std::string> str_at(const boost::json::object& o, const char* key, const std::string& path,
                           bool required) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        if (required)
            return bad(errc::missing_field, path + "/" + key,
                       std::string("missing \"") + key + "\"");
        return std::string();
    }
    if (!v->is_string()) return bad(errc::wrong_type, path + "/" + key, "expected a string");
    return std::string(v->as_string().c_str());
}

result<crosswalk_kind> kind_of(std::string_view k, const std::string& path) {
    if (k == "same") return crosswalk_kind::same;
    if (k == "renamed") return crosswalk_kind::renamed;
    if (k == "merged") return crosswalk_kind::merged;
    if (k == "split") return crosswalk_kind::split;
    if (k == "replaced") return crosswalk_kind::replaced;
    if (k == "new") return crosswalk_kind::added;
    return bad(errc::invalid_value, path,
               "kind must be same, renamed, merged, split, replaced or new, not \"" +
                   std::string(k) + "\"");
}

result<crosswalk_row> parse_row(const boost::json::value& v, const std::string& path) {
    const auto* o = v.if_object();
    if (!o) return bad(errc::wrong_type, path, "a row must be an object");
    crosswalk_row r;
    auto to = str_at(*o, "to", path, true);
    if (!to) return to.error();
    r.to = *to;
    auto k = str_at(*o, "kind", path, true);
    if (!k) return k.error();
    auto kind = kind_of(*k, path + "/kind");
    if (!kind) return kind.error();
    r.kind = *kind;
    auto note = str_at(*o, "note", path, false);
    if (!note) return note.error();
    r.note = *note;
    if (const auto* f = o->if_contains("from"); f && !f->is_null()) {
        if (!f->is_array()) return bad(errc::wrong_type, path + "/from", "expected an array");
        for (const auto& x : f->as_array()) {
            if (!x.is_string())
                return bad(errc::wrong_type, path + "/from", "criterion ids are strings");
            r.from.emplace_back(x.as_string().c_str());
        }
    }
    const std::size_t nf = r.from.size();
    const bool single = r.kind == crosswalk_kind::same || r.kind == crosswalk_kind::renamed ||
                        r.kind == crosswalk_kind::split || r.kind == crosswalk_kind::replaced;
    if ((single && nf != 1) || (r.kind == crosswalk_kind::merged && nf < 2) ||
        (r.kind == crosswalk_kind::added && nf != 0))
        return bad(errc::invalid_value, path + "/from",
                   "\"" + *k + "\" takes " +
                       (single                             ? "one source criterion"
                        : r.kind == crosswalk_kind::merged ? "two or more source criteria"
                                                           : "no source criterion"));
    if (const auto* opts = o->if_contains("options"); opts && !opts->is_null()) {
        if (nf != 1)
            return bad(errc::invalid_value, path + "/options",
                       "option links need exactly one source criterion");
        if (!opts->is_object())
            return bad(errc::wrong_type, path + "/options",
                       "expected an object: source option (1-based) → target option or null");
        for (const auto& kv : opts->as_object()) {
            const std::string key(kv.key());
            const std::string p = path + "/options/" + pointer_token(key);
            int n = 0;
            for (char c : key) n = (c >= '0' && c <= '9' && n < 1000) ? n * 10 + (c - '0') : -1;
            if (key.empty() || n <= 0) return bad(errc::invalid_value, p, "keys are 1, 2, 3…");
            if (r.options.size() < static_cast<std::size_t>(n))
                r.options.resize(static_cast<std::size_t>(n), -2);
            int t = -1;
            if (!kv.value().is_null()) {
                if (!kv.value().is_int64() || kv.value().get_int64() < 1 ||
                    kv.value().get_int64() > 1000)
                    return bad(errc::wrong_type, p, "a target option number (1-based) or null");
                t = static_cast<int>(kv.value().get_int64()) - 1;
            }
            r.options[static_cast<std::size_t>(n - 1)] = t;
        }
        for (std::size_t i = 0; i < r.options.size(); ++i)
            if (r.options[i] == -2)
                return bad(errc::missing_field, path + "/options/" + std::to_string(i + 1),
                           "every source option needs a link (a number, or null: left open)");
    }
    return r;
}

/// Option text for comparison: normalise_title, with General Punctuation (U+2000..U+207F:
/// dashes, quotes, "…") read as spaces like ASCII punctuation ("…" and "..." compare equal),
/// and comparison signs kept as words ("< 51 %" is not "≥ 51 %").
std::string option_key(std::string_view text) {
    std::string s;
    s.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '<' || c == '>') {
            s += c == '<' ? " lt " : " gt ";
            continue;
        }
        if (text.substr(i, 3) == "\u2265" || text.substr(i, 3) == "\u2264") {
            s += text.substr(i, 3) == "\u2265" ? " ge " : " le ";
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < text.size()) {
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            if (c1 == 0x80 || c1 == 0x81) {
                s += ' ';
                i += 2;
                continue;
            }
        }
        s += text[i];
    }
    return normalise_title(s);
}

std::string criterion_path(std::size_t s, std::size_t r) {
    return "/sheets/" + std::to_string(s) + "/criteria/" + std::to_string(r);
}

} // namespace

result<crosswalk> crosswalk::load(std::string_view text) {
    boost::system::error_code ec;
    boost::json::parse_options po;
    po.max_depth = 32;
    boost::json::value v = boost::json::parse(strip_bom(text), ec, {}, po);
    if (ec) return bad(errc::invalid_json, "", "not valid JSON: " + ec.message());
    const auto* o = v.if_object();
    if (!o) return bad(errc::wrong_type, "", "expected a JSON object");
    auto fmt = str_at(*o, "format", "", true);
    if (!fmt) return fmt.error();
    if (*fmt != "ocop-crosswalk/1")
        return bad(errc::invalid_value, "/format", "format must be \"ocop-crosswalk/1\"");
    auto im = std::make_shared<impl>();
    auto from = str_at(*o, "from", "", true);
    if (!from) return from.error();
    auto to = str_at(*o, "to", "", true);
    if (!to) return to.error();
    im->from = *from;
    im->to = *to;
    if (const auto* eq = o->if_contains("option_equivalences"); eq && eq->is_array()) {
        for (std::size_t i = 0; i < eq->as_array().size(); ++i) {
            const auto* e = eq->as_array()[i].if_object();
            const std::string p = "/option_equivalences/" + std::to_string(i);
            if (!e) return bad(errc::wrong_type, p, "expected an object {from, to, note}");
            auto a = str_at(*e, "from", p, true);
            if (!a) return a.error();
            auto b = str_at(*e, "to", p, true);
            if (!b) return b.error();
            auto n = str_at(*e, "note", p, false);
            if (!n) return n.error();
            im->equivalent[option_key(*a)].insert(option_key(*b));
            im->equivalences.push_back({*a, *b, *n});
        }
    }
    const auto* sheets = o->if_contains("sheets");
    if (!sheets || !sheets->is_array())
        return bad(errc::missing_field, "/sheets", "missing \"sheets\" (an array)");
    for (std::size_t s = 0; s < sheets->as_array().size(); ++s) {
        const std::string sp = "/sheets/" + std::to_string(s);
        const auto* so = sheets->as_array()[s].if_object();
        if (!so) return bad(errc::wrong_type, sp, "a sheet must be an object");
        crosswalk_sheet cs;
        const auto* no = so->if_contains("sheet");
        if (!no || !no->is_int64() || no->get_int64() < 1 || no->get_int64() > 999)
            return bad(errc::wrong_type, sp + "/sheet", "a sheet number 1..999");
        cs.sheet = static_cast<int>(no->get_int64());
        if (const auto* fs = so->if_contains("from_sheet"); fs && fs->is_int64())
            cs.from_sheet = static_cast<int>(fs->get_int64());
        const auto* rows = so->if_contains("criteria");
        if (!rows || !rows->is_array())
            return bad(errc::missing_field, sp + "/criteria", "missing \"criteria\" (an array)");
        for (std::size_t r = 0; r < rows->as_array().size(); ++r) {
            auto row = parse_row(rows->as_array()[r], criterion_path(s, r));
            if (!row) return row.error();
            cs.rows.push_back(std::move(*row));
        }
        if (const auto* d = so->if_contains("dropped"); d && d->is_array())
            for (std::size_t i = 0; i < d->as_array().size(); ++i) {
                const auto* x = d->as_array()[i].if_object();
                const std::string p = sp + "/dropped/" + std::to_string(i);
                if (!x) return bad(errc::wrong_type, p, "expected an object {from, note}");
                auto f = str_at(*x, "from", p, true);
                if (!f) return f.error();
                auto n = str_at(*x, "note", p, false);
                if (!n) return n.error();
                cs.dropped.push_back({*f, *n});
            }
        // One entry per (target sheet, source sheet): a target sheet may be fed by several
        // source sheets, a source sheet feeds one target sheet.
        for (const auto& prev : im->sheets) {
            if (prev.sheet == cs.sheet && prev.from_sheet == cs.from_sheet)
                return bad(errc::invalid_value, sp + "/sheet",
                           "sheet " + std::to_string(cs.sheet) +
                               (cs.from_sheet
                                    ? " from source sheet " + std::to_string(cs.from_sheet)
                                    : std::string(" without a source sheet")) +
                               " is listed twice");
            if (cs.from_sheet && prev.from_sheet == cs.from_sheet)
                return bad(errc::invalid_value, sp + "/from_sheet",
                           "source sheet " + std::to_string(cs.from_sheet) + " feeds sheets " +
                               std::to_string(prev.sheet) + " and " + std::to_string(cs.sheet));
        }
        im->sheets.push_back(std::move(cs));
    }
    detail::sha256 h;
    h.update(boost::json::serialize(v));
    im->hash = "sha256:" + h.hex();
    crosswalk cw;
    cw.impl_ = std::move(im);
    return cw;
}

result<crosswalk> crosswalk::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return diagnostic{errc::io_error, "", "cannot read crosswalk file " + path};
    std::ostringstream ss;
    ss << in.rdbuf();
    auto r = load(ss.str());
    if (!r) {
        auto d = r.error();
        d.message = path + ": " + d.message;
        return d;
    }
    return r;
}

std::vector<const crosswalk*> crosswalk::builtins() {
    // Parsed once; a shipped file that fails to parse is a build defect caught by the tests.
    static const std::vector<crosswalk> all = [] {
        std::vector<crosswalk> out;
        for (std::size_t i = 0; i < detail::builtin_crosswalks_count; ++i)
            if (auto cw = load(detail::builtin_crosswalks[i])) out.push_back(std::move(*cw));
        return out;
    }();
    std::vector<const crosswalk*> out;
    for (const auto& cw : all) out.push_back(&cw);
    return out;
}

std::vector<std::string> crosswalk::builtin_names() {
    std::vector<std::string> out;
    for (const auto* cw : builtins()) out.push_back(cw->from_id() + "_to_" + cw->to_id());
    return out;
}

const crosswalk* crosswalk::builtin(std::string_view from, std::string_view to) {
    for (const auto* cw : builtins())
        if (cw->from_id() == from && cw->to_id() == to) return cw;
    return nullptr;
}

result<void> crosswalk::validate(const ruleset& from, const ruleset& to) const {
    if (from.id() != impl_->from)
        return bad(errc::invalid_value, "/from",
                   "written for " + impl_->from + ", not " + from.id());
    if (to.id() != impl_->to)
        return bad(errc::invalid_value, "/to", "written for " + impl_->to + ", not " + to.id());
    for (std::size_t s = 0; s < impl_->sheets.size(); ++s) {
        const auto& cs = impl_->sheets[s];
        const std::string sp = "/sheets/" + std::to_string(s);
        const compiled_sheet* sb = to.sheet(cs.sheet);
        if (!sb)
            return bad(errc::unknown_sheet, sp + "/sheet",
                       to.id() + " has no sheet " + std::to_string(cs.sheet));
        const compiled_sheet* sa = cs.from_sheet ? from.sheet(cs.from_sheet) : nullptr;
        if (cs.from_sheet && (!sa || sa->criteria.empty()))
            return bad(errc::unknown_sheet, sp + "/from_sheet",
                       from.id() + " has no scoreable sheet " + std::to_string(cs.from_sheet));
        std::vector<int> seen_to(sb->criteria.size(), 0);
        std::vector<int> seen_from(sa ? sa->criteria.size() : 0, 0);
        std::vector<int> whole_from(seen_from.size(), 0); // uses by rows other than split
        for (std::size_t r = 0; r < cs.rows.size(); ++r) {
            const auto& row = cs.rows[r];
            const std::string rp = criterion_path(s, r);
            const int j = sb->find(row.to);
            if (j < 0 || sb->criterion(static_cast<std::size_t>(j)).id != row.to)
                return bad(errc::unknown_criterion, rp + "/to",
                           to.id() + " sheet " + std::to_string(cs.sheet) +
                               " has no criterion id \"" + row.to + "\"");
            if (seen_to[static_cast<std::size_t>(j)]++)
                return bad(errc::invalid_value, rp + "/to",
                           "target criterion \"" + row.to + "\" has two rows");
            std::vector<int> src;
            for (std::size_t f = 0; f < row.from.size(); ++f) {
                const int i = sa ? sa->find(row.from[f]) : -1;
                if (i < 0 || sa->criterion(static_cast<std::size_t>(i)).id != row.from[f])
                    return bad(errc::unknown_criterion, rp + "/from/" + std::to_string(f),
                               from.id() + " sheet " + std::to_string(cs.from_sheet) +
                                   " has no criterion id \"" + row.from[f] + "\"");
                // A split source feeds several rows, at most one of them not a split piece
                // (whatever their order); any other source feeds one.
                ++seen_from[static_cast<std::size_t>(i)];
                if (row.kind != crosswalk_kind::split && whole_from[static_cast<std::size_t>(i)]++)
                    return bad(errc::invalid_value, rp + "/from/" + std::to_string(f),
                               "source criterion \"" + row.from[f] + "\" is used twice");
                src.push_back(i);
            }
            if (row.options.empty()) continue;
            const auto& ca = sa->criteria[static_cast<std::size_t>(src[0])];
            const auto& cb = sb->criteria[static_cast<std::size_t>(j)];
            if (row.options.size() != ca.option_count)
                return bad(errc::invalid_value, rp + "/options",
                           "\"" + row.from[0] + "\" has " + std::to_string(ca.option_count) +
                               " options, the row links " + std::to_string(row.options.size()));
            const auto& da = sa->criterion(static_cast<std::size_t>(src[0]));
            const auto& db = sb->criterion(static_cast<std::size_t>(j));
            for (std::size_t k = 0; k < row.options.size(); ++k) {
                const int t = row.options[k];
                if (t < 0) continue;
                const std::string op = rp + "/options/" + std::to_string(k + 1);
                if (t >= cb.option_count)
                    return bad(errc::unknown_option, op,
                               "\"" + row.to + "\" has no option " + std::to_string(t + 1));
                // Every link must rest on equal texts or a reviewed equivalence.
                const std::string la = option_key(da.options[k].label_vi);
                const std::string lb = option_key(db.options[static_cast<std::size_t>(t)].label_vi);
                const auto eq = impl_->equivalent.find(la);
                if (la != lb && (eq == impl_->equivalent.end() || !eq->second.count(lb)))
                    return bad(errc::invalid_value, op,
                               "option texts differ and no reviewed equivalence links them: \"" +
                                   da.options[k].label_vi + "\" / \"" +
                                   db.options[static_cast<std::size_t>(t)].label_vi + "\"");
            }
        }
        for (std::size_t j = 0; j < sb->criteria.size(); ++j)
            if (!seen_to[j])
                return bad(errc::missing_criterion, sp + "/criteria",
                           to.id() + " sheet " + std::to_string(cs.sheet) + " criterion \"" +
                               sb->criterion(j).id + "\" has no row");
        for (std::size_t d = 0; d < cs.dropped.size(); ++d) {
            const int i = sa ? sa->find(cs.dropped[d].from) : -1;
            if (i < 0)
                return bad(errc::unknown_criterion, sp + "/dropped/" + std::to_string(d),
                           "no source criterion \"" + cs.dropped[d].from + "\"");
            if (seen_from[static_cast<std::size_t>(i)]++)
                return bad(errc::invalid_value, sp + "/dropped/" + std::to_string(d),
                           "\"" + cs.dropped[d].from + "\" is both used and dropped");
        }
        for (std::size_t i = 0; i < seen_from.size(); ++i)
            if (!seen_from[i])
                return bad(errc::missing_criterion, sp + "/dropped",
                           from.id() + " sheet " + std::to_string(cs.from_sheet) + " criterion \"" +
                               sa->criterion(i).id + "\" is neither used nor dropped");
    }
    return {};
}

namespace {

const char* kind_word(crosswalk_kind k) {
    switch (k) {
    case crosswalk_kind::same:
        return "same";
    case crosswalk_kind::renamed:
        return "renamed";
    case crosswalk_kind::merged:
        return "merged";
    case crosswalk_kind::split:
        return "split";
    case crosswalk_kind::replaced:
        return "replaced";
    case crosswalk_kind::added:
        return "new";
    }
    return "new";
}

std::string plus_joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "+") + s;
    return out;
}

/// "148→26 9: merged from 9a+9b (reason)": one step's row, for the composed note.
std::string step_note(const std::string& step, const crosswalk_row& r) {
    std::string out = step + " " + r.to + ": " + kind_word(r.kind);
    if (!r.from.empty()) out += " from " + plus_joined(r.from);
    if (!r.note.empty()) out += " (" + r.note + ")";
    return out;
}

boost::json::object step_json(const crosswalk_step& s) {
    return {{"from", s.from}, {"to", s.to}, {"hash", s.hash}};
}

} // namespace

result<crosswalk> crosswalk::chain(const crosswalk& ab, const crosswalk& bc) {
    if (ab.to_id() != bc.from_id())
        return bad(errc::invalid_value, "/from",
                   "cannot chain " + ab.from_id() + " → " + ab.to_id() + " with " + bc.from_id() +
                       " → " + bc.to_id() + ": the second must start at " + ab.to_id());
    const std::string& A = ab.from_id();
    const std::string& B = ab.to_id();
    const std::string& C = bc.to_id();
    const std::string s1 = A + " → " + B, s2 = B + " → " + C;

    // Equivalences: both steps' lists, and each pair that goes through one B text.
    boost::json::array eqs;
    for (const auto& e : ab.impl_->equivalences)
        eqs.push_back({{"from", e.from}, {"to", e.to}, {"note", s1 + ": " + e.note}});
    for (const auto& e : bc.impl_->equivalences)
        eqs.push_back({{"from", e.from}, {"to", e.to}, {"note", s2 + ": " + e.note}});
    for (const auto& e1 : ab.impl_->equivalences) {
        const std::string through = option_key(e1.to), first = option_key(e1.from);
        for (const auto& e2 : bc.impl_->equivalences)
            if (option_key(e2.from) == through && option_key(e2.to) != first)
                eqs.push_back({{"from", e1.from},
                               {"to", e2.to},
                               {"note", "through the " + B + " option \"" + e1.to + "\": " + s1 +
                                            ": " + e1.note + "; " + s2 + ": " + e2.note}});
    }

    boost::json::array sheets;
    for (std::size_t si = 0; si < bc.impl_->sheets.size(); ++si) {
        const crosswalk_sheet& bs = bc.impl_->sheets[si];
        // One composed entry per A sheet feeding bs's B sheet (a B sheet may take several A
        // sheets); one without a source when none does.
        std::vector<const crosswalk_sheet*> feeds;
        if (bs.from_sheet)
            for (const auto& s : ab.impl_->sheets)
                if (s.sheet == bs.from_sheet) feeds.push_back(&s);
        if (feeds.empty()) feeds.push_back(nullptr);
        for (const crosswalk_sheet* as : feeds) {
            const int a_sheet = as ? as->from_sheet : 0;
            if (!a_sheet && std::any_of(sheets.begin(), sheets.end(), [&](const auto& v) {
                    const auto& o = v.as_object();
                    return o.at("sheet").as_int64() == bs.sheet &&
                           o.at("from_sheet").as_int64() == 0;
                }))
                continue; // C sheet already written without a source
            const std::size_t out_si = sheets.size();
            std::map<std::string, const crosswalk_row*> ab_row; // by B criterion id
            if (as)
                for (const auto& r : as->rows) ab_row.emplace(r.to, &r);
            std::vector<crosswalk_row> rows;
            for (const auto& row : bs.rows) {
                crosswalk_row out;
                out.to = row.to;
                std::vector<std::string> notes;
                std::vector<const crosswalk_row*> links; // step-1 rows that bring A sources
                bool merged = row.kind == crosswalk_kind::merged,
                     all_same = row.kind == crosswalk_kind::same,
                     replaced = row.kind == crosswalk_kind::replaced,
                     split = row.kind == crosswalk_kind::split;
                if (!a_sheet && !row.from.empty())
                    notes.push_back(s1 + ": " + B + " sheet " + std::to_string(bs.from_sheet) +
                                    " has no source sheet");
                for (const auto& x : row.from) {
                    if (!a_sheet) break;
                    const auto it = ab_row.find(x);
                    if (it == ab_row.end()) {
                        notes.push_back(s1 + ": no row for " + x);
                        continue;
                    }
                    const crosswalk_row& r1 = *it->second;
                    notes.push_back(step_note(s1, r1));
                    if (r1.kind == crosswalk_kind::added) continue; // new in B: nothing from A
                    links.push_back(&r1);
                    for (const auto& f : r1.from)
                        if (std::find(out.from.begin(), out.from.end(), f) == out.from.end())
                            out.from.push_back(f);
                    merged = merged || r1.kind == crosswalk_kind::merged;
                    all_same = all_same && r1.kind == crosswalk_kind::same;
                    replaced = replaced || r1.kind == crosswalk_kind::replaced;
                    split = split || r1.kind == crosswalk_kind::split;
                }
                notes.push_back(step_note(s2, row));
                if (out.from.empty()) {
                    out.kind = crosswalk_kind::added;
                } else if (out.from.size() > 1) {
                    out.kind = crosswalk_kind::merged; // every answer open
                } else if (links.size() > 1 || merged) {
                    // One A criterion reaches C through a merge whose other parts have no A source,
                    // or through several B criteria: no single answer to carry.
                    out.kind = crosswalk_kind::replaced;
                } else {
                    out.kind = all_same   ? crosswalk_kind::same
                               : replaced ? crosswalk_kind::replaced
                               : split    ? crosswalk_kind::split
                                          : crosswalk_kind::renamed;
                    const auto& o1 = links[0]->options;
                    if (!o1.empty() && !row.options.empty())
                        for (int m : o1)
                            out.options.push_back(m < 0 || static_cast<std::size_t>(m) >=
                                                               row.options.size()
                                                      ? -1
                                                      : row.options[static_cast<std::size_t>(m)]);
                }
                for (const auto& n : notes) out.note += (out.note.empty() ? "" : "; ") + n;
                rows.push_back(std::move(out));
            }
            // An A criterion feeding several rows was split on the way: its one-source rows are
            // split pieces; two merges sharing it cannot be written in ocop-crosswalk/1.
            std::map<std::string, std::vector<std::size_t>> uses;
            for (std::size_t r = 0; r < rows.size(); ++r)
                for (const auto& f : rows[r].from) uses[f].push_back(r);
            for (const auto& [f, rs] : uses) {
                if (rs.size() < 2) continue;
                std::size_t whole = 0, first = 0;
                for (auto r : rs) {
                    if (rows[r].kind != crosswalk_kind::merged) {
                        rows[r].kind = crosswalk_kind::split;
                        continue;
                    }
                    if (!whole++)
                        first = r;
                    else
                        return bad(errc::invalid_value, criterion_path(out_si, r) + "/from",
                                   "cannot chain " + s1 + " with " + s2 + ": " + A +
                                       " criterion \"" + f + "\" (sheet " +
                                       std::to_string(a_sheet) +
                                       ") would feed two merged criteria of " + C + " sheet " +
                                       std::to_string(bs.sheet) + " (" + rows[first].to + ", " +
                                       rows[r].to + ")");
                }
            }
            // Dropped: the A criteria of the source sheet that feed no row, with the reason.
            boost::json::array dropped;
            if (as && a_sheet) {
                std::vector<std::string> universe;
                for (const auto& r : as->rows)
                    for (const auto& f : r.from)
                        if (std::find(universe.begin(), universe.end(), f) == universe.end())
                            universe.push_back(f);
                for (const auto& d : as->dropped) universe.push_back(d.from);
                for (const auto& a : universe) {
                    if (uses.count(a)) continue;
                    std::string why;
                    for (const auto& d : as->dropped)
                        if (d.from == a)
                            why = s1 + ": dropped" + (d.note.empty() ? "" : " (" + d.note + ")");
                    for (const auto& r : as->rows) {
                        if (std::find(r.from.begin(), r.from.end(), a) == r.from.end()) continue;
                        std::string part = s1 + ": to " + r.to + "; " + s2 + ": ";
                        const crosswalk_dropped* d = nullptr;
                        for (const auto& x : bs.dropped)
                            if (x.from == r.to) d = &x;
                        part +=
                            d ? r.to + " dropped" + (d->note.empty() ? "" : " (" + d->note + ")")
                              : r.to + " has no row";
                        why += (why.empty() ? "" : "; ") + part;
                    }
                    dropped.push_back({{"from", a}, {"note", why}});
                }
            }
            boost::json::array crit;
            for (const auto& r : rows) {
                boost::json::array from;
                for (const auto& f : r.from) from.emplace_back(f);
                boost::json::object o{
                    {"to", r.to}, {"kind", kind_word(r.kind)}, {"from", std::move(from)}};
                if (r.options.empty()) {
                    o["options"] = nullptr;
                } else {
                    boost::json::object opts;
                    for (std::size_t k = 0; k < r.options.size(); ++k) {
                        if (r.options[k] < 0)
                            opts[std::to_string(k + 1)] = nullptr;
                        else
                            opts[std::to_string(k + 1)] = r.options[k] + 1;
                    }
                    o["options"] = std::move(opts);
                }
                o["note"] = r.note;
                crit.push_back(std::move(o));
            }
            sheets.push_back({{"sheet", bs.sheet},
                              {"from_sheet", a_sheet},
                              {"criteria", std::move(crit)},
                              {"dropped", std::move(dropped)}});
        }
    }

    std::vector<crosswalk_step> steps;
    for (const crosswalk* c : {&ab, &bc}) {
        if (c->chained())
            steps.insert(steps.end(), c->steps().begin(), c->steps().end());
        else
            steps.push_back({c->from_id(), c->to_id(), c->hash()});
    }
    boost::json::array step_list, input_list;
    for (const auto& s : steps) step_list.push_back(step_json(s));
    input_list.push_back(step_json({A, B, ab.hash()}));
    input_list.push_back(step_json({B, C, bc.hash()}));
    boost::json::object doc{
        {"format", "ocop-crosswalk/1"},
        {"from", A},
        {"to", C},
        {"title", "Chained crosswalk " + A + " → " + B + " → " + C},
        {"review",
         {{"method", "Derived by chaining (ocop::crosswalk::chain, docs/rescore.md \"Chained "
                     "crosswalks\"): " +
                         s1 + " (" + ab.hash() + ") then " + s2 + " (" + bc.hash() +
                         "); every link, option and drop comes from those two reviewed "
                         "crosswalks, nothing was reviewed anew."},
          {"chained", std::move(input_list)},
          {"steps", std::move(step_list)}}},
        {"option_equivalences", std::move(eqs)},
        {"sheets", std::move(sheets)}};
    auto cw = load(boost::json::serialize(doc));
    if (!cw) return cw.error();
    auto im = std::make_shared<impl>(*cw->impl_);
    im->steps = std::move(steps);
    cw->impl_ = std::move(im);
    return cw;
}

result<crosswalk> crosswalk::chain(const std::vector<const crosswalk*>& steps) {
    if (steps.empty()) return bad(errc::invalid_value, "", "nothing to chain");
    crosswalk cur = *steps[0];
    for (std::size_t i = 1; i < steps.size(); ++i) {
        auto next = chain(cur, *steps[i]);
        if (!next) {
            auto d = next.error();
            d.message = "step " + std::to_string(i + 1) + ": " + d.message;
            return d;
        }
        cur = std::move(*next);
    }
    return cur;
}

std::vector<const crosswalk*> crosswalk::route(std::string_view from, std::string_view to,
                                               const std::vector<const crosswalk*>& available) {
    if (from == to) return {};
    // Breadth-first over ruleset ids; `via` holds the crosswalk that first reached each id.
    std::map<std::string, const crosswalk*, std::less<>> via;
    std::vector<std::string> frontier{std::string(from)};
    via.emplace(std::string(from), nullptr);
    while (!frontier.empty() && !via.count(to)) {
        std::vector<std::string> next;
        for (const auto& id : frontier)
            for (const crosswalk* c : available)
                if (c->from_id() == id && !via.count(c->to_id())) {
                    via.emplace(c->to_id(), c);
                    next.push_back(c->to_id());
                }
        frontier = std::move(next);
    }
    const auto it = via.find(to);
    if (it == via.end()) return {};
    std::vector<const crosswalk*> path;
    for (const crosswalk* c = it->second; c; c = via.find(c->from_id())->second)
        path.insert(path.begin(), c);
    return path;
}

const std::string& crosswalk::from_id() const noexcept {
    return impl_->from;
}
const std::string& crosswalk::to_id() const noexcept {
    return impl_->to;
}
const std::string& crosswalk::hash() const noexcept {
    return impl_->hash;
}
const std::vector<crosswalk_sheet>& crosswalk::sheets() const noexcept {
    return impl_->sheets;
}
const std::vector<crosswalk_step>& crosswalk::steps() const noexcept {
    return impl_->steps;
}
const crosswalk_sheet* crosswalk::sheet(int no) const noexcept {
    for (const auto& s : impl_->sheets)
        if (s.sheet == no) return &s;
    return nullptr;
}
const crosswalk_sheet* crosswalk::sheet(int no, int from_no) const noexcept {
    for (const auto& s : impl_->sheets)
        if (s.sheet == no && s.from_sheet == from_no) return &s;
    return nullptr;
}
const crosswalk_sheet* crosswalk::from_sheet(int from_no) const noexcept {
    if (from_no <= 0) return nullptr;
    for (const auto& s : impl_->sheets)
        if (s.from_sheet == from_no) return &s;
    return nullptr;
}

} // namespace ocop
