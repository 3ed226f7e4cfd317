// Hand-written JSON output: exact numbers, stable key order, no DOM per record.
#include "../detail/compiled_sheet.hpp"
#include <ocop/result_json.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <numeric>

namespace ocop {

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    // Runs of characters that need no escape are appended in one piece.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char u[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(u, sizeof u);
        }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

namespace {

// Fixed text is appended from literals (length known at compile time); numbers with
// std::to_chars into the stack; nothing here allocates once `out` has grown.
template <std::size_t N>
void lit(std::string& out, const char (&s)[N]) {
    out.append(s, N - 1);
}

template <class I>
void put_int(std::string& out, I v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

template <class E>
void put_enum(std::string& out, E e) {
    out += '"';
    out += boost::describe::enum_to_string(e, "?");
    out += '"';
}

std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    return std::gcd(a < 0 ? -a : a, b);
}

/// score::fraction() without a string.
void put_fraction(std::string& out, const score& s) {
    const std::int64_t g0 = gcd64(s.sum, s.count), g = g0 == 0 ? 1 : g0;
    put_int(out, s.sum / g);
    if (s.count / g != 1) {
        out += '/';
        put_int(out, s.count / g);
    }
}

/// score::decimal() without a string: exact when it terminates, else 6 decimals rounded
/// half away from zero.
void put_decimal(std::string& out, const score& s) {
    if (s.count == 1) { // the common case: one member, whole points
        put_int(out, s.sum);
        return;
    }
    const bool neg = s.sum < 0;
    const std::int64_t a = neg ? -s.sum : s.sum;
    const std::int64_t scaled = (a * 1000000 * 2 + s.count) / (2 * s.count);
    const std::int64_t whole = scaled / 1000000;
    std::int64_t frac = scaled % 1000000;
    if (neg && scaled != 0) out += '-';
    put_int(out, whole);
    if (frac != 0) {
        char buf[7];
        for (int i = 5; i >= 0; --i, frac /= 10) buf[i] = static_cast<char>('0' + frac % 10);
        int n = 6;
        while (buf[n - 1] == '0') --n;
        out += '.';
        out.append(buf, static_cast<std::size_t>(n));
    }
}

void put_score(std::string& out, const char* key_and_colon, std::size_t n, const score& s) {
    out.append(key_and_colon, n);
    put_decimal(out, s);
}

/// A JSON value as compact text: strings escaped, numbers exact (integers as written,
/// doubles in their shortest form, never Boost's "5E-1").
void put_value(std::string& out, const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::null:
        lit(out, "null");
        break;
    case boost::json::kind::bool_:
        if (v.get_bool())
            lit(out, "true");
        else
            lit(out, "false");
        break;
    case boost::json::kind::int64:
        put_int(out, v.get_int64());
        break;
    case boost::json::kind::uint64:
        put_int(out, v.get_uint64());
        break;
    case boost::json::kind::double_: {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
        out.append(buf, r.ptr);
        break;
    }
    case boost::json::kind::string: {
        const auto& s = v.get_string();
        append_json_string(out, std::string_view(s.data(), s.size()));
        break;
    }
    case boost::json::kind::array: {
        out += '[';
        bool first = true;
        for (const auto& e : v.get_array()) {
            if (!first) out += ',';
            first = false;
            put_value(out, e);
        }
        out += ']';
        break;
    }
    case boost::json::kind::object: {
        out += '{';
        bool first = true;
        for (const auto& kv : v.get_object()) {
            if (!first) out += ',';
            first = false;
            append_json_string(out, std::string_view(kv.key().data(), kv.key().size()));
            out += ':';
            put_value(out, kv.value());
        }
        out += '}';
        break;
    }
    }
}

} // namespace

void append_result_json(const evaluation_result& r, std::string& out,
                        const result_json_options& opts) {
    const evaluation& ev = *r.input;
    const compiled_sheet& sh = *ev.sheet;
    const ruleset& rs = *ev.rules;
    const bool totals = r.status != evaluation_status::rejected;
    lit(out, "{\"format\":\"ocop-result/2\",\"id\":");
    append_json_string(out, ev.id);
    lit(out, ",\"ruleset\":");
    append_json_string(out, rs.id());
    lit(out, ",\"ruleset_hash\":");
    append_json_string(out, rs.hash());
    lit(out, ",\"sheet\":");
    put_int(out, sh.no);
    lit(out, ",\"status\":");
    put_enum(out, r.status);
    lit(out, ",\"members\":");
    put_int(out, ev.members);
    if (totals) {
        put_score(out, ",\"total\":", 9, r.total);
        lit(out, ",\"total_exact\":\"");
        put_fraction(out, r.total);
        out += '"';
        if (opts.groups) {
            lit(out, ",\"max_total\":");
            put_int(out, sh.max_total);
        }
        put_score(out, ",\"parts\":{\"A\":", 14, r.parts[0]);
        put_score(out, ",\"B\":", 5, r.parts[1]);
        put_score(out, ",\"C\":", 5, r.parts[2]);
        out += '}';
    }
    lit(out, ",\"stars\":");
    put_int(out, r.stars);
    lit(out, ",\"band_stars\":");
    put_int(out, r.band_stars);
    lit(out, ",\"marker_stars\":");
    put_int(out, r.marker_stars);
    lit(out, ",\"decided_by\":");
    put_enum(out, r.decided_by);
    if (opts.policy) {
        lit(out, ",\"policy\":{\"missed_minimum\":");
        put_enum(out, rs.policies().missed_minimum);
        lit(out, ",\"defects\":");
        put_enum(out, rs.policies().defects);
        if (rs.policies().knockout) { // only when not the default (zero): lines stay as before
            lit(out, ",\"knockout\":");
            put_enum(out, *rs.policies().knockout);
        }
        out += '}';
    }
    lit(out, ",\"reasons\":[");
    bool first_reason = true;
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
        const auto& x = r.reasons[i];
        // Without sentences the band reason says only what band_stars says.
        if (!opts.messages && x.kind == reason_kind::band) continue;
        if (!first_reason) out += ',';
        first_reason = false;
        lit(out, "{\"kind\":");
        put_enum(out, x.kind);
        if (opts.messages) {
            lit(out, ",\"severity\":");
            put_enum(out, x.severity);
        }
        if (!x.code.empty()) {
            lit(out, ",\"code\":");
            append_json_string(out, x.code);
        }
        if (x.stars) {
            lit(out, ",\"stars\":");
            put_int(out, x.stars);
        }
        if (x.needed_points >= 0) {
            lit(out, ",\"needed_points\":");
            put_int(out, x.needed_points);
        }
        if (x.needed_option) {
            lit(out, ",\"needed_option\":");
            put_int(out, x.needed_option);
        }
        if (opts.messages) {
            lit(out, ",\"message\":");
            append_json_string(out, x.message);
        }
        out += '}';
    }
    out += ']';
    if (opts.groups && totals) {
        lit(out, ",\"groups\":[");
        for (std::size_t g = 0; g < sh.groups.size(); ++g) {
            if (g) out += ',';
            lit(out, "{\"code\":");
            append_json_string(out, sh.group(g).code);
            lit(out, ",\"part\":");
            put_enum(out, sh.groups[g].part);
            put_score(out, ",\"points\":", 10, score{r.group_sums[g], r.total.count});
            lit(out, ",\"max\":");
            put_int(out, sh.groups[g].max_points);
            out += '}';
        }
        out += ']';
        if (!sh.subgroup_max.empty()) {
            lit(out, ",\"subgroups\":[");
            std::size_t k = 0;
            for (std::size_t g = 0; g < sh.groups.size(); ++g)
                for (const auto& sg : sh.group(g).subgroups) {
                    if (k) out += ',';
                    lit(out, "{\"code\":");
                    append_json_string(out, sg.code);
                    put_score(out, ",\"points\":", 10, score{r.subgroup_sums[k], r.total.count});
                    lit(out, ",\"max\":");
                    put_int(out, sh.subgroup_max[k]);
                    out += '}';
                    ++k;
                }
            out += ']';
        }
    }
    if (opts.criteria && totals) {
        lit(out, ",\"criteria\":[");
        bool first = true;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            const auto& cs = r.criteria[c];
            if (!cs.applicable) continue;
            if (!first) out += ',';
            first = false;
            const auto& cc = sh.criteria[c];
            lit(out, "{\"id\":");
            append_json_string(out, sh.criterion(c).id);
            lit(out, ",\"part\":");
            put_enum(out, cc.part);
            lit(out, ",\"group\":");
            append_json_string(out, sh.group(cc.group).code);
            lit(out, ",\"option\":");
            if (cs.option >= 0)
                put_int(out, cs.option + 1);
            else
                lit(out, "null");
            put_score(out, ",\"points\":", 10, score{cs.points_sum, r.total.count});
            lit(out, ",\"max\":");
            put_int(out, cc.max_points);
            const score lost{static_cast<std::int64_t>(cc.max_points) * r.total.count -
                                 cs.points_sum,
                             r.total.count};
            put_score(out, ",\"lost\":", 8, lost);
            if (!cs.answered) lit(out, ",\"answered\":false");
            out += '}';
        }
        out += ']';
    }
    if (!ev.metadata.empty()) {
        lit(out, ",\"metadata\":");
        out += '{';
        bool first = true;
        for (const auto& kv : ev.metadata) {
            if (!first) out += ',';
            first = false;
            append_json_string(out, std::string_view(kv.key().data(), kv.key().size()));
            out += ':';
            put_value(out, kv.value());
        }
        out += '}';
    }
    out += '}';
}

void append_error_json(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string& out) {
    out += "{\"line\":" + std::to_string(line);
    if (!id.empty()) {
        out += ",\"id\":";
        append_json_string(out, id);
    }
    out += ",\"error\":";
    append_json_string(out, to_string(d.code));
    out += ",\"path\":";
    append_json_string(out, d.path);
    out += ",\"message\":";
    append_json_string(out, d.message);
    out += '}';
}

void append_error_line(std::size_t line, std::string_view id, const diagnostic& d,
                       std::string_view column, std::string& out) {
    append_error_json(line, id, d, out);
    if (!column.empty()) {
        out.pop_back();
        out += ",\"column\":";
        append_json_string(out, column);
        out += '}';
    }
    out += '\n';
}

} // namespace ocop
