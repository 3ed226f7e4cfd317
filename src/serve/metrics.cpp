// Prometheus text exposition of the service counters.
#include "metrics.hpp"

#include <cstdio>

namespace ocop::serve {

const char* route_label(route r) noexcept {
    switch (r) {
    case route::score:
        return "/v1/score";
    case route::explain:
        return "/v1/explain";
    case route::plan:
        return "/v1/plan";
    case route::range:
        return "/v1/range";
    case route::council:
        return "/v1/council";
    case route::validate:
        return "/v1/validate";
    case route::rulesets:
        return "/v1/rulesets";
    case route::ruleset:
        return "/v1/rulesets/{id}";
    case route::schema:
        return "/v1/schema/{ruleset}/{sheet}";
    case route::healthz:
        return "/healthz";
    case route::metrics:
        return "/metrics";
    case route::openapi:
        return "/v1/openapi.json";
    default:
        return "other";
    }
}

void metrics::observe(route r, unsigned status, double seconds) noexcept {
    const auto ri = static_cast<std::size_t>(r);
    std::size_t si = statuses.size() - 1;
    for (std::size_t i = 0; i + 1 < statuses.size(); ++i)
        if (statuses[i] == status) si = i;
    requests_[ri][si].fetch_add(1, std::memory_order_relaxed);
    std::size_t b = 0;
    while (b < buckets.size() && seconds > buckets[b]) ++b;
    latency_[ri][b].fetch_add(1, std::memory_order_relaxed);
    latency_ns_[ri].fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void metrics::record_error(errc code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    if (i < errors_.size()) errors_[i].fetch_add(1, std::memory_order_relaxed);
}

void metrics::opened() noexcept {
    accepted_.fetch_add(1, std::memory_order_relaxed);
    open_.fetch_add(1, std::memory_order_relaxed);
}

void metrics::closed() noexcept {
    open_.fetch_sub(1, std::memory_order_relaxed);
}

void metrics::reloaded(bool ok) noexcept {
    (ok ? reloads_ok_ : reloads_failed_).fetch_add(1, std::memory_order_relaxed);
}

namespace {

void line(std::string& out, const char* fmt, auto... v) {
    char buf[256];
    const int n = std::snprintf(buf, sizeof buf, fmt, v...);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n) < sizeof buf ? n : sizeof buf - 1);
}

std::uint64_t get(const std::atomic<std::uint64_t>& a) {
    return a.load(std::memory_order_relaxed);
}

} // namespace

std::string metrics::text(std::uint64_t generation) const {
    std::string out;
    out += "# HELP ocop_http_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE ocop_http_requests_total counter\n";
    for (std::size_t r = 0; r < routes; ++r)
        for (std::size_t s = 0; s < statuses.size(); ++s) {
            const auto n = get(requests_[r][s]);
            if (n == 0) continue;
            const std::string st = statuses[s] ? std::to_string(statuses[s]) : "other";
            line(out, "ocop_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                 route_label(static_cast<route>(r)), st.c_str(),
                 static_cast<unsigned long long>(n));
        }
    out += "# HELP ocop_http_request_duration_seconds Time from the request's header to the end "
           "of its response.\n"
           "# TYPE ocop_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < routes; ++r) {
        std::uint64_t total = 0;
        for (const auto& b : latency_[r]) total += get(b);
        if (total == 0) continue;
        const char* label = route_label(static_cast<route>(r));
        std::uint64_t cum = 0;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            cum += get(latency_[r][b]);
            line(out, "ocop_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                 label, buckets[b], static_cast<unsigned long long>(cum));
        }
        line(out, "ocop_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
             label, static_cast<unsigned long long>(total));
        line(out, "ocop_http_request_duration_seconds_sum{route=\"%s\"} %.9f\n", label,
             static_cast<double>(get(latency_ns_[r])) / 1e9);
        line(out, "ocop_http_request_duration_seconds_count{route=\"%s\"} %llu\n", label,
             static_cast<unsigned long long>(total));
    }
    out += "# HELP ocop_record_errors_total Records refused, by error code.\n"
           "# TYPE ocop_record_errors_total counter\n";
    for (std::size_t c = 1; c < errors_.size(); ++c)
        line(out, "ocop_record_errors_total{code=\"%s\"} %llu\n", to_string(static_cast<errc>(c)),
             static_cast<unsigned long long>(get(errors_[c])));
    out += "# HELP ocop_records_total Records processed (scored or refused).\n"
           "# TYPE ocop_records_total counter\n";
    line(out, "ocop_records_total %llu\n", static_cast<unsigned long long>(get(records_)));
    out += "# HELP ocop_connections_total Connections accepted.\n"
           "# TYPE ocop_connections_total counter\n";
    line(out, "ocop_connections_total %llu\n", static_cast<unsigned long long>(get(accepted_)));
    out += "# HELP ocop_connections_open Connections open now.\n"
           "# TYPE ocop_connections_open gauge\n";
    line(out, "ocop_connections_open %lld\n", static_cast<long long>(open_.load()));
    out += "# HELP ocop_connections_refused_total Connections refused over --max-connections.\n"
           "# TYPE ocop_connections_refused_total counter\n";
    line(out, "ocop_connections_refused_total %llu\n",
         static_cast<unsigned long long>(get(refused_)));
    out += "# HELP ocop_request_timeouts_total Requests cut for exceeding --request-timeout.\n"
           "# TYPE ocop_request_timeouts_total counter\n";
    line(out, "ocop_request_timeouts_total %llu\n",
         static_cast<unsigned long long>(get(timeouts_)));
    out += "# HELP ocop_requests_aborted_total Connections closed by the client mid-request.\n"
           "# TYPE ocop_requests_aborted_total counter\n";
    line(out, "ocop_requests_aborted_total %llu\n", static_cast<unsigned long long>(get(aborted_)));
    out += "# HELP ocop_reloads_total Ruleset reloads (SIGHUP), by outcome.\n"
           "# TYPE ocop_reloads_total counter\n";
    line(out, "ocop_reloads_total{result=\"ok\"} %llu\n",
         static_cast<unsigned long long>(get(reloads_ok_)));
    line(out, "ocop_reloads_total{result=\"failed\"} %llu\n",
         static_cast<unsigned long long>(get(reloads_failed_)));
    out += "# HELP ocop_ruleset_generation Generation of the rulesets served (1 at start).\n"
           "# TYPE ocop_ruleset_generation gauge\n";
    line(out, "ocop_ruleset_generation %llu\n", static_cast<unsigned long long>(generation));
    return out;
}

} // namespace ocop::serve
