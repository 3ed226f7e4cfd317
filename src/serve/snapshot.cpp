// Rulesets of the service: built once, rebuilt on SIGHUP, swapped whole.
#include "serve.hpp"

#include <ctime>

namespace ocop::serve {

result<std::shared_ptr<const snapshot>> load_snapshot(const registry_source& src,
                                                      std::uint64_t generation) {
    auto reg = registry::builtin(src.policy);
    if (!reg) return reg.error();
    for (const auto& file : src.ruleset_files) {
        auto rs = ruleset::load_file(file, src.policy);
        if (!rs) return rs.error();
        reg->add(std::move(*rs));
    }
    if (!src.default_id.empty()) {
        if (!reg->find(src.default_id))
            return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + src.default_id};
        reg->set_default(src.default_id);
    }
    auto s = std::make_shared<snapshot>();
    s->reg = std::move(*reg);
    s->generation = generation;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    s->loaded_at = buf;
    s->openapi = openapi_document(s->reg);
    return std::shared_ptr<const snapshot>(std::move(s));
}

} // namespace ocop::serve
