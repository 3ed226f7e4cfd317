// The elements of a JSON array cut from a stream of bytes (detail/json_array.hpp).
#include "../detail/json_array.hpp"
#include "../detail/compiled_sheet.hpp"
#include "../detail/whitespace.hpp"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>

namespace ocop::detail {

bool json_unfinished(std::string_view text, std::size_t max_depth) {
    boost::json::parse_options po;
    po.max_depth = max_depth;
    boost::json::stream_parser p({}, po);
    boost::system::error_code ec;
    p.write(text.data(), text.size(), ec);
    if (ec) return false;
    p.finish(ec);
    return ec == boost::json::error::incomplete;
}

std::size_t json_array_cutter::feed(std::string_view bytes, std::vector<array_element>& out) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        switch (state_) {
        case state::closed:
            return i;
        case state::before:
            if (c == '[') {
                open_line_ = line_;
                state_ = state::between;
            }
            // Anything else before the '[' is blank (the caller looked at it).
            break;
        case state::between:
            if (json_space(c)) break;
            if (c == ']') {
                if (after_comma_)
                    out.push_back(
                        {line_, 0, {}, false, "not valid JSON: a comma with no element after it"});
                state_ = state::closed;
                return i + 1;
            }
            if (c == ',') {
                out.push_back({line_,
                               0,
                               {},
                               false,
                               index_ ? "not valid JSON: two commas with no element between them"
                                      : "not valid JSON: a comma before the first element"});
                after_comma_ = true;
                break;
            }
            el_ = {};
            el_.line = line_;
            el_.index = ++index_;
            after_comma_ = false;
            depth_ = 0;
            in_string_ = escaped_ = false;
            state_ = state::element;
            [[fallthrough]];
        case state::element: {
            bool end = false;
            if (in_string_) {
                if (escaped_)
                    escaped_ = false;
                else if (c == '\\')
                    escaped_ = true;
                else if (c == '"')
                    in_string_ = false;
            } else if (c == '"') {
                in_string_ = true;
            } else if (c == '{' || c == '[') {
                ++depth_;
            } else if (c == '}' || c == ']') {
                if (depth_ > 0)
                    --depth_;
                else if (c == ']')
                    end = true; // the array's own closing bracket
            } else if (c == ',' && depth_ == 0) {
                end = true;
            }
            if (end) {
                end_element(out);
                if (c == ']') {
                    state_ = state::closed;
                    return i + 1;
                }
                after_comma_ = true;
                state_ = state::between;
                break;
            }
            if (!el_.too_long) {
                if (el_.text.size() >= max_) {
                    el_.too_long = true;
                    std::string().swap(el_.text);
                } else {
                    el_.text += c;
                }
            }
            break;
        }
        }
        if (c == '\n') ++line_;
    }
    return bytes.size();
}

void json_array_cutter::end_element(std::vector<array_element>& out) {
    auto& t = el_.text;
    while (!t.empty() && json_space(t.back())) t.pop_back();
    out.push_back(std::move(el_));
    el_ = {};
}

void json_array_cutter::finish(std::vector<array_element>& out) {
    const std::string where = "the JSON array opened on line " + std::to_string(open_line_);
    if (state_ == state::element)
        out.push_back({el_.line,
                       0,
                       {},
                       false,
                       "not valid JSON: the input ends inside element " +
                           std::to_string(el_.index) + " of " + where + " (not closed)"});
    else if (state_ == state::between)
        out.push_back({line_,
                       0,
                       {},
                       false,
                       "not valid JSON: " + where + " is not closed at the end of the input"});
    state_ = state::closed;
}

std::string json_array_reader::problem(const array_element& e) const {
    if (!e.error.empty()) return e.error;
    if (e.too_long) return "an element longer than the record limit (--max-line-bytes)";
    if (e.text.find('\0') != std::string::npos) return "a NUL byte (not text)";
    boost::json::parse_options po;
    po.max_depth = max_depth_;
    boost::system::error_code ec;
    (void)boost::json::parse(e.text, ec, {}, po);
    return ec ? "not valid JSON: " + ec.message() : std::string();
}

std::size_t json_array_reader::feed(std::string_view bytes, std::vector<array_element>& out) {
    const std::size_t used = cut_.feed(bytes, fresh_);
    if (!known_) held_.append(bytes.data(), used);
    sort(fresh_, out);
    if (cut_.closed() && first_bad_) out.push_back(std::move(*first_bad_)); // the only element
    first_bad_.reset();
    return used;
}

void json_array_reader::finish(std::vector<array_element>& out) {
    cut_.finish(fresh_);
    sort(fresh_, out);
    if (first_bad_) out.push_back(std::move(*first_bad_)); // the array's only element
    first_bad_.reset();
}

void json_array_reader::sort(std::vector<array_element>& fresh, std::vector<array_element>& out) {
    for (auto& e : fresh) {
        if (known_) {
            out.push_back(std::move(e));
            continue;
        }
        const std::string bad = problem(e);
        if (bad.empty()) { // JSON: the array is one
            known_ = true;
            std::string().swap(held_);
            if (first_bad_) out.push_back(std::move(*first_bad_));
            first_bad_.reset();
            out.push_back(std::move(e));
            continue;
        }
        if (!first_bad_ && e.error.empty() && !e.too_long) {
            first_bad_ = std::move(e); // a typo, if the next element is JSON
            continue;
        }
        // Not an array after all: its first line is one bad record, the rest JSON Lines.
        array_element line1;
        line1.line = cut_.open_line();
        line1.error = (first_bad_ ? problem(*first_bad_) : bad) +
                      " (the JSON array starting on line " + std::to_string(cut_.open_line()) +
                      " is not read as one: the lines after it are read as JSON Lines)";
        out.push_back(std::move(line1));
        first_bad_.reset();
        gave_up_ = true;
        const auto nl = held_.find('\n');
        skip_first_line_ = nl == std::string::npos;
        held_.erase(0, skip_first_line_ ? held_.size() : nl + 1);
        std::vector<array_element> none;
        cut_.finish(none); // done
        break;
    }
    fresh.clear();
}

} // namespace ocop::detail
