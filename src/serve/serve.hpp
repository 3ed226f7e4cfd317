#pragma once
/// @file serve.hpp
/// @brief `ocop serve`: the scoring as an HTTP/JSON service on Boost.Beast. Kept out of the
/// core library (its own target, ocop_serve); see docs/serve.md.

#include <ocop/ocop.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace ocop::serve {

/// Limits of one request (docs/serve.md, docs/limits.md).
struct request_limits {
    std::size_t max_body_bytes = std::size_t(8) << 20; ///< Request body (413 above).
    std::size_t max_header_bytes = 16 * 1024;          ///< Request line and headers (431 above).
    std::size_t max_line_bytes = std::size_t(1) << 20; ///< One record of /v1/score (as the CLI).
    std::size_t max_records = 10000;                   ///< Records per request (413 above).
};

/// Where the rulesets come from; read again on SIGHUP.
struct registry_source {
    load_options policy;                    ///< --markers / --defects / --knockout overrides.
    std::vector<std::string> ruleset_files; ///< --ruleset-file FILE (repeatable).
    std::string default_id;                 ///< --default ID (empty: the built-in default).
};

/// Everything the service serves from, swapped as a whole on reload.
struct snapshot {
    registry reg;                 ///< The rulesets.
    std::uint64_t generation = 0; ///< 1 at start, +1 per successful reload.
    std::string loaded_at;        ///< UTC time of loading (ISO 8601).
    std::string openapi;          ///< The OpenAPI document (generated once per snapshot).
};

/// Build a snapshot from its sources; a diagnostic when a file or the default is refused.
result<std::shared_ptr<const snapshot>> load_snapshot(const registry_source& src,
                                                      std::uint64_t generation);

/// Settings of the server.
struct options {
    std::string host = "127.0.0.1";                   ///< Address to listen on.
    unsigned short port = 8080;                       ///< Port (0: any free port).
    unsigned threads = 1;                             ///< I/O and scoring threads.
    std::size_t max_connections = 1024;               ///< Open connections (503 above).
    std::chrono::milliseconds request_timeout{10000}; ///< Whole request, first byte to body end.
    std::chrono::milliseconds idle_timeout{30000};    ///< Keep-alive wait for the next request.
    std::chrono::milliseconds drain_timeout{10000};   ///< SIGTERM: longest wait for requests.
    request_limits limits;                            ///< Per request.
    bool access_log = false;                          ///< One JSON line per request on stderr.
    registry_source source;                           ///< Rulesets.
};

/// Run the server until SIGTERM or SIGINT (then drain). `out` gets the "listening on" line
/// (with the real port when `port` is 0). Returns the process exit code: 0 after a clean
/// drain, 1 when the drain timed out, 3 when the address cannot be bound.
int run(const options& opts, std::shared_ptr<const snapshot> first, std::ostream& out);

/// The OpenAPI 3.1 document of the service for the rulesets of `reg` (indented JSON text).
std::string openapi_document(const registry& reg);

} // namespace ocop::serve
