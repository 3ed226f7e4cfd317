// Reviewed crosswalks between editions: parsing, validation against both rulesets, hashing,
// and the built-in (embedded) crosswalk files.
#include "../detail/compiled_sheet.hpp"
#include <ocop/crosswalk.hpp>
#include <ocop/ruleset.hpp>

#include "../detail/crosswalk_impl.hpp"
#include "../detail/sha256.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>

namespace ocop {

namespace detail {
// Every file of OCOP_CROSSWALKS (CMakeLists.txt), embedded by cmake/embed_rulesets.cmake.
extern const std::string_view builtin_crosswalks[];
extern const std::size_t builtin_crosswalks_count;
} // namespace detail

using detail::bad;
using detail::criterion_path;
using detail::option_key;

namespace {

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
