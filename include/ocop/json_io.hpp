#pragma once
/// @file json_io.hpp
/// @brief Map described types to and from JSON, with JSON Pointer diagnostics.
///
/// Boost.JSON's automatic conversion rejects missing optional members and extra keys
/// without saying where. This reader walks the Boost.Describe descriptions itself:
/// `std::optional`, `std::vector` and `bool` (false) members may be absent, unknown keys are
/// refused, and every error carries the JSON Pointer of the offending value.

#include <ocop/error.hpp>
#include <ocop/ruleset_document.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ocop {

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

/// Reads JSON into described types, remembering the first error and its path.
class json_reader {
  public:
    std::optional<diagnostic> error;

    void fail(errc code, const std::string& path, std::string msg) {
        if (!error) error = diagnostic{code, path, std::move(msg)};
    }

    void read(const boost::json::value& v, std::string& out, const std::string& path) {
        if (const auto* s = v.if_string())
            out.assign(s->data(), s->size());
        else
            fail(errc::wrong_type, path, "expected a string");
    }
    void read(const boost::json::value& v, bool& out, const std::string& path) {
        if (const auto* b = v.if_bool())
            out = *b;
        else
            fail(errc::wrong_type, path, "expected true or false");
    }
    void read(const boost::json::value& v, int& out, const std::string& path) {
        if (v.is_int64() && v.get_int64() >= std::numeric_limits<int>::min() &&
            v.get_int64() <= std::numeric_limits<int>::max())
            out = static_cast<int>(v.get_int64());
        else if (v.is_uint64() || v.is_int64())
            fail(errc::out_of_range, path, "integer out of range");
        else
            fail(errc::wrong_type, path, "expected an integer");
    }
    void read(const boost::json::value& v, milli_points& out, const std::string& path);
    void read(const boost::json::value& v, date& out, const std::string& path);
    void read(const boost::json::value& v, boost::json::value& out, const std::string&) { out = v; }

    template <class E,
              std::enable_if_t<boost::describe::has_describe_enumerators<E>::value, int> = 0>
    void read(const boost::json::value& v, E& out, const std::string& path) {
        const auto* s = v.if_string();
        if (!s) return fail(errc::wrong_type, path, "expected a string naming a value");
        if (!boost::describe::enum_from_string(std::string(s->data(), s->size()).c_str(), out))
            fail(errc::invalid_value, path, "unknown value \"" + std::string(s->c_str()) + "\"");
    }

    template <class T>
    void read(const boost::json::value& v, std::optional<T>& out, const std::string& path) {
        if (v.is_null()) return out.reset();
        out.emplace();
        read(v, *out, path);
    }

    template <class T, class A>
    void read(const boost::json::value& v, std::vector<T, A>& out, const std::string& path) {
        const auto* arr = v.if_array();
        if (!arr) return fail(errc::wrong_type, path, "expected an array");
        out.clear();
        out.resize(arr->size());
        for (std::size_t i = 0; i < arr->size() && !error; ++i)
            read((*arr)[i], out[i], path + "/" + std::to_string(i));
    }

    template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int> = 0>
    void read(const boost::json::value& v, T& out, const std::string& path) {
        const auto* obj = v.if_object();
        if (!obj) return fail(errc::wrong_type, path, "expected an object");
        using members = boost::describe::describe_members<T, boost::describe::mod_public>;
        for (const auto& kv : *obj) {
            bool known = false;
            boost::mp11::mp_for_each<members>([&](auto d) { known = known || kv.key() == d.name; });
            if (!known)
                return fail(errc::unknown_field, path + "/" + pointer_token(kv.key()),
                            "unknown field \"" + std::string(kv.key()) + "\"");
        }
        boost::mp11::mp_for_each<members>([&](auto d) {
            if (error) return;
            using M = std::remove_cvref_t<decltype(out.*d.pointer)>;
            const std::string sub = path + "/" + d.name;
            const auto* found = obj->if_contains(d.name);
            if (!found) {
                // Optionals, lists, free JSON and flags (false) may be left out.
                if constexpr (!is_optional<M>::value && !is_vector<M>::value &&
                              !std::is_same_v<M, boost::json::value> && !std::is_same_v<M, bool>)
                    fail(errc::missing_field, sub, std::string("missing field \"") + d.name + "\"");
                return;
            }
            read(*found, out.*d.pointer, sub);
        });
    }
};

// Declared first so that each overload sees the others (two-phase lookup).
template <class T>
boost::json::value to_value(const std::optional<T>& o);
template <class T, class A>
boost::json::value to_value(const std::vector<T, A>& v);
template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int> = 0>
boost::json::value to_value(const T& t);

boost::json::value to_value(const std::string& s);
boost::json::value to_value(bool b);
boost::json::value to_value(int i);
boost::json::value to_value(const milli_points& m);
boost::json::value to_value(const date& d);
inline boost::json::value to_value(const boost::json::value& v) {
    return v;
}

/// The name of a described enumerator, as JSON writes it ("?" outside the enumeration).
template <class E, std::enable_if_t<boost::describe::has_describe_enumerators<E>::value, int> = 0>
[[nodiscard]] const char* enum_name(E e) noexcept {
    return boost::describe::enum_to_string(e, "?");
}

template <class E, std::enable_if_t<boost::describe::has_describe_enumerators<E>::value, int> = 0>
boost::json::value to_value(E e) {
    return boost::json::value(enum_name(e));
}
template <class T>
boost::json::value to_value(const std::optional<T>& o) {
    return o ? to_value(*o) : boost::json::value(nullptr);
}
template <class T, class A>
boost::json::value to_value(const std::vector<T, A>& v) {
    boost::json::array arr;
    arr.reserve(v.size());
    for (const auto& x : v) arr.push_back(to_value(x));
    return arr;
}
template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int>>
boost::json::value to_value(const T& t) {
    boost::json::object obj;
    using members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<members>([&](auto d) {
        const auto& m = t.*d.pointer;
        using M = std::remove_cvref_t<decltype(m)>;
        // Absent optionals and empty lists are omitted: they read back the same.
        if constexpr (is_optional<M>::value) {
            if (!m) return;
        } else if constexpr (is_vector<M>::value) {
            if (m.empty()) return;
        } else if constexpr (std::is_same_v<M, boost::json::value>) {
            if (m.is_null()) return;
        }
        obj[d.name] = to_value(m);
    });
    return obj;
}

} // namespace detail

/// Read a described type from JSON; the error names the JSON Pointer of the bad value.
template <class T>
[[nodiscard]] result<T> read_json(const boost::json::value& v, const std::string& base_path = "") {
    detail::json_reader reader;
    T out{};
    reader.read(v, out, base_path);
    if (reader.error) return *reader.error;
    return out;
}

/// Write a described type as JSON (absent optionals and empty lists omitted).
template <class T>
boost::json::value to_json(const T& t) {
    return detail::to_value(t);
}

} // namespace ocop
