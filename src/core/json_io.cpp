// Leaf conversions of the described-type JSON reader and writer.
#include <ocop/json_io.hpp>

#include <cmath>

namespace ocop::detail {

void json_reader::read(const boost::json::value& v, milli_points& out, const std::string& path) {
    if (v.is_int64() || v.is_uint64()) {
        const auto x = v.to_number<std::int64_t>();
        if (x < -1'000'000'000 || x > 1'000'000'000)
            return fail(errc::out_of_range, path, "points out of range");
        out.value = x * 1000;
        return;
    }
    if (v.is_double()) {
        // Thresholds are written by people with at most three decimals (49.5, 69.999).
        const double scaled = v.get_double() * 1000.0;
        if (!std::isfinite(scaled) || std::fabs(scaled) > 1e12)
            return fail(errc::out_of_range, path, "points out of range");
        const double rounded = std::round(scaled);
        if (std::fabs(rounded - scaled) > 1e-6)
            return fail(errc::invalid_value, path, "points may have at most three decimals");
        out.value = static_cast<std::int64_t>(rounded);
        return;
    }
    fail(errc::wrong_type, path, "expected a number of points");
}

void json_reader::read(const boost::json::value& v, date& out, const std::string& path) {
    const auto* s = v.if_string();
    if (!s) return fail(errc::wrong_type, path, "expected a date \"YYYY-MM-DD\"");
    auto d = date::parse(std::string_view(s->data(), s->size()));
    if (!d) return fail(errc::invalid_value, path, "not a calendar date \"YYYY-MM-DD\"");
    out = *d;
}

boost::json::value to_value(const std::string& s) {
    return boost::json::value(s);
}
boost::json::value to_value(bool b) {
    return boost::json::value(b);
}
boost::json::value to_value(int i) {
    return boost::json::value(i);
}
boost::json::value to_value(const date& d) {
    return boost::json::value(d.to_string());
}
boost::json::value to_value(const milli_points& m) {
    if (m.value % 1000 == 0) return boost::json::value(m.value / 1000);
    return boost::json::value(static_cast<double>(m.value) / 1000.0);
}

} // namespace ocop::detail
