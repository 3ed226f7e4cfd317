// The 2025 province merger table (src/data/provinces-2025.json, embedded at build time).
#include <ocop/cohort.hpp>

#include "../detail/unicode.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace ocop {

namespace detail {
extern const std::string_view builtin_provinces_2025;
} // namespace detail

namespace {

province_merger load_merger() {
    province_merger m;
    boost::json::error_code ec;
    const auto doc = boost::json::parse(detail::builtin_provinces_2025, ec);
    if (ec || !doc.is_object()) throw std::logic_error("provinces-2025.json is not valid JSON");
    const auto& o = doc.get_object();
    const auto& legal = o.at("legal_basis").as_object();
    m.source = std::string(legal.at("document").as_string());
    m.in_force_on = std::string(legal.at("in_force_on").as_string());
    m.operate_from = std::string(legal.at("provinces_operate_from").as_string());
    for (const auto& p : o.at("provinces").as_array()) {
        province_merger::unit u;
        u.name = detail::nfc(p.at("name").as_string());
        for (const auto& f : p.at("former").as_array())
            u.former.push_back(detail::nfc(f.as_string()));
        m.provinces.push_back(std::move(u));
    }
    for (std::size_t i = 0; i < m.provinces.size(); ++i) {
        m.index_.emplace(detail::fold_key(m.provinces[i].name), i);
        for (const auto& f : m.provinces[i].former) m.index_.emplace(detail::fold_key(f), i);
    }
    for (const auto& [alias, target] : o.at("aliases").as_object()) {
        const auto it = m.index_.find(detail::fold_key(target.as_string()));
        if (it == m.index_.end()) throw std::logic_error("provinces-2025.json: alias to nowhere");
        m.index_.emplace(detail::fold_key(alias), it->second);
    }
    return m;
}

} // namespace

const province_merger::unit* province_merger::find(std::string_view name) const {
    const auto it = index_.find(detail::fold_key(name));
    return it == index_.end() ? nullptr : &provinces[it->second];
}

const province_merger& province_merger_2025() {
    static const province_merger m = load_merger();
    return m;
}

} // namespace ocop
