#pragma once
// Internal: the parts of the evaluation contract that both direct readers (JSON text in
// evaluation_reader.cpp, CSV rows in csv_reader.cpp) apply, the way parse_evaluation does.
// Each returns false to give up: the record then goes through parse_evaluation.
#include <ocop/evaluation.hpp>

#include <optional>
#include <string_view>

namespace ocop::detail {

/// The top-level fields of a record as written (absent: nullopt).
struct direct_fields {
    std::string_view id;
    std::optional<std::string_view> ruleset, filed_on, evaluated_on, kind;
    std::int64_t sheet = 0;
};

/// Bind `out` to its ruleset and sheet for one member's answers, all of them unanswered;
/// clears what a direct record cannot carry (knock-outs, rejection, metadata…).
bool bind_direct(const registry& reg, const direct_fields& f, evaluation& out);

/// Answer criterion `ci` with `points` (the first option scoring them, as parse_evaluation
/// does, noting an ambiguous match) or with 1-based `option`; false when impossible or when
/// the criterion is already answered.
bool answer_direct(evaluation& out, int ci, std::int64_t value, bool is_option);

/// The same for member `member` of a council (its row of `out.choices`).
bool answer_direct(evaluation& out, std::size_t member, int ci, std::int64_t value, bool is_option);

/// Every criterion answered, exactly one case per choose-one group (member 0).
bool complete_direct(const evaluation& out);

/// The same for member `member` of a council.
bool complete_direct(const evaluation& out, std::size_t member);

} // namespace ocop::detail
