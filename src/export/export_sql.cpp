// A compiled ruleset as DuckDB SQL: table macros scoring JSON Lines or CSV evaluations.
#include "../detail/compiled_sheet.hpp"
#include <ocop/export.hpp>
#include <ocop/version.hpp>

#include "export_detail.hpp"

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

namespace {

using detail::export_criterion;
using detail::export_sheet;

std::string lit(std::string_view s) {
    std::string out = "'";
    for (char ch : s) {
        if (ch == '\'') out += '\'';
        out += ch;
    }
    return out + "'";
}

std::string ident(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

template <class T>
std::string join(const std::vector<T>& v, const std::string& sep, auto fn) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + fn(v[i]);
    return out;
}

std::string int_list(const std::vector<int>& v) {
    return join(v, ", ", [](int x) { return std::to_string(x); });
}

/// Generates the scoring of one input layout (JSON Lines or CSV).
class sql_writer {
  public:
    sql_writer(const ruleset& rs, const std::vector<const compiled_sheet*>& sheets, sql_input fmt)
        : rs_(rs), sheets_(sheets), fmt_(fmt) {}

    std::string macro() {
        const bool json = fmt_ == sql_input::json_lines;
        std::string q = "CREATE OR REPLACE MACRO " +
                        std::string(json ? "ocop_score_json" : "ocop_score_csv") +
                        "(path) AS TABLE\nWITH src AS (\n" + source() + "\n),\n" + prechecks();
        std::string all;
        for (const auto* sh : sheets_) {
            const auto es = detail::describe_for_export(*sh);
            q += ",\n" + sheet_ctes(es);
            all += "  SELECT * FROM s" + std::to_string(es.no) + "\n  UNION ALL BY NAME\n";
        }
        q += ",\nscored AS (\n" + all +
             "  SELECT id, sheet, rec_error AS error, false AS rejected, false AS knocked,\n"
             "    0 AS part_a, 0 AS part_b, 0 AS part_c, 0 AS marker_stars\n"
             "  FROM pre WHERE sheet IS NULL OR sheet NOT IN (" +
             sheet_list() + ")\n)";
        q += ",\ntotals AS (\n  SELECT *, part_a + part_b + part_c AS total FROM scored\n),\n" +
             final_select() + ";\n";
        return q;
    }

  private:
    std::string sheet_list() const {
        std::string out;
        for (const auto* sh : sheets_) out += (out.empty() ? "" : ", ") + std::to_string(sh->no);
        return out.empty() ? "NULL" : out;
    }

    std::string source() const {
        if (fmt_ == sql_input::json_lines)
            return "  SELECT id, ruleset, sheet, answers AS a, knockouts AS ko,\n"
                   "    dossier_rejected AS dr, members, filed_on, evaluated_on\n"
                   "  FROM read_json(path, format = 'newline_delimited', columns = {\n"
                   "    id: 'VARCHAR', ruleset: 'VARCHAR', sheet: 'BIGINT',\n"
                   "    answers: 'MAP(VARCHAR, BIGINT)', knockouts: 'VARCHAR[]',\n"
                   "    dossier_rejected: 'JSON', members: 'JSON', filed_on: 'VARCHAR',\n"
                   "    evaluated_on: 'VARCHAR'})";
        // CSV: id, sheet and one column per criterion id; knock-outs are not expressed.
        std::string cols;
        for (const auto* sh : sheets_)
            for (std::size_t c = 0; c < sh->criteria.size(); ++c) {
                const std::string col = ident(sh->criterion(c).id);
                if (cols.find(col + " AS") == std::string::npos)
                    cols += ",\n    TRY_CAST(" + col + " AS BIGINT) AS " + col;
            }
        return "  SELECT CAST(id AS VARCHAR) AS id, NULL::VARCHAR AS ruleset,\n"
               "    TRY_CAST(sheet AS BIGINT) AS sheet, NULL::VARCHAR[] AS ko,\n"
               "    NULL::JSON AS dr, NULL::JSON AS members, NULL AS filed_on,\n"
               "    NULL AS evaluated_on" +
               cols + "\n  FROM read_csv(path, header = true)";
    }

    // Record-level checks shared by every sheet, in the order the library checks them.
    std::string prechecks() const {
        const std::string id = lit(rs_.id());
        std::string refused;
        for (const auto& sh : rs_.sheets())
            if (sh.refusal)
                refused += "      WHEN sheet = " + std::to_string(sh.no) + " THEN " +
                           lit("/sheet: " + rs_.id() + ": " + sh.refusal->message) + "\n";
        return "pre AS (\n  SELECT *,\n    CASE\n"
               "      WHEN id IS NULL OR id = '' THEN '/id: missing or empty id'\n"
               "      WHEN ruleset IS NULL AND (filed_on IS NOT NULL OR evaluated_on IS NOT "
               "NULL)\n        THEN '/ruleset: edition chosen by date: name the ruleset (" +
               rs_.id() + ") or score with ocop'\n" +
               "      WHEN ruleset IS NOT NULL AND ruleset <> " + id +
               " THEN '/ruleset: this SQL scores " + rs_.id() + ", not ' || ruleset\n" +
               "      WHEN sheet IS NULL THEN '/sheet: missing field \"sheet\"'\n" + refused +
               "      WHEN sheet NOT IN (" + sheet_list() + ") THEN '/sheet: " + rs_.id() +
               " has no sheet ' || sheet\n"
               "      WHEN members IS NOT NULL THEN '/members: council members are not "
               "expressed in SQL; score with ocop'\n"
               "      WHEN dr IS NOT NULL AND json_type(dr) NOT IN ('NULL', 'BOOLEAN') AND\n"
               "           NOT (json_type(dr) = 'VARCHAR' AND (dr ->> '$') <> '')\n"
               "        THEN '/dossier_rejected: must be a non-empty string (the reason)'\n"
               "    END AS rec_error,\n"
               "    coalesce(json_type(dr) = 'VARCHAR' OR (json_type(dr) = 'BOOLEAN' AND "
               "CAST(dr AS VARCHAR) = 'true'), false) AS rejected,\n"
               "    coalesce(len(ko), 0) > 0 AS declared\n  FROM src\n)";
    }

    std::string acc(const std::string& crit_id) const {
        return fmt_ == sql_input::json_lines ? "a[" + lit(crit_id) + "]" : ident(crit_id);
    }

    std::string sheet_ctes(const export_sheet& es) const {
        const std::string n = std::to_string(es.no);
        const bool json = fmt_ == sql_input::json_lines;
        std::string q = "s" + n +
                        "_in AS (\n  SELECT id, sheet, rec_error, rejected, declared, "
                        "ko,\n    (declared OR rejected) AS stopped";
        if (json) q += ", a";
        for (const auto& c : es.criteria) q += ",\n    " + acc(c.id) + " AS " + ident(c.id);
        q += "\n  FROM pre WHERE sheet = " + n + "\n),\n";

        // Checks: points allowed, knock-out codes, completeness, cases, unknown keys.
        q += "s" + n +
             "_chk AS (\n  SELECT *,\n    CASE\n      WHEN rec_error IS NOT NULL "
             "THEN rec_error\n";
        q += "      WHEN NOT list_has_all([" +
             join(es.declared_codes, ", ", [](const std::string& s) { return lit(s); }) +
             "]::VARCHAR[], coalesce(ko, []::VARCHAR[])) THEN '/knockouts: a code that carries "
             "no printed knock-out on sheet " +
             n + "'\n";
        for (const auto& c : es.criteria) {
            const std::string col = ident(c.id);
            const std::string allowed = int_list(c.allowed);
            q += "      WHEN " + col + " NOT IN (" + allowed + ") THEN " +
                 lit("/answers/" + c.id + ": ") + " || " + col + " || " +
                 lit(" points match no option; allowed: " + allowed) + "\n";
        }
        for (const auto& c : es.criteria)
            if (!c.is_case)
                q += "      WHEN NOT stopped AND " + ident(c.id) + " IS NULL THEN " +
                     lit("/answers/" + c.id + ": criterion " + c.id + " is not answered") + "\n";
        for (std::size_t g = 0; g < es.case_groups.size(); ++g) {
            std::string count;
            for (auto c : es.case_groups[g])
                count += (count.empty() ? "" : " + ") + std::string("(") +
                         ident(es.criteria[c].id) + " IS NOT NULL)::INTEGER";
            q += "      WHEN " + count + " > 1 THEN " +
                 lit("/answers: group " + es.group_codes[g] + " takes exactly one case") + "\n";
            q += "      WHEN NOT stopped AND " + count + " = 0 THEN " +
                 lit("/answers: group " + es.group_codes[g] + " needs one case answered") + "\n";
        }
        if (json)
            q += "      WHEN NOT list_has_all([" +
                 join(es.criteria, ", ", [](const export_criterion& c) { return lit(c.id); }) +
                 "], map_keys(a)) THEN '/answers: a criterion that sheet " + n +
                 " does not have'\n";
        q += "    END AS error\n  FROM s" + n + "_in\n),\n";

        // Points, parts, knock-outs and marker stars.
        q += "s" + n + " AS (\n  SELECT id, sheet, error, rejected";
        if (sheets_.size() == 1) // per-criterion columns only when one sheet is exported
            for (const auto& c : es.criteria) q += ", " + ident(c.id);
        for (part_code p : {part_code::A, part_code::B, part_code::C}) {
            std::string sum;
            for (const auto& c : es.criteria)
                if (c.part == p) sum += (sum.empty() ? "" : " + ") + pts(c);
            q += ",\n    " + (sum.empty() ? std::string("0") : sum) + " AS part_" +
                 static_cast<char>('a' + static_cast<int>(p));
        }
        std::string knocked = "declared";
        for (const auto& set : es.zero_point_sets)
            for (auto c : set) knocked += " OR " + ident(es.criteria[c].id) + " = 0";
        for (const auto& c : es.criteria)
            if (!c.knockout_points.empty())
                knocked += " OR " + ident(c.id) + " IN (" + int_list(c.knockout_points) + ")";
        q += ",\n    coalesce(" + knocked + ", false) AS knocked";
        q += ",\n    CASE";
        for (int s = 3; s <= 5; ++s)
            q += " WHEN NOT (" + minimums(es, s) + ") THEN " + std::to_string(s - 1);
        q += " ELSE 5 END AS marker_stars\n  FROM s" + n + "_chk\n)";
        return q;
    }

    static std::string pts(const export_criterion& c) { return "coalesce(" + ident(c.id) + ", 0)"; }

    // Every minimum for `s` stars holds; a case criterion counts only when answered.
    static std::string minimums(const export_sheet& es, int s) {
        std::string cond;
        for (const auto& c : es.criteria) {
            if (c.need[s] < 0 || (c.need[s] == 0)) continue;
            const std::string need = std::to_string(c.need[s]);
            const std::string term = c.is_case
                                         ? "coalesce(" + ident(c.id) + " >= " + need + ", true)"
                                         : pts(c) + " >= " + need;
            cond += (cond.empty() ? "" : " AND ") + term;
        }
        return cond.empty() ? "true" : cond;
    }

    std::string final_select() const {
        std::string band = "CASE";
        for (const auto& b : rs_.document().star_bands)
            band += " WHEN total >= " + detail::milli_literal(b.min.value) + " AND total " +
                    (b.max_inclusive ? "<=" : "<") + " " + detail::milli_literal(b.max.value) +
                    " THEN " + std::to_string(b.stars);
        band += " ELSE 0 END";
        std::string stars;
        switch (rs_.policies().missed_minimum) {
        case missed_minimum_policy::cap:
            stars = "least(band_stars, marker_stars)";
            break;
        case missed_minimum_policy::fail:
            stars = "CASE WHEN marker_stars < band_stars THEN 0 ELSE band_stars END";
            break;
        case missed_minimum_policy::ignore:
            stars = "band_stars";
            break;
        }
        // Knock-out policy `flag`: a knock-out neither sets the status nor zeroes the stars.
        const bool knock_zero =
            rs_.policies().knockout.value_or(knockout_policy::zero) == knockout_policy::zero;
        std::string crit_cols;
        if (sheets_.size() == 1)
            for (std::size_t c = 0; c < sheets_[0]->criteria.size(); ++c)
                crit_cols += ", " + ident(sheets_[0]->criterion(c).id);
        return "banded AS (\n  SELECT *, " + band +
               " AS band_stars FROM totals\n)\n"
               "SELECT id, sheet,\n"
               "  CASE WHEN error IS NOT NULL THEN 'error' WHEN rejected THEN 'rejected'\n"
               "       WHEN " +
               std::string(knock_zero ? "knocked" : "false") +
               " THEN 'knocked_out' ELSE 'scored' END AS status,\n"
               "  error,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE part_a END END AS "
               "part_a,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE part_b END END AS "
               "part_b,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE part_c END END AS "
               "part_c,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE total END END AS "
               "total,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE band_stars END END "
               "AS band_stars,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected THEN 0 ELSE marker_stars END END "
               "AS marker_stars,\n"
               "  CASE WHEN error IS NULL THEN CASE WHEN rejected " +
               std::string(knock_zero ? "OR knocked " : "") +
               "OR band_stars = 0 THEN 0\n"
               "       ELSE " +
               stars + " END END AS stars" + crit_cols + "\nFROM banded";
    }

    const ruleset& rs_;
    const std::vector<const compiled_sheet*>& sheets_;
    sql_input fmt_;
};

} // namespace

result<std::string> export_sql(const ruleset& rs, const sql_export_options& opts) {
    auto chosen = detail::sheets_to_export(rs, opts.sheet);
    if (!chosen) return chosen.error();
    const std::vector<const compiled_sheet*>& sheets = *chosen;

    std::string out = "-- Generated by ocop " + std::string(version_string) + " from ruleset " +
                      rs.id() + " (" + rs.hash() + "),\n-- missed-minimum policy " +
                      boost::describe::enum_to_string(rs.policies().missed_minimum, "?") + ", " +
                      (opts.sheet ? "sheet " + std::to_string(opts.sheet) : "all sheets") +
                      ". DuckDB dialect.\n"
                      "-- SELECT * FROM ocop_score_json('evaluations.jsonl');  -- JSON Lines\n"
                      "-- SELECT * FROM ocop_score_csv('evaluations.csv');     -- CSV: id, "
                      "sheet, one column per criterion id\n"
                      "-- Single-member answers given as points; knock-outs, dossier_rejected; "
                      "records with\n-- members, {\"option\": k} or an edition chosen by date "
                      "are for the ocop library.\n\n";
    for (sql_input fmt : {sql_input::json_lines, sql_input::csv})
        out += sql_writer(rs, sheets, fmt).macro() + "\n";
    if (!opts.input.empty())
        out += "SELECT * FROM " +
               std::string(opts.input_format == sql_input::csv ? "ocop_score_csv"
                                                               : "ocop_score_json") +
               "(" + lit(opts.input) + ");\n";
    return out;
}

} // namespace ocop
