// libFuzzer harness: evaluation text -> JSON -> parse_evaluation -> score -> result JSON and
// explanation, under the three missed-minimum policies, against the built-in rulesets.
// Differential: for each registry, an evaluation_reader (one per registry, reused from one
// input to the next) must give exactly what boost::json::parser + parse_evaluation give, and
// scoring at score_detail::criteria and ::totals must agree with the full scoring.
#include "fuzz_common.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

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

/// One reader per registry, kept for the whole run: its scratch state carries over from one
/// record to the next, as in a batch.
ocop::evaluation_reader& reader(std::size_t i) {
    static ocop::evaluation_reader r0(registries()[0]), r1(registries()[1]), r2(registries()[2]);
    static ocop::evaluation_reader* const all[] = {&r0, &r1, &r2};
    return *all[i];
}

/// The outcome fields every score_detail level fills.
void compare_outcome(const ocop::evaluation_result& full, const ocop::evaluation_result& r,
                     const char* level) {
    auto check = [level](bool same, const char* name) {
        if (!same)
            ocop::fuzz::fail("score_detail differs from the full scoring",
                             std::string(level) + ": " + name);
    };
    check(r.input == full.input, "input");
    check(r.status == full.status, "status");
    check(r.total.sum == full.total.sum && r.total.count == full.total.count, "total");
    for (std::size_t i = 0; i < full.parts.size(); ++i)
        check(r.parts[i].sum == full.parts[i].sum && r.parts[i].count == full.parts[i].count,
              "parts");
    check(r.band_stars == full.band_stars, "band_stars");
    check(r.marker_stars == full.marker_stars, "marker_stars");
    check(r.stars == full.stars, "stars");
    check(r.decided_by == full.decided_by, "decided_by");
}

/// score_evaluation at the three levels of detail: same outcome; criteria and sums equal
/// between full and criteria; the lower levels leave what they skip empty.
void check_detail_levels(const ocop::evaluation& ev, const ocop::evaluation_result& full) {
    static ocop::evaluation_result crit, tot; // reused, as a stream scorer does
    ocop::score_evaluation(ev, crit, ocop::score_detail::criteria);
    ocop::score_evaluation(ev, tot, ocop::score_detail::totals);
    compare_outcome(full, crit, "criteria");
    compare_outcome(full, tot, "totals");
    using ocop::fuzz::fail;
    if (crit.group_sums != full.group_sums) fail("score_detail differs", "criteria: group_sums");
    if (crit.subgroup_sums != full.subgroup_sums)
        fail("score_detail differs", "criteria: subgroup_sums");
    if (crit.criteria.size() != full.criteria.size())
        fail("score_detail differs", "criteria: criteria size");
    for (std::size_t i = 0; i < full.criteria.size(); ++i) {
        const auto& a = crit.criteria[i];
        const auto& b = full.criteria[i];
        if (a.points_sum != b.points_sum || a.option != b.option || a.answered != b.answered ||
            a.applicable != b.applicable)
            fail("score_detail differs", "criteria: criterion " + std::to_string(i));
    }
    if (!crit.reasons.empty()) fail("score_detail::criteria left reasons");
    if (!tot.reasons.empty() || !tot.criteria.empty() || !tot.group_sums.empty() ||
        !tot.subgroup_sums.empty())
        fail("score_detail::totals left per-criterion data or reasons");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The reference of the reader: boost::json::parser (default options) on the whole text,
    // then parse_evaluation. Compared before the early return so invalid JSON is too.
    {
        static boost::json::parser ref_parser;
        ref_parser.reset();
        boost::system::error_code ref_ec;
        ref_parser.write(text.data(), text.size(), ref_ec);
        boost::json::value doc;
        if (!ref_ec) doc = ref_parser.release();
        static ocop::evaluation got; // reused, as by a batch
        for (std::size_t i = 0; i < registries().size(); ++i) {
            ocop::evaluation want; // fresh: the reference owes nothing to earlier inputs
            ocop::result<void> rw =
                ref_ec ? ocop::result<void>(ocop::diagnostic{ocop::errc::invalid_json, "",
                                                             "not valid JSON: " + ref_ec.message()})
                       : ocop::parse_evaluation(doc, registries()[i], want);
            const ocop::result<void> rg = reader(i).read(text, got);
            ocop::fuzz::compare_outcomes("evaluation_reader (registry " + std::to_string(i) + ")",
                                         rg, got, rw, want);
        }
    }

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
        check_detail_levels(ev, res);
    }
    return 0;
}
