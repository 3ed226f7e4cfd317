#pragma once
// The JSON lines of plan, range, council and validate (as `ocop plan|range|council --format
// json` print them), and the ruleset descriptions of GET /v1/rulesets.
#include <ocop/ocop.hpp>

#include <string>

namespace ocop::serve {

/// One plan line (newline included), as `ocop plan --format json`.
void append_plan_json(const evaluation& ev, const upgrade_plan& p, std::string& out);
/// One range line (newline included), as `ocop range`.
void append_range_json(const evaluation& ev, const score_range& r, std::string& out);
/// One council review line (newline included), as `ocop council --format json`.
void append_review_json(const evaluation& ev, const council_review& r, std::string& out);
/// One validation line: the verdict on a record, its first problem when refused.
void append_validation_json(std::size_t line, std::string_view id, const diagnostic& d,
                            const evaluation& ev, std::string& out);
/// {"id", "title", "status", "decision", "effective_from", "effective_until", "sheets", "hash"}.
void append_ruleset_summary(const ruleset& rs, std::string& out);
/// The summary plus "policies" and "document" (as `ocop ruleset export ID`).
void append_ruleset_detail(const ruleset& rs, std::string& out);

} // namespace ocop::serve
