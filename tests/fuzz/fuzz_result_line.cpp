// libFuzzer harness: re-reading result lines (cohort_aggregator::add_result, the reader of
// ocop aggregate/report over `ocop score` output). Two properties:
//  - a genuine line is always accepted, at every detail level, and counts exactly what its
//    evaluation counts (when the input reads as an evaluation, it is scored and written);
//  - any other object is accepted or refused with a diagnostic, never crashes, and an
//    accepted line stays inside the sheet (total in [0, max_total], stars 0..5).
#include "fuzz_common.hpp"

#include <ocop/cohort.hpp>
#include <ocop/evaluation_reader.hpp>
#include <ocop/result_json.hpp>

#include <cstddef>
#include <cstdint>

namespace {

std::string stats_text(const ocop::cohort_aggregator& a) {
    const auto s = a.overall();
    std::string t = std::to_string(s.count) + "|" + std::to_string(s.scored) + "|" +
                    std::to_string(s.knocked_out) + "|" + std::to_string(s.rejected) + "|" +
                    std::to_string(s.capped);
    for (auto n : s.stars) t += "," + std::to_string(n);
    return t;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ocop;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static evaluation_reader reader(registry::builtin());
    evaluation ev;
    if (reader.read(text, ev)) {
        evaluation_result r;
        score_evaluation(ev, r);
        cohort_aggregator direct(registry::builtin(), {});
        direct.add(r);
        for (auto d : {result_detail::totals, result_detail::criteria, result_detail::full}) {
            std::string line;
            append_result_json(r, line, result_json_options::at(d));
            boost::system::error_code ec;
            auto v = boost::json::parse(line, ec);
            if (ec || !v.is_object()) fuzz::fail("result line is not a JSON object", line);
            cohort_aggregator again(registry::builtin(), {});
            auto ok = again.add_result(v.get_object());
            if (!ok) fuzz::fail("a genuine result line was refused", line);
            if (stats_text(again) != stats_text(direct))
                fuzz::fail("a result line counts differently from its evaluation", line);
            (void)explain_result_line(v.get_object());
        }
        return 0;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) return 0;
    cohort_aggregator agg(registry::builtin(), {});
    auto ok = agg.add_result(v.get_object());
    (void)explain_result_line(v.get_object());
    if (!ok) {
        fuzz::check_refusal(ok.error(), {});
        if (agg.records() != 0) fuzz::fail("a refused line was counted");
        return 0;
    }
    const auto s = agg.overall();
    if (s.count != 1) fuzz::fail("an accepted line did not count once");
    if (s.total.hist.size() != (s.rejected ? 0u : 1u)) fuzz::fail("a line with no total or two");
    const auto* sheet = registry::builtin()
                            .find(std::string_view(v.get_object().at("ruleset").as_string()))
                            ->sheet(static_cast<int>(v.get_object().at("sheet").as_int64()));
    for (const auto& [value, n] : s.total.hist.values()) {
        const auto [num, den] = value;
        if (den < 1 || num < 0 || num > std::int64_t{sheet->max_total} * den)
            fuzz::fail("an accepted total outside [0, max_total]");
    }
    return 0;
}
