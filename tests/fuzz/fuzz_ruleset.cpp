// libFuzzer harness: ruleset text -> load (validate, lint, compile); when it loads, the
// document round-trips through JSON and every sheet scores a generated evaluation.
#include "fuzz_common.hpp"

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>

namespace {

/// Answers choosing option `k` (clamped) of every criterion, one case per choose-one group.
boost::json::object answers(const ocop::compiled_sheet& sh, bool last) {
    boost::json::object a;
    for (std::size_t g = 0; g < sh.groups.size(); ++g) {
        const auto& cg = sh.groups[g];
        for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
            const std::size_t c = cg.criterion_first + k;
            const auto n = sh.criteria[c].option_count;
            if (n == 0) continue;
            a[sh.criterion(c).id] = boost::json::object{{"option", last ? n : 1}};
            if (cg.choose_one_case) break;
        }
    }
    return a;
}

void score_sheets(const ocop::ruleset& rs) {
    ocop::registry reg;
    reg.add(rs);
    ocop::evaluation ev;
    ocop::evaluation_result res;
    int done = 0;
    for (const auto& sh : rs.sheets()) {
        if (sh.refusal || ++done > 4) continue;
        const boost::json::value one{
            {"id", "f"}, {"ruleset", rs.id()}, {"sheet", sh.no}, {"answers", answers(sh, false)}};
        const boost::json::value best{
            {"id", "b"}, {"ruleset", rs.id()}, {"sheet", sh.no}, {"answers", answers(sh, true)}};
        const boost::json::value council{
            {"id", "g"},
            {"ruleset", rs.id()},
            {"sheet", sh.no},
            {"members", boost::json::array{answers(sh, true), answers(sh, false)}}};
        for (const auto* v : {&one, &best, &council}) {
            auto r = ocop::parse_evaluation(*v, reg, ev);
            if (!r) {
                ocop::fuzz::check_refusal(r.error(), ev.id);
                continue;
            }
            ocop::score_evaluation(ev, res);
            ocop::fuzz::check_result(res);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto rs = ocop::ruleset::load(text);
    if (!rs) {
        ocop::fuzz::check_refusal(rs.error(), {});
        return 0;
    }
    (void)ocop::lint(rs->document());
    // A loaded document writes and reads back to the same JSON.
    const boost::json::value j = ocop::to_json(rs->document());
    auto back = ocop::read_json<ocop::ruleset_document>(j);
    if (!back) ocop::fuzz::fail("to_json output does not read back", back.error().what());
    if (boost::json::serialize(ocop::to_json(*back)) != boost::json::serialize(j))
        ocop::fuzz::fail("ruleset JSON round trip changed the document");
    score_sheets(*rs);
    return 0;
}
