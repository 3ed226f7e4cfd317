// Edition diff: match criteria across two sheets and describe what changed.
#include "../detail/compiled_sheet.hpp"
#include <ocop/crosswalk.hpp>
#include <ocop/diff.hpp>
#include <ocop/result_json.hpp>

#include "../detail/unicode.hpp"

#include <boost/describe/enum_to_string.hpp>

#include <algorithm>
#include <map>

namespace ocop {

namespace {

std::vector<std::uint32_t> decode(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        std::uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
        if (n > 0 && i + static_cast<std::size_t>(n) >= s.size()) { // truncated sequence
            n = 0;
            cp = c;
        }
        for (int k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(n) + 1;
    }
    return out;
}

void encode(std::uint32_t cp, std::string& out) {
    if (cp < 0x80)
        out += static_cast<char>(cp);
    else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int ccc(std::uint32_t cp) {
    return detail::combining_class(cp);
}

bool letter(std::uint32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0;
}

std::size_t skip_spaces(const std::vector<std::uint32_t>& s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == 0xA0)) ++i;
    return i;
}

/// Length of a numbering prefix: "1.", "1.1.", "6.1.1", "a)", "đ )", "a.".
std::size_t numbering(const std::vector<std::uint32_t>& s) {
    std::size_t i = skip_spaces(s, 0);
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
        if (i < s.size() && s[i] == ')') ++i;
        return i;
    }
    if (i < s.size() && letter(s[i])) {
        std::size_t j = i + 1;
        while (j < s.size() && ccc(s[j])) ++j; // decomposed "đ" or accented letter
        const std::size_t k = skip_spaces(s, j);
        if (k < s.size() && s[k] == ')') return k + 1;
    }
    return 0;
}

std::vector<std::string> words(const std::string& norm) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < norm.size()) {
        const auto j = norm.find(' ', i);
        out.push_back(norm.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (j == std::string::npos) break;
        i = j + 1;
    }
    return out;
}

/// The distinct words of a normalised title, sorted (computed once per criterion).
std::vector<std::string> word_set(const std::string& norm) {
    auto w = words(norm);
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    return w;
}

/// Word overlap of two word sets: (shared / smaller set, shared / union).
std::pair<double, double> similarity(const std::vector<std::string>& a,
                                     const std::vector<std::string>& b) {
    std::size_t shared = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j])
            ++i;
        else if (b[j] < a[i])
            ++j;
        else
            ++shared, ++i, ++j;
    }
    if (shared < 2 || a.empty() || b.empty()) return {0.0, 0.0};
    const double small = static_cast<double>(std::min(a.size(), b.size()));
    const double uni = static_cast<double>(a.size() + b.size() - shared);
    return {static_cast<double>(shared) / small, static_cast<double>(shared) / uni};
}

/// Most pairs of leftover criteria compared by title words in one matched group: beyond it
/// (groups far larger than any printed sheet), leftovers are reported as removed and added.
constexpr std::size_t max_similar_pairs = 1u << 16;

/// For each key, the indices holding it in increasing order; first() gives the smallest one
/// not yet used, skipping used ones for good (linear over all calls).
class first_unused {
  public:
    void add(const std::string& key, std::size_t j) { lists_[key].push_back(j); }
    template <class Used>
    int take(const std::string& key, Used used) {
        auto it = lists_.find(key);
        if (it == lists_.end()) return -1;
        auto& e = it->second;
        while (e.pos < e.list.size() && used(e.list[e.pos])) ++e.pos;
        return e.pos < e.list.size() ? static_cast<int>(e.list[e.pos]) : -1;
    }

  private:
    struct entry {
        std::vector<std::size_t> list;
        std::size_t pos = 0;
        void push_back(std::size_t j) { list.push_back(j); }
    };
    std::map<std::string, entry> lists_;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string option_points(const compiled_sheet& sh, std::size_t c) {
    std::string out;
    const auto& cc = sh.criteria[c];
    for (std::uint16_t k = 0; k < cc.option_count; ++k)
        out += (k ? "/" : "") + std::to_string(sh.options[cc.option_first + k].points);
    return out;
}

std::string minimums(const compiled_sheet& sh, std::size_t c) {
    std::string out;
    for (int s = 3; s <= 5; ++s) {
        const int m = sh.criteria[c].min_for_star[static_cast<std::size_t>(s)];
        if (m >= 0) out += (out.empty() ? "" : " ") + std::to_string(s) + "★≥" + std::to_string(m);
    }
    return out;
}

/// Group matching: by code, then by normalised title (each group of `a` takes the first
/// unused group of `b` with the same key; n log n).
std::vector<int> match_groups(const compiled_sheet& a, const compiled_sheet& b) {
    std::vector<int> ga(a.groups.size(), -1);
    std::vector<bool> used(b.groups.size(), false);
    auto is_used = [&](std::size_t j) { return bool(used[j]); };
    auto part_title_key = [](const compiled_sheet& s, std::size_t g) {
        return std::to_string(static_cast<int>(s.groups[g].part)) + '|' +
               normalise_title(s.group(g).title_vi);
    };
    auto code_key = [](const compiled_sheet& s, std::size_t g) {
        return std::to_string(static_cast<int>(s.groups[g].part)) + '|' + s.group(g).code;
    };
    first_unused by_part_title, by_code, by_title;
    for (std::size_t j = 0; j < b.groups.size(); ++j) {
        by_part_title.add(part_title_key(b, j), j);
        by_code.add(code_key(b, j), j);
        by_title.add(normalise_title(b.group(j).title_vi), j);
    }
    // Same title in the same part first: numbering moves between editions (1048's group 11
    // "Cơ hội thị trường toàn cầu" is 148's group 12; 148's 11 is new); then code, then title.
    auto pass = [&](first_unused& index, auto key_of) {
        for (std::size_t i = 0; i < a.groups.size(); ++i) {
            if (ga[i] >= 0) continue;
            const int j = index.take(key_of(i), is_used);
            if (j < 0) continue;
            ga[i] = j;
            used[static_cast<std::size_t>(j)] = true;
        }
    };
    pass(by_part_title, [&](std::size_t i) { return part_title_key(a, i); });
    pass(by_code, [&](std::size_t i) { return code_key(a, i); });
    pass(by_title, [&](std::size_t i) { return normalise_title(a.group(i).title_vi); });
    return ga;
}

} // namespace

std::string normalise_title(std::string_view title) {
    // Case-folded and decomposed (ICU), marks in canonical order.
    auto cps = decode(detail::fold_nfd(title));
    cps.erase(cps.begin(), cps.begin() + static_cast<std::ptrdiff_t>(numbering(cps)));
    std::string out;
    bool space = false;
    for (auto cp : cps) {
        const bool keep = letter(cp) || (cp >= '0' && cp <= '9') || ccc(cp);
        if (!keep) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        encode(cp, out);
    }
    return out;
}

std::vector<criterion_match> match_criteria(const compiled_sheet& a, const compiled_sheet& b) {
    const std::size_t na = a.criteria.size(), nb = b.criteria.size();
    std::vector<int> ma(na, -1), mb(nb, -1);
    std::vector<criterion_match> out;
    auto link = [&](std::size_t i, std::size_t j, match_kind how) {
        ma[i] = static_cast<int>(j);
        mb[j] = static_cast<int>(i);
        out.push_back({static_cast<int>(i), static_cast<int>(j), how});
    };
    for (std::size_t i = 0; i < na; ++i) {
        const int j = b.find(a.criterion(i).id);
        if (j >= 0 && mb[static_cast<std::size_t>(j)] < 0 &&
            b.criterion(static_cast<std::size_t>(j)).id == a.criterion(i).id)
            link(i, static_cast<std::size_t>(j), match_kind::id);
    }
    std::vector<std::string> ta(na), tb(nb);
    for (std::size_t i = 0; i < na; ++i) ta[i] = normalise_title(a.criterion(i).title_vi);
    for (std::size_t j = 0; j < nb; ++j) tb[j] = normalise_title(b.criterion(j).title_vi);
    {
        first_unused by_title;
        for (std::size_t j = 0; j < nb; ++j) by_title.add(tb[j], j);
        for (std::size_t i = 0; i < na; ++i) {
            if (ma[i] >= 0 || ta[i].empty()) continue;
            const int j = by_title.take(ta[i], [&](std::size_t k) { return mb[k] >= 0; });
            if (j >= 0) link(i, static_cast<std::size_t>(j), match_kind::title);
        }
    }

    const auto ga = match_groups(a, b);
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        if (ga[g] < 0) continue;
        const auto& x = a.groups[g];
        const auto& y = b.groups[static_cast<std::size_t>(ga[g])];
        if (x.criterion_count == 1 && y.criterion_count == 1 && ma[x.criterion_first] < 0 &&
            mb[y.criterion_first] < 0)
            link(x.criterion_first, y.criterion_first, match_kind::sole_in_group);
    }
    // Similar titles inside matched groups, best pairs first.
    struct cand {
        double contain, jaccard;
        std::size_t i, j;
    };
    std::vector<cand> cands;
    std::vector<std::size_t> la, lb;
    std::vector<std::vector<std::string>> wa(na), wb(nb);
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        if (ga[g] < 0) continue;
        const auto& x = a.groups[g];
        const auto& y = b.groups[static_cast<std::size_t>(ga[g])];
        la.clear();
        lb.clear();
        for (std::size_t i = x.criterion_first; i < x.criterion_first + x.criterion_count; ++i)
            if (ma[i] < 0) la.push_back(i);
        for (std::size_t j = y.criterion_first; j < y.criterion_first + y.criterion_count; ++j)
            if (mb[j] < 0) lb.push_back(j);
        if (la.size() * lb.size() > max_similar_pairs) continue; // bounded: see above
        for (auto i : la) wa[i] = word_set(ta[i]);
        for (auto j : lb) wb[j] = word_set(tb[j]);
        for (auto i : la)
            for (auto j : lb) {
                const auto [c, jac] = similarity(wa[i], wb[j]);
                if (c >= 0.8) cands.push_back({c, jac, i, j});
            }
    }
    std::stable_sort(cands.begin(), cands.end(), [](const cand& p, const cand& q) {
        return p.contain != q.contain ? p.contain > q.contain : p.jaccard > q.jaccard;
    });
    for (const auto& c : cands)
        if (ma[c.i] < 0 && mb[c.j] < 0) link(c.i, c.j, match_kind::similar_title);
    std::sort(out.begin(), out.end(),
              [](const criterion_match& p, const criterion_match& q) { return p.b < q.b; });
    return out;
}

namespace {

/// The reviewed links of a crosswalk sheet as criterion matches.
std::vector<criterion_match> crosswalk_matches(const compiled_sheet& a, const compiled_sheet& b,
                                               const crosswalk_sheet& cw) {
    std::vector<criterion_match> out;
    for (const auto& r : cw.rows)
        if ((r.kind == crosswalk_kind::same || r.kind == crosswalk_kind::renamed) &&
            r.from.size() == 1)
            if (const int i = a.find(r.from[0]), j = b.find(r.to); i >= 0 && j >= 0)
                out.push_back({i, j, match_kind::crosswalk});
    std::sort(out.begin(), out.end(),
              [](const criterion_match& p, const criterion_match& q) { return p.b < q.b; });
    return out;
}

sheet_diff diff_with(const compiled_sheet& a, const compiled_sheet& b,
                     const std::vector<criterion_match>& matches);

} // namespace

sheet_diff diff_sheets(const compiled_sheet& a, const compiled_sheet& b) {
    return diff_with(a, b, match_criteria(a, b));
}

sheet_diff diff_sheets(const compiled_sheet& a, const compiled_sheet& b,
                       const crosswalk_sheet& cw) {
    return diff_with(a, b, crosswalk_matches(a, b, cw));
}

namespace {

sheet_diff diff_with(const compiled_sheet& a, const compiled_sheet& b,
                     const std::vector<criterion_match>& matches) {
    sheet_diff d;
    d.sheet = b.no;
    d.name_a = a.def->name_vi;
    d.name_b = b.def->name_vi;
    std::vector<int> ma(a.criteria.size(), -1), mb(b.criteria.size(), -1);
    std::vector<match_kind> how_b(b.criteria.size());
    for (const auto& m : matches) {
        ma[static_cast<std::size_t>(m.a)] = m.b;
        mb[static_cast<std::size_t>(m.b)] = m.a;
        how_b[static_cast<std::size_t>(m.b)] = m.how;
    }

    // Parts: the sheet's achievable maximum per part (budgets differ between editions).
    for (int p = 0; p < part_count; ++p)
        if (a.part_max[p] != b.part_max[p]) {
            diff_entry e;
            e.kind = change_kind::part_changed;
            e.part = static_cast<part_code>(p);
            e.ids_a = e.ids_b = {std::string(1, "ABC"[p])};
            e.title_a = e.title_b = std::string("Part ") + "ABC"[p];
            e.max_a = a.part_max[p];
            e.max_b = b.part_max[p];
            e.reweighted = true;
            d.entries.push_back(std::move(e));
        }

    // Groups.
    const auto ga = match_groups(a, b);
    std::vector<int> gb(b.groups.size(), -1);
    for (std::size_t g = 0; g < ga.size(); ++g)
        if (ga[g] >= 0) gb[static_cast<std::size_t>(ga[g])] = static_cast<int>(g);
    for (std::size_t g = 0; g < a.groups.size(); ++g)
        if (ga[g] < 0) {
            diff_entry e;
            e.kind = change_kind::group_removed;
            e.part = a.groups[g].part;
            e.ids_a = {a.group(g).code};
            e.title_a = a.group(g).title_vi;
            e.max_a = a.groups[g].max_points;
            d.entries.push_back(std::move(e));
        }
    for (std::size_t j = 0; j < b.groups.size(); ++j) {
        diff_entry e;
        e.part = b.groups[j].part;
        e.ids_b = {b.group(j).code};
        e.title_b = b.group(j).title_vi;
        e.max_b = b.groups[j].max_points;
        if (gb[j] < 0) {
            e.kind = change_kind::group_added;
            d.entries.push_back(std::move(e));
            continue;
        }
        const auto g = static_cast<std::size_t>(gb[j]);
        e.kind = change_kind::group_changed;
        e.ids_a = {a.group(g).code};
        e.title_a = a.group(g).title_vi;
        e.max_a = a.groups[g].max_points;
        e.reweighted = e.max_a != e.max_b;
        e.retitled = normalise_title(e.title_a) != normalise_title(e.title_b);
        if (e.reweighted || e.retitled) d.entries.push_back(std::move(e));
    }

    // Leftovers inside matched groups: merges and splits.
    std::vector<bool> done_a(a.criteria.size(), false), done_b(b.criteria.size(), false);
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        if (ga[g] < 0) continue;
        const auto& x = a.groups[g];
        const auto& y = b.groups[static_cast<std::size_t>(ga[g])];
        std::vector<std::size_t> la, lb;
        for (std::size_t i = x.criterion_first; i < x.criterion_first + x.criterion_count; ++i)
            if (ma[i] < 0) la.push_back(i);
        for (std::size_t j = y.criterion_first; j < y.criterion_first + y.criterion_count; ++j)
            if (mb[j] < 0) lb.push_back(j);
        if (la.empty() || lb.empty() || (la.size() == 1 && lb.size() == 1) ||
            (la.size() > 1 && lb.size() > 1))
            continue;
        diff_entry e;
        e.kind = la.size() > 1 ? change_kind::merged : change_kind::split;
        e.part = y.part;
        e.max_a = e.max_b = 0;
        for (auto i : la) {
            e.ids_a.push_back(a.criterion(i).id);
            e.max_a += a.criteria[i].max_points;
            e.options_a += (e.options_a.empty() ? "" : " + ") + option_points(a, i);
            done_a[i] = true;
        }
        for (auto j : lb) {
            e.ids_b.push_back(b.criterion(j).id);
            e.max_b += b.criteria[j].max_points;
            e.options_b += (e.options_b.empty() ? "" : " + ") + option_points(b, j);
            done_b[j] = true;
        }
        e.title_a = a.criterion(la.front()).title_vi;
        e.title_b = b.criterion(lb.front()).title_vi;
        e.reweighted = e.max_a != e.max_b;
        d.entries.push_back(std::move(e));
    }

    for (std::size_t i = 0; i < a.criteria.size(); ++i)
        if (ma[i] < 0 && !done_a[i]) {
            diff_entry e;
            e.kind = change_kind::removed;
            e.part = a.criteria[i].part;
            e.ids_a = {a.criterion(i).id};
            e.title_a = a.criterion(i).title_vi;
            e.max_a = a.criteria[i].max_points;
            e.options_a = option_points(a, i);
            e.minimums_a = minimums(a, i);
            d.entries.push_back(std::move(e));
        }
    for (std::size_t j = 0; j < b.criteria.size(); ++j) {
        if (done_b[j]) continue;
        diff_entry e;
        e.part = b.criteria[j].part;
        e.ids_b = {b.criterion(j).id};
        e.title_b = b.criterion(j).title_vi;
        e.max_b = b.criteria[j].max_points;
        e.options_b = option_points(b, j);
        e.minimums_b = minimums(b, j);
        e.binary = b.criteria[j].binary;
        if (mb[j] < 0) {
            e.kind = change_kind::added;
            d.entries.push_back(std::move(e));
            continue;
        }
        const auto i = static_cast<std::size_t>(mb[j]);
        e.kind = change_kind::changed;
        e.ids_a = {a.criterion(i).id};
        e.title_a = a.criterion(i).title_vi;
        e.max_a = a.criteria[i].max_points;
        e.options_a = option_points(a, i);
        e.minimums_a = minimums(a, i);
        e.how = how_b[j];
        e.reweighted = e.max_a != e.max_b;
        e.options_changed = e.options_a != e.options_b;
        e.remarked = e.minimums_a != e.minimums_b;
        e.retitled = normalise_title(e.title_a) != normalise_title(e.title_b);
        if (e.reweighted || e.options_changed || e.remarked || e.retitled)
            d.entries.push_back(std::move(e));
    }
    return d;
}

} // namespace

result<std::vector<sheet_diff>> diff_rulesets(const ruleset& a, const ruleset& b,
                                              std::optional<int> only) {
    std::vector<sheet_diff> out;
    const crosswalk* cw = crosswalk::builtin(a.id(), b.id());
    if (cw && !cw->validate(a, b)) cw = nullptr; // a variant under the same id: match by title
    for (const auto& sb : b.sheets()) {
        if (only && sb.no != *only) continue;
        // A crosswalk pairs sheets by product set (148 re-cut 1048's: 148 sheet 9 "Tương, nước
        // mắm" is 1048 sheet 10); without one, sheets of the same number are compared.
        // A target sheet without a source keeps only a missing sheet of its number, whose
        // refusal is the answer (148 sheet 3 ← 1048's untranscribed sheet 3).
        const crosswalk_sheet* primary = cw ? cw->sheet(sb.no) : nullptr;
        const compiled_sheet* sa =
            primary && primary->from_sheet > 0 ? a.sheet(primary->from_sheet) : a.sheet(sb.no);
        if (sa && cw && !(primary && primary->from_sheet > 0) &&
            sa->def->status != sheet_status::missing)
            sa = nullptr;
        if (!sa) continue;
        const compiled_sheet* missing = sa->def->status == sheet_status::missing  ? sa
                                        : sb.def->status == sheet_status::missing ? &sb
                                                                                  : nullptr;
        if (missing) {
            if (only && missing->refusal) return *missing->refusal;
            continue;
        }
        const crosswalk_sheet* cs = cw ? cw->sheet(sb.no, sa->no) : nullptr;
        out.push_back(cs ? diff_sheets(*sa, sb, *cs) : diff_sheets(*sa, sb));
    }
    if (only && out.empty())
        return diagnostic{errc::unknown_sheet, "",
                          "sheet " + std::to_string(*only) + " is not in both " + a.id() + " and " +
                              b.id()};
    return out;
}

namespace {

const char* kind_name(change_kind k) {
    return boost::describe::enum_to_string(k, "?");
}

std::string cell(std::string s) {
    for (auto& ch : s)
        if (ch == '|')
            ch = '/';
        else if (ch == '\n')
            ch = ' ';
    return s;
}

std::string detail_text(const diff_entry& e) {
    std::vector<std::string> parts;
    auto pts = [](int v) { return std::to_string(v); };
    switch (e.kind) {
    case change_kind::added:
        parts.push_back("added, max " + pts(e.max_b) + (e.binary ? " (binary)" : "") +
                        ", options " + e.options_b);
        break;
    case change_kind::removed:
        parts.push_back("removed, max " + pts(e.max_a));
        break;
    case change_kind::merged:
    case change_kind::split:
        parts.push_back(std::string(kind_name(e.kind)) + ": " + join(e.ids_a, " + ") + " → " +
                        join(e.ids_b, " + ") + ", max " + pts(e.max_a) + " → " + pts(e.max_b));
        break;
    case change_kind::group_added:
        parts.push_back("group added, max " + pts(e.max_b));
        break;
    case change_kind::group_removed:
        parts.push_back("group removed, max " + pts(e.max_a));
        break;
    case change_kind::part_changed:
        parts.push_back("part maximum " + pts(e.max_a) + " → " + pts(e.max_b));
        break;
    default:
        if (e.reweighted) parts.push_back("re-weighted " + pts(e.max_a) + " → " + pts(e.max_b));
        if (e.options_changed) parts.push_back("options " + e.options_a + " → " + e.options_b);
        if (e.remarked)
            parts.push_back("minimums " + (e.minimums_a.empty() ? "none" : e.minimums_a) + " → " +
                            (e.minimums_b.empty() ? "none" : e.minimums_b));
        if (e.retitled) parts.push_back("title changed");
    }
    return join(parts, "; ");
}

} // namespace

std::string diff_markdown(const ruleset& a, const ruleset& b, const std::vector<sheet_diff>& d) {
    std::string out = "# Changes from " + a.id() + " to " + b.id() + "\n\n";
    for (const auto& s : d) {
        out += "## Sheet " + std::to_string(s.sheet) + ": " +
               (s.name_a == s.name_b ? s.name_b : s.name_a + " → " + s.name_b) + "\n\n";
        if (s.entries.empty()) {
            out += "No changes.\n\n";
            continue;
        }
        out += "| Part | " + a.id() + " | " + b.id() + " | Change |\n|---|---|---|---|\n";
        for (const auto& e : s.entries) {
            const std::string left =
                e.ids_a.empty() ? "—" : join(e.ids_a, " + ") + " " + cell(e.title_a);
            const std::string right =
                e.ids_b.empty() ? "—" : join(e.ids_b, " + ") + " " + cell(e.title_b);
            out += "| " + std::string(boost::describe::enum_to_string(e.part, "?")) + " | " + left +
                   " | " + right + " | " + detail_text(e) + " |\n";
        }
        out += "\n";
    }
    return out;
}

std::string diff_json(const ruleset& a, const ruleset& b, const std::vector<sheet_diff>& d) {
    std::string out = "{\"from\":";
    append_json_string(out, a.id());
    out += ",\"from_hash\":";
    append_json_string(out, a.hash());
    out += ",\"to\":";
    append_json_string(out, b.id());
    out += ",\"to_hash\":";
    append_json_string(out, b.hash());
    out += ",\"sheets\":[";
    auto list = [&](const std::vector<std::string>& v) {
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, v[i]);
        }
        out += ']';
    };
    for (std::size_t si = 0; si < d.size(); ++si) {
        const auto& s = d[si];
        out +=
            (si ? ",{" : "{") + std::string("\"sheet\":") + std::to_string(s.sheet) + ",\"name\":";
        append_json_string(out, s.name_b);
        out += ",\"from_name\":";
        append_json_string(out, s.name_a);
        out += ",\"changes\":[";
        for (std::size_t i = 0; i < s.entries.size(); ++i) {
            const auto& e = s.entries[i];
            out += i ? ",{" : "{";
            out += "\"kind\":\"" + std::string(kind_name(e.kind)) + "\",\"part\":\"" +
                   boost::describe::enum_to_string(e.part, "?") + "\",\"from_ids\":";
            list(e.ids_a);
            out += ",\"to_ids\":";
            list(e.ids_b);
            out += ",\"from_title\":";
            append_json_string(out, e.title_a);
            out += ",\"to_title\":";
            append_json_string(out, e.title_b);
            if (e.max_a >= 0) out += ",\"from_max\":" + std::to_string(e.max_a);
            if (e.max_b >= 0) out += ",\"to_max\":" + std::to_string(e.max_b);
            if (!e.options_a.empty()) {
                out += ",\"from_options\":";
                append_json_string(out, e.options_a);
            }
            if (!e.options_b.empty()) {
                out += ",\"to_options\":";
                append_json_string(out, e.options_b);
            }
            out += ",\"from_minimums\":";
            append_json_string(out, e.minimums_a);
            out += ",\"to_minimums\":";
            append_json_string(out, e.minimums_b);
            out += std::string(",\"reweighted\":") + (e.reweighted ? "true" : "false") +
                   ",\"options_changed\":" + (e.options_changed ? "true" : "false") +
                   ",\"remarked\":" + (e.remarked ? "true" : "false") +
                   ",\"retitled\":" + (e.retitled ? "true" : "false") +
                   ",\"binary\":" + (e.binary ? "true" : "false");
            if (e.how) {
                out += ",\"matched_by\":\"";
                out += boost::describe::enum_to_string(*e.how, "?");
                out += '"';
            }
            out += ",\"summary\":";
            append_json_string(out, detail_text(e));
            out += '}';
        }
        out += "]}";
    }
    out += "]}\n";
    return out;
}

} // namespace ocop
