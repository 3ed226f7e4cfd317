// Chained crosswalks: two reviewed crosswalks composed into one (A → B → C), a list of them
// composed step by step, and the shortest route between two editions.
#include "../detail/compiled_sheet.hpp"
#include <ocop/crosswalk.hpp>

#include "../detail/crosswalk_impl.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace ocop {

using detail::bad;
using detail::criterion_path;
using detail::option_key;

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

/// The names of a chain A → B → C and of its two steps, for notes and messages.
struct chain_names {
    std::string A, B, C, s1, s2;
};

/// Equivalences of the chain: both steps' lists, and each pair that goes through one B text.
boost::json::array chained_equivalences(const crosswalk::impl& ab, const crosswalk::impl& bc,
                                        const chain_names& n) {
    const std::string &B = n.B, &s1 = n.s1, &s2 = n.s2;
    boost::json::array eqs;
    for (const auto& e : ab.equivalences)
        eqs.push_back({{"from", e.from}, {"to", e.to}, {"note", s1 + ": " + e.note}});
    for (const auto& e : bc.equivalences)
        eqs.push_back({{"from", e.from}, {"to", e.to}, {"note", s2 + ": " + e.note}});
    for (const auto& e1 : ab.equivalences) {
        const std::string through = option_key(e1.to), first = option_key(e1.from);
        for (const auto& e2 : bc.equivalences)
            if (option_key(e2.from) == through && option_key(e2.to) != first)
                eqs.push_back({{"from", e1.from},
                               {"to", e2.to},
                               {"note", "through the " + B + " option \"" + e1.to + "\": " + s1 +
                                            ": " + e1.note + "; " + s2 + ": " + e2.note}});
    }
    return eqs;
}

/// One C row composed with the step-1 rows of its B sources (`ab_row`, by B criterion id;
/// `a_sheet` 0 when the B sheet has no source sheet).
crosswalk_row compose_row(const crosswalk_row& row, int a_sheet, int b_from_sheet,
                          const std::map<std::string, const crosswalk_row*>& ab_row,
                          const chain_names& n) {
    const std::string &B = n.B, &s1 = n.s1, &s2 = n.s2;
    crosswalk_row out;
    out.to = row.to;
    std::vector<std::string> notes;
    std::vector<const crosswalk_row*> links; // step-1 rows that bring A sources
    bool merged = row.kind == crosswalk_kind::merged, all_same = row.kind == crosswalk_kind::same,
         replaced = row.kind == crosswalk_kind::replaced, split = row.kind == crosswalk_kind::split;
    if (!a_sheet && !row.from.empty())
        notes.push_back(s1 + ": " + B + " sheet " + std::to_string(b_from_sheet) +
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
                out.options.push_back(m < 0 || static_cast<std::size_t>(m) >= row.options.size()
                                          ? -1
                                          : row.options[static_cast<std::size_t>(m)]);
    }
    for (const auto& note : notes) out.note += (out.note.empty() ? "" : "; ") + note;
    return out;
}

/// An A criterion feeding several rows was split on the way: its one-source rows are split
/// pieces; two merges sharing it cannot be written in ocop-crosswalk/1. `uses`: the rows
/// each A criterion feeds.
result<void> mark_splits(std::vector<crosswalk_row>& rows,
                         const std::map<std::string, std::vector<std::size_t>>& uses,
                         std::size_t out_si, int a_sheet, int c_sheet, const chain_names& n) {
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
                           "cannot chain " + n.s1 + " with " + n.s2 + ": " + n.A + " criterion \"" +
                               f + "\" (sheet " + std::to_string(a_sheet) +
                               ") would feed two merged criteria of " + n.C + " sheet " +
                               std::to_string(c_sheet) + " (" + rows[first].to + ", " + rows[r].to +
                               ")");
        }
    }
    return {};
}

/// Dropped: the A criteria of the source sheet that feed no row, with the reason.
boost::json::array dropped_through(const crosswalk_sheet& as, const crosswalk_sheet& bs,
                                   const std::map<std::string, std::vector<std::size_t>>& uses,
                                   const std::string& s1, const std::string& s2) {
    boost::json::array dropped;
    std::vector<std::string> universe;
    for (const auto& r : as.rows)
        for (const auto& f : r.from)
            if (std::find(universe.begin(), universe.end(), f) == universe.end())
                universe.push_back(f);
    for (const auto& d : as.dropped) universe.push_back(d.from);
    for (const auto& a : universe) {
        if (uses.count(a)) continue;
        std::string why;
        for (const auto& d : as.dropped)
            if (d.from == a) why = s1 + ": dropped" + (d.note.empty() ? "" : " (" + d.note + ")");
        for (const auto& r : as.rows) {
            if (std::find(r.from.begin(), r.from.end(), a) == r.from.end()) continue;
            std::string part = s1 + ": to " + r.to + "; " + s2 + ": ";
            const crosswalk_dropped* d = nullptr;
            for (const auto& x : bs.dropped)
                if (x.from == r.to) d = &x;
            part += d ? r.to + " dropped" + (d->note.empty() ? "" : " (" + d->note + ")")
                      : r.to + " has no row";
            why += (why.empty() ? "" : "; ") + part;
        }
        dropped.push_back({{"from", a}, {"note", why}});
    }
    return dropped;
}

/// The criteria rows as ocop-crosswalk/1 JSON.
boost::json::array rows_json(const std::vector<crosswalk_row>& rows) {
    boost::json::array crit;
    for (const auto& r : rows) {
        boost::json::array from;
        for (const auto& f : r.from) from.emplace_back(f);
        boost::json::object o{{"to", r.to}, {"kind", kind_word(r.kind)}, {"from", std::move(from)}};
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
    return crit;
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
    const chain_names n{A, B, C, A + " → " + B, B + " → " + C};
    const std::string &s1 = n.s1, &s2 = n.s2;
    boost::json::array eqs = chained_equivalences(*ab.impl_, *bc.impl_, n);

    boost::json::array sheets;
    for (const crosswalk_sheet& bs : bc.impl_->sheets) {
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
            for (const auto& row : bs.rows)
                rows.push_back(compose_row(row, a_sheet, bs.from_sheet, ab_row, n));
            std::map<std::string, std::vector<std::size_t>> uses;
            for (std::size_t r = 0; r < rows.size(); ++r)
                for (const auto& f : rows[r].from) uses[f].push_back(r);
            if (auto r = mark_splits(rows, uses, out_si, a_sheet, bs.sheet, n); !r)
                return r.error();
            sheets.push_back({{"sheet", bs.sheet},
                              {"from_sheet", a_sheet},
                              {"criteria", rows_json(rows)},
                              {"dropped", as && a_sheet ? dropped_through(*as, bs, uses, s1, s2)
                                                        : boost::json::array()}});
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

} // namespace ocop
