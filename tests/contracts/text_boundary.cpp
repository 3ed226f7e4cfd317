// Compiled by tests/cmake/contracts.cmake against the installed headers only: a consumer of
// ocop/text.hpp works in JSON text and needs no Boost.JSON (this compiles, and no Boost.JSON
// header came in); with TYPED defined it names boost::json, which the header does not declare,
// and the build must fail.
#include <ocop/text.hpp>

#include <string>

// Every Boost.JSON header includes boost/json/detail/config.hpp.
#if defined(BOOST_JSON_DETAIL_CONFIG_HPP)
#error "ocop/text.hpp includes Boost.JSON"
#endif

int main() {
    const auto engine = ocop::text_engine::create_or_throw();
    const std::string ev = R"({"id":"p","sheet":1,"answers":{"1.1":1}})";
#if defined(TYPED)
    boost::json::value v = boost::json::parse(ev);
#endif
    const auto line = engine.score(ev);
    return line.has_value() || line.error().code == ocop::errc::missing_criterion ? 0 : 1;
}
