// Every refusal of the evaluation contract: the error code and the JSON Pointer path.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ocop;
using namespace ocop::test;

namespace {
std::string with(const std::string& key, boost::json::value v) {
    auto o = boost::json::parse(record("v1", "qd26-2026", 1, s1_total(70))).as_object();
    if (v.is_null())
        o.erase(key);
    else
        o[key] = v;
    return boost::json::serialize(o);
}
std::string answers_with(const std::string& key, boost::json::value v) {
    auto a = s1_total(70);
    if (v.is_null())
        a.erase(key);
    else
        a[key] = v;
    return record("v1", "qd26-2026", 1, a);
}
void expect(const std::string& json, errc code, const std::string& path) {
    const auto d = refusal(json);
    INFO(json);
    INFO(d.message);
    CHECK(d.code == code);
    CHECK(d.path == path);
    CHECK_FALSE(d.message.empty());
}
} // namespace

TEST_CASE("a valid record is accepted") {
    CHECK(refusal(with("id", "ok")).code == errc::ok);
}

TEST_CASE("record-level errors") {
    expect("[1,2]", errc::wrong_type, "");
    expect(with("id", nullptr), errc::missing_field, "/id");
    expect(with("id", true), errc::wrong_type, "/id");
    expect(with("id", ""), errc::invalid_value, "/id");
    expect(with("sheet", nullptr), errc::missing_field, "/sheet");
    expect(with("sheet", "1"), errc::wrong_type, "/sheet");
    expect(with("sheet", 27), errc::unknown_sheet, "/sheet");
    expect(with("sheet", 0), errc::unknown_sheet, "/sheet");
    expect(with("ruleset", "qd99-2099"), errc::unknown_ruleset, "/ruleset");
    expect(with("ruleset", 26), errc::wrong_type, "/ruleset");
    // 1048 has a sheet 1 now (tests/test_qd1048.cpp), but 26/2026 answers do not fit it.
    expect(with("ruleset", "qd1048-2019"), errc::impossible_points, "/answers/1.4");
    expect(with("answers", nullptr), errc::missing_field, "/answers");
    expect(with("answers", boost::json::array{}), errc::wrong_type, "/answers");
    expect(with("filed_on", "2026-02-30"), errc::invalid_value, "/filed_on");
    expect(with("filed_on", 20260522), errc::wrong_type, "/filed_on");
    expect(with("evaluated_on", "22/05/2026"), errc::invalid_value, "/evaluated_on");
    expect(with("evaluation_kind", "renewal"), errc::invalid_value, "/evaluation_kind");
    expect(with("knockouts", "2.1"), errc::wrong_type, "/knockouts");
    expect(with("knockouts", boost::json::array{"1.1"}), errc::not_a_knockout, "/knockouts/0");
    expect(with("knockouts", boost::json::array{7}), errc::wrong_type, "/knockouts/0");
    expect(with("dossier_rejected", 5), errc::wrong_type, "/dossier_rejected");
    expect(with("metadata", "x"), errc::wrong_type, "/metadata");
}

TEST_CASE("answer-level errors") {
    expect(answers_with("9.9", 1), errc::unknown_criterion, "/answers/9.9");
    expect(answers_with("1.5", nullptr), errc::missing_criterion, "/answers/1.5");
    expect(answers_with("1.5", 4), errc::impossible_points, "/answers/1.5");
    expect(answers_with("1.5", -1), errc::impossible_points, "/answers/1.5");
    expect(answers_with("1.5", 2.5), errc::impossible_points, "/answers/1.5");
    expect(answers_with("1.5", 1e300), errc::impossible_points, "/answers/1.5");
    expect(answers_with("1.5", "2"), errc::wrong_type, "/answers/1.5");
    expect(answers_with("1.5", boost::json::object{{"option", 5}}), errc::unknown_option,
           "/answers/1.5/option");
    expect(answers_with("1.5", boost::json::object{{"option", 0}}), errc::unknown_option,
           "/answers/1.5/option");
    expect(answers_with("1.5", boost::json::object{{"option", "2"}}), errc::wrong_type,
           "/answers/1.5/option");
    expect(answers_with("1.5", boost::json::object{{"opt", 2}}), errc::invalid_value,
           "/answers/1.5");
    expect(answers_with("1.5", true), errc::wrong_type, "/answers/1.5");
    // A key containing '/' is escaped in the pointer.
    expect(answers_with("a/b", 1), errc::unknown_criterion, "/answers/a~1b");
}

TEST_CASE("binary criteria accept 0, the maximum, or true/false") {
    CHECK(refusal(answers_with("2.4", true)).code == errc::ok);
    CHECK(refusal(answers_with("2.4", false)).code == errc::ok);
    expect(answers_with("2.4", 2), errc::impossible_points, "/answers/2.4");
    auto s = score_text(answers_with("2.4", true));
    CHECK(s.res.total == score{71, 1});
}

TEST_CASE("an option number or exact whole double is accepted") {
    CHECK(score_text(answers_with("1.5", boost::json::object{{"option", 4}})).res.total ==
          score{70, 1});
    CHECK(score_text(answers_with("1.5", 3.0)).res.total == score{70, 1});
}

TEST_CASE("member errors carry the member index") {
    boost::json::object o;
    o["id"] = "m";
    o["ruleset"] = "qd26-2026";
    o["sheet"] = 1;
    auto bad = s1_total(70);
    bad["1.5"] = 4;
    o["members"] = boost::json::array{s1_total(70), bad};
    expect(boost::json::serialize(o), errc::impossible_points, "/members/1/1.5");
    o["members"] = boost::json::array{s1_total(70), boost::json::object{{"answers", bad}}};
    expect(boost::json::serialize(o), errc::impossible_points, "/members/1/answers/1.5");
    auto miss = s1_total(70);
    miss.erase("12");
    o["members"] = boost::json::array{miss};
    expect(boost::json::serialize(o), errc::missing_criterion, "/members/0/12");
    o["members"] = boost::json::array{};
    expect(boost::json::serialize(o), errc::invalid_value, "/members");
    o["members"] = "x";
    expect(boost::json::serialize(o), errc::wrong_type, "/members");
    boost::json::array many;
    for (int i = 0; i < 65; ++i) many.push_back(s1_total(70));
    o["members"] = many;
    expect(boost::json::serialize(o), errc::limit_exceeded, "/members");
    o["members"] = boost::json::array{s1_total(70)};
    o["answers"] = s1_total(70);
    expect(boost::json::serialize(o), errc::invalid_value, "/members");
}

TEST_CASE("metadata is carried through; unknown top-level keys are metadata") {
    boost::json::object extra;
    extra["province"] = "Thái Nguyên";
    extra["year"] = 2026;
    extra["metadata"] = boost::json::object{{"subject_type", "HTX"}};
    auto s = score_text(record("md", "qd26-2026", 1, s1_total(70), extra));
    CHECK(s.ev.metadata.at("province").as_string() == "Thái Nguyên");
    CHECK(s.ev.metadata.at("year").as_int64() == 2026);
    CHECK(s.ev.metadata.at("subject_type").as_string() == "HTX");
    std::string json;
    append_result_json(s.res, json);
    CHECK(json.find("\"metadata\":{") != std::string::npos);
    CHECK(json.find("\"ruleset_hash\":\"sha256:") != std::string::npos);
}

TEST_CASE("the throwing form throws ocop::error with the diagnostic") {
    const auto v = boost::json::parse(answers_with("1.5", 4));
    try {
        (void)parse_evaluation_or_throw(v, registry::builtin());
        FAIL("no throw");
    } catch (const ocop::error& e) {
        CHECK(e.diag().code == errc::impossible_points);
        CHECK(std::string(e.what()).find("/answers/1.5") != std::string::npos);
    }
}
