// ocop::text_engine (include/ocop/text.hpp): the library over JSON text. The C API's registry
// handle holds one, so both interfaces answer with the same code and the same text.
#include "c_api_detail.hpp"

#include <ocop/text.hpp>

#include <stdexcept>

namespace ocop {

struct text_engine::impl {
    registry reg;
    load_options opts;
};

namespace {

diagnostic moved_from() {
    return {errc::invalid_value, "", "the text_engine was moved from"};
}

/// Policy overrides from `{"markers": ..., "defects": ..., "knockout": ...}`.
result<load_options> policy_options(std::string_view options_json) {
    load_options opts;
    if (options_json.empty()) return opts;
    const auto v = detail::capi::options_object(options_json);
    if (!v) return v.error();
    for (const auto& [k, val] : *v) {
        if (!val.is_string() && !policy_override_values(k).empty())
            return diagnostic{errc::wrong_type, "/" + pointer_token(k), "must be a string"};
        if (auto r = set_policy_override(opts, k, val.is_string() ? val.get_string() : ""); !r)
            return r.error();
    }
    return opts;
}

int op_code(text_operation op) {
    switch (op) {
    case text_operation::score:
        return OCOP_OP_SCORE;
    case text_operation::plan:
        return OCOP_OP_PLAN;
    case text_operation::range:
        return OCOP_OP_RANGE;
    case text_operation::council:
        return OCOP_OP_COUNCIL;
    case text_operation::validate:
        return OCOP_OP_VALIDATE;
    case text_operation::aggregate:
        return OCOP_OP_AGGREGATE;
    }
    return 0;
}

} // namespace

text_engine::text_engine(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
text_engine::text_engine(text_engine&&) noexcept = default;
text_engine& text_engine::operator=(text_engine&&) noexcept = default;
text_engine::~text_engine() = default;

result<text_engine> text_engine::create(std::string_view options_json) {
    auto opts = policy_options(options_json);
    if (!opts) return opts.error();
    auto p = std::make_unique<impl>();
    p->opts = *opts;
    if (opts->missed_minimum || opts->defects || opts->knockout) {
        auto r = registry::builtin(*opts);
        if (!r) return r.error();
        p->reg = std::move(*r);
    } else {
        p->reg = registry::builtin();
    }
    return text_engine(std::move(p));
}

text_engine text_engine::create_or_throw(std::string_view options_json) {
    return create(options_json).value();
}

result<std::string> text_engine::add_ruleset(std::string_view ruleset_json) {
    if (!impl_) return moved_from();
    auto rs = ruleset::load(ruleset_json, impl_->opts);
    if (!rs) return rs.error();
    std::string id = rs->id();
    impl_->reg.add(std::move(*rs));
    return id;
}

result<std::string> text_engine::add_ruleset_file(const std::string& path) {
    if (!impl_) return moved_from();
    auto rs = ruleset::load_file(path, impl_->opts);
    if (!rs) return rs.error();
    std::string id = rs->id();
    impl_->reg.add(std::move(*rs));
    return id;
}

result<void> text_engine::set_default_edition(std::string_view id) {
    if (!impl_) return moved_from();
    if (!impl_->reg.find(id))
        return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + std::string(id)};
    impl_->reg.set_default(std::string(id));
    return {};
}

result<std::string> text_engine::rulesets() const {
    if (!impl_) return moved_from();
    std::string s = "[";
    for (const auto* rs : impl_->reg.all()) {
        const auto& d = rs->document();
        if (s.size() > 1) s += ',';
        s += "{\"id\":";
        append_json_string(s, rs->id());
        s += ",\"title\":";
        append_json_string(s, d.title);
        s += ",\"status\":";
        append_json_string(s, detail::enum_name(d.status));
        s += ",\"effective_from\":";
        append_json_string(s, d.provenance.effective_from.to_string());
        s += ",\"effective_until\":";
        if (d.provenance.effective_until)
            append_json_string(s, d.provenance.effective_until->to_string());
        else
            s += "null";
        s += ",\"sheets\":" + std::to_string(d.sheets.size()) + ",\"hash\":";
        append_json_string(s, rs->hash());
        s += ",\"default\":";
        s += rs->id() == impl_->reg.default_id() ? "true}" : "false}";
    }
    s += "]";
    return s;
}

result<std::string> text_engine::ruleset_hash(std::string_view id) const {
    if (!impl_) return moved_from();
    const auto* rs = impl_->reg.find(id);
    if (!rs) return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + std::string(id)};
    return rs->hash();
}

namespace {

/// One record's output, or the record's refusal as the diagnostic.
result<std::string> one_text(const registry& reg, int op, std::string_view text,
                             std::string_view options_json) {
    auto r = detail::capi::run_one(reg, op, text, options_json);
    if (!r) return r.error();
    if (r->refusal) return r->refusal->diag;
    return std::move(r->text);
}

} // namespace

result<std::string> text_engine::score(std::string_view evaluation_json,
                                       std::string_view options_json) const {
    if (!impl_) return moved_from();
    return one_text(impl_->reg, OCOP_OP_SCORE, evaluation_json, options_json);
}

result<std::string> text_engine::explain(std::string_view evaluation_json) const {
    if (!impl_) return moved_from();
    return one_text(impl_->reg, detail::capi::op_explain, evaluation_json, {});
}

result<std::string> text_engine::plan(std::string_view evaluation_json,
                                      std::string_view options_json) const {
    if (!impl_) return moved_from();
    return one_text(impl_->reg, OCOP_OP_PLAN, evaluation_json, options_json);
}

result<std::string> text_engine::range(std::string_view evaluation_json) const {
    if (!impl_) return moved_from();
    return one_text(impl_->reg, OCOP_OP_RANGE, evaluation_json, {});
}

result<std::string> text_engine::council(std::string_view evaluation_json,
                                         std::string_view options_json) const {
    if (!impl_) return moved_from();
    return one_text(impl_->reg, OCOP_OP_COUNCIL, evaluation_json, options_json);
}

result<text_output> text_engine::process(text_operation op, std::string_view records,
                                         std::string_view options_json) const {
    if (!impl_) return moved_from();
    auto r = detail::capi::run_all(impl_->reg, op_code(op), records, options_json, true);
    if (!r) return r.error();
    text_output o;
    o.output = std::move(r->output);
    o.refusals = std::move(r->refusals);
    o.records = r->summary.records;
    o.succeeded = r->summary.succeeded;
    o.failed = r->summary.failed;
    return o;
}

const registry& text_engine::rules() const {
    if (!impl_) throw std::logic_error("ocop::text_engine: the engine was moved from");
    return impl_->reg;
}

} // namespace ocop
