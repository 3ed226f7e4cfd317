#pragma once
// Hand-worked fixtures: answer maps written out criterion by criterion, so each expected
// value in the tests can be checked by hand against ../shared/ocop/*.json.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>

namespace ocop::test {

using answer_list = std::initializer_list<std::pair<const char*, int>>;

/// An answers object from (criterion, points) pairs, with later pairs overriding earlier ones.
inline boost::json::object answers(answer_list base, answer_list overrides = {}) {
    boost::json::object o;
    for (const auto& [k, v] : base) o[k] = v;
    for (const auto& [k, v] : overrides) o[k] = v;
    return o;
}

/// One evaluation record as JSON text.
inline std::string record(const std::string& id, const std::string& ruleset, int sheet,
                          const boost::json::object& ans, boost::json::object extra = {}) {
    boost::json::object o = std::move(extra);
    o["id"] = id;
    if (!ruleset.empty()) o["ruleset"] = ruleset;
    o["sheet"] = sheet;
    o["answers"] = ans;
    return boost::json::serialize(o);
}

/// A council record: one answers object per member.
inline std::string council(const std::string& id, const std::string& ruleset, int sheet,
                           std::initializer_list<boost::json::object> members) {
    boost::json::object o;
    o["id"] = id;
    o["ruleset"] = ruleset;
    o["sheet"] = sheet;
    boost::json::array m;
    for (const auto& a : members) m.push_back(a);
    o["members"] = m;
    return boost::json::serialize(o);
}

// qd26-2026 sheet 1 with every criterion at its 5★ minimum, or at its lowest option where it
// carries no minimum. By hand: A 9 + 8 + 6 = 23, B 5 + 6 = 11, C 5+0+3+2+3+1+1 = 15; total 49.
// Every cumulative minimum holds, so marker stars are 5.
inline constexpr std::pair<const char*, int> qd26_s1_min5[] = {
    {"1.1", 1}, {"1.2", 0}, {"1.3", 3}, {"1.4", 1}, {"1.5", 3}, {"1.6", 1}, {"1.7", 0}, {"2.1", 3},
    {"2.2", 2}, {"2.3", 3}, {"2.4", 0}, {"3.1", 1}, {"3.2", 0}, {"3.3", 1}, {"3.4", 2}, {"3.5", 2},
    {"4.1", 5}, {"4.2", 0}, {"4.3", 0}, {"5.1", 5}, {"5.2", 0}, {"5.3", 1}, {"6.1", 2}, {"6.2", 3},
    {"6.3", 0}, {"6.4", 0}, {"7", 0},   {"8", 3},   {"9", 2},   {"10", 3},  {"11", 1},  {"12", 1}};

/// qd26 sheet 1 at the 5★ minimums (49) with overrides on unmarked criteria.
inline boost::json::object s1(answer_list overrides = {}) {
    boost::json::object o;
    for (const auto& [k, v] : qd26_s1_min5) o[k] = v;
    for (const auto& [k, v] : overrides) o[k] = v;
    return o;
}

// Totals built on s1() by raising criteria above their minimums, each a small hand-summed
// step from a smaller total, so every minimum still holds.
inline boost::json::object with(boost::json::object o, answer_list overrides) {
    for (const auto& [k, v] : overrides) o[k] = v;
    return o;
}

inline boost::json::object s1_total(int total) {
    switch (total) {
    case 49:
        return s1();
    case 50:
        return s1({{"1.7", 1}}); // 49 + 1
    // 49 + 4.3 +5, 4.2 +3, 1.1 +2, 1.2 +2, 1.4 +2, 3.1 +2, 3.3 +2, 6.3 +3 = 70
    case 70:
        return s1({{"4.3", 5},
                   {"4.2", 3},
                   {"1.1", 3},
                   {"1.2", 2},
                   {"1.4", 3},
                   {"3.1", 3},
                   {"3.3", 3},
                   {"6.3", 3}});
    case 69:
        return with(s1_total(70), {{"1.2", 1}}); // 70 - 1
    case 71:
        return with(s1_total(70), {{"2.4", 1}}); // 70 + 1
    // 70 + 6.4 +3, 7 +3, 5.2 +2, 12 +2, 9 +3, 8 +2, 10 +2, 5.3 +2 = 89
    case 89:
        return with(s1_total(70), {{"6.4", 3},
                                   {"7", 3},
                                   {"5.2", 2},
                                   {"12", 3},
                                   {"9", 5},
                                   {"8", 5},
                                   {"10", 5},
                                   {"5.3", 3}});
    case 90:
        return with(s1_total(89), {{"2.4", 1}}); // 89 + 1
    case 91:
        return with(s1_total(90), {{"11", 2}}); // 90 + 1
    default:
        throw std::invalid_argument("no fixture for that total");
    }
}

} // namespace ocop::test
