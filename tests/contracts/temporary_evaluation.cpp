// Compiled by tests/cmake/contracts.cmake: a result borrows the evaluation it scored, so
// scoring or reviewing a temporary (destroyed at the end of the statement) must not compile.
// Without a macro, the same calls on a named evaluation compile, so a failure is the one
// checked, not a broken include.
#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>

int main() {
    const auto j = boost::json::parse(R"({"id":"x","sheet":1,"answers":{}})");
    const ocop::registry& reg = ocop::registry::builtin();
#if defined(SCORE_TEMPORARY)
    auto r = ocop::score_evaluation(ocop::parse_evaluation_or_throw(j, reg));
    return ocop::explain(r).empty() ? 1 : 0;
#elif defined(REVIEW_TEMPORARY)
    auto review = ocop::review_council(ocop::parse_evaluation_or_throw(j, reg));
    return review.members.empty() ? 1 : 0;
#elif defined(INTO_TEMPORARY)
    ocop::evaluation_result r;
    ocop::score_evaluation(ocop::parse_evaluation_or_throw(j, reg), r);
    return ocop::explain(r).empty() ? 1 : 0;
#else
    const ocop::evaluation ev = ocop::parse_evaluation_or_throw(j, reg);
    auto r = ocop::score_evaluation(ev);
    auto review = ocop::review_council(ev);
    return ocop::explain(r).empty() || review.members.empty() ? 1 : 0;
#endif
}
