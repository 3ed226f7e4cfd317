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
    auto fresh = std::make_shared<const ruleset>(std::move(rs));
    for (auto& r : sets_)
        if (r->id() == fresh->id()) {
            retired_.push_back(std::move(r));
            r = std::move(fresh);
            return;
        }
    sets_.push_back(std::move(fresh));
}

const ruleset* registry::find(std::string_view id) const noexcept {
    for (const auto& r : sets_)
        if (r->id() == id) return r.get();
    return nullptr;
}

std::vector<const ruleset*> registry::all() const {
    std::vector<const ruleset*> out;
    for (const auto& r : sets_) out.push_back(r.get());
    std::stable_sort(out.begin(), out.end(), [](const ruleset* a, const ruleset* b) {
        return a->document().provenance.effective_from < b->document().provenance.effective_from;
    });
    return out;
}

const ruleset* registry::in_force_on(date day) const noexcept {
    const ruleset* best = nullptr;
    for (const auto& r : sets_) {
        const auto& p = r->document().provenance;
        if (p.effective_from > day) continue;
        if (!best || best->document().provenance.effective_from < p.effective_from) best = r.get();
    }
    return best;
}

result<edition_choice> registry::choose(std::optional<date> filed_on,
                                        std::optional<date> evaluated_on, dossier_kind kind) const {
    edition_choice out;
    out.filed_on = filed_on;
    out.evaluated_on = evaluated_on;
    if (!filed_on) {
        out.rules = find(default_id_);
        out.basis = edition_basis::default_edition;
        if (!out.rules)
            return diagnostic{errc::unknown_ruleset, "/ruleset",
                              "default ruleset \"" + default_id_ + "\" is not loaded"};
        return out;
    }
    out.rules = in_force_on(*filed_on);
    out.basis = edition_basis::in_force;
    if (!out.rules)
        return diagnostic{errc::unknown_ruleset, "/filed_on",
                          "no ruleset in force on " + filed_on->to_string()};
    // A successor whose transition names this edition may take pending dossiers over.
    for (const auto& r : sets_) {
        const auto& t = r->document().transition;
        if (!t || t->predecessor != out.rules->id()) continue;
        const auto& pend = t->pending_dossiers;
        if (!(*filed_on < pend.filed_before)) continue;
        out.transition = &*t;
        out.window_days = kind == dossier_kind::re_evaluation ? pend.re_evaluation_days
                                                              : pend.first_evaluation_days;
        // A window of 0 days (148/2023: effective on signing, no window found): the
        // predecessor keeps only evaluations made before the cut-over day.
        out.deadline = t->cutover.plus_days(out.window_days > 0 ? out.window_days : -1);
        if (evaluated_on && *evaluated_on >= t->cutover && out.deadline < *evaluated_on) {
            out.basis = edition_basis::transition_expired;
            out.rules = r.get();
        } else {
            out.basis = edition_basis::transition_kept;
        }
        break;
    }
    return out;
}

void edition_choice::describe(std::string& out) const {
    const std::string& id = rules ? rules->id() : std::string();
    switch (basis) {
    case edition_basis::default_edition:
        out += "no ruleset or filing date given: scored under the default edition ";
        out += id;
        return;
    case edition_basis::in_force:
        out += "filed on " + filed_on->to_string() + ": " + id + " was in force";
        return;
    case edition_basis::transition_kept:
        out += "filed on " + filed_on->to_string() + ", before " + transition->cutover.to_string() +
               ": finishes under " + id + " if evaluated by " + deadline.to_string() + " (" +
               transition->basis.value_or("transition") + ", " +
               (window_days > 0 ? std::to_string(window_days) + " days" : "no window") + ")";
        return;
    case edition_basis::transition_expired:
        out += "filed on " + filed_on->to_string() + ", before " + transition->cutover.to_string() +
               ", but evaluated on " + evaluated_on->to_string() +
               ", after the transition deadline " + deadline.to_string() + " (" +
               transition->basis.value_or("transition") + ", " +
               (window_days > 0 ? std::to_string(window_days) + " days" : "no window") +
               "): scored under " + id;
        return;
    }
}

} // namespace ocop
