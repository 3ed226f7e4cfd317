// ocop serve's HTTP side on Boost.Beast: accept, read with deadlines and limits, answer
// through handlers.cpp, keep-alive; SIGHUP reloads the rulesets (an atomic swap of the
// snapshot: requests in flight finish on the one they started with), SIGTERM drains.
#include "handlers.hpp"
#include "serve.hpp"
#include "stream.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <csignal>
#include <ctime>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace ocop::serve {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

/// Write one line to stderr in a single call (lines of concurrent threads do not mix).
void log_line(const std::string& line) {
    std::size_t off = 0;
    while (off < line.size()) {
        const auto n = ::write(2, line.data() + off, line.size() - off);
        if (n <= 0) return;
        off += static_cast<std::size_t>(n);
    }
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[40];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
    return buf;
}

class session;

class server {
  public:
    server(const options& o, std::shared_ptr<const snapshot> first)
        : opts_(o), snap_(std::move(first)), ioc_(static_cast<int>(o.threads ? o.threads : 1)),
          strand_(asio::make_strand(ioc_)), acceptor_(strand_), signals_(strand_),
          drain_timer_(strand_), streams_(o.threads) {}

    int run(std::ostream& out);

    [[nodiscard]] std::shared_ptr<const snapshot> current() const { return snap_.load(); }
    [[nodiscard]] bool draining() const noexcept { return draining_.load(); }
    [[nodiscard]] const options& opts() const noexcept { return opts_; }
    metrics& counters() noexcept { return metrics_; }
    stream_threads& streams() noexcept { return streams_; }

    void add(const std::shared_ptr<session>& s);
    void remove(session* s);

  private:
    void accept();
    void wait_signal();
    void reload();
    void drain();

    // Declared before the io_context: sessions still pending when it is destroyed (a drain
    // that timed out) unregister themselves from these.
    options opts_;
    std::atomic<std::shared_ptr<const snapshot>> snap_;
    metrics metrics_;
    std::atomic<bool> draining_{false};
    std::atomic<bool> stopped_{false};
    bool drain_timed_out_ = false;
    std::mutex mu_;
    std::map<session*, std::weak_ptr<session>> sessions_;
    asio::io_context ioc_;
    asio::strand<asio::io_context::executor_type> strand_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    asio::steady_timer drain_timer_;
    // Stopped by run() once the I/O threads are done (their pipes cancelled, joined).
    stream_threads streams_;
};

/// One connection: requests read and answered one at a time (keep-alive, pipelining).
class session : public std::enable_shared_from_this<session> {
  public:
    session(tcp::socket&& socket, server& srv) : stream_(std::move(socket)), srv_(srv) {
        boost::system::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    ~session() { srv_.remove(this); }

    void start() {
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&session::next, shared_from_this()));
    }

    /// On SIGTERM: a connection waiting for its next request is closed now; one inside a
    /// request finishes it (answered with Connection: close).
    void stop_if_idle() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            // Bytes already waiting are a request on its way: read and answer it.
            beast::error_code ec;
            if (self->idle_ && self->stream_.socket().available(ec) == 0) self->stream_.cancel();
        });
    }

  private:
    /// Wait for the next request: its first bytes within the keep-alive timeout.
    void next() {
        parser_.reset();
        end_stream_state();
        if (srv_.draining()) return close();
        if (buffer_.size() > 0) return read_header(); // pipelined: already here
        idle_ = true;
        stream_.expires_after(srv_.opts().idle_timeout);
        stream_.async_read_some(buffer_.prepare(8192),
                                beast::bind_front_handler(&session::on_first, shared_from_this()));
    }

    void on_first(beast::error_code ec, std::size_t n) {
        idle_ = false;
        if (ec) return; // closed by the client, idle timeout, or drained: nothing to answer
        buffer_.commit(n);
        read_header();
    }

    /// The whole request (header and body) must arrive within --request-timeout.
    void read_header() {
        idle_ = false;
        const auto& lim = srv_.opts().limits;
        parser_.emplace();
        method_.clear();
        target_.clear();
        parser_->header_limit(static_cast<std::uint32_t>(lim.max_header_bytes));
        parser_->body_limit(lim.max_body_bytes);
        stream_.expires_after(srv_.opts().request_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        start_ = clock::now();
        if (ec) return read_failed(ec);
        const auto& req = parser_->get();
        if (srv_.opts().access_log) {
            method_ = std::string(req.method_string());
            target_ = std::string(req.target());
        }
        reply pre = precheck(req.method_string(), req.target(), req[http::field::content_type]);
        if (pre.status != 0) return respond(std::move(pre), !parser_->is_done());
        if (parser_->is_done()) return handle_request();
        // A body of unknown length or longer than the pipe holds is scored as it arrives.
        const auto len = parser_->content_length();
        streamable_ = pre.where == route::score && (!len || *len > body_pipe::capacity);
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
            asio::async_write(stream_, asio::buffer(cont.data(), cont.size()),
                              [self = shared_from_this()](beast::error_code e, std::size_t) {
                                  if (e) return;
                                  self->read_body();
                              });
            return;
        }
        read_body();
    }

    void read_body() {
        if (streamable_ && start_stream()) return;
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&session::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t) {
        if (ec) return read_failed(ec);
        handle_request();
    }

    /// A request that could not be read: answer when the connection still works, then close.
    void read_failed(beast::error_code ec) {
        if (ec == beast::error::timeout) {
            srv_.counters().timed_out();
            return; // tcp_stream closed the socket
        }
        if (gone(ec)) {
            if (ec != http::error::end_of_stream || buffer_.size() > 0 ||
                (parser_ && parser_->got_some()))
                srv_.counters().aborted();
            return close();
        }
        respond(unreadable(ec), true);
    }

    /// The answer to a request that could not be read (the connection still works).
    [[nodiscard]] reply unreadable(beast::error_code ec) const {
        if (ec == http::error::body_limit)
            return error_reply(413, "limit_exceeded", "",
                               "request body longer than " +
                                   std::to_string(srv_.opts().limits.max_body_bytes) +
                                   " bytes (--max-body-bytes)");
        if (ec == http::error::header_limit)
            return error_reply(431, "limit_exceeded", "",
                               "request header longer than " +
                                   std::to_string(srv_.opts().limits.max_header_bytes) + " bytes");
        return error_reply(400, "invalid_request", "", "malformed HTTP request: " + ec.message());
    }

    /// The client is gone or too slow (nothing more can be answered).
    static bool gone(beast::error_code ec) {
        return ec == beast::error::timeout || ec == http::error::end_of_stream ||
               ec == asio::error::eof || ec == asio::error::connection_reset ||
               ec == http::error::partial_message || ec == asio::error::operation_aborted;
    }

    // ---- a streamed POST /v1/score (stream.hpp) ----------------------------------------
    // The body is read into the pipe while a scoring thread reads it; its lines go out as
    // HTTP chunks while it scores. Nothing is sent before the first chunk of lines is ready:
    // a request refused before that gets the same answer as a body read whole. Records and
    // refusals are counted in the trailer (X-Ocop-Records, X-Ocop-Failed); a refusal after
    // lines were sent (too many records, a body cut at --max-body-bytes) is a last error line.

    /// Start the scoring thread; false when every stream thread is busy (read whole instead).
    bool start_stream() {
        auto pipe = std::make_shared<body_pipe>();
        const std::weak_ptr<session> weak = shared_from_this();
        const auto ex = stream_.get_executor();
        const unsigned gen = ++stream_gen_;
        // The handlers posted hold the connection (while the pipe is full no read or write
        // is pending to hold it); the pipe holds it only weakly (no cycle).
        pipe->on_space = [weak, ex, gen] {
            if (auto s = weak.lock())
                asio::post(ex, [s, gen] {
                    if (s->stream_gen_ == gen) s->stream_read();
                });
        };
        pipe->on_output = [weak, ex, gen] {
            if (auto s = weak.lock())
                asio::post(ex, [s, gen] {
                    if (s->stream_gen_ == gen) s->stream_write();
                });
        };
        const auto& req = parser_->get();
        // The scoring thread holds the connection until it has finished.
        auto job = [pipe, self = shared_from_this(), snap = srv_.current(),
                    lim = srv_.opts().limits, &counters = srv_.counters(),
                    target = std::string(req.target()),
                    type = std::string(req[http::field::content_type])] {
            const request_view rq{"POST", target, type, {}};
            score_from_pipe(*pipe, rq, snap, lim, server_view{counters, false});
        };
        if (!srv_.streams().start(pipe, std::move(job))) return false;
        keep_alive_ = req.keep_alive();
        body_parser_.emplace(std::move(*parser_));
        body_parser_->body_limit(srv_.opts().limits.max_body_bytes);
        pipe_ = std::move(pipe);
        rbuf_.resize(64 * 1024);
        stream_read();
        return true;
    }

    void stream_read() {
        if (read_done_ || read_failed_) return;
        auto& b = body_parser_->get().body();
        b.data = rbuf_.data();
        b.size = rbuf_.size();
        http::async_read_some(
            stream_, buffer_, *body_parser_,
            beast::bind_front_handler(&session::on_stream_read, shared_from_this()));
    }

    void on_stream_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::need_buffer) ec = {};
        if (ec) {
            read_failed_ = true;
            if (answered_) return close();
            if (gone(ec)) {
                // Nobody to answer: the scorer stops, the connection closes.
                ec == beast::error::timeout ? srv_.counters().timed_out()
                                            : srv_.counters().aborted();
                stream_over_ = true;
                pipe_->cancel();
                return close();
            }
            // Answered when the scorer has finished: its reply is this one; then closed.
            pipe_->cut(unreadable(ec));
            return;
        }
        const std::size_t got = rbuf_.size() - body_parser_->get().body().size;
        bytes_in_ += got;
        const bool room = pipe_->push({rbuf_.data(), got});
        if (body_parser_->is_done()) {
            read_done_ = true;
            pipe_->end();
            if (answered_) stream_done({});
            return;
        }
        if (room) stream_read(); // else the scorer's on_space reads again
    }

    void stream_write() {
        if (writing_ || stream_over_) return;
        bool finished = false;
        reply final;
        std::string out = pipe_->take(finished, final);
        if (!headers_sent_) {
            if (finished) {
                // Not a byte sent yet: the answer is an ordinary response.
                stream_over_ = true;
                if (final.body.empty()) final.body = std::move(out);
                return respond(std::move(final), read_failed_ || !keep_alive_);
            }
            if (out.empty()) return;
            sres_ = {};
            sres_.version(11);
            sres_.result(http::status::ok);
            sres_.set(http::field::server, std::string("ocop/") + version_string);
            sres_.set(http::field::content_type, "application/x-ndjson");
            sres_.set(http::field::trailer, "X-Ocop-Records, X-Ocop-Failed");
            sres_.chunked(true);
            sres_.keep_alive(keep_alive_ && !srv_.draining());
            sser_.emplace(sres_);
            headers_sent_ = true;
            writing_ = true;
            wbuf_ = std::move(out);
            return http::async_write_header(
                stream_, *sser_, [self = shared_from_this()](beast::error_code e, std::size_t) {
                    if (e) return self->stream_broken(e);
                    self->write_chunk();
                });
        }
        if (!out.empty()) {
            writing_ = true;
            wbuf_ = std::move(out);
            return write_chunk();
        }
        if (!finished) return;
        // The end: a refusal after lines were sent is one last error line, then the trailer.
        stream_over_ = true;
        writing_ = true;
        records_ = final.records;
        failed_ = final.failed;
        final_status_ = final.status;
        where_ = route::score;
        trailer_ = {};
        trailer_.set("X-Ocop-Records", std::to_string(final.records));
        trailer_.set("X-Ocop-Failed", std::to_string(final.failed));
        wbuf_ = std::move(final.body);
        auto last = [self = shared_from_this()](beast::error_code e, std::size_t n) {
            self->bytes_out_ += n;
            if (e) return self->stream_broken(e);
            asio::async_write(self->stream_, http::make_chunk_last(self->trailer_),
                              [self](beast::error_code e2, std::size_t) { self->stream_end(e2); });
        };
        if (wbuf_.empty()) return last({}, 0);
        asio::async_write(stream_, http::make_chunk(asio::buffer(wbuf_)), std::move(last));
    }

    void write_chunk() {
        asio::async_write(stream_, http::make_chunk(asio::buffer(wbuf_)),
                          [self = shared_from_this()](beast::error_code e, std::size_t n) {
                              self->bytes_out_ += n;
                              if (e) return self->stream_broken(e);
                              self->writing_ = false;
                              self->stream_write();
                          });
    }

    /// The client stopped reading (or the deadline passed) mid-answer.
    void stream_broken(beast::error_code ec) {
        stream_over_ = answered_ = true; // a read still pending only closes
        pipe_->cancel();
        srv_.counters().aborted();
        if (srv_.opts().access_log) access_log(200, 0, ec);
        close();
    }

    void stream_end(beast::error_code ec) {
        const double secs = std::chrono::duration<double>(clock::now() - start_).count();
        // The status the lines went out with; the metrics count a late refusal as its own.
        srv_.counters().observe(route::score, final_status_, secs);
        if (srv_.opts().access_log) access_log(final_status_, secs, ec);
        stream_done(ec);
    }

    /// The answer is written. The rest of a body the scorer did not need (it stopped at
    /// --max-records) is still read, so that the connection can serve the next request.
    void stream_done(beast::error_code ec) {
        answered_ = true;
        if (ec) return close();
        if (read_failed_) return linger_close();
        if (!read_done_) return; // on_stream_read comes back here at the end of the body
        if (!keep_alive_ || srv_.draining()) return close();
        next();
    }

    /// Close while the client may still be sending (a body cut at --max-body-bytes): FIN
    /// first, then what still arrives is read and dropped for up to a second. Closing with
    /// unread bytes would make the kernel answer with a reset, which can destroy the answer
    /// before the client has read it.
    void linger_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(std::chrono::seconds(1));
        rbuf_.resize(64 * 1024);
        discard();
    }

    void discard() {
        stream_.async_read_some(asio::buffer(rbuf_),
                                [self = shared_from_this()](beast::error_code e, std::size_t) {
                                    if (e) return self->close();
                                    self->discard();
                                });
    }

    void end_stream_state() {
        if (pipe_) pipe_->cancel(); // a scorer still running (never, once answered) stops
        pipe_.reset();
        body_parser_.reset();
        sser_.reset();
        streamable_ = read_done_ = read_failed_ = writing_ = headers_sent_ = stream_over_ =
            answered_ = false;
        bytes_out_ = 0;
    }

    void handle_request() {
        const auto& req = parser_->get();
        const request_view rq{req.method_string(), req.target(), req[http::field::content_type],
                              req.body()};
        bytes_in_ = req.body().size();
        reply r;
        try {
            r = handle(rq, srv_.current(), srv_.opts().limits,
                       server_view{srv_.counters(), srv_.draining()});
        } catch (const std::exception& e) {
            r = error_reply(500, "internal_error", "", e.what());
        }
        respond(std::move(r), !req.keep_alive());
    }

    void respond(reply&& r, bool close_after) {
        res_ = {};
        res_.version(11);
        res_.result(r.status);
        res_.set(http::field::server, std::string("ocop/") + version_string);
        res_.set(http::field::content_type, r.content_type);
        if (!r.etag.empty()) res_.set(http::field::etag, r.etag);
        if (!r.allow.empty()) res_.set(http::field::allow, r.allow);
        if (r.records || r.failed) {
            res_.set("X-Ocop-Records", std::to_string(r.records));
            res_.set("X-Ocop-Failed", std::to_string(r.failed));
        }
        res_.body() = std::move(r.body);
        res_.keep_alive(!close_after && !srv_.draining());
        res_.prepare_payload();
        where_ = r.where;
        records_ = r.records;
        failed_ = r.failed;
        stream_.expires_after(srv_.opts().request_timeout);
        http::async_write(stream_, res_,
                          beast::bind_front_handler(&session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        const double secs = std::chrono::duration<double>(clock::now() - start_).count();
        const unsigned status = res_.result_int();
        srv_.counters().observe(where_, status, secs);
        if (srv_.opts().access_log) access_log(status, secs, ec);
        if (pipe_) return stream_done(ec); // a streamed request answered without chunks
        if (ec) return;
        if (!res_.keep_alive()) return close();
        next();
    }

    void access_log(unsigned status, double secs, beast::error_code ec) {
        std::string l = "{\"time\":\"" + utc_now() + "\",\"remote\":";
        append_json_string(l, remote_);
        l += ",\"method\":";
        append_json_string(l, method_);
        l += ",\"target\":";
        append_json_string(l, target_.size() > 1024 ? target_.substr(0, 1024) : target_);
        l += ",\"route\":";
        append_json_string(l, route_label(where_));
        l += ",\"status\":" + std::to_string(status) +
             ",\"bytes_in\":" + std::to_string(bytes_in_) +
             ",\"bytes_out\":" + std::to_string(headers_sent_ ? bytes_out_ : res_.body().size()) +
             ",\"records\":" + std::to_string(records_) + ",\"failed\":" + std::to_string(failed_);
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.3f", secs * 1000);
        l += std::string(",\"ms\":") + ms;
        if (ec) {
            l += ",\"write_error\":";
            append_json_string(l, ec.message());
        }
        l += "}\n";
        log_line(l);
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    server& srv_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
    std::string remote_, method_, target_;
    route where_ = route::other;
    std::size_t bytes_in_ = 0, records_ = 0, failed_ = 0;
    clock::time_point start_ = clock::now();
    bool idle_ = false;
    // A streamed request (start_stream): its parser, pipe, buffers and where it stands.
    std::optional<http::request_parser<http::buffer_body>> body_parser_;
    std::shared_ptr<body_pipe> pipe_;
    std::vector<char> rbuf_;
    std::string wbuf_;
    http::response<http::empty_body> sres_;
    std::optional<http::response_serializer<http::empty_body>> sser_;
    http::fields trailer_;
    unsigned stream_gen_ = 0, final_status_ = 200;
    std::size_t bytes_out_ = 0;
    bool streamable_ = false, keep_alive_ = false, read_done_ = false, read_failed_ = false,
         writing_ = false, headers_sent_ = false, stream_over_ = false, answered_ = false;
};

void server::add(const std::shared_ptr<session>& s) {
    std::lock_guard lk(mu_);
    sessions_[s.get()] = s;
    metrics_.opened();
}

void server::remove(session* s) {
    bool last = false;
    {
        std::lock_guard lk(mu_);
        sessions_.erase(s);
        last = sessions_.empty();
    }
    metrics_.closed();
    if (last && draining_ && !stopped_) asio::post(strand_, [this] { drain_timer_.cancel(); });
}

void server::accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec,
                                                           tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
            return accept(); // e.g. EMFILE: keep serving the others
        }
        if (metrics_.open_connections() >= static_cast<std::int64_t>(opts_.max_connections)) {
            // Over the cap: a short answer instead of a silent queue.
            metrics_.refused();
            auto sock = std::make_shared<tcp::socket>(std::move(socket));
            static const std::string busy = [] {
                const std::string body = "{\"error\":\"overloaded\",\"path\":\"\",\"message\":"
                                         "\"too many connections (--max-connections)\"}\n";
                return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                       "Connection: close\r\nRetry-After: 1\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n" + body;
            }();
            asio::async_write(*sock, asio::buffer(busy), [sock](beast::error_code, std::size_t) {
                beast::error_code e;
                sock->shutdown(tcp::socket::shutdown_send, e);
                sock->close(e);
            });
        } else {
            auto s = std::make_shared<session>(std::move(socket), *this);
            add(s);
            s->start();
        }
        accept();
    });
}

void server::wait_signal() {
    signals_.async_wait([this](beast::error_code ec, int sig) {
        if (ec) return;
        if (sig == SIGHUP) {
            reload();
            return wait_signal();
        }
        drain();
    });
}

void server::reload() {
    const auto old = current();
    auto next = load_snapshot(opts_.source, old->generation + 1);
    metrics_.reloaded(static_cast<bool>(next));
    if (!next) {
        log_line("ocop serve: reload refused, still serving generation " +
                 std::to_string(old->generation) + ": " + next.error().what() + "\n");
        return;
    }
    snap_.store(std::move(*next));
    log_line("ocop serve: rulesets reloaded (generation " + std::to_string(old->generation + 1) +
             ")\n");
}

void server::drain() {
    draining_ = true;
    beast::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    std::vector<std::shared_ptr<session>> live;
    {
        std::lock_guard lk(mu_);
        for (auto& [p, w] : sessions_)
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    log_line("ocop serve: draining " + std::to_string(live.size()) + " connection(s)\n");
    if (live.empty()) return;
    for (auto& s : live) s->stop_if_idle();
    live.clear();
    drain_timer_.expires_after(opts_.drain_timeout);
    drain_timer_.async_wait([this](beast::error_code e) {
        if (e) return; // cancelled: the last connection closed
        drain_timed_out_ = true;
        log_line("ocop serve: drain timeout, stopping with requests unfinished\n");
        ioc_.stop();
    });
}

int server::run(std::ostream& out) {
    beast::error_code ec;
    const auto addr = asio::ip::make_address(opts_.host, ec);
    if (ec) {
        std::cerr << "ocop serve: bad address " << opts_.host << "\n";
        return 2;
    }
    const tcp::endpoint ep{addr, opts_.port};
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::cerr << "ocop serve: cannot listen on " << opts_.host << ":" << opts_.port << ": "
                  << ec.message() << "\n";
        return 3;
    }
    signals_.add(SIGTERM);
    signals_.add(SIGINT);
    signals_.add(SIGHUP);
    const auto local = acceptor_.local_endpoint();
    out << "ocop serve: listening on http://" << local.address().to_string() << ":" << local.port()
        << " (" << opts_.threads << " thread(s), rulesets generation " << current()->generation
        << ")" << std::endl;
    asio::dispatch(strand_, [this] {
        accept();
        wait_signal();
    });
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < opts_.threads; ++i) pool.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : pool) t.join();
    streams_.stop();
    stopped_ = true;
    log_line(drain_timed_out_ ? "ocop serve: stopped (drain timed out)\n"
                              : "ocop serve: stopped\n");
    return drain_timed_out_ ? 1 : 0;
}

} // namespace

int run(const options& opts, std::shared_ptr<const snapshot> first, std::ostream& out) {
    // A client gone mid-write must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    server s(opts, std::move(first));
    return s.run(out);
}

} // namespace ocop::serve
