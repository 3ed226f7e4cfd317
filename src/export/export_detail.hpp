#pragma once
// What the SQL and JsonLogic exports need to know about one compiled sheet, gathered once.
#include "../detail/compiled_sheet.hpp"
#include <ocop/ruleset.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace ocop::detail {

/// One criterion as the exports see it (single member, answers given as points).
struct export_criterion {
    std::string id;           ///< Criterion id (the answers key).
    part_code part{};         ///< Part.
    std::uint16_t group = 0;  ///< Group index.
    bool is_case = false;     ///< A case of a choose-one group: applicable when answered.
    std::vector<int> allowed; ///< Distinct allowed points, in option order.
    std::array<int, 6> need{-1, -1, -1, -1, -1, -1}; ///< Minimum per star (-1: none).
    std::vector<int> knockout_points; ///< Points whose (first matching) option knocks out.
};

/// A sheet as the exports see it.
struct export_sheet {
    int no = 0;
    std::vector<export_criterion> criteria;
    std::vector<std::vector<std::size_t>> case_groups;     ///< Criteria of each choose-one group.
    std::vector<std::string> group_codes;                  ///< Code of each choose-one group.
    std::vector<std::string> declared_codes;               ///< Codes a record may declare.
    std::vector<std::vector<std::size_t>> zero_point_sets; ///< zero_points knock-out criteria.
};

/// The sheets an export covers: sheet `no` alone, or (0) every sheet the ruleset can score.
/// Refused when that sheet is unknown or was never transcribed, or when none is left.
inline result<std::vector<const compiled_sheet*>> sheets_to_export(const ruleset& rs, int no) {
    std::vector<const compiled_sheet*> sheets;
    if (no != 0) {
        const auto* sh = rs.sheet(no);
        if (!sh)
            return diagnostic{errc::unknown_sheet, "/sheet",
                              rs.id() + " has no sheet " + std::to_string(no)};
        if (sh->refusal) return *sh->refusal;
        sheets.push_back(sh);
    } else {
        for (const auto& sh : rs.sheets())
            if (!sh.refusal) sheets.push_back(&sh);
    }
    if (sheets.empty())
        return diagnostic{errc::unknown_sheet, "/sheets", rs.id() + " has no scoreable sheet"};
    return sheets;
}

inline export_sheet describe_for_export(const compiled_sheet& sh) {
    export_sheet out;
    out.no = sh.no;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
        const auto& cc = sh.criteria[c];
        export_criterion e;
        e.id = sh.criterion(c).id;
        e.part = cc.part;
        e.group = cc.group;
        e.is_case = cc.case_no != 0 && sh.groups[cc.group].choose_one_case;
        for (std::uint16_t k = 0; k < cc.option_count; ++k) {
            const auto& o = sh.options[cc.option_first + k];
            if (std::find(e.allowed.begin(), e.allowed.end(), o.points) != e.allowed.end())
                continue; // scoring picks the first option with these points
            e.allowed.push_back(o.points);
            if (o.knockout != no_index) e.knockout_points.push_back(o.points);
        }
        for (int s = 0; s < 6; ++s) e.need[s] = cc.min_for_star[s];
        out.criteria.push_back(std::move(e));
    }
    for (std::size_t g = 0; g < sh.groups.size(); ++g) {
        if (!sh.groups[g].choose_one_case) continue;
        std::vector<std::size_t> members;
        for (std::uint16_t k = 0; k < sh.groups[g].criterion_count; ++k)
            members.push_back(sh.groups[g].criterion_first + k);
        out.case_groups.push_back(std::move(members));
        out.group_codes.push_back(sh.group(g).code);
    }
    for (const auto& ko : sh.knockouts) {
        if (ko.rule->trigger != knockout_trigger::option &&
            std::find(out.declared_codes.begin(), out.declared_codes.end(), ko.code) ==
                out.declared_codes.end())
            out.declared_codes.push_back(ko.code);
        if (ko.rule->trigger == knockout_trigger::zero_points)
            out.zero_point_sets.emplace_back(ko.applies.begin(), ko.applies.end());
    }
    return out;
}

/// Thousandths of a point as a decimal literal ("49.5", "90").
inline std::string milli_literal(std::int64_t m) {
    std::string s = std::to_string(m / 1000);
    if (m % 1000 != 0) {
        std::string frac = std::to_string(1000 + (m % 1000 < 0 ? -(m % 1000) : m % 1000));
        frac = frac.substr(1);
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        s += "." + frac;
    }
    return s;
}

} // namespace ocop::detail
