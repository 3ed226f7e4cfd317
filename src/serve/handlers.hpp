#pragma once
// The endpoints of ocop serve as plain functions of a request (no networking): routing,
// content types, records in, the CLI's JSON out.
#include "metrics.hpp"
#include "serve.hpp"

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace ocop::serve {

/// What the handlers see of a request.
struct request_view {
    std::string_view method;       ///< "GET", "POST", …
    std::string_view target;       ///< Path and query.
    std::string_view content_type; ///< Content-Type header (may be empty).
    std::string_view body;         ///< The whole body.
};

/// A response, before HTTP framing.
struct reply {
    route where = route::other;                    ///< Route matched (metrics label).
    unsigned status = 200;                         ///< HTTP status.
    std::string content_type = "application/json"; ///< Content-Type.
    std::string body;                              ///< Body.
    std::string etag;                              ///< ETag header when not empty.
    std::string allow;                             ///< Allow header (405).
    std::size_t records = 0;                       ///< Records read (X-Ocop-Records).
    std::size_t failed = 0;                        ///< Records refused (X-Ocop-Failed).
};

/// State of the server the handlers report on.
struct server_view {
    metrics& counters;     ///< For /metrics, and counting record errors.
    bool draining = false; ///< SIGTERM received (health: 503).
};

/// Check a request from its header alone: route, method, content type. A reply with
/// status 0 means "read the body and call handle"; any other status is the answer.
reply precheck(std::string_view method, std::string_view target, std::string_view content_type);

/// Answer a whole request from `snap`.
reply handle(const request_view& rq, const std::shared_ptr<const snapshot>& snap,
             const request_limits& limits, const server_view& sv);

/// POST /v1/score on a body read as it arrives (`rq.body` is not used): every result and
/// error line is written to `out` as it is made, in input order. Returns the reply's status,
/// type and counts with an empty body, or, for a request refused as a whole (too many
/// records, a framing error, a bad query), the error reply that replaces the lines.
reply handle_score_stream(const request_view& rq, std::istream& body, std::streambuf& out,
                          const std::shared_ptr<const snapshot>& snap, const request_limits& limits,
                          const server_view& sv);

/// A JSON error body: {"error": code, "path": path, "message": message} and a newline.
reply error_reply(unsigned status, std::string_view code, std::string_view path,
                  std::string_view message, route where = route::other);

} // namespace ocop::serve
