// Chained crosswalks (issue 22 item 5): A → B and B → C composed into A → C without inventing
// credit. Synthetic three-edition rulesets check each rule of docs/rescore.md "Chained
// crosswalks"; the built-in 148 → 26/2026 file chained with identity crosswalks must come out
// unchanged; the route search and `ocop rescore --crosswalk A --crosswalk B`.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <ocop/crosswalk.hpp>
#include <ocop/rescore.hpp>

#include <algorithm>

using namespace ocop;
using namespace ocop::test;

namespace {

/// A criterion of a synthetic ruleset: id and option labels (points 0, 1, 2…).
struct crit {
    std::string id;
    std::vector<std::string> labels;
};

/// Option labels "lua chon a cua STEM", "lua chon b cua STEM"… (`n` of them).
std::vector<std::string> labels(const std::string& stem, int n) {
    std::vector<std::string> out;
    for (int k = 0; k < n; ++k)
        out.push_back(std::string("lua chon ") + static_cast<char>('a' + k) + " cua " + stem);
    return out;
}

/// A one-sheet ruleset: part A holds `criteria`, parts B and C one 0-point criterion each
/// ("b", "c", the same in every edition).
std::string ruleset_text(const std::string& id, const std::vector<crit>& criteria) {
    auto doc = boost::json::parse(R"({
      "format": "ocop-ruleset/1", "id": "", "title": "synthetic", "status": "provisional",
      "provenance": {"decision": "test", "issued_on": "2026-01-01", "effective_from": "2026-01-01"},
      "parts": [{"code": "A", "name_vi": "A", "budget": 40}, {"code": "B", "name_vi": "B", "budget": 25},
                {"code": "C", "name_vi": "C", "budget": 35}],
      "star_bands": [{"stars": 5, "min": 90, "max": 100, "max_inclusive": true},
                     {"stars": 4, "min": 70, "max": 90}, {"stars": 3, "min": 50, "max": 70},
                     {"stars": 2, "min": 30, "max": 50}, {"stars": 1, "min": 0, "max": 30}],
      "council": {"combine": "mean"},
      "policies": {"missed_minimum": "cap", "defects": "probable"},
      "sheets": [{"no": 1, "name_vi": "s", "status": "consistent", "groups": [
        {"part": "A", "code": "1", "title_vi": "g1", "max_points": 0, "criteria": []},
        {"part": "B", "code": "2", "title_vi": "g2", "max_points": 0, "criteria": [
          {"id": "b", "code": "b", "title_vi": "b", "max_points": 0,
           "options": [{"label_vi": "o0", "points": 0}]}]},
        {"part": "C", "code": "3", "title_vi": "g3", "max_points": 0, "criteria": [
          {"id": "c", "code": "c", "title_vi": "c", "max_points": 0,
           "options": [{"label_vi": "o0", "points": 0}]}]}]}]})")
                   .as_object();
    doc["id"] = id;
    auto& g = doc["sheets"].as_array()[0].as_object()["groups"].as_array()[0].as_object();
    auto& list = g["criteria"].as_array();
    int total = 0;
    for (const auto& c : criteria) {
        boost::json::array opts;
        for (std::size_t k = 0; k < c.labels.size(); ++k)
            opts.push_back({{"label_vi", c.labels[k]}, {"points", static_cast<int>(k)}});
        const int max = static_cast<int>(c.labels.size()) - 1;
        total += max;
        list.push_back({{"id", c.id},
                        {"code", c.id},
                        {"title_vi", "tieu chi " + c.id},
                        {"max_points", max},
                        {"options", std::move(opts)}});
    }
    g["max_points"] = total;
    return boost::json::serialize(doc);
}

// Three editions. Stems say which option texts are the same thing across editions.
const std::vector<crit> edition_a = {
    {"a1", labels("k1", 3)},      {"a2", labels("k2", 2)},   {"a3", labels("k3", 2)},
    {"a4", labels("k4", 2)},      {"a5", labels("k5", 2)},   {"a6", labels("k6", 2)},
    {"a7", labels("k7", 3)},      {"a8", labels("k8", 2)},   {"a9", labels("k9", 2)},
    {"a11", {"old words", "y1"}}, {"a13", labels("k13", 2)}, {"a14", labels("k14", 2)}};
const std::vector<crit> edition_b = {
    {"b1", labels("k1", 3)},         {"b23", labels("k23", 2)}, {"b5", labels("k5", 2)},
    {"b6", labels("k6", 2)},         {"b7", labels("k7", 3)},   {"b8", labels("k8", 2)},
    {"b9a", labels("k9", 2)},        {"b9b", labels("k9b", 2)}, {"b10", labels("k10", 2)},
    {"b11", {"middle words", "y1"}}, {"b12", labels("k12", 2)}, {"b13", labels("k13", 2)},
    {"b14", labels("k14", 2)}};
const std::vector<crit> edition_c = {
    {"c1", labels("k1", 3)},
    {"c23", labels("k23", 2)},
    {"c6", labels("k6", 2)},
    {"c7", labels("k7", 3)},
    {"c8", labels("k8", 2)},
    {"c9a", {labels("k9", 2)[1], labels("k9", 2)[0]}}, // the same two rungs, in reverse
    {"c10", labels("k10c", 2)},
    {"c11", {"new words", "y1"}},
    {"c12", labels("k12", 2)},
    {"c14", labels("k14c", 2)},
    {"cnew", labels("knew", 2)}};

const std::string ab_text = R"({"format": "ocop-crosswalk/1", "from": "syn-a", "to": "syn-b",
  "option_equivalences": [{"from": "old words", "to": "middle words", "note": "reworded in B"}],
  "sheets": [{"sheet": 1, "from_sheet": 1, "criteria": [
    {"to": "b1", "kind": "same", "from": ["a1"], "options": {"1": 1, "2": 2, "3": 3}},
    {"to": "b23", "kind": "merged", "from": ["a2", "a3"], "note": "two became one"},
    {"to": "b5", "kind": "same", "from": ["a5"], "options": {"1": 1, "2": 2}},
    {"to": "b6", "kind": "renamed", "from": ["a6"], "options": {"1": 1, "2": 2}, "note": "new title"},
    {"to": "b7", "kind": "same", "from": ["a7"], "options": {"1": 1, "2": null, "3": 3}},
    {"to": "b8", "kind": "replaced", "from": ["a8"], "options": {"1": 1, "2": 2}},
    {"to": "b9a", "kind": "split", "from": ["a9"], "options": {"1": 1, "2": 2}},
    {"to": "b9b", "kind": "split", "from": ["a9"]},
    {"to": "b10", "kind": "new"},
    {"to": "b11", "kind": "same", "from": ["a11"], "options": {"1": 1, "2": 2}},
    {"to": "b12", "kind": "new"},
    {"to": "b13", "kind": "same", "from": ["a13"], "options": {"1": 1, "2": 2}},
    {"to": "b14", "kind": "same", "from": ["a14"], "options": {"1": 1, "2": 2}},
    {"to": "b", "kind": "same", "from": ["b"], "options": {"1": 1}},
    {"to": "c", "kind": "same", "from": ["c"], "options": {"1": 1}}],
   "dropped": [{"from": "a4", "note": "removed in B"}]}]})";

const std::string bc_text = R"({"format": "ocop-crosswalk/1", "from": "syn-b", "to": "syn-c",
  "option_equivalences": [{"from": "middle words", "to": "new words", "note": "reworded in C"}],
  "sheets": [{"sheet": 1, "from_sheet": 1, "criteria": [
    {"to": "c1", "kind": "same", "from": ["b1"], "options": {"1": 1, "2": 2, "3": 3}},
    {"to": "c23", "kind": "same", "from": ["b23"], "options": {"1": 1, "2": 2}},
    {"to": "c6", "kind": "same", "from": ["b6"], "options": {"1": 1, "2": 2}},
    {"to": "c7", "kind": "same", "from": ["b7"], "options": {"1": null, "2": 2, "3": 3}},
    {"to": "c8", "kind": "same", "from": ["b8"], "options": {"1": 1, "2": 2}},
    {"to": "c9a", "kind": "same", "from": ["b9a"], "options": {"1": 2, "2": 1}},
    {"to": "c10", "kind": "merged", "from": ["b9b", "b13"]},
    {"to": "c11", "kind": "same", "from": ["b11"], "options": {"1": 1, "2": 2}},
    {"to": "c12", "kind": "same", "from": ["b12"], "options": {"1": 1, "2": 2}},
    {"to": "c14", "kind": "merged", "from": ["b14", "b10"]},
    {"to": "cnew", "kind": "new"},
    {"to": "b", "kind": "same", "from": ["b"], "options": {"1": 1}},
    {"to": "c", "kind": "same", "from": ["c"], "options": {"1": 1}}],
   "dropped": [{"from": "b5", "note": "gone in C"}]}]})";

struct synthetic {
    registry reg = registry::builtin();
    crosswalk ab, bc;
    synthetic() {
        const std::vector<std::pair<std::string, std::vector<crit>>> editions = {
            {"syn-a", edition_a}, {"syn-b", edition_b}, {"syn-c", edition_c}};
        for (const auto& [id, cs] : editions) {
            auto rs = ruleset::load(ruleset_text(id, cs));
            if (!rs) FAIL(id << ": " << rs.error().what());
            reg.add(std::move(*rs));
        }
        ab = crosswalk::load(ab_text).value();
        bc = crosswalk::load(bc_text).value();
    }
    const ruleset& a() const { return *reg.find("syn-a"); }
    const ruleset& b() const { return *reg.find("syn-b"); }
    const ruleset& c() const { return *reg.find("syn-c"); }
};

const crosswalk_row& row_of(const crosswalk& cw, const std::string& to) {
    static const crosswalk_row none{};
    for (const auto& r : cw.sheets().at(0).rows)
        if (r.to == to) return r;
    FAIL("no row " << to);
    return none;
}

const crosswalk_dropped* dropped_of(const crosswalk_sheet& s, const std::string& from) {
    for (const auto& d : s.dropped)
        if (d.from == from) return &d;
    return nullptr;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

using ids = std::vector<std::string>;
using opts = std::vector<int>;

} // namespace

TEST_CASE("crosswalk chain: the synthetic steps validate on their own") {
    synthetic s;
    auto v1 = s.ab.validate(s.a(), s.b());
    INFO((v1 ? std::string() : v1.error().what()));
    CHECK(v1.has_value());
    auto v2 = s.bc.validate(s.b(), s.c());
    INFO((v2 ? std::string() : v2.error().what()));
    CHECK(v2.has_value());
}

TEST_CASE("crosswalk chain: each kind rule, option composition and the drops") {
    synthetic s;
    auto ac = crosswalk::chain(s.ab, s.bc);
    REQUIRE(ac.has_value());
    CHECK(ac->from_id() == "syn-a");
    CHECK(ac->to_id() == "syn-c");
    // The composed crosswalk is a valid A → C crosswalk: every C criterion has a row, every
    // A criterion a row or a drop, every option link rests on texts or an equivalence (c11:
    // "old words" → "new words" only through B's "middle words").
    auto v = ac->validate(s.a(), s.c());
    INFO((v ? std::string() : v.error().what()));
    REQUIRE(v.has_value());
    REQUIRE(ac->sheets().size() == 1);
    CHECK(ac->sheets()[0].from_sheet == 1);

    // same + same = same; options bc(ab(o)).
    CHECK(row_of(*ac, "c1").kind == crosswalk_kind::same);
    CHECK(row_of(*ac, "c1").from == ids{"a1"});
    CHECK(row_of(*ac, "c1").options == opts{0, 1, 2});
    // merged in step 1, same in step 2: merged, every answer open.
    CHECK(row_of(*ac, "c23").kind == crosswalk_kind::merged);
    CHECK(row_of(*ac, "c23").from == ids{"a2", "a3"});
    CHECK(row_of(*ac, "c23").options.empty());
    // renamed + same = renamed.
    CHECK(row_of(*ac, "c6").kind == crosswalk_kind::renamed);
    CHECK(row_of(*ac, "c6").options == opts{0, 1});
    // An option open in either step is open: a7 option 1 is open in B → C, option 2 in A → B.
    CHECK(row_of(*ac, "c7").kind == crosswalk_kind::same);
    CHECK(row_of(*ac, "c7").options == opts{-1, -1, 2});
    // replaced + same = replaced, options still composed.
    CHECK(row_of(*ac, "c8").kind == crosswalk_kind::replaced);
    CHECK(row_of(*ac, "c8").options == opts{0, 1});
    // split + same = split, and the reversed option map of step 2 is applied after step 1's.
    CHECK(row_of(*ac, "c9a").kind == crosswalk_kind::split);
    CHECK(row_of(*ac, "c9a").options == opts{1, 0});
    // merged of a split piece of a9 and b13 (from a13): merged [a9, a13], after the split
    // piece c9a in printed order (the loader accepts it in any order).
    CHECK(row_of(*ac, "c10").kind == crosswalk_kind::merged);
    CHECK(row_of(*ac, "c10").from == ids{"a9", "a13"});
    // Equivalences chained through B's text.
    CHECK(row_of(*ac, "c11").kind == crosswalk_kind::same);
    CHECK(row_of(*ac, "c11").options == opts{0, 1});
    // The only B source is new in A → B: new.
    CHECK(row_of(*ac, "c12").kind == crosswalk_kind::added);
    CHECK(row_of(*ac, "c12").from.empty());
    // Merged from b14 (a14) and b10 (new in A → B): one A source, answer open.
    CHECK(row_of(*ac, "c14").kind == crosswalk_kind::replaced);
    CHECK(row_of(*ac, "c14").from == ids{"a14"});
    CHECK(row_of(*ac, "c14").options.empty());
    CHECK(row_of(*ac, "cnew").kind == crosswalk_kind::added);
    // Notes: both steps, labelled.
    CHECK(
        contains(row_of(*ac, "c23").note, "syn-a → syn-b b23: merged from a2+a3 (two became one)"));
    CHECK(contains(row_of(*ac, "c23").note, "syn-b → syn-c c23: same from b23"));
    // Dropped: a4 in step 1, a5 because b5 is dropped in step 2; with the reasons.
    CHECK(ac->sheets()[0].dropped.size() == 2);
    const auto* a4 = dropped_of(ac->sheets()[0], "a4");
    REQUIRE(a4 != nullptr);
    CHECK(contains(a4->note, "syn-a → syn-b: dropped (removed in B)"));
    const auto* a5 = dropped_of(ac->sheets()[0], "a5");
    REQUIRE(a5 != nullptr);
    CHECK(contains(a5->note, "syn-a → syn-b: to b5; syn-b → syn-c: b5 dropped (gone in C)"));
    // Provenance: the two files and their hashes.
    REQUIRE(ac->chained());
    REQUIRE(ac->steps().size() == 2);
    CHECK(ac->steps()[0].hash == s.ab.hash());
    CHECK(ac->steps()[1].hash == s.bc.hash());
    CHECK(ac->steps()[0].to == "syn-b");
    CHECK(ac->hash().starts_with("sha256:"));
    CHECK(ac->hash() != s.ab.hash());
    CHECK_FALSE(s.ab.chained());
}

TEST_CASE("crosswalk chain: a rescore through the composed crosswalk carries only linked answers") {
    synthetic s;
    auto ac = crosswalk::chain(s.ab, s.bc);
    REQUIRE(ac.has_value());
    rescorer rs(s.reg, s.a(), s.c(), fill_policy::range, &*ac);
    REQUIRE_FALSE(rs.crosswalk_error());
    auto record = [](int a7) {
        boost::json::object ans;
        for (const auto& c : edition_a) ans[c.id] = boost::json::object{{"option", 2}};
        ans["a7"] = boost::json::object{{"option", a7}};
        ans["b"] = boost::json::object{{"option", 1}};
        ans["c"] = boost::json::object{{"option", 1}};
        return boost::json::value{
            {"id", "R"}, {"ruleset", "syn-a"}, {"sheet", 1}, {"answers", ans}};
    };
    auto top = rs.rescore(record(3));
    REQUIRE(top.has_value());
    auto has = [](const std::vector<std::string>& v, const char* id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    CHECK(has(top->mapped, "c7"));
    CHECK(has(top->mapped, "c9a"));
    CHECK(has(top->open, "c23"));
    CHECK(has(top->open, "c14"));
    CHECK(has(top->open, "c12"));
    CHECK(has(top->merged, "c10"));
    auto mid = rs.rescore(record(2)); // open in step 1
    REQUIRE(mid.has_value());
    CHECK(has(mid->open, "c7"));
    CHECK_FALSE(has(mid->mapped, "c7"));
}

TEST_CASE("crosswalk chain: crosswalks that do not connect are refused with the pointer") {
    synthetic s;
    auto e = crosswalk::chain(s.ab, s.ab); // syn-a → syn-b, then syn-a → syn-b again
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().code == errc::invalid_value);
    CHECK(e.error().path == "/from");
    CHECK(contains(e.error().message, "must start at syn-b"));
    auto seq = crosswalk::chain(std::vector<const crosswalk*>{&s.ab, &s.bc, &s.bc});
    REQUIRE_FALSE(seq.has_value());
    CHECK(seq.error().path == "/from");
    CHECK(contains(seq.error().message, "step 3"));
    // Two merges sharing one A criterion (split in step 1) cannot be written as a crosswalk.
    auto x = crosswalk::load(R"({"format": "ocop-crosswalk/1", "from": "X", "to": "Y",
      "sheets": [{"sheet": 1, "from_sheet": 1, "criteria": [
        {"to": "p", "kind": "split", "from": ["a"]}, {"to": "q", "kind": "split", "from": ["a"]},
        {"to": "r", "kind": "same", "from": ["r"]}, {"to": "s", "kind": "same", "from": ["s"]}]}]})");
    auto y = crosswalk::load(R"({"format": "ocop-crosswalk/1", "from": "Y", "to": "Z",
      "sheets": [{"sheet": 1, "from_sheet": 1, "criteria": [
        {"to": "t", "kind": "merged", "from": ["p", "r"]},
        {"to": "u", "kind": "merged", "from": ["q", "s"]}]}]})");
    REQUIRE(x.has_value());
    REQUIRE(y.has_value());
    auto twice = crosswalk::chain(*x, *y);
    REQUIRE_FALSE(twice.has_value());
    CHECK(twice.error().path == "/sheets/0/criteria/1/from");
}

TEST_CASE("crosswalk chain: route finds the shortest chain breadth-first") {
    auto mk = [](const char* from, const char* to) {
        return crosswalk::load(std::string(R"({"format": "ocop-crosswalk/1", "from": ")") + from +
                               R"(", "to": ")" + to + R"(", "sheets": []})")
            .value();
    };
    const crosswalk ab = mk("A", "B"), bc = mk("B", "C"), cd = mk("C", "D"), bd = mk("B", "D"),
                    xa = mk("X", "A");
    const std::vector<const crosswalk*> all{&xa, &cd, &ab, &bc, &bd};
    CHECK(crosswalk::route("A", "C", all) == std::vector<const crosswalk*>{&ab, &bc});
    CHECK(crosswalk::route("A", "D", all) == std::vector<const crosswalk*>{&ab, &bd});
    CHECK(crosswalk::route("X", "D", all) == std::vector<const crosswalk*>{&xa, &ab, &bd});
    CHECK(crosswalk::route("A", "B", all) == std::vector<const crosswalk*>{&ab});
    CHECK(crosswalk::route("D", "A", all).empty()); // never backwards
    CHECK(crosswalk::route("A", "A", all).empty());
    auto xd = crosswalk::chain(crosswalk::route("X", "D", all));
    REQUIRE(xd.has_value());
    CHECK(xd->steps().size() == 3); // the files, not the intermediate compositions
    CHECK(xd->steps()[2].hash == bd.hash());
}

namespace {

/// An identity crosswalk from `from_id` to `to_id` for two rulesets with the same sheets.
std::string identity(const ruleset& rs, const std::string& from_id, const std::string& to_id) {
    boost::json::array sheets;
    for (const auto& sh : rs.sheets()) {
        if (sh.criteria.empty()) continue;
        boost::json::array rows;
        for (std::size_t j = 0; j < sh.criteria.size(); ++j) {
            boost::json::object o;
            for (int k = 1; k <= sh.criteria[j].option_count; ++k) o[std::to_string(k)] = k;
            rows.push_back({{"to", sh.criterion(j).id},
                            {"kind", "same"},
                            {"from", {sh.criterion(j).id}},
                            {"options", std::move(o)}});
        }
        sheets.push_back({{"sheet", sh.no}, {"from_sheet", sh.no}, {"criteria", std::move(rows)}});
    }
    return boost::json::serialize(boost::json::object{{"format", "ocop-crosswalk/1"},
                                                      {"from", from_id},
                                                      {"to", to_id},
                                                      {"sheets", std::move(sheets)}});
}

/// A built-in ruleset under another id.
std::string renamed(std::string_view builtin, const std::string& id) {
    auto doc = boost::json::parse(registry::builtin_text(builtin)).as_object();
    doc["id"] = id;
    return boost::json::serialize(doc);
}

void same_rows(const crosswalk& got, const crosswalk& want) {
    REQUIRE(got.sheets().size() == want.sheets().size());
    for (std::size_t s = 0; s < want.sheets().size(); ++s) {
        const auto& g = got.sheets()[s];
        const auto& w = want.sheets()[s];
        INFO("sheet " << w.sheet);
        CHECK(g.sheet == w.sheet);
        CHECK(g.from_sheet == w.from_sheet);
        REQUIRE(g.rows.size() == w.rows.size());
        for (std::size_t r = 0; r < w.rows.size(); ++r) {
            INFO("row " << w.rows[r].to);
            CHECK(g.rows[r].to == w.rows[r].to);
            CHECK(g.rows[r].kind == w.rows[r].kind);
            CHECK(g.rows[r].from == w.rows[r].from);
            CHECK(g.rows[r].options == w.rows[r].options);
        }
        CHECK(g.dropped.size() == w.dropped.size());
        for (const auto& d : w.dropped) {
            INFO("dropped " << d.from);
            const auto* x = dropped_of(g, d.from);
            REQUIRE(x != nullptr);
            CHECK(contains(x->note, d.note));
        }
    }
}

} // namespace

TEST_CASE("crosswalk chain: 148 -> 26/2026 chained with identity crosswalks is unchanged") {
    const auto* built = crosswalk::builtin("qd148-2023", "qd26-2026");
    REQUIRE(built != nullptr);
    registry reg = registry::builtin();
    reg.add(ruleset::load(renamed("qd148-2023", "x148")).value());
    reg.add(ruleset::load(renamed("qd26-2026", "y26")).value());
    const ruleset& a148 = *reg.find("qd148-2023");
    const ruleset& b26 = *reg.find("qd26-2026");
    auto before = crosswalk::load(identity(a148, "x148", "qd148-2023")).value();
    auto after = crosswalk::load(identity(b26, "qd26-2026", "y26")).value();
    REQUIRE(before.validate(*reg.find("x148"), a148).has_value());

    auto left = crosswalk::chain(before, *built);
    REQUIRE(left.has_value());
    same_rows(*left, *built);
    auto vl = left->validate(*reg.find("x148"), b26);
    INFO((vl ? std::string() : vl.error().what()));
    CHECK(vl.has_value());
    auto right = crosswalk::chain(*built, after);
    REQUIRE(right.has_value());
    same_rows(*right, *built);
    auto vr = right->validate(a148, *reg.find("y26"));
    INFO((vr ? std::string() : vr.error().what()));
    CHECK(vr.has_value());
    CHECK(right->steps().at(0).hash == built->hash());

    // A 148 record re-scored through the chain gives what the built-in crosswalk gives.
    const auto& sh = *a148.sheet(1);
    boost::json::object ans;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        ans[sh.criterion(c).id] =
            boost::json::object{{"option", static_cast<int>(sh.criteria[c].option_count)}};
    boost::json::object rec{{"id", "T"}, {"sheet", 1}, {"answers", ans}};
    rescorer direct(reg, a148, b26);
    rescorer chained(reg, *reg.find("x148"), b26, fill_policy::range, &*left);
    REQUIRE_FALSE(chained.crosswalk_error());
    auto d = direct.rescore(rec);
    auto c = chained.rescore(rec);
    REQUIRE(d.has_value());
    REQUIRE(c.has_value());
    CHECK(c->total_to == d->total_to);
    CHECK(c->total_to_max == d->total_to_max);
    CHECK(c->stars_to == d->stars_to);
    CHECK(c->open == d->open);
    CHECK(c->mapped == d->mapped);
}

TEST_CASE("crosswalk chain: the rescorer chains built-in crosswalks when the pair has none") {
    const auto& reg = registry::builtin();
    // The built-ins are in OCOP_CROSSWALKS (CMakeLists.txt), one table, one name each.
    const auto names = crosswalk::builtin_names();
    CHECK(crosswalk::builtins().size() == names.size());
    CHECK(std::find(names.begin(), names.end(), "qd148-2023_to_qd26-2026") != names.end());
    rescorer rs(reg, *reg.find("qd1048-2019"), *reg.find("qd26-2026"));
    const auto route = crosswalk::route("qd1048-2019", "qd26-2026", crosswalk::builtins());
    if (route.size() < 2) {
        // Until the 1048 → 148 crosswalk ships there is no chain: nothing is guessed.
        CHECK(rs.crosswalk_used() == nullptr);
        return;
    }
    REQUIRE(rs.crosswalk_used() != nullptr);
    CHECK(rs.crosswalk_used()->chained());
    CHECK(rs.crosswalk_used()->steps().size() == route.size());
    CHECK(rs.crosswalk_used()->steps().back().to == "qd26-2026");
}

TEST_CASE("crosswalk chain: ocop rescore --crosswalk A --crosswalk B") {
    synthetic s;
    const std::string cli = OCOP_CLI;
    const auto ra = temp_file("chain-syn-a.json", ruleset_text("syn-a", edition_a));
    const auto rc = temp_file("chain-syn-c.json", ruleset_text("syn-c", edition_c));
    const auto ab = temp_file("chain-ab.json", ab_text);
    const auto bc = temp_file("chain-bc.json", bc_text);
    std::string answers;
    for (const auto& c : edition_a) answers += "\"" + c.id + "\": 1, ";
    const auto in = temp_file("chain-in.jsonl", R"({"id": "R1", "ruleset": "syn-a", "sheet": 1,
        "answers": {)" + answers +
                                                    R"("b": 0, "c": 0}})"
                                                    "\n");
    const std::string base = cli + " rescore " + in + " --from syn-a --to syn-c --ruleset-file " +
                             ra + " --ruleset-file " + rc;
    std::string out;
    REQUIRE(run(base + " --crosswalk " + ab + " --crosswalk " + bc + " --format json", &out) == 0);
    auto j = boost::json::parse(out);
    const auto& cw = j.at("crosswalk");
    CHECK(cw.at("chained").as_bool());
    CHECK(cw.at("from").as_string() == "syn-a");
    CHECK(cw.at("to").as_string() == "syn-c");
    REQUIRE(cw.at("steps").as_array().size() == 2);
    CHECK(cw.at("steps").as_array()[0].at("hash").as_string() == s.ab.hash());
    CHECK(cw.at("steps").as_array()[1].at("hash").as_string() == s.bc.hash());
    CHECK(j.at("records").as_array().size() == 1);
    // Text output names the steps.
    REQUIRE(run(base + " --crosswalk " + ab + " --crosswalk " + bc, &out) == 0);
    CHECK(contains(out, "(chained: syn-a → syn-b " + s.ab.hash() + "; syn-b → syn-c "));
    // In the wrong order the files do not connect: refused, naming the file.
    REQUIRE(run(base + " --crosswalk " + bc + " --crosswalk " + ab + " 2>&1", &out) == 3);
    CHECK(contains(out, ab + ": crosswalk from syn-a to syn-b does not continue the chain"));
    // One step alone is for another pair: the validation refuses it (exit 3).
    REQUIRE(run(base + " --crosswalk " + ab + " 2>&1", &out) == 3);
    CHECK(contains(out, "/to"));
}
