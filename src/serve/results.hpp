#pragma once
// The validation lines of POST /v1/validate and the ruleset descriptions of GET /v1/rulesets.
#include <ocop/ocop.hpp>

#include <string>
#include <vector>

namespace ocop::serve {

/// One validation line: the verdict on a record; every problem when refused (`problems`
/// empty: valid, and `ev` is the record read).
void append_validation_json(std::size_t line, std::string_view id,
                            const std::vector<validation_problem>& problems, const evaluation& ev,
                            std::string& out);
/// {"id", "title", "status", "decision", "effective_from", "effective_until", "sheets", "hash"}.
void append_ruleset_summary(const ruleset& rs, std::string& out);
/// The summary plus "policies" and "document" (as `ocop ruleset export ID`).
void append_ruleset_detail(const ruleset& rs, std::string& out);

} // namespace ocop::serve
