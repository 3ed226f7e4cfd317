// JSON Schema export: a small validator for the subset the schema uses, and agreement with
// parse_evaluation on generated valid and invalid evaluations (sheets 1, 13, 26 and 148/1).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <regex>

using namespace ocop;
using namespace ocop::test;
namespace json = boost::json;

namespace {

/// Validator for the draft 2020-12 keywords the exporter emits.
class validator {
  public:
    explicit validator(const json::value& root) : root_(root) {}

    bool valid(const json::value& v) const { return check(root_, v); }

  private:
    static bool is_type(const json::value& v, const std::string& t) {
        if (t == "object") return v.is_object();
        if (t == "array") return v.is_array();
        if (t == "string") return v.is_string();
        if (t == "integer")
            return v.is_int64() || v.is_uint64() ||
                   (v.is_double() &&
                    v.get_double() == static_cast<double>(static_cast<long long>(v.get_double())));
        if (t == "boolean") return v.is_bool();
        if (t == "null") return v.is_null();
        FAIL("unexpected type " << t);
        return false;
    }
    static bool num_equal(const json::value& a, const json::value& b) {
        if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
        if (a.is_number() != b.is_number()) return false;
        return a == b;
    }

    bool check(const json::value& schema, const json::value& v) const {
        const auto& s = schema.as_object();
        for (const auto& kv : s) {
            const std::string k(kv.key());
            const auto& x = kv.value();
            if (k == "$ref") {
                const std::string ref(x.as_string());
                REQUIRE(ref.rfind("#/$defs/", 0) == 0);
                if (!check(root_.at("$defs").at(ref.substr(8)), v)) return false;
            } else if (k == "type") {
                if (!is_type(v, std::string(x.as_string()))) return false;
            } else if (k == "enum") {
                bool any = false;
                for (const auto& e : x.as_array()) any = any || num_equal(e, v);
                if (!any) return false;
            } else if (k == "const") {
                if (!num_equal(x, v)) return false;
            } else if (k == "minimum") {
                if (v.is_number() && v.to_number<double>() < x.to_number<double>()) return false;
            } else if (k == "maximum") {
                if (v.is_number() && v.to_number<double>() > x.to_number<double>()) return false;
            } else if (k == "minLength" || k == "maxLength") {
                if (v.is_string()) {
                    const auto n =
                        static_cast<std::int64_t>(v.as_string().size()); // bytes: ASCII ids
                    if (k == "minLength" ? n < x.as_int64() : n > x.as_int64()) return false;
                }
            } else if (k == "pattern") {
                if (v.is_string() && !std::regex_search(std::string(v.as_string()),
                                                        std::regex(std::string(x.as_string()))))
                    return false;
            } else if (k == "minItems" || k == "maxItems") {
                if (v.is_array()) {
                    const auto n = static_cast<std::int64_t>(v.as_array().size());
                    if (k == "minItems" ? n < x.as_int64() : n > x.as_int64()) return false;
                }
            } else if (k == "items") {
                if (v.is_array())
                    for (const auto& e : v.as_array())
                        if (!check(x, e)) return false;
            } else if (k == "required") {
                if (v.is_object())
                    for (const auto& r : x.as_array())
                        if (!v.as_object().contains(r.as_string())) return false;
            } else if (k == "properties") {
                if (v.is_object())
                    for (const auto& p : v.as_object())
                        if (const auto* ps = x.as_object().if_contains(p.key()))
                            if (!check(*ps, p.value())) return false;
            } else if (k == "additionalProperties") {
                if (v.is_object() && x.is_bool() && !x.as_bool()) {
                    const auto* props = s.if_contains("properties");
                    for (const auto& p : v.as_object())
                        if (!props || !props->as_object().contains(p.key())) return false;
                }
            } else if (k == "allOf") {
                for (const auto& e : x.as_array())
                    if (!check(e, v)) return false;
            } else if (k == "anyOf") {
                bool any = false;
                for (const auto& e : x.as_array()) any = any || check(e, v);
                if (!any) return false;
            } else if (k == "oneOf") {
                int n = 0;
                for (const auto& e : x.as_array()) n += check(e, v);
                if (n != 1) return false;
            } else if (k == "not") {
                if (check(x, v)) return false;
            } else if (k == "if") {
                const auto* branch = s.if_contains(check(x, v) ? "then" : "else");
                if (branch && !check(*branch, v)) return false;
            } else if (k == "then" || k == "else" || k == "$schema" || k == "$id" || k == "$defs" ||
                       k == "title" || k == "description" || k.rfind("x-", 0) == 0) {
                // handled with "if", or annotations
            } else {
                FAIL("validator does not know keyword " << k);
            }
        }
        return true;
    }

    const json::value& root_;
};

/// A random complete, valid evaluation of a sheet (points, {"option": k} or booleans).
json::object random_valid(const ruleset& rs, const compiled_sheet& sh, std::mt19937& rng) {
    json::object ans;
    std::map<std::size_t, int> chosen_case;
    for (std::size_t g = 0; g < sh.groups.size(); ++g)
        if (sh.groups[g].choose_one_case)
            chosen_case[g] =
                sh.criteria[sh.groups[g].criterion_first + rng() % sh.groups[g].criterion_count]
                    .case_no;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& cc = sh.criteria[c];
        if (cc.case_no && cc.case_no != chosen_case[cc.group]) continue;
        const auto k = static_cast<std::uint16_t>(rng() % cc.option_count);
        const int pts = sh.options[cc.option_first + k].points;
        switch (rng() % 3) {
        case 0:
            ans[sh.criterion(c).id] = json::object{{"option", k + 1}};
            break;
        case 1:
            if (cc.binary) {
                ans[sh.criterion(c).id] = pts > 0;
                break;
            }
            [[fallthrough]];
        default:
            ans[sh.criterion(c).id] = pts;
        }
    }
    return json::object{{"id", "R"},
                        {"ruleset", rs.id()},
                        {"sheet", sh.no},
                        {"answers", ans},
                        {"province", "Hà Nội"}};
}

} // namespace

TEST_CASE("schema agrees with parse_evaluation on valid and mutated evaluations") {
    const auto& reg = registry::builtin();
    std::mt19937 rng(7);
    for (auto [id, no] : {std::pair{"qd26-2026", 1},
                          {"qd26-2026", 13},
                          {"qd26-2026", 26},
                          {"qd148-2023", 1},
                          {"qd148-2023", 26}}) {
        const ruleset& rs = *reg.find(id);
        const compiled_sheet& sh = *rs.sheet(no);
        const json::value schema = evaluation_schema(rs, sh);
        CHECK(json::parse(evaluation_schema_text(rs, sh)) == schema);
        validator val(schema);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 60; ++i) {
            json::object rec = random_valid(rs, sh, rng);
            // Mutations: none, drop a criterion, impossible points, unknown key, both cases,
            // option out of range, knock-out declared (answers may then be partial),
            // rejected dossier, members form.
            auto& ans = rec["answers"].as_object();
            const int mutation = i % 9;
            const std::string first = std::string(ans.begin()->key());
            switch (mutation) {
            case 1:
                ans.erase(first);
                break;
            case 2:
                ans[first] = 77;
                break;
            case 3:
                ans["no-such-criterion"] = 1;
                break;
            case 4:
                for (std::size_t c = 0; c < sh.criteria.size(); ++c)
                    if (sh.criteria[c].case_no)
                        ans[sh.criterion(c).id] = json::object{{"option", 1}};
                break;
            case 5:
                ans[first] = json::object{{"option", 99}};
                break;
            case 6:
                for (const auto& ko : sh.knockouts)
                    if (ko.rule->trigger != knockout_trigger::option) {
                        rec["knockouts"] = json::array{json::string(ko.code)};
                        ans.erase(first);
                        break;
                    }
                break;
            case 7:
                rec.erase("answers");
                rec["dossier_rejected"] = "giả mạo hồ sơ";
                break;
            case 8: {
                json::value a = rec["answers"];
                rec.erase("answers");
                rec["members"] = json::array{a, json::object{{"answers", a}}};
                break;
            }
            default:
                break;
            }
            evaluation ev;
            const bool parsed = parse_evaluation(rec, reg, ev).has_value();
            INFO(id << " sheet " << no << " mutation " << mutation << ": " << json::serialize(rec));
            CHECK(val.valid(rec) == parsed);
            (parsed ? accepted : rejected) += 1;
        }
        CHECK(accepted > 10);
        CHECK(rejected > 10);
    }
}

TEST_CASE("schema content: required criteria, cases, knock-outs, rejection text; CLI") {
    const ruleset& rs = *registry::builtin().find("qd26-2026");
    const auto s = evaluation_schema(rs, *rs.sheet(26));
    const auto& answers = s.at("$defs").at("answers").as_object();
    bool has8a = false;
    for (const auto& r : answers.at("required").as_array()) has8a = has8a || r == "8a";
    CHECK_FALSE(has8a);
    CHECK(answers.at("allOf").as_array().size() == 3); // groups 8, 9, 15
    const auto s1 = evaluation_schema(rs, *rs.sheet(1));
    const std::string rej(s1.at("properties").at("dossier_rejected").at("description").as_string());
    CHECK(rej.find("Giả mạo hồ sơ") != std::string::npos);
    CHECK(s1.at("$defs").at("criterion_2.4").at("anyOf").as_array().size() == 3); // binary
    std::string out;
    REQUIRE(run(std::string(OCOP_CLI) + " schema --ruleset qd26-2026 --sheet 13", &out) == 0);
    CHECK(json::parse(out).at("properties").at("sheet").at("const") == 13);
    CHECK(run(std::string(OCOP_CLI) + " schema --sheet 99 2>/dev/null") == 3);
}
