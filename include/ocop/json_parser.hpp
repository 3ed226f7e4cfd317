#pragma once
/// @file json_parser.hpp
/// @brief A JSON parser that refuses duplicate object keys, naming them by JSON Pointer.
///
/// Boost.JSON keeps the last of duplicate keys: `{"sheet":99,"sheet":8}` would read as sheet
/// 8. Evaluation records and ruleset files are official data; a repeated key is refused with
/// its path instead (`/sheet`, `/sheets/0/groups/1/criteria/2/max_points`, …).

#include <ocop/error.hpp>

#include <boost/json/parse_options.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace ocop {

/// Parses one JSON text at a time into a boost::json::value, like boost::json::parser, and
/// refuses a key repeated in one object (at any depth). Reuse one per thread: its buffers are
/// kept between texts.
class json_parser {
  public:
    /// A parser with these options (depth, comments, …).
    explicit json_parser(const boost::json::parse_options& options = {});
    json_parser(const json_parser&) = delete;
    json_parser& operator=(const json_parser&) = delete;
    /// Destructor.
    ~json_parser();

    /// Parse the whole of `text` into a value allocated with `sp`. A syntax error is
    /// errc::invalid_json ("not valid JSON: …"); a duplicate key is errc::invalid_value at
    /// the key's JSON Pointer ("duplicate key \"sheet\"").
    [[nodiscard]] result<boost::json::value> parse(std::string_view text,
                                                   boost::json::storage_ptr sp = {});

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Parse `text` once with a json_parser (see there).
[[nodiscard]] result<boost::json::value> parse_json(std::string_view text,
                                                    const boost::json::parse_options& options = {},
                                                    boost::json::storage_ptr sp = {});

} // namespace ocop
