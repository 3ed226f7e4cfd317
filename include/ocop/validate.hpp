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

} // namespace ocop
