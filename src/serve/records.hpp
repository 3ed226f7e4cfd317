#pragma once
// Records of a request body, read as the CLI reads a file, and the per-thread scorer.
#include "serve.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace ocop::serve {

/// JSON Lines, a JSON array, or one JSON object printed over several lines, as
/// `ocop plan|range|council|explain` read a file: a BOM, CRLF, blank lines and a missing final
/// newline are accepted; `fn(line, text)` per record, `line` where the record starts.
void for_each_record(std::string_view body,
                     const std::function<void(std::size_t, std::string_view)>& fn);

/// An id for error reports as the batch reader quotes it: at most 200 bytes, cut on a UTF-8
/// character boundary.
std::string clip_id(std::string_view id);

/// A scorer per thread, bound to one snapshot (rebuilt when the snapshot changes).
struct worker {
    std::shared_ptr<const snapshot> snap;  ///< Keeps the registry alive.
    std::unique_ptr<record_scorer> scorer; ///< Reads and scores against snap->reg.
    std::string id;                        ///< Scratch: id of the last record.
    diagnostic diag;                       ///< Scratch: refusal of the last record.
};

/// This thread's worker for `snap`.
worker& worker_for(const std::shared_ptr<const snapshot>& snap);

} // namespace ocop::serve
