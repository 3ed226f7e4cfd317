// A compiled ruleset as JsonLogic rules (json-logic-js compatible), one set per sheet.
#include "../detail/compiled_sheet.hpp"
#include <ocop/export.hpp>

#include "export_detail.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/array.hpp>

#include <algorithm>
#include <set>

namespace ocop {

namespace bj = boost::json;

std::string jsonlogic_key(std::string_view criterion_id) {
    std::string out(criterion_id);
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

namespace {

using detail::export_criterion;
using detail::export_sheet;

bj::value op(const char* name, bj::array args) {
    return bj::object{{name, std::move(args)}};
}

bj::value number(std::int64_t milli) {
    if (milli % 1000 == 0) return milli / 1000;
    return static_cast<double>(milli) / 1000.0; // only a peer's band edge; ours are exact
}

class sheet_rules {
  public:
    sheet_rules(const ruleset& rs, const compiled_sheet& sh)
        : rs_(rs), sh_(sh), es_(detail::describe_for_export(sh)) {}

    result<bj::object> build() {
        bj::object keys;
        std::set<std::string> seen;
        for (const auto& c : es_.criteria) {
            const std::string k = jsonlogic_key(c.id);
            if (!seen.insert(k).second)
                return diagnostic{errc::invalid_value, "/sheets/" + std::to_string(sh_.no),
                                  "two criteria map to the JsonLogic key " + k};
            keys[c.id] = k;
        }
        bj::object parts;
        bj::array all;
        for (part_code p : {part_code::A, part_code::B, part_code::C}) {
            bj::array terms;
            for (const auto& c : es_.criteria)
                if (c.part == p) terms.push_back(points(c));
            parts[boost::describe::enum_to_string(p, "?")] =
                terms.empty() ? bj::value(0) : op("+", std::move(terms));
        }
        for (const auto& c : es_.criteria) all.push_back(points(c));
        const bj::value total = op("+", std::move(all));
        const bj::value band = band_rule(total);
        const bj::value marker = marker_rule();
        const bj::value rejected = op("!!", {var("dossier_rejected")});
        // Knock-out policy `flag`: a knock-out does not zero the stars.
        const bj::value stars =
            rs_.policies().knockout.value_or(knockout_policy::zero) == knockout_policy::zero
                ? op("if", {rejected, 0, knocked(), 0, policy(band, marker)})
                : op("if", {rejected, 0, policy(band, marker)});
        auto zero_if_rejected = [&](const bj::value& v) { return op("if", {rejected, 0, v}); };

        bj::object rules;
        rules["missing"] = missing_rule();
        rules["invalid"] = invalid_rule();
        rules["parts"] = parts;
        rules["total"] = total;
        rules["band_stars"] = band;
        rules["marker_stars"] = marker;
        rules["stars"] = stars;
        rules["result"] = bj::array{zero_if_rejected(total),
                                    zero_if_rejected(parts["A"]),
                                    zero_if_rejected(parts["B"]),
                                    zero_if_rejected(parts["C"]),
                                    zero_if_rejected(band),
                                    zero_if_rejected(marker),
                                    stars};
        return bj::object{
            {"sheet", sh_.no}, {"keys", std::move(keys)}, {"rules", std::move(rules)}};
    }

  private:
    static bj::value var(const std::string& path) { return bj::object{{"var", path}}; }
    static std::string path(const export_criterion& c) { return "answers." + jsonlogic_key(c.id); }
    static bj::value raw(const export_criterion& c) { return var(path(c)); }
    static bj::value points(const export_criterion& c) {
        return bj::object{{"var", bj::array{bj::value(path(c)), 0}}};
    }
    static bj::array ints(const std::vector<int>& v) {
        bj::array a;
        for (int x : v) a.push_back(x);
        return a;
    }

    bj::value missing_rule() const {
        bj::array required;
        for (const auto& c : es_.criteria)
            if (!c.is_case) required.push_back(bj::value(path(c)));
        bj::array lists{op("missing", std::move(required))};
        for (const auto& g : es_.case_groups) {
            bj::array cases;
            for (auto c : g) cases.push_back(bj::value(path(es_.criteria[c])));
            lists.push_back(op("missing_some", {1, std::move(cases)}));
        }
        return op("merge", std::move(lists));
    }

    // Criterion ids whose answer is present but matches no option.
    bj::value invalid_rule() const {
        bj::array lists;
        for (const auto& c : es_.criteria) {
            bj::value bad = op("and", {op("!==", {raw(c), nullptr}),
                                       op("!", {op("in", {raw(c), ints(c.allowed)})})});
            lists.push_back(op("if", {bad, bj::array{bj::value(c.id)}, bj::array{}}));
        }
        return op("merge", std::move(lists));
    }

    bj::value knocked() const {
        bj::array any{op("!!", {var("knockouts")})};
        for (const auto& set : es_.zero_point_sets)
            for (auto c : set) any.push_back(op("===", {raw(es_.criteria[c]), 0}));
        for (const auto& c : es_.criteria)
            if (!c.knockout_points.empty())
                any.push_back(op("in", {raw(c), ints(c.knockout_points)}));
        return any.size() == 1 ? any[0] : op("or", std::move(any));
    }

    bj::value minimums(int s) const {
        bj::array terms;
        for (const auto& c : es_.criteria) {
            if (c.need[s] <= 0) continue;
            if (c.is_case)
                terms.push_back(
                    op("or", {op("==", {raw(c), nullptr}), op(">=", {raw(c), c.need[s]})}));
            else
                terms.push_back(op(">=", {points(c), c.need[s]}));
        }
        if (terms.empty()) return true;
        return terms.size() == 1 ? terms[0] : op("and", std::move(terms));
    }

    bj::value marker_rule() const {
        bj::array branches;
        for (int s = 3; s <= 5; ++s) {
            branches.push_back(op("!", {minimums(s)}));
            branches.push_back(s - 1);
        }
        branches.push_back(5);
        return op("if", std::move(branches));
    }

    // Bands as a cascade on their lower bounds when they tile [0, max]; else both bounds.
    bj::value band_rule(const bj::value& total) const {
        auto bands = rs_.document().star_bands;
        std::sort(bands.begin(), bands.end(),
                  [](const star_band& a, const star_band& b) { return a.min > b.min; });
        bool tiles = !bands.empty() && bands[0].max_inclusive &&
                     bands[0].max.value >= std::int64_t{sh_.max_total} * 1000;
        for (std::size_t i = 1; i < bands.size() && tiles; ++i)
            tiles = bands[i].max == bands[i - 1].min && !bands[i].max_inclusive;
        bj::array branches;
        for (const auto& b : bands) {
            bj::value lower = op(">=", {total, number(b.min.value)});
            branches.push_back(tiles ? lower
                                     : op("and", {lower, op(b.max_inclusive ? "<=" : "<",
                                                            {total, number(b.max.value)})}));
            branches.push_back(b.stars);
        }
        branches.push_back(0);
        return op("if", std::move(branches));
    }

    bj::value policy(const bj::value& band, const bj::value& marker) const {
        switch (rs_.policies().missed_minimum) {
        case missed_minimum_policy::cap:
            return op("min", {band, marker});
        case missed_minimum_policy::fail:
            return op("if", {op("<", {marker, band}), 0, band});
        case missed_minimum_policy::ignore:
            break;
        }
        return band;
    }

    const ruleset& rs_;
    const compiled_sheet& sh_;
    export_sheet es_;
};

} // namespace

result<bj::object> export_jsonlogic(const ruleset& rs, const jsonlogic_export_options& opts) {
    auto chosen = detail::sheets_to_export(rs, opts.sheet);
    if (!chosen) return chosen.error();
    bj::array sheets;
    for (const compiled_sheet* sh : *chosen) {
        auto rules = sheet_rules(rs, *sh).build();
        if (!rules) return rules.error();
        sheets.push_back(std::move(*rules));
    }
    return bj::object{
        {"format", "ocop-jsonlogic/1"},
        {"ruleset", rs.id()},
        {"ruleset_hash", rs.hash()},
        {"missed_minimum", boost::describe::enum_to_string(rs.policies().missed_minimum, "?")},
        {"data",
         "{\"answers\": {key: points}, \"knockouts\": [codes], \"dossier_rejected\": reason}"},
        {"result", "[total, part_a, part_b, part_c, band_stars, marker_stars, stars]"},
        {"sheets", std::move(sheets)}};
}

} // namespace ocop
