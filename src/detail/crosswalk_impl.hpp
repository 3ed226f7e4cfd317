#pragma once
// Internal: what crosswalk.cpp (files, validation) and crosswalk_chain.cpp (chaining, routes)
// share: the crosswalk's data and the helpers both use.
#include <ocop/crosswalk.hpp>
#include <ocop/diff.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

/// A reviewed option equivalence as written in the file.
struct option_equivalence {
    std::string from, to, note;
};

struct crosswalk::impl {
    std::string from, to, hash;
    std::vector<crosswalk_sheet> sheets;
    /// Reviewed wording-only equivalences (normalised source text → normalised target texts).
    std::map<std::string, std::set<std::string>> equivalent;
    /// The same, as written (for chaining).
    std::vector<option_equivalence> equivalences;
    /// The files a chained crosswalk was composed from (empty for a file).
    std::vector<crosswalk_step> steps;
};

namespace detail {

/// A crosswalk diagnostic: its message prefixed with "crosswalk: ".
inline diagnostic bad(errc c, std::string path, std::string msg) {
    return diagnostic{c, std::move(path), "crosswalk: " + std::move(msg)};
}

/// Option text for comparison: normalise_title, with General Punctuation (U+2000..U+207F:
/// dashes, quotes, "…") read as spaces like ASCII punctuation ("…" and "..." compare equal),
/// and comparison signs kept as words ("< 51 %" is not "≥ 51 %").
inline std::string option_key(std::string_view text) {
    std::string s;
    s.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '<' || c == '>') {
            s += c == '<' ? " lt " : " gt ";
            continue;
        }
        if (text.substr(i, 3) == "\u2265" || text.substr(i, 3) == "\u2264") {
            s += text.substr(i, 3) == "\u2265" ? " ge " : " le ";
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < text.size()) {
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            if (c1 == 0x80 || c1 == 0x81) {
                s += ' ';
                i += 2;
                continue;
            }
        }
        s += text[i];
    }
    return normalise_title(s);
}

/// The JSON pointer of row `r` of sheet `s`.
inline std::string criterion_path(std::size_t s, std::size_t r) {
    return "/sheets/" + std::to_string(s) + "/criteria/" + std::to_string(r);
}

} // namespace detail

} // namespace ocop
