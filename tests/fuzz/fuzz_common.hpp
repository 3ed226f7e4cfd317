#pragma once
// Shared by the libFuzzer harnesses: checks that must hold for any input. A failed check
// aborts, so libFuzzer records the input as a crash (it is a finding, not a refusal).
#include "../../src/detail/compiled_sheet.hpp"

#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "ocop fuzz check failed: %s %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
}

/// Text the library writes as JSON must parse as JSON.
inline void require_json(const std::string& text, const char* what) {
    boost::system::error_code ec;
    (void)boost::json::parse(text, ec);
    if (ec) fail(what, text);
}

/// Invariants of a scored result, then its JSON and its explanation.
inline void check_result(const evaluation_result& r) {
    const compiled_sheet& sh = *r.input->sheet;
    if (r.stars < 0 || r.stars > 5 || r.band_stars < 0 || r.band_stars > 5)
        fail("stars out of 0..5");
    if (r.total.count < 1) fail("score denominator below 1");
    if (r.status != evaluation_status::rejected) {
        if (r.total.sum < 0 || r.total.sum > std::int64_t{sh.max_total} * r.total.count)
            fail("total outside [0, max_total]");
        std::int64_t parts = 0;
        for (const auto& p : r.parts) parts += p.sum;
        if (parts != r.total.sum) fail("parts do not add up to the total");
        if (r.stars > r.band_stars) fail("stars above the band");
    }
    std::string out;
    append_result_json(r, out);
    require_json(out, "result JSON");
    out.clear();
    append_result_json(r, out, {false, false});
    require_json(out, "compact result JSON");
    (void)explain(r);
}

/// A refusal must carry a code, a JSON Pointer and a message, and print as JSON.
inline void check_refusal(const diagnostic& d, std::string_view id) {
    if (d.code == errc::ok) fail("refusal without an error code");
    if (!d.path.empty() && d.path[0] != '/') fail("diagnostic path is not a JSON Pointer", d.path);
    if (d.message.empty()) fail("refusal without a message");
    std::string out;
    append_error_json(1, id, d, out);
    require_json(out, "error JSON");
}

inline std::string describe_diagnostic(const diagnostic& d) {
    return "{code " + std::to_string(static_cast<int>(d.code)) + ", path \"" + d.path +
           "\", message \"" + d.message + "\"}";
}

inline std::string edition_text(const evaluation& e) {
    std::string s;
    if (e.edition) e.edition->describe(s);
    return s;
}

inline std::string date_text(const std::optional<date>& d) {
    if (!d) return "none";
    return d->to_string();
}

/// A direct reader's outcome against the reference's (`who` names the reader): same success, then
/// the same diagnostic or the same evaluation fields.
inline void compare_outcomes(const std::string& who, const result<void>& got, const evaluation& eg,
                             const result<void>& want, const evaluation& ew) {
    if (got.has_value() != want.has_value())
        fail("reader: acceptance differs from the reference",
             who + ": " +
                 (got ? "reader accepted, reference refused with " +
                            describe_diagnostic(want.error())
                      : "reader refused with " + describe_diagnostic(got.error()) +
                            ", reference accepted"));
    if (!got) {
        const auto& a = got.error();
        const auto& b = want.error();
        if (a.code != b.code || a.path != b.path || a.message != b.message)
            fail("reader: diagnostic differs from the reference",
                 (who + ": " + "reader " + describe_diagnostic(a) + " vs reference " +
                  describe_diagnostic(b)));
        return;
    }
    auto field = [&who](bool same, const char* name, const std::string& a = {},
                        const std::string& b = {}) {
        if (!same)
            fail("reader: evaluation differs from the reference",
                 (who + ": " + std::string(name) +
                  (a.empty() && b.empty() ? std::string()
                                          : ": reader " + a + " vs reference " + b)));
    };
    field(eg.id == ew.id, "id", eg.id, ew.id);
    field(eg.rules == ew.rules, "rules", eg.rules ? eg.rules->id() : "null",
          ew.rules ? ew.rules->id() : "null");
    field(eg.sheet == ew.sheet, "sheet", eg.sheet ? std::to_string(eg.sheet->no) : "null",
          ew.sheet ? std::to_string(ew.sheet->no) : "null");
    field(eg.members == ew.members, "members", std::to_string(eg.members),
          std::to_string(ew.members));
    field(eg.choices == ew.choices, "choices");
    field(eg.knockouts == ew.knockouts, "knockouts");
    field(eg.dossier_rejected == ew.dossier_rejected, "dossier_rejected",
          eg.dossier_rejected.value_or("none"), ew.dossier_rejected.value_or("none"));
    field(eg.filed_on == ew.filed_on, "filed_on", date_text(eg.filed_on), date_text(ew.filed_on));
    field(eg.evaluated_on == ew.evaluated_on, "evaluated_on", date_text(eg.evaluated_on),
          date_text(ew.evaluated_on));
    field(eg.kind == ew.kind, "kind", std::to_string(static_cast<int>(eg.kind)),
          std::to_string(static_cast<int>(ew.kind)));
    field(eg.metadata == ew.metadata, "metadata", boost::json::serialize(eg.metadata),
          boost::json::serialize(ew.metadata));
    field(eg.edition.has_value() == ew.edition.has_value(), "edition presence",
          eg.edition ? "present" : "absent", ew.edition ? "present" : "absent");
    field(edition_text(eg) == edition_text(ew), "edition", edition_text(eg), edition_text(ew));
    field(eg.ambiguous == ew.ambiguous, "ambiguous");
}

} // namespace ocop::fuzz
