#pragma once
// A streamed POST /v1/score: the body is scored while it arrives and the lines are sent while
// they are made. The connection's strand reads and writes; a scoring thread runs the CLI's
// batch reader over the bytes read so far. body_pipe is what they share, both ways bounded.
#include "handlers.hpp"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ocop::serve {

/// Bytes between a connection and its scoring thread.
class body_pipe {
  public:
    /// At most this many body bytes wait for the scorer, and as many result bytes for the
    /// network: the reader and the scorer wait for each other beyond it (memory stays flat).
    static constexpr std::size_t capacity = std::size_t(1) << 20;
    /// Result bytes gathered before they are handed over (one HTTP chunk).
    static constexpr std::size_t chunk_bytes = std::size_t(64) << 10;

    // ---- the connection's side (its strand) ----
    /// Body bytes read; false when the pipe is full (read again after `on_space`). Once the
    /// scorer has finished the bytes are dropped.
    bool push(std::string_view bytes);
    /// The body is complete.
    void end();
    /// The body could not be read to its end (`cut` is the reply: 413, 400): the scorer stops.
    void cut(reply why);
    /// The client is gone: the scorer stops at its next read or write.
    void cancel();
    /// Take the result bytes made so far; `finished` when no more will come, with `final` the
    /// reply of handle_score_stream.
    std::string take(bool& finished, reply& final);

    // ---- the scoring thread's side ----
    /// Next body bytes into `into` (replacing it); false at the end of the body, or when the
    /// body was cut or the client is gone (the scorer then ends with what it has read).
    bool pull(std::string& into);
    /// Hand result bytes over (`bytes` is emptied); waits while the network is `capacity`
    /// behind. Dropped when the client is gone.
    void give(std::string& bytes);
    /// The scorer is done: `rest`, the lines not yet given, and `final`, handle_score_stream's
    /// reply (a cut body's reply wins), are handed over together.
    void finish(reply final, std::string_view rest);

    /// Called on the scorer's thread when there is room for more body (the connection reads
    /// again) and when results or the end are ready (the connection writes). Set before the
    /// thread starts; each posts to the connection's strand.
    std::function<void()> on_space, on_output;

  private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::string in_, out_;
    bool in_end_ = false, reader_waiting_ = false, finished_ = false, stopped_ = false;
    reply cut_, final_;
    bool has_cut_ = false;
};

/// Score the body flowing through `pipe` as POST /v1/score (`rq` without its body) on this
/// thread, and finish the pipe.
void score_from_pipe(body_pipe& pipe, const request_view& rq,
                     const std::shared_ptr<const snapshot>& snap, const request_limits& limits,
                     const server_view& sv);

/// The scoring threads of streamed requests: at most `limit` at once, each ending when its
/// request does; stop() cancels every pipe and waits for every thread.
class stream_threads {
  public:
    explicit stream_threads(unsigned limit) : limit_(limit ? limit : 1) {}
    stream_threads(const stream_threads&) = delete;
    stream_threads& operator=(const stream_threads&) = delete;
    ~stream_threads() { stop(); }

    /// Run `score(pipe)` on a thread of its own; false (nothing started) when `limit`
    /// threads are busy or the pool is stopped: the request is then read whole instead.
    bool start(const std::shared_ptr<body_pipe>& pipe, std::function<void()> score);
    /// Cancel every pipe, wait for every thread.
    void stop();

  private:
    unsigned limit_;
    std::mutex mu_;
    std::condition_variable idle_;
    unsigned running_ = 0;
    bool stopped_ = false;
    std::vector<std::weak_ptr<body_pipe>> pipes_;
};

} // namespace ocop::serve
