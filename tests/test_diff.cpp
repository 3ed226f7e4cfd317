// Edition diff: sheet 1 of qd148-2023 -> qd26-2026 against the change table of
// ../shared/ocop/qd26-2026-notes.md §6 (rows concerning sheet 1), and title normalisation.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

const diff_entry* find(const sheet_diff& d, change_kind k, const std::string& a,
                       const std::string& b) {
    for (const auto& e : d.entries) {
        if (e.kind != k) continue;
        const bool ma = a.empty() ? e.ids_a.empty()
                                  : std::find(e.ids_a.begin(), e.ids_a.end(), a) != e.ids_a.end();
        const bool mb = b.empty() ? e.ids_b.empty()
                                  : std::find(e.ids_b.begin(), e.ids_b.end(), b) != e.ids_b.end();
        if (ma && mb) return &e;
    }
    return nullptr;
}

} // namespace

TEST_CASE("normalise_title strips numbering, folds case and composes NFC/NFD alike") {
    CHECK(normalise_title("1.1. Nguồn gốc sản phẩm") == normalise_title("a) Nguồn gốc sản phẩm"));
    CHECK(normalise_title("10. ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM") ==
          normalise_title("a ) Đảm bảo chất lượng   sản phẩm"));
    // "ồ" precomposed (U+1ED3) vs o + circumflex + grave (NFD), marks in either order.
    CHECK(normalise_title("Ngu\xe1\xbb\x93n") == normalise_title("Nguo\xcc\x82\xcc\x80n"));
    CHECK(normalise_title("đ) Kế toán") == normalise_title("Kế toán"));
    CHECK(normalise_title("Mùi/vị") == normalise_title("mùi vị"));
    CHECK(normalise_title("Mùi") != normalise_title("Mũi"));
}

TEST_CASE("diff qd148-2023 -> qd26-2026 sheet 1 reproduces the notes' change table") {
    const auto& reg = registry::builtin();
    const ruleset& a = *reg.find("qd148-2023");
    const ruleset& b = *reg.find("qd26-2026");
    auto all = diff_rulesets(a, b, 1);
    REQUIRE(all.has_value());
    REQUIRE(all->size() == 1);
    const sheet_diff& d = all->front();

    // Removed: "Kế toán" (accounting), A 3, 1 pt.
    const auto* acc = find(d, change_kind::removed, "3đ", "");
    REQUIRE(acc);
    CHECK(acc->max_a == 1);
    CHECK(acc->title_a.find("Kế toán") != std::string::npos);
    // Added: bilingual labelling (binary) A 2.4, 1 pt.
    const auto* bil = find(d, change_kind::added, "", "2.4");
    REQUIRE(bil);
    CHECK(bil->max_b == 1);
    CHECK(bil->binary);
    // Added: certified raw-material area, 2 pts: none 0 / national 1 / international 2.
    const auto* area = find(d, change_kind::added, "", "1.2");
    REQUIRE(area);
    CHECK(area->max_b == 2);
    CHECK(area->options_b == "0/1/2");
    // Re-weighted: local origin 5 -> 3; idea origin 4 -> 3; IP 2 -> 3.
    const auto* origin = find(d, change_kind::changed, "1a", "1.1");
    REQUIRE(origin);
    CHECK((origin->max_a == 5 && origin->max_b == 3 && origin->reweighted));
    const auto* idea = find(d, change_kind::changed, "2a", "2.1");
    REQUIRE(idea);
    CHECK((idea->max_a == 4 && idea->max_b == 3));
    const auto* ip = find(d, change_kind::changed, "3e", "3.5");
    REQUIRE(ip);
    CHECK((ip->max_a == 2 && ip->max_b == 3));
    // Wording: equity criterion adds "hoặc người khuyết tật", still 1 pt.
    const auto* eq = find(d, change_kind::changed, "3b", "3.2");
    REQUIRE(eq);
    CHECK(eq->retitled);
    CHECK_FALSE(eq->reweighted);
    CHECK(eq->title_b.find("người khuyết tật") != std::string::npos);
    // Options: local labour 1/3 -> 1/2/3.
    const auto* lab = find(d, change_kind::changed, "3c", "3.3");
    REQUIRE(lab);
    CHECK((lab->options_a == "1/3" && lab->options_b == "1/2/3"));
    // Distribution organisation 4 -> 3, promotion 4 -> 5.
    const auto* dist = find(d, change_kind::changed, "4b", "4.2");
    REQUIRE(dist);
    CHECK((dist->max_a == 4 && dist->max_b == 3));
    const auto* promo = find(d, change_kind::changed, "4c", "4.3");
    REQUIRE(promo);
    CHECK((promo->max_a == 4 && promo->max_b == 5));
    // Distribution area: same points 1/2/3/5, marks now 3/4/5 stars on 2/3/5.
    const auto* area41 = find(d, change_kind::changed, "4a", "4.1");
    REQUIRE(area41);
    CHECK_FALSE(area41->options_changed);
    CHECK(area41->remarked);
    CHECK(area41->minimums_b == "3★≥2 4★≥3 5★≥5");
    // Product story 0/1/2/3/4/5 -> 0/1/2/3/5, top option marked 4★.
    const auto* story = find(d, change_kind::changed, "5a", "5.1");
    REQUIRE(story);
    CHECK((story->options_a == "0/1/2/3/4/5" && story->options_b == "0/1/2/3/5"));
    // Quality declaration + periodic testing merged into one 5-point criterion (2+3 -> 5).
    const auto* merged = find(d, change_kind::merged, "9a", "9");
    REQUIRE(merged);
    CHECK(merged->ids_a == std::vector<std::string>{"9a", "9b"});
    CHECK((merged->max_a == 5 && merged->max_b == 5));
    // Quality assurance options 0/1/2/3/5 -> 1/3/5.
    const auto* qa = find(d, change_kind::changed, "10a", "10");
    REQUIRE(qa);
    CHECK((qa->options_a == "0/1/2/3/5" && qa->options_b == "1/3/5"));
    // Sensory group 13 -> 12; nutrition 2 -> 3 (group and criterion).
    const auto* sens = find(d, change_kind::group_changed, "6", "6");
    REQUIRE(sens);
    CHECK((sens->max_a == 13 && sens->max_b == 12));
    const auto* nut = find(d, change_kind::changed, "7a", "7");
    REQUIRE(nut);
    CHECK((nut->max_a == 2 && nut->max_b == 3));
    // 148 -> 26/2026 has a reviewed crosswalk: ruleset diff matches by it (docs/diff.md).
    CHECK(nut->how == match_kind::crosswalk);
    // Nothing else is added or removed on sheet 1.
    int added = 0, removed = 0;
    for (const auto& e : d.entries) {
        added += e.kind == change_kind::added;
        removed += e.kind == change_kind::removed;
    }
    CHECK(added == 2);
    CHECK(removed == 1);
}

TEST_CASE("diff of an edition with itself is empty; CLI emits Markdown and JSON") {
    const ruleset& b = *registry::builtin().find("qd26-2026");
    auto same = diff_rulesets(b, b);
    REQUIRE(same.has_value());
    CHECK(same->size() == 26);
    for (const auto& s : *same) CHECK(s.entries.empty());

    std::string md, js;
    REQUIRE(run(std::string(OCOP_CLI) + " ruleset diff qd148-2023 qd26-2026 --sheet 1", &md) == 0);
    CHECK(md.find("| A | 3đ đ) Kế toán | — | removed, max 1 |") != std::string::npos);
    REQUIRE(
        run(std::string(OCOP_CLI) + " ruleset diff qd148-2023 qd26-2026 --sheet 1 --format json",
            &js) == 0);
    const auto v = boost::json::parse(js);
    CHECK(v.at("sheets").as_array().size() == 1);
    CHECK(run(std::string(OCOP_CLI) +
              " ruleset diff qd148-2023 qd26-2026 --sheet 99 2>/dev/null") == 3);
    CHECK(run(std::string(OCOP_CLI) + " ruleset diff qd148-2023 2>/dev/null") == 2);
}

TEST_CASE("ruleset diff 1048 -> 148 pairs sheets by product set through the crosswalk") {
    // 148 re-cut 1048's product sets (docs/crosswalk-1048.md): 148 sheet 9 "Tương, nước mắm,
    // gia vị dạng lỏng khác" is 1048 sheet 10, not 1048 sheet 9 (processed aquatic products).
    const auto& reg = registry::builtin();
    const ruleset& a = *reg.find("qd1048-2019");
    const ruleset& b = *reg.find("qd148-2023");
    auto d9 = diff_rulesets(a, b, 9);
    REQUIRE(d9.has_value());
    REQUIRE(d9->size() == 1);
    CHECK(d9->front().name_a == a.sheet(10)->def->name_vi);
    CHECK(d9->front().name_b == b.sheet(9)->def->name_vi);
    // 148 sheets 23-25 (ornamental sets) have no 1048 source: nothing to compare.
    CHECK_FALSE(diff_rulesets(a, b, 23).has_value());
    // Same numbers still pair where the sets are the same (sheet 1).
    auto d1 = diff_rulesets(a, b, 1);
    REQUIRE(d1.has_value());
    CHECK(d1->front().name_a == a.sheet(1)->def->name_vi);
}
