#pragma once
/// @file operation_csv.hpp
/// @brief The CSV tables of the planner, score ranges, council reviews, rescoring and
/// renewals: what `ocop plan|range|council|rescore|expiring --format csv` write, in either
/// CSV dialect (spreadsheet_csv.hpp). Each table is a header (operation_csv_header) and then
/// the rows its append function writes for each record; the columns are listed in
/// docs/spreadsheets.md. Text cells are written as append_csv_text writes them (no formula
/// injection); numbers carry the dialect's decimal mark; exact values are also given as
/// fractions (`*_exact`), which are never rewritten.

#include <ocop/certificate.hpp>
#include <ocop/council.hpp>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>
#include <ocop/rescore.hpp>
#include <ocop/spreadsheet_csv.hpp>

#include <string>

namespace ocop {

/// The CSV tables of operation results.
enum class operation_table : std::uint8_t {
    plan,           ///< append_plan_csv: one row per planned change.
    range,          ///< append_range_csv: one row per record.
    council,        ///< append_review_csv: one row per council member.
    rescore,        ///< append_rescored_csv: one row per record.
    rescore_matrix, ///< rescore_matrix_csv: one row per source star.
    renewal         ///< append_renewal_csv: one row per recognition.
};

/// The header row of table `t` (with the BOM when the dialect has one), newline included.
[[nodiscard]] std::string operation_csv_header(operation_table t, const csv_dialect& d = {});

/// Append the rows of one plan: one per change (criterion, from and to option and points, the
/// option's text), or one row with empty change columns when the plan has no change (its
/// status and message say why).
void append_plan_csv(const evaluation& ev, const upgrade_plan& p, std::string& out,
                     const csv_dialect& d = {});

/// Append the row of one score range: the unscored answers and the lowest and highest
/// reachable totals and stars (totals empty for a rejected dossier).
void append_range_csv(const evaluation& ev, const score_range& r, std::string& out,
                      const csv_dialect& d = {});

/// Append the rows of one council review: one per member (total, the others' mean, the
/// difference and whether it is flagged), each carrying the product's exact mean, the
/// criteria the members disagree on and the consensus sheet's total and stars.
void append_review_csv(const evaluation& ev, const council_review& r, std::string& out,
                       const csv_dialect& d = {});

/// Append the row of one rescored record (every record, changed or not): totals and stars
/// under both editions, the drivers (`to_id from→to` points), open and filled criteria and
/// the target's decisive reasons, with both editions' hashes.
void append_rescored_csv(const rescorer& rs, const rescored_record& r, std::string& out,
                         const csv_dialect& d = {});

/// The star migration matrix of a rescoring as CSV (header included): one row per source
/// star (`lowest` rows), then, when criteria were left open, the `highest` rows.
[[nodiscard]] std::string rescore_matrix_csv(const rescorer& rs, const csv_dialect& d = {});

/// Append the row of one recognition's renewal status.
void append_renewal_csv(const renewal_status& s, std::string& out, const csv_dialect& d = {});

} // namespace ocop
