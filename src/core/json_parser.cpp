// JSON parsing that refuses duplicate keys: Boost.JSON's basic_parser with a handler that
// builds the value as boost::json::parser does and checks each object's keys at its end.
#include <ocop/json_parser.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace ocop {

namespace {

struct handler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    /// An open object or array: where its keys start, or how many elements it has so far.
    struct frame {
        bool object = false;
        std::size_t first_key = 0;
        std::size_t count = 0;
    };

    boost::json::value_stack st;
    std::vector<frame> frames;
    // The keys of the open objects, innermost last: (offset, length) into `chars`.
    std::string chars;
    std::vector<std::pair<std::size_t, std::size_t>> keys;
    std::vector<std::size_t> order;
    std::optional<diagnostic> duplicate;

    std::string_view key(std::size_t i) const {
        return std::string_view(chars).substr(keys[i].first, keys[i].second);
    }

    void clear() {
        frames.clear();
        chars.clear();
        keys.clear();
        duplicate.reset();
    }

    /// A value of the innermost array is complete (or, for a container, begins).
    void element() {
        if (!frames.empty() && !frames.back().object) ++frames.back().count;
    }

    void begin(bool object) {
        element();
        frames.push_back({object, keys.size(), 0});
    }

    /// The JSON Pointer of the innermost object's member `k`.
    std::string pointer(std::string_view k) const {
        std::string p;
        for (std::size_t f = 1; f < frames.size(); ++f) {
            const frame& parent = frames[f - 1];
            p += '/';
            if (parent.object) // the parent's last key holds this container
                p += pointer_token(key(frames[f].first_key - 1));
            else
                p += std::to_string(parent.count - 1);
        }
        return p + '/' + pointer_token(k);
    }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) {
        begin(true);
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code& ec) {
        // Sort the object's keys (by index, to keep the order of the text for the report)
        // and look at neighbours: n log n, whatever the number of keys.
        const std::size_t first = frames.back().first_key;
        if (keys.size() - first > 1) {
            order.resize(keys.size() - first);
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = first + i;
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
            std::size_t found = keys.size();
            for (std::size_t i = 1; i < order.size(); ++i)
                if (key(order[i]) == key(order[i - 1])) found = std::min(found, order[i]);
            if (found != keys.size()) {
                duplicate = diagnostic{errc::invalid_value, pointer(key(found)),
                                       "duplicate key \"" + std::string(key(found)) + "\""};
                ec = make_error_code(errc::invalid_value);
                return false;
            }
        }
        if (first < keys.size()) chars.resize(keys[first].first);
        keys.resize(first);
        frames.pop_back();
        st.push_object(n);
        return true;
    }
    bool on_array_begin(boost::system::error_code&) {
        begin(false);
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code&) {
        frames.pop_back();
        st.push_array(n);
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        chars.append(s.data(), s.size());
        st.push_chars(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t n, boost::system::error_code&) {
        chars.append(s.data(), s.size());
        keys.emplace_back(chars.size() - n, n);
        st.push_key(s);
        return true;
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        element();
        st.push_string(s);
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
        element();
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
        element();
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, boost::json::string_view, boost::system::error_code&) {
        element();
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, boost::system::error_code&) {
        element();
        st.push_bool(b);
        return true;
    }
    bool on_null(boost::system::error_code&) {
        element();
        st.push_null();
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

} // namespace

struct json_parser::impl {
    explicit impl(const boost::json::parse_options& o) : p(o) {}
    boost::json::basic_parser<handler> p;
};

json_parser::json_parser(const boost::json::parse_options& options)
    : impl_(std::make_unique<impl>(options)) {}

json_parser::~json_parser() = default;

result<boost::json::value> json_parser::parse(std::string_view text, boost::json::storage_ptr sp) {
    auto& p = impl_->p;
    p.reset();
    p.handler().st.reset(std::move(sp));
    p.handler().clear();
    boost::system::error_code ec;
    const std::size_t n = p.write_some(false, text.data(), text.size(), ec);
    if (!ec && n < text.size()) ec = boost::json::error::extra_data;
    if (ec) {
        if (p.handler().duplicate) return *p.handler().duplicate;
        return diagnostic{errc::invalid_json, "", "not valid JSON: " + ec.message()};
    }
    return p.handler().st.release();
}

result<boost::json::value> parse_json(std::string_view text,
                                      const boost::json::parse_options& options,
                                      boost::json::storage_ptr sp) {
    json_parser p(options);
    return p.parse(text, std::move(sp));
}

} // namespace ocop
