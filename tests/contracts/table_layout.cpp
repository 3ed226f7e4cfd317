// Compiled by tests/cmake/contracts.cmake against the installed headers only: a consumer
// reads a compiled sheet through its views (this compiles), and cannot reach the tables
// behind them: with LAYOUT defined the build must fail (the compiled sheet is incomplete).
#include <ocop/ocop.hpp>

int main() {
    const ocop::ruleset& rs = *ocop::registry::builtin().find("qd26-2026");
#if defined(LAYOUT)
    const auto* sheet = rs.sheet(1);
    return static_cast<int>(sheet->criteria.size() + sheet->options.size());
#else
    const ocop::sheet_view sheet = *rs.sheet(1);
    int best = 0;
    for (const ocop::criterion_view c : sheet.criteria()) best += c.options().back().points();
    return best == sheet.max_total() ? 0 : 1;
#endif
}
