// libFuzzer harness: evaluation text -> JSON -> parse_evaluation -> score -> result JSON and
// explanation, under the three missed-minimum policies, against the built-in rulesets.
#include "fuzz_common.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace {

const std::array<ocop::registry, 3>& registries() {
    static const std::array<ocop::registry, 3> regs = [] {
        auto make = [](ocop::missed_minimum_policy p) {
            ocop::load_options o;
            o.missed_minimum = p;
            return ocop::registry::builtin(o).value();
        };
        return std::array<ocop::registry, 3>{make(ocop::missed_minimum_policy::cap),
                                             make(ocop::missed_minimum_policy::fail),
                                             make(ocop::missed_minimum_policy::ignore)};
    }();
    return regs;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    boost::json::parse_options po;
    po.max_depth = 32; // as the CLI
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec, {}, po);
    if (ec) return 0;
    ocop::evaluation ev;
    ocop::evaluation_result res;
    int accepted = -1;
    for (const auto& reg : registries()) {
        auto r = ocop::parse_evaluation(v, reg, ev);
        // The policy changes the stars, never whether the input is valid.
        if (accepted >= 0 && accepted != static_cast<int>(r.has_value()))
            ocop::fuzz::fail("acceptance depends on the marker policy");
        accepted = r.has_value();
        if (!r) {
            ocop::fuzz::check_refusal(r.error(), ev.id);
            continue;
        }
        ocop::score_evaluation(ev, res);
        ocop::fuzz::check_result(res);
    }
    return 0;
}
