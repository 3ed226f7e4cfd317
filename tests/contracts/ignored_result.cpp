// Compiled by tests/cmake/contracts.cmake: with IGNORE defined, a result<T> is dropped and the
// build must fail (-Werror=unused-result); without it, the same call is used and it compiles.
#include <ocop/ocop.hpp>

int main() {
#ifdef IGNORE
    ocop::ruleset::load("{}");
    return 0;
#else
    return ocop::ruleset::load("{}").has_value() ? 1 : 0;
#endif
}
