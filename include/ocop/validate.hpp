#pragma once
/// @file validate.hpp
/// @brief Every problem of an evaluation record at once, in Vietnamese or English, so that
/// an analyst fixes a spreadsheet in one pass (`ocop validate`).

#include <ocop/error.hpp>
#include <ocop/evaluation.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// Language of validation messages.
enum class message_language : std::uint8_t {
    vi, ///< Tiếng Việt.
    en  ///< English.
};

/// Parse `vi` or `en`; false when unknown.
[[nodiscard]] bool parse_message_language(std::string_view name, message_language& out) noexcept;

/// One problem of a record: the same code and JSON Pointer as parse_evaluation's diagnostic,
/// with a message for people in the chosen language.
struct validation_problem {
    errc code = errc::ok; ///< What is wrong.
    std::string path;     ///< JSON Pointer into the record ("" for the record itself).
    std::string message;  ///< One line, in the chosen language.
};

/// Every problem of one record: missing fields, unknown ruleset or sheet, unknown or
/// ambiguous criterion codes, values that are not an option (points matching no option,
/// option numbers out of range, text that is not one of the drop-down's options), missing
/// criteria, choose-one cases missing or in conflict, knock-out codes that carry none.
/// Empty exactly when parse_evaluation accepts the record: whatever parse_evaluation
/// refuses that the checks above do not cover is reported with its own message.
[[nodiscard]] std::vector<validation_problem> validate_evaluation(const boost::json::value& record,
                                                                  const registry& reg,
                                                                  message_language lang,
                                                                  const input_limits& limits = {});

/// Finds ids used by more than one record.
class duplicate_ids {
  public:
    /// Note that record `n` (e.g. its line) has `id`; returns the first record that had the
    /// same id, or 0 when it is new.
    std::size_t see(std::string_view id, std::size_t n);
    /// The problem to report for a duplicate first seen in record `first` (`where` names it:
    /// "line 3", "'Phiếu 1'").
    [[nodiscard]] static validation_problem problem(std::string_view where, message_language lang);

  private:
    std::map<std::string, std::size_t, std::less<>> seen_;
};

struct input_record; // spreadsheet_input.hpp
struct csv_dialect;  // spreadsheet_csv.hpp

/// One problem of one record, named for the person who fixes the file.
struct validation_row {
    std::string where;   ///< The record: "line 3", "record 2", "'Phiếu 1'", "Sổ!5".
    std::string id;      ///< Its id, when readable.
    std::string place;   ///< Cell, column, or JSON Pointer ("/" for the record itself).
    std::string code;    ///< The error code (`missing_field`, `invalid_value`, …).
    std::string message; ///< One line, in the chosen language.
};

/// Append one problem as a JSON line, as `ocop validate --format jsonl` writes it:
/// `{"record", "id", "place", "error", "message"}` and a newline.
void append_validation_json(const validation_row& row, std::string& out);

/// Every problem of every record of a file (`ocop validate`).
struct validation_table {
    std::vector<validation_row> rows; ///< In record order.
    std::size_t records = 0;          ///< Records read.
    std::size_t bad_records = 0;      ///< Records with at least one problem.
};

/// Validate records read by read_evaluation_file (or _text, _utf8): validate_evaluation of
/// each, rows that could not be read, and ids used twice (naming the first record).
[[nodiscard]] validation_table validate_records(const std::vector<input_record>& records,
                                                const registry& reg, message_language lang);

/// How a validation table is written.
enum class validation_format : std::uint8_t {
    text, ///< `where (id id)  place  code  message`, control characters escaped.
    csv,  ///< Header `record,id,place,error,message`, then one row per problem.
    jsonl ///< One object per problem: record, id, place, error, message.
};

/// The table as text; `dialect` applies to csv.
[[nodiscard]] std::string write_validation_table(const validation_table& table,
                                                 validation_format format,
                                                 const csv_dialect& dialect);

/// "12 record(s), 2 with problems, 5 problem(s)" in the chosen language (newline included).
[[nodiscard]] std::string validation_summary(const validation_table& table, message_language lang);

} // namespace ocop
