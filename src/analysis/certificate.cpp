// Procedure and certificates as ruleset data: stages, authorities, validity, renewal windows.
#include <ocop/certificate.hpp>

#include <algorithm>

namespace ocop {

namespace {

std::string base(const ruleset& rs) {
    return rs.id() + ": /procedure";
}

result<std::optional<date>> date_at(const boost::json::object& o, const char* key,
                                    const std::string& path) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<date>{};
    const auto* s = v->if_string();
    auto d = s ? date::parse(std::string_view(s->data(), s->size())) : std::nullopt;
    if (!d)
        return diagnostic{errc::invalid_value, path + "/" + key, "expected a date \"YYYY-MM-DD\""};
    return std::optional<date>(*d);
}

result<std::optional<int>> int_at(const boost::json::object& o, const char* key,
                                  const std::string& path) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<int>{};
    if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > 100000)
        return diagnostic{errc::wrong_type, path + "/" + key, "expected a non-negative integer"};
    return std::optional<int>(static_cast<int>(v->get_int64()));
}

} // namespace

result<std::vector<procedure_stage>> procedure_stages(const ruleset& rs) {
    std::vector<procedure_stage> out;
    const auto* proc = rs.document().procedure.if_object();
    if (!proc) return out;
    const auto* stages = proc->if_contains("stages");
    if (!stages) return out;
    if (!stages->is_array())
        return diagnostic{errc::wrong_type, "/procedure/stages",
                          base(rs) + "/stages must be an array"};
    for (std::size_t i = 0; i < stages->as_array().size(); ++i) {
        const std::string path = "/procedure/stages/" + std::to_string(i);
        const auto* so = stages->as_array()[i].if_object();
        if (!so) return diagnostic{errc::wrong_type, path, rs.id() + ": a stage must be an object"};
        procedure_stage st;
        st.rules = &rs;
        auto from = date_at(*so, "from", path);
        if (!from) return from.error();
        if (!*from)
            return diagnostic{errc::missing_field, path + "/from",
                              rs.id() + ": stage needs \"from\""};
        st.from = **from;
        auto until = date_at(*so, "until", path);
        if (!until) return until.error();
        st.until = *until;
        if (const auto* b = so->if_contains("basis"); b && b->is_string())
            st.basis = b->as_string().c_str();
        if (const auto* rb = so->if_contains("recognised_by"); rb && rb->is_object())
            for (const auto& kv : rb->as_object()) {
                const std::string k(kv.key());
                if (k.size() != 1 || k[0] < '1' || k[0] > '5' || !kv.value().is_string())
                    return diagnostic{errc::invalid_value,
                                      path + "/recognised_by/" + pointer_token(k),
                                      rs.id() + ": recognised_by maps a star 1..5 to an authority"};
                st.recognised_by[k[0] - '0'] = kv.value().as_string().c_str();
            }
        auto cms = int_at(*so, "central_min_score", path);
        if (!cms) return cms.error();
        st.central_min_score = *cms;
        // Default: a stage giving 5★ to another authority than 4★ sends up what reaches the
        // 5★ band (1048: "≥ 90 forwarded"; 148 App. II; 1489/2025; 26/2026 Art. 7.3.e).
        const auto a4 = st.recognised_by.find(4), a5 = st.recognised_by.find(5);
        if (!st.central_min_score && a4 != st.recognised_by.end() && a5 != st.recognised_by.end() &&
            a4->second != a5->second)
            for (const auto& b : rs.document().star_bands)
                if (b.stars == 5 && b.min.value % 1000 == 0) {
                    st.central_min_score = static_cast<int>(b.min.value / 1000);
                    st.central_min_score_default = true;
                }
        if (const auto* c = so->if_contains("central_below_min"); c && c->is_string())
            st.central_below_min = std::string(c->as_string().c_str());
        out.push_back(std::move(st));
    }
    return out;
}

result<certificate_rules> certificate_rules_of(const ruleset& rs) {
    certificate_rules out;
    const auto* proc = rs.document().procedure.if_object();
    const auto* cert = proc ? proc->if_contains("certificate") : nullptr;
    if (!cert || !cert->is_object())
        return diagnostic{errc::missing_field, "/procedure/certificate",
                          rs.id() + " carries no certificate data"};
    const auto& co = cert->as_object();
    const std::string path = "/procedure/certificate";
    auto vm = int_at(co, "valid_months", path);
    if (!vm) return vm.error();
    if (!*vm)
        return diagnostic{errc::missing_field, path + "/valid_months",
                          rs.id() + ": certificate needs valid_months"};
    out.valid_months = **vm;
    if (const auto* s = co.if_contains("issued_for_stars"); s && s->is_array())
        for (const auto& x : s->as_array())
            if (x.is_int64()) out.issued_for_stars.push_back(static_cast<int>(x.get_int64()));
    auto notice = int_at(co, "renewal_notice_days", path);
    if (!notice) return notice.error();
    out.renewal_notice_days = *notice;
    if (const auto* w = co.if_contains("re_evaluation_window_days"); w && w->is_object()) {
        auto e = int_at(w->as_object(), "earliest", path + "/re_evaluation_window_days");
        if (!e) return e.error();
        auto l = int_at(w->as_object(), "latest", path + "/re_evaluation_window_days");
        if (!l) return l.error();
        out.window_earliest_days = *e;
        out.window_latest_days = *l;
    }
    auto grace = int_at(co, "late_re_evaluation_grace_days", path);
    if (!grace) return grace.error();
    out.late_grace_days = *grace;
    // "last_valid_day": "day_before" | "same_day_number", or {"rule": …, "source": "…"}.
    if (const auto* l = co.if_contains("last_valid_day"); l && !l->is_null()) {
        const std::string lp = path + "/last_valid_day";
        const boost::json::value* rule = l;
        if (const auto* lo = l->if_object()) {
            rule = lo->if_contains("rule");
            if (const auto* src = lo->if_contains("source"); src && src->is_string())
                out.last_day_source = src->as_string().c_str();
        }
        if (!rule || !rule->is_string())
            return diagnostic{errc::wrong_type, lp,
                              rs.id() + ": last_valid_day is \"day_before\", "
                                        "\"same_day_number\" or {\"rule\", \"source\"}"};
        const auto r = rule->as_string();
        if (r == "day_before")
            out.last_day = last_day_rule::day_before;
        else if (r == "same_day_number")
            out.last_day = last_day_rule::same_day_number;
        else
            return diagnostic{errc::invalid_value, lp,
                              rs.id() + ": unknown last_valid_day rule \"" +
                                  std::string(r.c_str()) + "\""};
    }
    return out;
}

date last_valid_day(date on, int months, last_day_rule rule) noexcept {
    const date end = on.plus_months(months); // the month's last day when it has no such day
    return rule == last_day_rule::same_day_number ? end : end.plus_days(-1);
}

std::optional<procedure_stage> stage_on(const registry& reg, date day) {
    std::optional<procedure_stage> best;
    for (const auto* rs : reg.all()) {
        auto stages = procedure_stages(*rs);
        if (!stages) continue;
        for (auto& st : *stages) {
            if (st.from > day || (st.until && *st.until < day)) continue;
            if (!best || best->from < st.from) best = st;
        }
    }
    return best;
}

std::string authority_for(const procedure_stage& st, int stars) {
    auto it = st.recognised_by.find(stars);
    return it == st.recognised_by.end() ? std::string() : it->second;
}

std::optional<score_route> route_for_score(const procedure_stage& st, const score& s) {
    if (!st.central_min_score) return std::nullopt;
    score_route r;
    r.threshold = *st.central_min_score;
    r.threshold_default = st.central_min_score_default;
    r.to = authority_for(st, 5);
    r.sent_up = s >= score{r.threshold, 1};
    const std::string thr = std::to_string(r.threshold);
    r.message = r.sent_up ? "score " + s.decimal() + " ≥ " + thr + ": the province sends the " +
                                "dossier to the " + r.to + " for 5★ evaluation"
                          : "score " + s.decimal() + " < " + thr + ": not sent up for 5★";
    if (r.threshold_default) r.message += " (threshold: the 5★ band floor; the stage states none)";
    return r;
}

result<recognition> parse_recognition(const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) return diagnostic{errc::wrong_type, "", "a recognition must be a JSON object"};
    recognition r;
    const auto* id = o->if_contains("id");
    if (!id) return diagnostic{errc::missing_field, "/id", "missing field \"id\""};
    if (id->is_string() && !id->as_string().empty())
        r.id = id->as_string().c_str();
    else if (id->is_int64())
        r.id = std::to_string(id->get_int64());
    else
        return diagnostic{errc::wrong_type, "/id", "id must be a non-empty string or an integer"};
    const auto* s = o->if_contains("stars");
    if (!s) return diagnostic{errc::missing_field, "/stars", "missing field \"stars\""};
    if (!s->is_int64()) return diagnostic{errc::wrong_type, "/stars", "stars must be an integer"};
    if (s->get_int64() < 3 || s->get_int64() > 5)
        return diagnostic{errc::out_of_range, "/stars",
                          "only 3, 4 and 5 stars are recognised with a certificate"};
    r.stars = static_cast<int>(s->get_int64());
    auto on = date_at(*o, "recognised_on", "");
    if (!on) return on.error();
    if (!*on)
        return diagnostic{errc::missing_field, "/recognised_on", "missing field \"recognised_on\""};
    r.recognised_on = **on;
    auto until = date_at(*o, "valid_until", "");
    if (!until) return until.error();
    r.valid_until = *until;
    for (const char* k : {"ruleset", "authority"})
        if (const auto* x = o->if_contains(k); x && !x->is_null()) {
            if (!x->is_string())
                return diagnostic{errc::wrong_type, std::string("/") + k,
                                  std::string(k) + " must be a string"};
            (k[0] == 'r' ? r.ruleset : r.authority) = std::string(x->as_string().c_str());
        }
    for (const auto& kv : *o) {
        const auto k = kv.key();
        if (k != "id" && k != "stars" && k != "recognised_on" && k != "valid_until" &&
            k != "ruleset" && k != "authority")
            r.metadata[k] = kv.value();
    }
    return r;
}

result<renewal_status> renewal_on(const recognition& rec, const registry& reg, date on) {
    renewal_status st;
    st.rec = rec;
    if (rec.ruleset) {
        st.issued_under = reg.find(*rec.ruleset);
        if (!st.issued_under)
            return diagnostic{errc::unknown_ruleset, "/ruleset",
                              "unknown ruleset \"" + *rec.ruleset + "\""};
    } else {
        st.issued_under = reg.in_force_on(rec.recognised_on);
        if (!st.issued_under)
            return diagnostic{errc::unknown_ruleset, "/recognised_on",
                              "no ruleset in force on " + rec.recognised_on.to_string()};
    }
    auto issued = certificate_rules_of(*st.issued_under);
    if (!issued) return issued.error();
    auto stages = procedure_stages(*st.issued_under);
    if (!stages) return stages.error();
    for (const auto& s : *stages)
        if (s.from <= rec.recognised_on && (!s.until || rec.recognised_on <= *s.until))
            st.authority = authority_for(s, rec.stars);
    st.valid_until =
        rec.valid_until ? *rec.valid_until
                        : last_valid_day(rec.recognised_on, issued->valid_months, issued->last_day);

    st.renewal_rules = reg.in_force_on(on);
    if (!st.renewal_rules) st.renewal_rules = st.issued_under;
    auto renew = certificate_rules_of(*st.renewal_rules);
    if (!renew) renew = issued;
    if (renew->window_earliest_days && renew->window_latest_days) {
        st.window_open = st.valid_until.plus_days(-*renew->window_earliest_days);
        st.window_close = st.valid_until.plus_days(-*renew->window_latest_days);
    } else if (renew->renewal_notice_days) {
        st.window_open = st.valid_until.plus_days(-*renew->renewal_notice_days);
        st.window_close = st.valid_until;
    } else {
        st.window_open = st.window_close = st.valid_until;
    }
    // The grace belongs to the edition in force when the certificate lapsed, not to the one in
    // force on the day asked (a certificate that expired under 148/2023 gets no 26/2026 grace).
    st.lapse_rules = reg.in_force_on(st.valid_until);
    if (!st.lapse_rules) st.lapse_rules = st.issued_under;
    auto lapse = certificate_rules_of(*st.lapse_rules);
    if (lapse && lapse->late_grace_days)
        st.grace_until = st.valid_until.plus_days(*lapse->late_grace_days);

    if (on < st.window_open)
        st.state = renewal_state::valid;
    else if (on <= st.window_close)
        st.state = renewal_state::window_open;
    else if (on <= st.valid_until)
        st.state = renewal_state::window_closed;
    else if (st.grace_until && on <= *st.grace_until)
        st.state = renewal_state::grace;
    else
        st.state = renewal_state::expired;
    st.due = st.state == renewal_state::window_open || st.state == renewal_state::window_closed ||
             st.state == renewal_state::grace;
    return st;
}

} // namespace ocop
