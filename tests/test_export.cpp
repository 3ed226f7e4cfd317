// Exports: SQL structure, and JsonLogic rules evaluated by a small in-test JsonLogic
// interpreter against the library's own scoring on random evaluations of every sheet.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include <random>

using namespace ocop;
namespace bj = boost::json;

namespace {

const ruleset& qd26() {
    return *registry::builtin().find("qd26-2026");
}

// A JsonLogic interpreter for the operators the export uses (json-logic-js semantics).
struct jsonlogic {
    const bj::value& data;

    static bool truthy(const bj::value& v) {
        if (v.is_null()) return false;
        if (v.is_bool()) return v.get_bool();
        if (v.is_number()) return v.to_number<double>() != 0;
        if (v.is_string()) return !v.get_string().empty();
        if (v.is_array()) return !v.get_array().empty();
        return true;
    }
    static double num(const bj::value& v) { return v.is_null() ? 0 : v.to_number<double>(); }

    bj::value lookup(const std::string& path) const {
        const bj::value* cur = &data;
        std::size_t pos = 0;
        while (pos <= path.size()) {
            const auto dot = path.find('.', pos);
            const std::string key = path.substr(pos, dot == std::string::npos ? dot : dot - pos);
            const auto* o = cur->if_object();
            if (!o || !o->contains(key)) return nullptr;
            cur = &o->at(key);
            if (dot == std::string::npos) break;
            pos = dot + 1;
        }
        return *cur;
    }

    bj::value apply(const bj::value& logic) const {
        if (const auto* arr = logic.if_array()) {
            bj::array out;
            for (const auto& x : *arr) out.push_back(apply(x));
            return out;
        }
        const auto* o = logic.if_object();
        if (!o) return logic;
        if (o->size() != 1) FAIL("a JsonLogic operation has one key");
        const std::string op(o->begin()->key());
        const bj::value& raw = o->begin()->value();
        bj::array args = raw.is_array() ? raw.get_array() : bj::array{raw};
        if (op == "var") {
            bj::value v = lookup(std::string(args[0].as_string()));
            return v.is_null() && args.size() > 1 ? args[1] : v;
        }
        if (op == "if") {
            std::size_t i = 0;
            for (; i + 1 < args.size(); i += 2)
                if (truthy(apply(args[i]))) return apply(args[i + 1]);
            return i < args.size() ? apply(args[i]) : bj::value(nullptr);
        }
        if (op == "and") {
            bj::value v = true;
            for (auto& a : args)
                if (!truthy(v = apply(a))) return v;
            return v;
        }
        if (op == "or") {
            bj::value v = false;
            for (auto& a : args)
                if (truthy(v = apply(a))) return v;
            return v;
        }
        if (op == "missing" || op == "missing_some") {
            const std::size_t need = op == "missing" ? 0 : args[0].to_number<std::size_t>();
            const bj::array& keys = (op == "missing" ? args : args[1].as_array());
            bj::array miss;
            for (const auto& k : keys)
                if (lookup(std::string(k.as_string())).is_null()) miss.push_back(k);
            if (op == "missing_some" && keys.size() - miss.size() >= need) return bj::array{};
            return miss;
        }
        bj::array v;
        for (auto& a : args) v.push_back(apply(a));
        if (op == "+") {
            double s = 0;
            for (auto& x : v) s += num(x);
            return s;
        }
        if (op == "min") {
            double m = num(v[0]);
            for (auto& x : v) m = std::min(m, num(x));
            return m;
        }
        if (op == "!") return !truthy(v[0]);
        if (op == "!!") return truthy(v[0]);
        if (op == ">=") return num(v[0]) >= num(v[1]);
        if (op == "<") return num(v[0]) < num(v[1]);
        if (op == "<=") return num(v[0]) <= num(v[1]);
        if (op == "==" || op == "===" || op == "!==") {
            const bool eq = (v[0].is_null() || v[1].is_null()) ? v[0].is_null() == v[1].is_null()
                                                               : num(v[0]) == num(v[1]);
            return op == "!==" ? !eq : eq;
        }
        if (op == "in") {
            for (const auto& x : v[1].as_array())
                if (!v[0].is_null() && num(x) == num(v[0])) return true;
            return false;
        }
        if (op == "merge") {
            bj::array out;
            for (auto& x : v)
                if (x.is_array())
                    for (auto& y : x.as_array()) out.push_back(y);
                else
                    out.push_back(x);
            return out;
        }
        FAIL("JsonLogic operator not in the test interpreter: " << op);
        return nullptr;
    }
};

// A random single-member record of a sheet, sometimes with a declared knock-out.
bj::object random_record(const compiled_sheet& sh, std::mt19937& rng, int r) {
    bj::object answers;
    for (const auto& g : sh.groups) {
        std::vector<std::size_t> crits;
        for (std::uint16_t k = 0; k < g.criterion_count; ++k)
            crits.push_back(g.criterion_first + k);
        if (g.choose_one_case) crits = {crits[rng() % crits.size()]};
        for (auto c : crits) {
            const auto& cc = sh.criteria[c];
            answers[sh.criterion(c).id] =
                sh.options[cc.option_first + rng() % cc.option_count].points;
        }
    }
    bj::object rec{{"id", "r" + std::to_string(r)},
                   {"ruleset", "qd26-2026"},
                   {"sheet", sh.no},
                   {"answers", answers}};
    if (rng() % 20 == 0)
        for (const auto& ko : sh.knockouts)
            if (ko.rule->trigger != knockout_trigger::option) {
                rec["knockouts"] = bj::array{bj::value(ko.code)};
                break;
            }
    return rec;
}

} // namespace

TEST_CASE("JsonLogic export agrees with the library on every sheet of qd26-2026") {
    auto doc = export_jsonlogic(qd26());
    REQUIRE((doc).has_value());
    CHECK(doc->at("format") == "ocop-jsonlogic/1");
    CHECK(doc->at("ruleset_hash").as_string() == qd26().hash());
    std::mt19937 rng(42);
    int compared = 0;
    for (const auto& entry : doc->at("sheets").as_array()) {
        const auto& s = entry.as_object();
        const auto* sh = qd26().sheet(static_cast<int>(s.at("sheet").as_int64()));
        REQUIRE(sh);
        const auto& rules = s.at("rules").as_object();
        for (int r = 0; r < 40; ++r) {
            bj::object rec = random_record(*sh, rng, r);
            auto scored = test::score_text(bj::serialize(rec));
            bj::object answers;
            for (const auto& kv : rec.at("answers").as_object())
                answers[jsonlogic_key(kv.key())] = kv.value();
            bj::value data =
                bj::object{{"answers", answers},
                           {"knockouts", rec.contains("knockouts") ? rec.at("knockouts")
                                                                   : bj::value(bj::array{})}};
            jsonlogic jl{data};
            const auto out = jl.apply(rules.at("result")).as_array();
            INFO("sheet " << sh->no << " record " << bj::serialize(rec));
            REQUIRE(scored.res.total.count == 1);
            CHECK(out[0].to_number<double>() == static_cast<double>(scored.res.total.sum));
            for (int p = 0; p < part_count; ++p)
                CHECK(out[1 + p].to_number<double>() ==
                      static_cast<double>(scored.res.parts[p].sum));
            CHECK(out[4].to_number<double>() == scored.res.band_stars);
            CHECK(out[5].to_number<double>() == scored.res.marker_stars);
            CHECK(out[6].to_number<double>() == scored.res.stars);
            CHECK(jl.apply(rules.at("missing")).as_array().empty());
            CHECK(jl.apply(rules.at("invalid")).as_array().empty());
            ++compared;
        }
    }
    CHECK(compared >= 21 * 40);
}

TEST_CASE("JsonLogic export reports missing and invalid answers") {
    auto doc = export_jsonlogic(qd26(), {.sheet = 1});
    REQUIRE((doc).has_value());
    REQUIRE(doc->at("sheets").as_array().size() == 1);
    const auto& s = doc->at("sheets").as_array()[0].as_object();
    CHECK(s.at("keys").at("1.1") == "1_1");
    bj::value data = bj::object{{"answers", bj::object{{"1_1", 7}}}};
    jsonlogic jl{data};
    const auto missing = jl.apply(s.at("rules").at("missing")).as_array();
    CHECK(missing.size() == qd26().sheet(1)->criteria.size() - 1);
    const auto invalid = jl.apply(s.at("rules").at("invalid")).as_array();
    REQUIRE(invalid.size() == 1);
    CHECK(invalid[0] == "1.1");
    CHECK_FALSE((export_jsonlogic(qd26(), {.sheet = 99})).has_value());
}

TEST_CASE("SQL export: macros, checks, bands and the marker policy") {
    auto sql = export_sql(qd26());
    REQUIRE((sql).has_value());
    CHECK(sql->find("CREATE OR REPLACE MACRO ocop_score_json(path) AS TABLE") != std::string::npos);
    CHECK(sql->find("CREATE OR REPLACE MACRO ocop_score_csv(path) AS TABLE") != std::string::npos);
    CHECK(sql->find("read_json(path") != std::string::npos);
    CHECK(sql->find("read_csv(path") != std::string::npos);
    CHECK(sql->find(qd26().hash()) != std::string::npos);
    for (const auto& sh : qd26().sheets())
        CHECK(sql->find("s" + std::to_string(sh.no) + "_chk AS (") != std::string::npos);
    // Sheet 1, criterion 1.1: options 1, 2, 3 (shared data).
    CHECK(sql->find("WHEN \"1.1\" NOT IN (1, 2, 3)") != std::string::npos);
    CHECK(sql->find("least(band_stars, marker_stars)") != std::string::npos);
    CHECK(sql->find("WHEN total >= 90 AND total <= 100 THEN 5") != std::string::npos);
    CHECK(sql->find("WHEN total >= 70 AND total < 90 THEN 4") != std::string::npos);

    auto one =
        export_sql(qd26(), {.sheet = 1, .input = "it's.csv", .input_format = sql_input::csv});
    REQUIRE((one).has_value());
    CHECK(one->find("s2_chk") == std::string::npos);
    CHECK(one->find("SELECT * FROM ocop_score_csv('it''s.csv');") != std::string::npos);
    CHECK_FALSE((export_sql(qd26(), {.sheet = 27})).has_value());

    auto fail = registry::builtin({.missed_minimum = missed_minimum_policy::fail});
    REQUIRE(fail.has_value());
    auto sql_fail = export_sql(*fail->find("qd26-2026"), {.sheet = 1});
    REQUIRE((sql_fail).has_value());
    CHECK(sql_fail->find("CASE WHEN marker_stars < band_stars THEN 0 ELSE band_stars END") !=
          std::string::npos);

    // A sheet the strict defect policy refuses is not exported.
    auto strict = registry::builtin({.defects = defect_policy::strict});
    REQUIRE(strict.has_value());
    CHECK_FALSE((export_sql(*strict->find("qd26-2026"), {.sheet = 4})).has_value());
    auto all_strict = export_sql(*strict->find("qd26-2026"));
    REQUIRE((all_strict).has_value());
    CHECK(all_strict->find("s4_chk") == std::string::npos);
    CHECK(all_strict->find("WHEN sheet = 4 THEN") != std::string::npos);
}

TEST_CASE("ocop ruleset export --format sql|jsonlogic") {
    const std::string cli = OCOP_CLI;
    std::string out;
    REQUIRE(test::run(cli + " ruleset export qd26-2026 --format sql --sheet 1", &out) == 0);
    CHECK(out.find("ocop_score_json") != std::string::npos);
    REQUIRE(test::run(cli + " ruleset export qd26-2026 --format jsonlogic --sheet 26", &out) == 0);
    auto v = bj::parse(out);
    CHECK(v.at("sheets").as_array().size() == 1);
    CHECK(test::run(cli + " ruleset export qd26-2026 --format jsonlogic --sheet 99 2>/dev/null") ==
          3);
    CHECK(test::run(cli + " ruleset export qd26-2026 --format yaml 2>/dev/null") == 2);
    CHECK(test::run(cli + " ruleset export qd26-2026 --format sql --sheet x 2>/dev/null") == 2);
}
