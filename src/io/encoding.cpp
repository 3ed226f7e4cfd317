// Office text encodings to UTF-8 with iconv (glibc ships WINDOWS-1258 and UTF-16).
#include "../detail/unicode.hpp"
#include <ocop/csv.hpp>
#include <ocop/encoding.hpp>
#include <ocop/ruleset.hpp>

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace ocop {

namespace {

/// Convert with iconv; false with the byte offset of the first bad sequence.
bool convert(const char* to, const char* from, std::string_view in, std::string& out,
             std::size_t& bad_at) {
    iconv_t cd = ::iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        bad_at = 0;
        return false;
    }
    out.clear();
    out.resize(in.size() * 3 + 16);
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    std::size_t done = 0;
    bool ok = true;
    while (src_left > 0) {
        char* dst = out.data() + done;
        std::size_t dst_left = out.size() - done;
        const std::size_t r = ::iconv(cd, &src, &src_left, &dst, &dst_left);
        done = out.size() - dst_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        bad_at = in.size() - src_left;
        ok = false;
        break;
    }
    if (ok) { // flush shift state (Windows-1258 buffers a base letter awaiting a tone mark)
        char* dst = out.data() + done;
        std::size_t dst_left = out.size() - done;
        ::iconv(cd, nullptr, nullptr, &dst, &dst_left);
        done = out.size() - dst_left;
    }
    ::iconv_close(cd);
    out.resize(done);
    return ok;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
    return line;
}

std::size_t first_invalid_utf8(std::string_view text) {
    // Binary search would need resynchronisation; a line scan is clear and fast enough.
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        if (!valid_utf8(text.substr(start, end - start))) return start;
        start = end + 1;
    }
    return text.size();
}

result<decoded_text> from_1258(std::string_view bytes) {
    decoded_text d;
    std::string raw;
    std::size_t bad = 0;
    if (!convert("UTF-8", "WINDOWS-1258", bytes, raw, bad))
        return diagnostic{errc::invalid_value, "",
                          "not valid Windows-1258 at line " + std::to_string(line_of(bytes, bad))};
    d.text = to_nfc(raw);
    d.encoding = "WINDOWS-1258";
    d.converted = true;
    return d;
}

} // namespace

bool parse_input_encoding(std::string_view name, input_encoding& out) noexcept {
    std::string n;
    for (char c : name) n += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (n == "utf-8" || n == "utf8")
        out = input_encoding::utf8;
    else if (n == "windows-1258" || n == "cp1258" || n == "windows1258")
        out = input_encoding::windows_1258;
    else if (n == "auto")
        out = input_encoding::automatic;
    else
        return false;
    return true;
}

result<decoded_text> decode_to_utf8(std::string_view bytes, input_encoding enc) {
    if (enc == input_encoding::windows_1258) return from_1258(bytes);
    if (enc == input_encoding::automatic && bytes.size() >= 2) {
        const auto b0 = static_cast<unsigned char>(bytes[0]);
        const auto b1 = static_cast<unsigned char>(bytes[1]);
        const bool le = b0 == 0xFF && b1 == 0xFE, be = b0 == 0xFE && b1 == 0xFF;
        if (le || be) {
            decoded_text d;
            std::size_t bad = 0;
            if (!convert("UTF-8", le ? "UTF-16LE" : "UTF-16BE", bytes.substr(2), d.text, bad))
                return diagnostic{errc::invalid_value, "", "not valid UTF-16"};
            d.encoding = le ? "UTF-16LE" : "UTF-16BE";
            d.converted = true;
            return d;
        }
    }
    const std::string_view body = strip_bom(bytes);
    if (valid_utf8(body)) return decoded_text{std::string(body), "UTF-8", false};
    if (enc == input_encoding::automatic) return from_1258(bytes);
    const std::size_t at = first_invalid_utf8(body);
    std::string msg = "not valid UTF-8 at line " + std::to_string(line_of(body, at));
    std::string probe;
    std::size_t bad = 0;
    if (convert("UTF-8", "WINDOWS-1258", body, probe, bad))
        msg += ": the file looks like Windows-1258 (a CSV saved by Excel on a Vietnamese "
               "Windows); read it with --input-encoding windows-1258 (or auto), or save it "
               "from Excel as \"CSV UTF-8\"";
    return diagnostic{errc::invalid_value, "", msg};
}

result<std::string> encode_windows_1258(std::string_view utf8) {
    // Windows-1258 has few precomposed letters: decompose first so iconv can write base
    // letter + tone mark (glibc decomposes itself, but say so explicitly when it cannot).
    std::string out;
    std::size_t bad = 0;
    if (!convert("WINDOWS-1258", "UTF-8", utf8, out, bad))
        return diagnostic{errc::invalid_value, "",
                          "not representable in Windows-1258 at byte " + std::to_string(bad)};
    return out;
}

std::string to_nfc(std::string_view text) {
    return detail::nfc(text);
}

} // namespace ocop
