// Built-in rulesets and the choice of edition by filing and evaluation dates.
#include <ocop/registry.hpp>

#include <algorithm>

namespace ocop {

namespace detail {
// Generated at build time from src/rulesets/*.json (cmake/embed_rulesets.cmake).
extern const std::string_view builtin_qd1048_2019;
extern const std::string_view builtin_qd148_2023;
extern const std::string_view builtin_qd26_2026;
} // namespace detail

std::string_view registry::builtin_text(std::string_view id) noexcept {
    if (id == "qd1048-2019") return detail::builtin_qd1048_2019;
    if (id == "qd148-2023") return detail::builtin_qd148_2023;
    if (id == "qd26-2026") return detail::builtin_qd26_2026;
    return {};
}

std::vector<std::string> registry::builtin_ids() {
    return {"qd1048-2019", "qd148-2023", "qd26-2026"};
}

result<registry> registry::builtin(const load_options& opts) {
    registry reg;
    for (const auto& id : builtin_ids()) {
        auto rs = ruleset::load(builtin_text(id), opts);
        if (!rs) {
            auto d = rs.error();
            d.message = "built-in ruleset " + id + ": " + d.message;
            return d;
        }
        reg.add(std::move(*rs));
    }
    return reg;
}

const registry& registry::builtin() {
    static const registry reg = builtin(load_options{}).value();
    return reg;
}

void registry::add(ruleset rs) {
    for (auto& r : sets_)
        if (r.id() == rs.id()) {
            r = std::move(rs);
            return;
        }
    sets_.push_back(std::move(rs));
}

const ruleset* registry::find(std::string_view id) const noexcept {
    for (const auto& r : sets_)
        if (r.id() == id) return &r;
    return nullptr;
}

std::vector<const ruleset*> registry::all() const {
    std::vector<const ruleset*> out;
    for (const auto& r : sets_) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const ruleset* a, const ruleset* b) {
        return a->document().provenance.effective_from < b->document().provenance.effective_from;
    });
    return out;
}

const ruleset* registry::in_force_on(date day) const noexcept {
    const ruleset* best = nullptr;
    for (const auto& r : sets_) {
        const auto& p = r.document().provenance;
        if (p.effective_from > day) continue;
        if (!best || best->document().provenance.effective_from < p.effective_from) best = &r;
    }
    return best;
}

result<edition_choice> registry::choose(std::optional<date> filed_on,
                                        std::optional<date> evaluated_on,
                                        dossier_kind kind) const {
    edition_choice out;
    if (!filed_on) {
        out.rules = find(default_id_);
        if (!out.rules)
            return diagnostic{errc::unknown_ruleset, "/ruleset",
                              "default ruleset \"" + default_id_ + "\" is not loaded"};
        out.notes.push_back("no ruleset or filing date given: scored under the default edition " +
                            default_id_);
        return out;
    }
    out.rules = in_force_on(*filed_on);
    if (!out.rules)
        return diagnostic{errc::unknown_ruleset, "/filed_on",
                          "no ruleset in force on " + filed_on->to_string()};
    out.notes.push_back("filed on " + filed_on->to_string() + ": " + out.rules->id() +
                        " was in force");
    // A successor whose transition names this edition may take pending dossiers over.
    for (const auto& r : sets_) {
        const auto& t = r.document().transition;
        if (!t || t->predecessor != out.rules->id()) continue;
        const auto& pend = t->pending_dossiers;
        if (!(*filed_on < pend.filed_before)) continue;
        const int days = kind == dossier_kind::re_evaluation ? pend.re_evaluation_days
                                                             : pend.first_evaluation_days;
        const date deadline = t->cutover.plus_days(days);
        if (evaluated_on && *evaluated_on >= t->cutover && deadline < *evaluated_on) {
            out.notes.push_back("filed before " + t->cutover.to_string() +
                                " but evaluated on " + evaluated_on->to_string() +
                                ", after the transition deadline " + deadline.to_string() + " (" +
                                t->basis.value_or("transition") + ", " + std::to_string(days) +
                                " days): scored under " + r.id());
            out.rules = &r;
        } else {
            out.notes.push_back("filed before " + t->cutover.to_string() + ": finishes under " +
                                out.rules->id() + " if evaluated by " + deadline.to_string() +
                                " (" + t->basis.value_or("transition") + ", " +
                                std::to_string(days) + " days)");
        }
        break;
    }
    return out;
}

} // namespace ocop
