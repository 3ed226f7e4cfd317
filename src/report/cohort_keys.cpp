// Grouping and filter keys of cohorts: built-in dimensions or any metadata key.
#include <ocop/cohort.hpp>

#include "../detail/unicode.hpp"

#include <boost/describe/enum_to_string.hpp>

namespace ocop {

group_key::group_key(cohort_key k) : kind(k), name(boost::describe::enum_to_string(k, "?")) {}

group_key group_key::metadata_key(std::string_view name) {
    group_key k;
    k.kind = cohort_key::metadata;
    k.name = detail::normalize_key(name);
    return k;
}

bool parse_group_key(std::string_view text, group_key& out) {
    const std::string name = detail::normalize_key(text);
    if (name.empty()) return false;
    for (unsigned char c : name)
        if (c < 0x20 || c == '=' || c == ',' || c == 0x7F) return false;
    cohort_key k{};
    if (name != "metadata" && parse_cohort_key(name, k)) {
        out = group_key(k);
        return true;
    }
    out = group_key::metadata_key(name);
    return true;
}

bool parse_key_filter(std::string_view text, key_filter& out) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) return false;
    if (!parse_group_key(text.substr(0, eq), out.key)) return false;
    out.value = detail::normalize_key(text.substr(eq + 1));
    return true;
}

void year_stats::merge(const year_stats& o) {
    count += o.count;
    for (std::size_t s = 0; s < stars.size(); ++s) stars[s] += o.stars[s];
    with_total += o.with_total;
    total.merge(o.total);
    for (const auto& [id, n] : o.rulesets) rulesets[id] += n;
}

} // namespace ocop
