// Data made safe for terminals and text files (encoding.hpp): a file of its own so that the
// WebAssembly module, which has no iconv or ICU, links it too.
#include <ocop/csv.hpp>
#include <ocop/encoding.hpp>

namespace ocop {

std::string printable(std::string_view s, bool keep_newlines) {
    std::string out;
    out.reserve(s.size());
    static const char hex[] = "0123456789abcdef";
    auto esc = [&](unsigned char c) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' && keep_newlines) {
            out += '\n';
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            esc(c);
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // Copy a valid UTF-8 sequence unless it encodes a C1 control (U+0080..U+009F).
            const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            const std::string_view seq = s.substr(i, n);
            if (n == 0 || seq.size() < n || !valid_utf8(seq) ||
                (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0)) {
                esc(c);
                if (n == 2 && seq.size() == 2 && valid_utf8(seq))
                    esc(static_cast<unsigned char>(s[++i]));
                continue;
            }
            out += seq;
            i += n - 1;
        }
    }
    return out;
}

} // namespace ocop
