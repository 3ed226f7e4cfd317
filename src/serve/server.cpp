// ocop serve's HTTP side on Boost.Beast: accept, read with deadlines and limits, answer
// through handlers.cpp, keep-alive; SIGHUP reloads the rulesets (an atomic swap of the
// snapshot: requests in flight finish on the one they started with), SIGTERM drains.
#include "handlers.hpp"
#include "serve.hpp"

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
          drain_timer_(strand_) {}

    int run(std::ostream& out);

    [[nodiscard]] std::shared_ptr<const snapshot> current() const { return snap_.load(); }
    [[nodiscard]] bool draining() const noexcept { return draining_.load(); }
    [[nodiscard]] const options& opts() const noexcept { return opts_; }
    metrics& counters() noexcept { return metrics_; }

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
        if (ec == http::error::end_of_stream || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == http::error::partial_message ||
            ec == asio::error::operation_aborted) {
            if (ec != http::error::end_of_stream || buffer_.size() > 0 ||
                (parser_ && parser_->got_some()))
                srv_.counters().aborted();
            return close();
        }
        if (ec == http::error::body_limit)
            return respond(error_reply(413, "limit_exceeded", "",
                                       "request body longer than " +
                                           std::to_string(srv_.opts().limits.max_body_bytes) +
                                           " bytes (--max-body-bytes)"),
                           true);
        if (ec == http::error::header_limit)
            return respond(error_reply(431, "limit_exceeded", "",
                                       "request header longer than " +
                                           std::to_string(srv_.opts().limits.max_header_bytes) +
                                           " bytes"),
                           true);
        respond(error_reply(400, "invalid_request", "", "malformed HTTP request: " + ec.message()),
                true);
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
        if (srv_.opts().access_log) access_log(secs, ec);
        if (ec) return;
        if (!res_.keep_alive()) return close();
        next();
    }

    void access_log(double secs, beast::error_code ec) {
        std::string l = "{\"time\":\"" + utc_now() + "\",\"remote\":";
        append_json_string(l, remote_);
        l += ",\"method\":";
        append_json_string(l, method_);
        l += ",\"target\":";
        append_json_string(l, target_.size() > 1024 ? target_.substr(0, 1024) : target_);
        l += ",\"route\":";
        append_json_string(l, route_label(where_));
        l += ",\"status\":" + std::to_string(res_.result_int()) +
             ",\"bytes_in\":" + std::to_string(bytes_in_) +
             ",\"bytes_out\":" + std::to_string(res_.body().size()) +
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
