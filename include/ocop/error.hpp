#pragma once
/// @file error.hpp
/// @brief Error codes, diagnostics (code + JSON Pointer + message) and result types.

#include <boost/describe/enum.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace ocop {

/// Every way an input, an evaluation or a ruleset can be refused.
enum class errc {
    ok = 0,
    invalid_json = 1,    ///< Not JSON, or too deep, or truncated.
    wrong_type,          ///< A value of the wrong JSON type.
    missing_field,       ///< A required field is absent.
    unknown_field,       ///< A field the format does not define.
    out_of_range,        ///< A number outside its allowed range.
    invalid_value,       ///< A malformed value (date, code, enum name).
    unknown_ruleset,     ///< No ruleset with that id.
    unknown_sheet,       ///< The ruleset has no such sheet.
    unknown_criterion,   ///< No criterion with that code on the sheet.
    ambiguous_criterion, ///< A code printed twice on the sheet; use the unique id.
    missing_criterion,   ///< A criterion of the sheet was not answered.
    impossible_points,   ///< Points that match no option of the criterion.
    unknown_option,      ///< An option number outside 1..n.
    case_conflict,       ///< Both cases of an alternative group answered.
    case_missing,        ///< No case of an alternative group answered.
    not_a_knockout,      ///< A declared knock-out names a code that carries none.
    sheet_defective,     ///< The strict defect policy refuses a defective sheet.
    sheet_missing_data,  ///< A value the sheet needs is not printed (no reading).
    ruleset_invalid,     ///< The ruleset fails validation.
    limit_exceeded,      ///< An input exceeds a documented limit.
    io_error,            ///< A file could not be read or written.
    sheet_missing        ///< The sheet is named by the edition but was never transcribed.
};
// The one list of the codes' names (to_string, the C API's ocop_error_name, every error line).
BOOST_DESCRIBE_ENUM(errc, ok, invalid_json, wrong_type, missing_field, unknown_field, out_of_range,
                    invalid_value, unknown_ruleset, unknown_sheet, unknown_criterion,
                    ambiguous_criterion, missing_criterion, impossible_points, unknown_option,
                    case_conflict, case_missing, not_a_knockout, sheet_defective,
                    sheet_missing_data, ruleset_invalid, limit_exceeded, io_error, sheet_missing)

/// The error category of ocop::errc.
const boost::system::error_category& ocop_category() noexcept;

/// Make an error_code from an ocop::errc.
inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), ocop_category()};
}

/// Stable snake_case name of an error code, e.g. "impossible_points".
const char* to_string(errc e) noexcept;

/// A refusal with its place: code, JSON Pointer into the input and a readable message.
struct diagnostic {
    errc code = errc::ok; ///< What went wrong.
    std::string path;     ///< JSON Pointer (RFC 6901) to the offending value, "" for the root.
    std::string message;  ///< One line for people.

    /// "path: message" as printed by the CLI.
    [[nodiscard]] std::string what() const {
        return (path.empty() ? std::string("/") : path) + ": " + message;
    }
};

/// Thrown by the throwing convenience forms.
class error : public std::runtime_error {
  public:
    /// Wrap a diagnostic.
    explicit error(diagnostic d) : std::runtime_error(d.what()), diag_(std::move(d)) {}
    /// The diagnostic that caused the throw.
    [[nodiscard]] const diagnostic& diag() const noexcept { return diag_; }

  private:
    diagnostic diag_;
};

/// Lets boost::system::result<T, diagnostic>::value() throw ocop::error.
[[noreturn]] inline void throw_exception_from_error(const diagnostic& d,
                                                    const boost::source_location&) {
    throw error(d);
}

/// Result of a non-throwing operation: a value or a diagnostic.
template <class T>
using result = boost::system::result<T, diagnostic>;

/// Escape one JSON Pointer reference token ("~" → "~0", "/" → "~1").
std::string pointer_token(std::string_view token);

} // namespace ocop

namespace boost::system {
/// Marks ocop::errc as an error-code enum.
template <>
struct is_error_code_enum<ocop::errc> : std::true_type {};
} // namespace boost::system
