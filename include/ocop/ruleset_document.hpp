#pragma once
/// @file ruleset_document.hpp
/// @brief The ruleset file format `ocop-ruleset/1` as typed, described C++ structs.
///
/// Every struct here is reflected with Boost.Describe; ocop::read_json / ocop::to_json
/// map it to and from JSON, reporting the JSON Pointer of any error. The format is
/// documented in docs/ruleset-format.md.

#include <ocop/date.hpp>
#include <ocop/types.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

/// A points threshold in thousandths of a point (49.5 → 49500), read from a JSON number.
struct milli_points {
    std::int64_t value = 0; ///< Thousandths of a point.
    /// Order by value.
    friend auto operator<=>(const milli_points&, const milli_points&) = default;
};

/// A printed note (requirement, instruction, description…).
struct text_note {
    std::string vi;                ///< Vietnamese text as printed.
    std::optional<std::string> en; ///< English translation.
    std::string kind;              ///< requirement, note, applicability, instruction, description.
    std::vector<std::string> applies_to; ///< Codes the note covers, when it says so.
};
BOOST_DESCRIBE_STRUCT(text_note, (), (vi, en, kind, applies_to))

/// A printed knock-out condition and what it does.
struct knockout_rule {
    std::string vi;                      ///< Printed text, quoted in reasons.
    std::optional<std::string> en;       ///< English translation.
    knockout_effect effect{};            ///< Printed effect.
    knockout_trigger trigger{};          ///< How it is triggered.
    std::vector<std::string> applies_to; ///< Criterion codes for zero_points triggers.
};
BOOST_DESCRIBE_STRUCT(knockout_rule, (), (vi, en, effect, trigger, applies_to))

/// One option of a criterion (choose exactly one).
struct option_def {
    std::string label_vi;                      ///< Printed label.
    std::optional<std::string> label_en;       ///< English label.
    std::optional<int> points;                 ///< Printed points; null when not readable.
    std::optional<int> marker;                 ///< Printed star marker 3/4/5 (minimum for N★).
    std::optional<std::string> points_printed; ///< Verbatim cell when points is null.
    std::optional<int> points_probable;        ///< Probable reading of a printed defect.
    std::optional<std::string> marker_printed; ///< Verbatim irregular marker.
    std::optional<bool> synthetic;             ///< Label not printed (binary criteria).
    std::optional<int> case_no;                ///< Case of the criterion it belongs to.
    std::vector<knockout_rule> knockouts;      ///< Knock-outs printed in the option's cell.
    std::vector<text_note> notes;              ///< Notes printed in the option's cell.
};
BOOST_DESCRIBE_STRUCT(option_def, (),
                      (label_vi, label_en, points, marker, points_printed, points_probable,
                       marker_printed, synthetic, case_no, knockouts, notes))

/// One alternative case inside a criterion (1048/2019 3.2: "Lựa chọn một trong hai trường
/// hợp"): the options tagged with its number; exactly one option of one case is chosen.
struct case_def {
    int case_no = 0;                     ///< 1, 2, … as printed.
    std::optional<std::string> label_vi; ///< Printed case heading (null when not printed).
    std::optional<std::string> label_en; ///< English heading.
    std::optional<bool> inferred;        ///< The split into cases is the data's inference.
    std::optional<std::string> source;   ///< Where the heading or the split comes from.
};
BOOST_DESCRIBE_STRUCT(case_def, (), (case_no, label_vi, label_en, inferred, source))

/// A scoreable criterion (leaf of the rubric).
struct criterion_def {
    std::string id;                                ///< Unique, stable id within the sheet.
    std::string code;                              ///< Code as printed (may repeat in 148 data).
    std::string title_vi;                          ///< Printed title.
    std::optional<std::string> title_en;           ///< English title.
    std::optional<int> max_points;                 ///< Printed maximum; null when unreadable.
    std::optional<std::string> max_points_printed; ///< Verbatim cell when unreadable.
    std::optional<int> max_points_probable;        ///< Probable reading of the maximum.
    std::optional<bool> binary;                    ///< Scored 0 or the maximum.
    std::optional<int> case_no;                    ///< Case number inside a choose-one group.
    std::optional<int> required_from_star;         ///< Criterion-level marker (148 data).
    std::optional<std::string> subgroup_printed;   ///< Printed sub-heading without a code.
    std::vector<case_def> cases;                   ///< Alternative cases of its options.
    std::vector<text_note> notes;                  ///< Printed notes.
    std::vector<knockout_rule> knockouts;          ///< Printed knock-outs.
    std::vector<option_def> options;               ///< The options, in printed order.
};
BOOST_DESCRIBE_STRUCT(criterion_def, (),
                      (id, code, title_vi, title_en, max_points, max_points_printed,
                       max_points_probable, binary, case_no, required_from_star, subgroup_printed,
                       cases, notes, knockouts, options))

/// A third-level heading (6.1 Ngoại hình) grouping some criteria of a group.
struct subgroup_def {
    std::string code;                     ///< "6.1".
    std::string title_vi;                 ///< Printed title.
    std::optional<std::string> title_en;  ///< English title.
    std::optional<int> max_points;        ///< Printed maximum.
    std::vector<std::string> criteria;    ///< Ids of its criteria.
    std::vector<text_note> notes;         ///< Notes printed under the heading.
    std::vector<knockout_rule> knockouts; ///< Knock-outs printed under the heading.
};
BOOST_DESCRIBE_STRUCT(subgroup_def, (),
                      (code, title_vi, title_en, max_points, criteria, notes, knockouts))

/// A numbered criteria group (tiêu chí) of one part.
struct group_def {
    part_code part{};                              ///< Part A, B or C.
    std::string code;                              ///< "1", "6".
    std::string title_vi;                          ///< Printed title.
    std::optional<std::string> title_en;           ///< English title.
    std::optional<int> max_points;                 ///< Printed maximum.
    std::optional<std::string> max_points_printed; ///< Verbatim cell when unreadable.
    std::optional<int> max_points_probable;        ///< Probable reading of the maximum.
    std::optional<bool> choose_one_case;           ///< Score exactly one case criterion.
    std::vector<subgroup_def> subgroups;           ///< Third level, if printed.
    std::vector<text_note> notes;                  ///< Printed notes.
    std::vector<knockout_rule> knockouts;          ///< Group-level knock-outs.
    std::vector<criterion_def> criteria;           ///< The criteria.
};
BOOST_DESCRIBE_STRUCT(group_def, (),
                      (part, code, title_vi, title_en, max_points, max_points_printed,
                       max_points_probable, choose_one_case, subgroups, notes, knockouts, criteria))

/// A printed transcription defect.
struct defect_note {
    std::string where;                           ///< Place on the sheet.
    std::string printed;                         ///< What is printed.
    std::string problem;                         ///< Why it is a defect.
    std::optional<std::string> probable_reading; ///< The data's probable reading.
};
BOOST_DESCRIBE_STRUCT(defect_note, (), (where, printed, problem, probable_reading))

/// Sheet-level dossier rejection conditions ("Hồ sơ bị loại khi…").
struct rejection_rule {
    std::string vi;                ///< Printed text.
    std::optional<std::string> en; ///< English translation.
};
BOOST_DESCRIBE_STRUCT(rejection_rule, (), (vi, en))

/// One scoring sheet (phiếu đánh giá) of a product set.
struct sheet_def {
    int no = 0;                                      ///< Sheet number 1..26.
    std::string name_vi;                             ///< Product set name.
    std::optional<std::string> name_en;              ///< English name.
    std::optional<std::string> industry;             ///< Industry (ngành).
    std::optional<std::string> product_group_vi;     ///< Product group (nhóm).
    sheet_status status{};                           ///< Data quality.
    std::optional<rejection_rule> dossier_rejection; ///< Rejection conditions, if printed.
    std::vector<defect_note> defects;                ///< Printed defects.
    std::vector<group_def> groups;                   ///< Groups of parts A, B, C in order.
};
BOOST_DESCRIBE_STRUCT(sheet_def, (),
                      (no, name_vi, name_en, industry, product_group_vi, status, dossier_rejection,
                       defects, groups))

/// A part and its budget.
struct part_def {
    part_code code{};                   ///< A, B or C.
    std::string name_vi;                ///< Vietnamese name.
    std::optional<std::string> name_en; ///< English name.
    int budget = 0;                     ///< Points of the part (40/25/35).
};
BOOST_DESCRIBE_STRUCT(part_def, (), (code, name_vi, name_en, budget))

/// A star band: total in [min, max) (or [min, max] when max_inclusive) gives `stars`.
struct star_band {
    int stars = 0;              ///< 1..5.
    milli_points min;           ///< Lower bound, inclusive.
    milli_points max;           ///< Upper bound.
    bool max_inclusive = false; ///< Whether max belongs to the band.
};
BOOST_DESCRIBE_STRUCT(star_band, (), (stars, min, max, max_inclusive))

/// How council members' sheets combine into the product score.
struct council_rule {
    std::string combine; ///< "mean": the average of the members' totals.
};
BOOST_DESCRIBE_STRUCT(council_rule, (), (combine))

/// Policies a user may override when loading or scoring.
struct policy_set {
    missed_minimum_policy missed_minimum{}; ///< What a missed star minimum does.
    defect_policy defects{};                ///< How printed defects are scored.
    /// What a knock-out does; absent means `zero` (kept absent then, so that rulesets and
    /// their hashes from before the policy existed are unchanged).
    std::optional<knockout_policy> knockout;
};
BOOST_DESCRIBE_STRUCT(policy_set, (), (missed_minimum, defects, knockout))

/// Legal provenance of a ruleset.
struct provenance_info {
    std::string decision;                      ///< "26/2026/QĐ-TTg".
    date issued_on;                            ///< Signing date.
    date effective_from;                       ///< First day in force.
    std::optional<date> effective_until;       ///< Last day in force, if lapsed.
    std::vector<std::string> amended_by;       ///< Amending instruments.
    std::optional<std::string> replaced_by;    ///< Successor ruleset id.
    std::vector<std::string> replaces;         ///< Predecessor ruleset ids.
    bool unofficial = false;                   ///< Transcribed from an unofficial copy.
    std::optional<std::string> source;         ///< Where the data comes from.
    std::optional<std::string> source_url;     ///< URL of the source.
    std::optional<std::string> converted_from; ///< Shared file converted.
    std::optional<std::string> converted_by;   ///< Tool that converted it.
    std::optional<std::string> note;           ///< Anything else to know.
};
BOOST_DESCRIBE_STRUCT(provenance_info, (),
                      (decision, issued_on, effective_from, effective_until, amended_by,
                       replaced_by, replaces, unofficial, source, source_url, converted_from,
                       converted_by, note))

/// Dossiers filed before the cut-over finish under the predecessor, within a window.
struct pending_dossier_rule {
    date filed_before;             ///< Filing date bound (exclusive).
    std::string ruleset;           ///< Ruleset they finish under.
    int first_evaluation_days = 0; ///< Window for first evaluations and upgrades.
    int re_evaluation_days = 0;    ///< Window for re-evaluations.
};
BOOST_DESCRIBE_STRUCT(pending_dossier_rule, (),
                      (filed_before, ruleset, first_evaluation_days, re_evaluation_days))

/// Transition from the predecessor edition.
struct transition_rule {
    date cutover;                          ///< First day of this edition.
    std::string predecessor;               ///< Ruleset id it replaces.
    std::optional<std::string> basis;      ///< Article.
    pending_dossier_rule pending_dossiers; ///< Pending dossiers rule.
};
BOOST_DESCRIBE_STRUCT(transition_rule, (), (cutover, predecessor, basis, pending_dossiers))

/// A whole ruleset file (`"format": "ocop-ruleset/1"`).
struct ruleset_document {
    std::string format;                        ///< Must be "ocop-ruleset/1".
    std::string id;                            ///< Ruleset id, e.g. "qd26-2026".
    std::string title;                         ///< Title.
    ruleset_status status{};                   ///< Legal status.
    provenance_info provenance;                ///< Provenance.
    std::vector<part_def> parts;               ///< Parts A, B, C.
    std::vector<star_band> star_bands;         ///< Star bands.
    council_rule council;                      ///< Council combination rule.
    policy_set policies;                       ///< Default policies.
    boost::json::value procedure;              ///< Procedure data (authorities, certificates).
    std::optional<transition_rule> transition; ///< Transition from the predecessor.
    std::vector<sheet_def> sheets;             ///< The scoring sheets.
};
BOOST_DESCRIBE_STRUCT(ruleset_document, (),
                      (format, id, title, status, provenance, parts, star_bands, council, policies,
                       procedure, transition, sheets))

} // namespace ocop
