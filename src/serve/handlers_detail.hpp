#pragma once
// Internal: what the endpoints (handlers.cpp) and POST /v1/score (handlers_score.cpp) share:
// content types, the target's query, and the lines, counts and status of a record endpoint.
#include "handlers.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::serve {

/// The Content-Type of a request body.
enum class media : std::uint8_t { none, json, jsonl, csv, other };

/// Which media a Content-Type names (parameters and case ignored).
media media_of(std::string_view ct);

/// Path and decoded query parameters of a target.
struct target_parts {
    std::string_view path;
    std::vector<std::pair<std::string, std::string>> query;
    bool ok = true;

    [[nodiscard]] const std::string* get(std::string_view k) const {
        for (const auto& [name, value] : query)
            if (name == k) return &value;
        return nullptr;
    }
    /// A flag given as "1", "true", "yes" or empty ("?compact").
    [[nodiscard]] bool flag(std::string_view k) const {
        const auto* v = get(k);
        return v && (v->empty() || *v == "1" || *v == "true" || *v == "yes");
    }
};

/// Path and decoded query of a target; `ok` false on a broken escape.
target_parts split_target(std::string_view target);

/// The outcome of a record endpoint: lines in input order, the first error kept for the
/// status of a one-record request.
struct lines_out {
    std::string body;
    std::size_t records = 0, failed = 0;
    diagnostic first_error;
};

/// The reply of a record endpoint: status, type (`content_type`, or by `in` and the count)
/// and counts, with the lines as its body.
reply finish(route where, media in, lines_out&& o, const char* content_type = nullptr);

/// Thrown to stop reading a body past --max-records.
struct too_many_records {};

/// The 413 reply to a request of more than --max-records records.
reply too_many(route where, const request_limits& lim);

/// POST /v1/score on a whole body (handlers_score.cpp).
reply score(const request_view& rq, const target_parts& t, media in,
            const std::shared_ptr<const snapshot>& snap, const request_limits& lim,
            const server_view& sv);

} // namespace ocop::serve
