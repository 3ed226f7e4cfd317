// The pipe between a connection and the scoring thread of a streamed POST /v1/score, and the
// threads that score (stream.hpp).
#include "stream.hpp"

#include <istream>
#include <streambuf>
#include <system_error>
#include <thread>

namespace ocop::serve {

bool body_pipe::push(std::string_view bytes) {
    std::lock_guard lk(mu_);
    if (finished_) return true; // the scorer stopped early: the rest is read and dropped
    in_.append(bytes);
    cv_.notify_all();
    if (in_.size() < capacity) return true;
    reader_waiting_ = true;
    return false;
}

void body_pipe::end() {
    std::lock_guard lk(mu_);
    in_end_ = true;
    cv_.notify_all();
}

void body_pipe::cut(reply why) {
    std::lock_guard lk(mu_);
    cut_ = std::move(why);
    has_cut_ = true;
    stopped_ = true;
    cv_.notify_all();
}

void body_pipe::cancel() {
    std::lock_guard lk(mu_);
    stopped_ = true;
    cv_.notify_all();
}

std::string body_pipe::take(bool& finished, reply& final) {
    std::lock_guard lk(mu_);
    std::string out;
    out.swap(out_);
    finished = finished_;
    if (finished_) final = final_;
    cv_.notify_all(); // room for the scorer
    return out;
}

bool body_pipe::pull(std::string& into) {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return !in_.empty() || in_end_ || stopped_; });
    if (stopped_ || in_.empty()) return false;
    into.clear();
    into.swap(in_);
    const bool wake = reader_waiting_;
    reader_waiting_ = false;
    lk.unlock();
    if (wake && on_space) on_space();
    return true;
}

void body_pipe::give(std::string& bytes) {
    {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return out_.size() < capacity || stopped_; });
        if (!stopped_) out_.append(bytes);
    }
    bytes.clear();
    if (on_output) on_output();
}

void body_pipe::finish(reply final, std::string_view rest) {
    {
        // The last lines and the end together: the connection must not see the lines alone
        // (it would start a chunked answer that a short body does not need).
        std::lock_guard lk(mu_);
        if (!stopped_) out_.append(rest);
        final_ = has_cut_ ? cut_ : std::move(final);
        finished_ = true;
    }
    if (on_output) on_output();
}

namespace {

/// The body as an input stream: blocks in pull() until bytes arrive.
class pipe_source : public std::streambuf {
  public:
    explicit pipe_source(body_pipe& p) : pipe_(p) {}

  protected:
    int_type underflow() override {
        if (!pipe_.pull(buf_)) return traits_type::eof();
        setg(buf_.data(), buf_.data(), buf_.data() + buf_.size());
        return traits_type::to_int_type(buf_.front());
    }

  private:
    body_pipe& pipe_;
    std::string buf_;
};

/// The result lines as an output stream, handed over a chunk at a time.
class pipe_sink : public std::streambuf {
  public:
    explicit pipe_sink(body_pipe& p) : pipe_(p) {}
    /// The lines not yet handed over.
    [[nodiscard]] std::string_view rest() const { return buf_; }

  protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            buf_.push_back(static_cast<char>(c));
            if (buf_.size() >= body_pipe::chunk_bytes) pipe_.give(buf_);
        }
        return c;
    }
    std::streamsize xsputn(const char* p, std::streamsize n) override {
        buf_.append(p, static_cast<std::size_t>(n));
        if (buf_.size() >= body_pipe::chunk_bytes) pipe_.give(buf_);
        return n;
    }

  private:
    body_pipe& pipe_;
    std::string buf_;
};

} // namespace

void score_from_pipe(body_pipe& pipe, const request_view& rq,
                     const std::shared_ptr<const snapshot>& snap, const request_limits& limits,
                     const server_view& sv) {
    pipe_source src(pipe);
    std::istream is(&src);
    pipe_sink sink(pipe);
    reply r;
    try {
        r = handle_score_stream(rq, is, sink, snap, limits, sv);
    } catch (const std::exception& e) {
        r = error_reply(500, "internal_error", "", e.what(), route::score);
    }
    pipe.finish(std::move(r), sink.rest());
}

bool stream_threads::start(const std::shared_ptr<body_pipe>& pipe, std::function<void()> score) {
    {
        std::lock_guard lk(mu_);
        if (stopped_ || running_ >= limit_) return false;
        ++running_;
        std::erase_if(pipes_, [](const std::weak_ptr<body_pipe>& w) { return w.expired(); });
        pipes_.push_back(pipe);
    }
    try {
        std::thread([this, fn = std::move(score)]() mutable {
            fn();
            fn = nullptr; // what the request held (its connection) goes before the count
            std::lock_guard lk(mu_);
            --running_;
            idle_.notify_all(); // under the lock: stop() may destroy *this once it sees 0
        }).detach();
    } catch (const std::system_error&) {
        std::lock_guard lk(mu_);
        --running_;
        return false;
    }
    return true;
}

void stream_threads::stop() {
    std::unique_lock lk(mu_);
    stopped_ = true;
    for (auto& w : pipes_)
        if (auto p = w.lock()) p->cancel();
    idle_.wait(lk, [&] { return running_ == 0; });
}

} // namespace ocop::serve
