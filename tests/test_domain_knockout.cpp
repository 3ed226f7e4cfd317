// Issue 18 items 5 and 6: the knock-out consequence as a ruleset policy, the council's
// zero-points trigger on the mean, 148/QĐ-TTg's defective sheets and the cosmetics.
//
// Legal basis of the tests:
// - 26/2026 sheet 16, group C 6 prints "Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu
//   trên, sẽ không đánh giá các bước tiếp theo" but no decision states what a knock-out does
//   to the rating (qd26-2026-notes.md §5 "[library policy]"; qd148-2023-notes.md §6.4 "Their
//   effect on the rating is UNCONFIRMED. A reasonable default is 'not rated / Không đạt'").
// - Product score = mean of the members' totals (qd148-2023-notes.md §4.4).
// - 148/QĐ-TTg sheets 7, 11, 12, 13 do not add up (qd148-2023-notes.md §3.3, README "Known
//   defects").
// - 26/2026 sheet 26 groups 8, 9, 15: "Lựa chọn một trong hai trường hợp" (one case of two).
#include "fixtures.hpp"
#include "support.hpp"

#include <ocop/ocop.h>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {

const reason* find_reason(const evaluation_result& r, reason_kind k) {
    for (const auto& x : r.reasons)
        if (x.kind == k) return &x;
    return nullptr;
}

/// Every criterion at its best option ({"option": k}); in a choose-one group only `case_no`.
boost::json::object best_answers(const registry& reg, const std::string& rid, int sheet,
                                 int case_no = 1) {
    const compiled_sheet* sh = reg.find(rid)->sheet(sheet);
    REQUIRE(sh);
    boost::json::object o;
    for (std::size_t c = 0; c < sh->criteria.size(); ++c) {
        const auto& cc = sh->criteria[c];
        if (cc.case_no != 0 && cc.case_no != case_no) continue;
        int best = 0;
        for (int k = 1; k < cc.option_count; ++k)
            if (sh->options[cc.option_first + k].points >
                sh->options[cc.option_first + best].points)
                best = k;
        o[sh->criterion(c).id] = boost::json::object{{"option", best + 1}};
    }
    return o;
}

const registry& flag_registry() {
    static const registry reg = [] {
        load_options o;
        o.knockout = knockout_policy::flag;
        auto r = registry::builtin(o);
        if (!r) throw error(r.error());
        return std::move(*r);
    }();
    return reg;
}

} // namespace

TEST_CASE("knock-out policy zero (default): sheet 16's zero-points note gives 0 stars") {
    const auto& reg = registry::builtin();
    auto a = best_answers(reg, "qd26-2026", 16);
    a["6.1"] = 0; // 3 points lost: total 97, band 5★
    auto s = score_text(record("ko16", "qd26-2026", 16, a), reg);
    CHECK(s.res.total == score{97, 1});
    CHECK(s.res.band_stars == 5);
    CHECK(s.res.status == evaluation_status::knocked_out);
    CHECK(s.res.stars == 0);
    CHECK(s.res.decided_by == star_decision::knockout);
    CHECK_FALSE(reg.find("qd26-2026")->policies().knockout.has_value());
    const reason* ko = find_reason(s.res, reason_kind::knockout);
    REQUIRE(ko);
    CHECK(ko->severity == reason_severity::decision);
    // Cosmetic (issue 18 item 6): the group is named as a group, not as a criterion.
    CHECK(ko->message.find("0 points on 6.1; note printed under group 6)") != std::string::npos);
    CHECK(ko->message.find("6.1, 6)") == std::string::npos);
    CHECK(ko->message.find("Nếu được 0 điểm tại một trong các chỉ tiêu trên") != std::string::npos);
}

TEST_CASE("knock-out policy flag: the stars follow band and markers, the knock-out warns") {
    const auto& reg = flag_registry();
    auto a = best_answers(reg, "qd26-2026", 16);
    a["6.1"] = 0;
    auto s = score_text(record("ko16f", "qd26-2026", 16, a), reg);
    CHECK(s.res.total == score{97, 1});
    CHECK(s.res.status == evaluation_status::scored);
    CHECK(s.res.stars == s.res.marker_stars);
    CHECK(s.res.stars == std::min<int>(s.res.band_stars, s.res.marker_stars));
    CHECK(s.res.decided_by != star_decision::knockout);
    const reason* ko = find_reason(s.res, reason_kind::knockout);
    REQUIRE(ko);
    CHECK(ko->severity == reason_severity::warning);
    CHECK(ko->message.find("flagged only: knock-out policy flag") != std::string::npos);
    // The one-pass scorer (no reasons) decides the same.
    evaluation_result fast;
    score_evaluation(s.ev, fast, score_detail::totals);
    CHECK(fast.status == evaluation_status::scored);
    CHECK(fast.stars == s.res.stars);
    // Under the default the same answers are knocked out: the policy is what differs.
    auto z = score_text(record("ko16", "qd26-2026", 16, a));
    CHECK(z.res.stars == 0);
    CHECK(s.res.stars > 0);
}

TEST_CASE("knock-out policy flag: declared knock-outs, range and plan follow the policy") {
    const auto& reg = flag_registry();
    auto a = best_answers(reg, "qd26-2026", 7);
    boost::json::object extra{{"knockouts", boost::json::array{"1.1"}}};
    auto s = score_text(record("d7", "qd26-2026", 7, a, extra), reg);
    CHECK(s.res.status == evaluation_status::scored);
    CHECK(s.res.stars > 0);
    auto z = score_text(record("d7", "qd26-2026", 7, a, extra));
    CHECK(z.res.status == evaluation_status::knocked_out);
    CHECK(z.res.stars == 0);
    // Range: a declared knock-out under flag neither fixes the status nor zeroes the stars.
    const auto rf = range_of(s.ev);
    REQUIRE(rf.has_value());
    CHECK(rf->status == evaluation_status::scored);
    CHECK(rf->stars_min == s.res.stars);
    const auto rz = range_of(z.ev);
    REQUIRE(rz.has_value());
    CHECK(rz->status == evaluation_status::knocked_out);
    CHECK(rz->stars_max == 0);
}

TEST_CASE("knock-out policy is part of the ruleset hash; an explicit zero is the default") {
    load_options zero;
    zero.knockout = knockout_policy::zero;
    auto rz = registry::builtin(zero);
    REQUIRE(rz.has_value());
    const auto& def = registry::builtin();
    for (const char* id : {"qd26-2026", "qd148-2023", "qd1048-2019"}) {
        CHECK(rz->find(id)->hash() == def.find(id)->hash());
        CHECK(flag_registry().find(id)->hash() != def.find(id)->hash());
        CHECK(flag_registry().find(id)->policies().knockout == knockout_policy::flag);
    }
    // A ruleset file may state the policy; "zero" hashes like the key left out.
    std::string text(registry::builtin_text("qd26-2026"));
    const std::string key = "\"defects\": \"probable\"";
    const auto at = text.find(key);
    REQUIRE(at != std::string::npos);
    std::string with_zero = text, with_flag = text;
    with_zero.insert(at + key.size(), ", \"knockout\": \"zero\"");
    with_flag.insert(at + key.size(), ", \"knockout\": \"flag\"");
    auto a = ruleset::load(with_zero), b = ruleset::load(with_flag);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(a->hash() == def.find("qd26-2026")->hash());
    CHECK(b->policies().knockout == knockout_policy::flag);
    std::string bad = text;
    bad.insert(at + key.size(), ", \"knockout\": \"maybe\"");
    CHECK_FALSE(ruleset::load(bad).has_value());
}

TEST_CASE("zero-points trigger on a council uses the criterion's mean over the members") {
    // Sheet 16 C 6.1 options 0 / 3. One member of three at 0: mean 2, not a zero: scored.
    const auto& reg = registry::builtin();
    auto good = best_answers(reg, "qd26-2026", 16);
    auto zero = good;
    zero["6.1"] = 0;
    auto one = score_text(council("c1", "qd26-2026", 16, {good, good, zero}));
    CHECK(one.res.status == evaluation_status::scored);
    CHECK(one.res.total == score{297, 3}); // (100 + 100 + 97) / 3
    CHECK(find_reason(one.res, reason_kind::knockout) == nullptr);
    // Every member at 0 on 6.1: the mean is 0, the note applies.
    auto all = score_text(council("c3", "qd26-2026", 16, {zero, zero, zero}));
    CHECK(all.res.status == evaluation_status::knocked_out);
    CHECK(all.res.stars == 0);
    // Members at 0 on different criteria: no criterion's mean is 0.
    auto zero2 = good;
    zero2["6.2"] = 0;
    auto mixed = score_text(council("c2", "qd26-2026", 16, {zero, zero2}));
    CHECK(mixed.res.status == evaluation_status::scored);
}

TEST_CASE("council with members answering different cases: both cases answered") {
    // 26/2026 sheet 26 group 8: "Lựa chọn một trong hai trường hợp". Member 1 case 1 (8a),
    // member 2 case 2 (8b): the group is answered by every member.
    const auto& reg = registry::builtin();
    auto m1 = best_answers(reg, "qd26-2026", 26, 1), m2 = best_answers(reg, "qd26-2026", 26, 2);
    auto s = score_text(council("mix", "qd26-2026", 26, {m1, m2}));
    const auto* sh = s.ev.sheet;
    for (const char* id : {"8a", "8b", "9a", "9b", "15a", "15b"}) {
        const int c = sh->find(id);
        REQUIRE(c >= 0);
        CHECK(s.res.criteria[c].applicable);
        CHECK(s.res.criteria[c].answered);
    }
    CHECK(s.res.total == score{200, 2});
    // Both members on case 1: case 2 was chosen by nobody and stays unanswered (its 0 points
    // must never meet a zero-points knock-out).
    auto same = score_text(council("same", "qd26-2026", 26, {m1, m1}));
    CHECK(same.res.criteria[sh->find("8a")].answered);
    CHECK_FALSE(same.res.criteria[sh->find("8b")].answered);
    // A member leaving the group out (range input): not answered.
    auto partial = m2;
    for (const char* id : {"8b"}) partial.erase(id);
    auto ev = parse_partial_evaluation(
        boost::json::parse(council("p", "qd26-2026", 26, {m1, partial})), reg);
    REQUIRE(ev.has_value());
    evaluation_result r;
    score_evaluation(*ev, r);
    CHECK_FALSE(r.criteria[sh->find("8a")].answered);
}

TEST_CASE("148/QĐ-TTg defective sheets 7, 11-13 warn on every result") {
    // qd148-2023-notes.md §3.3: sheet 7 C 6d "Mùi" declared 4, options 1/2/3; tea sheets 11
    // and 12 Part C sums to 32; coffee sheet 13 to 33.
    const auto& reg = registry::builtin();
    struct expect {
        int sheet, reachable, max_total;
        const char* says;
    };
    for (const auto& e :
         {expect{7, 99, 100, "at most 99 points are reachable"},
          expect{11, 97, 97, "3 points are missing"}, expect{12, 97, 97, "3 points are missing"},
          expect{13, 98, 98, "2 points are missing"}}) {
        CAPTURE(e.sheet);
        auto s = score_text(
            record("d", "qd148-2023", e.sheet, best_answers(reg, "qd148-2023", e.sheet)), reg);
        CHECK(s.res.total == score{e.reachable, 1});
        CHECK(s.ev.sheet->max_total == e.max_total);
        const reason* d = find_reason(s.res, reason_kind::defect_reading);
        REQUIRE(d);
        CHECK(d->severity == reason_severity::warning);
        CHECK(d->message.find("148/QĐ-TTg") != std::string::npos);
        CHECK(d->message.find(e.says) != std::string::npos);
    }
    // A consistent 148 sheet carries no such warning.
    auto ok = score_text(record("ok", "qd148-2023", 1, best_answers(reg, "qd148-2023", 1)), reg);
    CHECK(ok.res.total == score{100, 1});
    CHECK(find_reason(ok.res, reason_kind::defect_reading) == nullptr);
    // --defects strict refuses them.
    load_options strict;
    strict.defects = defect_policy::strict;
    auto rs = registry::builtin(strict);
    REQUIRE(rs.has_value());
    for (int no : {7, 11, 12, 13}) CHECK(rs->find("qd148-2023")->sheet(no)->refusal.has_value());
    CHECK_FALSE(rs->find("qd148-2023")->sheet(1)->refusal.has_value());
}

TEST_CASE("CLI --knockout: the option, the policy object, the unchanged default line") {
    const auto& reg = registry::builtin();
    auto a = best_answers(reg, "qd26-2026", 16);
    a["6.1"] = 0;
    const std::string path =
        temp_file("domain_ko16.jsonl", record("ko16", "qd26-2026", 16, a) + "\n");
    std::string def, flag, help;
    REQUIRE(run(std::string(OCOP_CLI) + " score -q --detail criteria " + path, &def) == 0);
    REQUIRE(run(std::string(OCOP_CLI) + " score -q --detail criteria --knockout flag " + path,
                &flag) == 0);
    auto jd = boost::json::parse(def).as_object(), jf = boost::json::parse(flag).as_object();
    CHECK(jd.at("stars").as_int64() == 0);
    CHECK(jd.at("status").as_string() == "knocked_out");
    CHECK_FALSE(jd.at("policy").as_object().contains("knockout"));
    CHECK(jf.at("stars").as_int64() == 5);
    CHECK(jf.at("policy").at("knockout").as_string() == "flag");
    CHECK(jf.at("ruleset_hash") != jd.at("ruleset_hash"));
    std::string same;
    REQUIRE(run(std::string(OCOP_CLI) + " score -q --detail criteria --knockout zero " + path,
                &same) == 0);
    CHECK(same == def);
    CHECK(run(std::string(OCOP_CLI) + " score -q --knockout maybe " + path + " 2>/dev/null") == 2);
    REQUIRE(run(std::string(OCOP_CLI) + " score --help", &help) == 0);
    CHECK(help.find("--knockout") != std::string::npos);
}

TEST_CASE("policy overrides by name: one list for every door, refusals name the policy") {
    CHECK(policy_override_names() == std::vector<std::string>{"markers", "defects", "knockout"});
    CHECK(policy_override_values("markers") == std::vector<std::string>{"cap", "fail", "ignore"});
    CHECK(policy_override_values("defects") == std::vector<std::string>{"probable", "strict"});
    CHECK(policy_override_values("knockout") == std::vector<std::string>{"zero", "flag"});
    CHECK(policy_override_values("speed").empty());
    load_options o;
    REQUIRE(set_policy_override(o, "knockout", "flag").has_value());
    REQUIRE(set_policy_override(o, "markers", "fail").has_value());
    REQUIRE(set_policy_override(o, "defects", "strict").has_value());
    CHECK(o.knockout == knockout_policy::flag);
    CHECK(o.missed_minimum == missed_minimum_policy::fail);
    CHECK(o.defects == defect_policy::strict);
    const auto bad = set_policy_override(o, "knockout", "maybe");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::invalid_value);
    CHECK(bad.error().path == "/knockout");
    CHECK(bad.error().message.find("zero or flag") != std::string::npos);
    const auto unknown = set_policy_override(o, "speed", "fast");
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().code == errc::unknown_field);
    CHECK(o.knockout == knockout_policy::flag); // a refusal changes nothing
}

TEST_CASE("the C API takes the knock-out policy as the CLI does") {
    const auto& reg = registry::builtin();
    auto a = best_answers(reg, "qd26-2026", 16);
    a["6.1"] = 0;
    const std::string rec = record("ko16", "qd26-2026", 16, a);
    std::string cli_flag;
    const std::string path = temp_file("domain_ko16_capi.jsonl", rec + "\n");
    REQUIRE(run(std::string(OCOP_CLI) + " score -q --knockout flag " + path, &cli_flag) == 0);
    for (const char* options : {R"({"knockout":"flag"})", R"({"knockout":"zero"})"}) {
        ocop_registry* creg = nullptr;
        REQUIRE(ocop_registry_new(options, &creg, nullptr) == OCOP_OK);
        ocop_buffer out{nullptr, 0};
        REQUIRE(ocop_score(creg, rec.data(), rec.size(), nullptr, &out, nullptr) == OCOP_OK);
        const std::string line(out.data, out.size);
        ocop_buffer_free(&out);
        ocop_registry_free(creg);
        const auto j = boost::json::parse(line);
        if (std::string(options).find("flag") != std::string::npos) {
            CHECK(line == cli_flag);
            CHECK(j.at("stars") == 5);
        } else {
            CHECK(j.at("stars") == 0);
        }
    }
    ocop_registry* creg = nullptr;
    ocop_error e{};
    CHECK(ocop_registry_new(R"({"knockout":"maybe"})", &creg, &e) == OCOP_E_INVALID_VALUE);
    CHECK(std::string(e.path) == "/knockout");
    CHECK(creg == nullptr);
    ocop_error_free(&e);
}
