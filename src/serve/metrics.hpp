#pragma once
// Prometheus counters of the service: requests by route and status, latency histograms,
// record errors by code, connections. Lock-free (relaxed atomics): any thread may count.
#include <ocop/error.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace ocop::serve {

/// The routes of the service (metrics label and OpenAPI entries; see routes.hpp).
enum class route : std::uint8_t {
    score,
    explain,
    plan,
    range,
    council,
    validate,
    rulesets,
    ruleset,
    schema,
    healthz,
    metrics,
    openapi,
    other, ///< No route matched (404), or the request was not HTTP.
    count_
};

/// Label of a route, e.g. "/v1/score".
const char* route_label(route r) noexcept;

/// Counters of one server.
class metrics {
  public:
    /// A request answered on `r` with `status` after `seconds`.
    void observe(route r, unsigned status, double seconds) noexcept;
    /// A record refused with `code` (scoring, validation…).
    void record_error(errc code) noexcept;
    /// Records processed (scored or refused).
    void records(std::size_t n) noexcept { records_.fetch_add(n, std::memory_order_relaxed); }
    /// A connection was opened / closed / refused over the cap / timed out / cut mid-request.
    void opened() noexcept;
    void closed() noexcept;
    void refused() noexcept { refused_.fetch_add(1, std::memory_order_relaxed); }
    void timed_out() noexcept { timeouts_.fetch_add(1, std::memory_order_relaxed); }
    void aborted() noexcept { aborted_.fetch_add(1, std::memory_order_relaxed); }
    /// A reload (SIGHUP) succeeded or failed.
    void reloaded(bool ok) noexcept;
    /// Open connections now.
    [[nodiscard]] std::int64_t open_connections() const noexcept {
        return open_.load(std::memory_order_relaxed);
    }
    /// The Prometheus text exposition (format 0.0.4).
    [[nodiscard]] std::string text(std::uint64_t generation) const;

    /// Statuses counted separately; the last slot holds any other status.
    static constexpr std::array<unsigned, 13> statuses{200, 400, 404, 405, 408, 411, 413,
                                                       415, 422, 431, 500, 503, 0};
    /// Upper bounds of the latency histogram buckets, in seconds (+Inf implied).
    static constexpr std::array<double, 14> buckets{
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private:
    static constexpr std::size_t routes = static_cast<std::size_t>(route::count_);
    static constexpr std::size_t codes = static_cast<std::size_t>(errc::io_error) + 1;
    std::array<std::array<std::atomic<std::uint64_t>, statuses.size()>, routes> requests_{};
    std::array<std::array<std::atomic<std::uint64_t>, buckets.size() + 1>, routes> latency_{};
    std::array<std::atomic<std::uint64_t>, routes> latency_ns_{};
    std::array<std::atomic<std::uint64_t>, codes> errors_{};
    std::atomic<std::uint64_t> records_{0}, accepted_{0}, refused_{0}, timeouts_{0}, aborted_{0};
    std::atomic<std::uint64_t> reloads_ok_{0}, reloads_failed_{0};
    std::atomic<std::int64_t> open_{0};
};

} // namespace ocop::serve
