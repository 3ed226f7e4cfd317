// Policy overrides by name (ruleset.hpp): one list, read from the policy enumerations'
// Boost.Describe descriptions, for the CLI, the C API, Python and the service.
#include <ocop/error.hpp>
#include <ocop/ruleset.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

namespace ocop {

namespace {

template <class E>
std::vector<std::string> names_of() {
    std::vector<std::string> out;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>(
        [&](auto d) { out.emplace_back(d.name); });
    return out;
}

template <class E>
result<void> set(std::optional<E>& slot, std::string_view name, std::string_view value) {
    for (const auto& n : names_of<E>())
        if (n == value) {
            E e{};
            (void)boost::describe::enum_from_string(n.c_str(), e);
            slot = e;
            return {};
        }
    std::string accepted;
    const auto names = names_of<E>();
    for (std::size_t i = 0; i < names.size(); ++i)
        accepted += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return diagnostic{errc::invalid_value, "/" + pointer_token(name),
                      std::string(name) + " must be " + accepted + ", not \"" + std::string(value) +
                          "\""};
}

} // namespace

std::vector<std::string> policy_override_names() {
    return {"markers", "defects", "knockout"};
}

std::vector<std::string> policy_override_values(std::string_view name) {
    if (name == "markers") return names_of<missed_minimum_policy>();
    if (name == "defects") return names_of<defect_policy>();
    if (name == "knockout") return names_of<knockout_policy>();
    return {};
}

result<void> set_policy_override(load_options& opts, std::string_view name,
                                 std::string_view value) {
    if (name == "markers") return set(opts.missed_minimum, name, value);
    if (name == "defects") return set(opts.defects, name, value);
    if (name == "knockout") return set(opts.knockout, name, value);
    return diagnostic{errc::unknown_field, "/" + pointer_token(name),
                      "unknown policy " + std::string(name) + " (markers, defects, knockout)"};
}

} // namespace ocop
