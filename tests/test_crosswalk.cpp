// Reviewed crosswalks: the shipped 148 -> 26/2026 file validates against both rulesets, its
// decisive rows say what the decisions and the notes say, and bad files are refused with
// the row's JSON Pointer.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <ocop/crosswalk.hpp>
#include <ocop/diff.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

const crosswalk_row* row_of(const crosswalk& cw, int sheet, const std::string& to) {
    const auto* s = cw.sheet(sheet);
    if (!s) return nullptr;
    for (const auto& r : s->rows)
        if (r.to == to) return &r;
    return nullptr;
}

std::string minimal(const std::string& rows) {
    return R"({"format": "ocop-crosswalk/1", "from": "qd148-2023", "to": "qd26-2026",
        "sheets": [{"sheet": 1, "from_sheet": 1, "criteria": [)" +
           rows + "]}]}";
}

} // namespace

TEST_CASE("crosswalk: the shipped 148 -> 26/2026 file validates against both rulesets") {
    const auto& reg = registry::builtin();
    const auto* cw = crosswalk::builtin("qd148-2023", "qd26-2026");
    REQUIRE(cw != nullptr);
    CHECK(cw->hash().starts_with("sha256:"));
    CHECK(cw->sheets().size() == 26);
    auto v = cw->validate(*reg.find("qd148-2023"), *reg.find("qd26-2026"));
    INFO((v ? std::string() : v.error().what()));
    CHECK(v.has_value());
    // No crosswalk is invented for the reverse direction.
    CHECK(crosswalk::builtin("qd26-2026", "qd148-2023") == nullptr);
    // The same text gives the same hash.
    auto again = crosswalk::load(minimal(R"({"to": "1.1", "kind": "new"})"));
    REQUIRE(again.has_value());
    auto twice = crosswalk::load(minimal(R"({"to": "1.1", "kind": "new"})"));
    CHECK(again->hash() == twice->hash());
}

TEST_CASE("crosswalk: the declaration and testing criteria are merged on sheets 1-17") {
    // qd26-2026-notes.md §6: "Merged: quality declaration + periodic food-safety testing →
    // one 'Công bố chất lượng sản phẩm' criterion | 1–17 | 2+3 → 5 (1–4); 2+2 → 5 (5–15);
    // 3+3 → 5 (16–17)". Sheet 1 (9a + 9b → 9) and sheet 3 must say the same thing: before,
    // sheet 1 treated 9 as new and sheet 3 took it from 9a alone.
    const auto* cw = crosswalk::builtin("qd148-2023", "qd26-2026");
    REQUIRE(cw != nullptr);
    for (int s : {1, 3, 4}) {
        const auto* r = row_of(*cw, s, "9");
        REQUIRE(r != nullptr);
        CHECK(r->kind == crosswalk_kind::merged);
        CHECK(r->from == std::vector<std::string>{"9a", "9b"});
        CHECK(r->options.empty()); // every answer open: 148 asks nothing the options grade
    }
    for (int s = 5; s <= 17; ++s) {
        const auto* r = row_of(*cw, s, "8");
        REQUIRE(r != nullptr);
        CHECK(r->kind == crosswalk_kind::merged);
        CHECK(r->from == std::vector<std::string>{"8a", "8b"});
    }
    const auto* r2 = row_of(*cw, 2, "8");
    REQUIRE(r2 != nullptr);
    CHECK(r2->kind == crosswalk_kind::merged);
}

TEST_CASE("crosswalk: sheet 21 periodic testing is replaced by the quality declaration") {
    // Notes §6: "Replaced: 'Kiểm tra định kỳ các chỉ tiêu ATTP…' (4) → 'Công bố chất lượng sản
    // phẩm' (4) | 21". Matching by id called this "title changed".
    const auto* cw = crosswalk::builtin("qd148-2023", "qd26-2026");
    const auto* r = row_of(*cw, 21, "7");
    REQUIRE(r != nullptr);
    CHECK(r->kind == crosswalk_kind::replaced);
    CHECK(r->options.empty());
}

TEST_CASE("crosswalk: an internal control plan earns no ISO/HACCP certificate") {
    // 148 sheet 1 10a option 2 "Có kế hoạch kiểm soát nội bộ chất lượng sản phẩm" (1 pt);
    // 26/2026 10 prints facility certificates only (1/3/5, "ISO, HACCP" at 3). The old
    // proportional-rank guess gave 3 points; the crosswalk leaves it open.
    const auto* cw = crosswalk::builtin("qd148-2023", "qd26-2026");
    const auto* r = row_of(*cw, 1, "10");
    REQUIRE(r != nullptr);
    REQUIRE(r->from == std::vector<std::string>{"10a"});
    REQUIRE(r->options.size() == 5);
    for (int o : r->options) CHECK(o == -1);
    // Every linked option of every row rests on equal texts or a reviewed equivalence: the
    // validator checks it (crosswalk: the shipped file validates…); and no link goes down
    // to a weaker rung by rank alone: each linked pair's texts are compared there.
}

TEST_CASE("crosswalk: bad files are refused with the row's JSON Pointer") {
    const auto& reg = registry::builtin();
    const auto& a = *reg.find("qd148-2023");
    const auto& b = *reg.find("qd26-2026");
    auto k = crosswalk::load(minimal(R"({"to": "1.1", "kind": "guessed", "from": ["1a"]})"));
    REQUIRE_FALSE(k.has_value());
    CHECK(k.error().path == "/sheets/0/criteria/0/kind");
    auto m = crosswalk::load(minimal(R"({"to": "9", "kind": "merged", "from": ["9a"]})"));
    REQUIRE_FALSE(m.has_value());
    CHECK(m.error().path == "/sheets/0/criteria/0/from");
    // A link between options whose texts differ, with no reviewed equivalence: 1a option 1
    // ("dưới 50%") to 1.1 option 3 ("từ 75% đến 100%").
    auto wrong = crosswalk::load(minimal(
        R"({"to": "1.1", "kind": "same", "from": ["1a"], "options": {"1": 3, "2": null, "3": null}})"));
    REQUIRE(wrong.has_value());
    auto v = wrong->validate(a, b);
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().path == "/sheets/0/criteria/0/options/1");
    // Every target criterion needs a row; every source criterion a row or a drop.
    auto few = crosswalk::load(minimal(R"({"to": "1.1", "kind": "new"})"));
    REQUIRE(few.has_value());
    auto f = few->validate(a, b);
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error().code == errc::missing_criterion);
    // Written for another pair.
    CHECK_FALSE(few->validate(b, a).has_value());
}

TEST_CASE("crosswalk: ruleset diff 148 -> 26/2026 matches criteria by it") {
    // Notes §6: sheet 1 "Merged" (9a + 9b → 9) and sheet 21 "Replaced" (testing → declaration).
    const auto& reg = registry::builtin();
    auto d1 = diff_rulesets(*reg.find("qd148-2023"), *reg.find("qd26-2026"), 1);
    REQUIRE(d1.has_value());
    bool merged = false;
    for (const auto& e : (*d1)[0].entries)
        merged = merged || (e.kind == change_kind::merged &&
                            e.ids_a == std::vector<std::string>{"9a", "9b"} &&
                            e.ids_b == std::vector<std::string>{"9"});
    CHECK(merged);
    auto d21 = diff_rulesets(*reg.find("qd148-2023"), *reg.find("qd26-2026"), 21);
    REQUIRE(d21.has_value());
    bool removed = false, added = false, changed7 = false;
    for (const auto& e : (*d21)[0].entries) {
        removed = removed || (e.kind == change_kind::removed && e.ids_a[0] == "7");
        added = added || (e.kind == change_kind::added && e.ids_b[0] == "7");
        changed7 =
            changed7 || (e.kind == change_kind::changed && !e.ids_b.empty() && e.ids_b[0] == "7");
    }
    CHECK(removed);
    CHECK(added);
    CHECK_FALSE(changed7); // not "title changed"
}
