// Scores one product with the built-in default ruleset; exits 0 when it gets 4 stars.
#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>

#include <iostream>

int main() {
    const auto& reg = ocop::registry::builtin();
    // The sheet read through its public view: every criterion at its last (best) option.
    const ocop::sheet_view sheet = *reg.find(reg.default_id())->sheet(1);
    boost::json::object answers;
    for (const ocop::criterion_view c : sheet.criteria())
        answers[c.id()] = c.options().back().points();
    answers["4.3"] = 0; // 100 - 5 - 3 - 3 = 89: still every minimum, band 4★
    answers["4.2"] = 0;
    answers["6.4"] = 0;
    boost::json::object record{{"id", "consumer"}, {"sheet", 1}, {"answers", answers}};
    const auto ev = ocop::parse_evaluation_or_throw(record, reg);
    const auto res = ocop::score_evaluation(ev);
    // Core only (no result writer of the io layer): the add_subdirectory consumer links
    // ocop::core alone.
    std::cout << "consumer: " << res.stars << " stars, total " << res.total.fraction() << "\n";
    return res.stars == 4 && res.total == ocop::score{89, 1} ? 0 : 1;
}
