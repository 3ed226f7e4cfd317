// ocop serve over loopback: every endpoint against the CLI's output for the same input, and
// the faults a public service meets (malformed JSON and HTTP, oversized bodies, wrong content
// types, slow clients, clients gone mid-body, SIGHUP and SIGTERM during requests). Each test
// starts its own server (127.0.0.1, an ephemeral port) and every wait is bounded.
#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace ocop;
using namespace ocop::test;
using namespace std::chrono_literals;

namespace {

using steady = std::chrono::steady_clock;

/// `ocop serve` in a child process; its stdout gives the port, its stderr goes to a file.
class server_proc {
  public:
    explicit server_proc(std::vector<std::string> extra, const std::string& name = "serve") {
        err_path_ = std::string(OCOP_TEST_TMP) + "/" + name + ".stderr";
        std::vector<std::string> args{OCOP_CLI,      "serve",     "--listen",
                                      "127.0.0.1:0", "--threads", "2"};
        args.insert(args.end(), extra.begin(), extra.end());
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(fds[1], 1);
            ::close(fds[0]);
            ::close(fds[1]);
            const int fd = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) ::dup2(fd, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        out_ = fds[0];
        // "ocop serve: listening on http://127.0.0.1:PORT (...)", within 20 s.
        std::string line;
        const auto until = steady::now() + 20s;
        while (line.find('\n') == std::string::npos && steady::now() < until) {
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buf[256];
            const auto n = ::read(out_, buf, sizeof buf);
            if (n <= 0) break;
            line.append(buf, static_cast<std::size_t>(n));
        }
        const auto at = line.find("127.0.0.1:");
        REQUIRE(at != std::string::npos);
        port_ = std::atoi(line.c_str() + at + 10);
        REQUIRE(port_ > 0);
    }
    server_proc(const server_proc&) = delete;
    server_proc& operator=(const server_proc&) = delete;
    ~server_proc() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0) ::close(out_);
    }

    [[nodiscard]] int port() const { return port_; }
    void signal(int sig) const { ::kill(pid_, sig); }
    /// Wait (at most `limit`) for the exit; the exit status, or -1 (still running or killed).
    int wait_exit(std::chrono::milliseconds limit) {
        const auto until = steady::now() + limit;
        while (steady::now() < until) {
            int st = 0;
            if (::waitpid(pid_, &st, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            }
            std::this_thread::sleep_for(10ms);
        }
        return -1;
    }
    [[nodiscard]] std::string stderr_text() const { return read_file(err_path_); }

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    int port_ = 0;
    std::string err_path_;
};

/// A TCP connection to the server, every read and write bounded by a 10 s timeout.
class conn {
  public:
    explicit conn(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ok_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    conn(const conn&) = delete;
    conn& operator=(const conn&) = delete;
    ~conn() { close(); }
    [[nodiscard]] bool ok() const { return ok_; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    bool send(std::string_view data) {
        while (!data.empty()) {
            const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    /// Read one response (Content-Length framed or chunked); status 0 when the connection
    /// closed first.
    struct response {
        int status = 0;
        std::map<std::string, std::string> headers;  // lower-case names
        std::map<std::string, std::string> trailers; // of a chunked answer, lower-case names
        std::string body;
        [[nodiscard]] std::string header(const std::string& k) const {
            auto it = headers.find(k);
            return it == headers.end() ? std::string() : it->second;
        }
    };
    response read() {
        response r;
        std::size_t end = 0;
        while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return r;
        const std::string head = buf_.substr(0, end);
        buf_.erase(0, end + 4);
        std::size_t eol = head.find("\r\n");
        const std::string status_line = head.substr(0, eol);
        r.status = std::atoi(status_line.c_str() + status_line.find(' ') + 1);
        while (eol != std::string::npos) {
            const auto next = head.find("\r\n", eol + 2);
            const std::string h = head.substr(eol + 2, next - eol - 2);
            eol = next;
            const auto colon = h.find(':');
            if (colon == std::string::npos) continue;
            std::string k = h.substr(0, colon);
            for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers[k] = h.substr(h.find_first_not_of(' ', colon + 1));
        }
        if (r.header("transfer-encoding") == "chunked") {
            if (!read_chunks(r)) r.status = 0;
            return r;
        }
        const std::size_t len =
            std::stoul(r.header("content-length").empty() ? "0" : r.header("content-length"));
        while (buf_.size() < len)
            if (!fill()) {
                r.status = 0;
                return r;
            }
        r.body = buf_.substr(0, len);
        buf_.erase(0, len);
        return r;
    }
    /// Whether the server closed the connection (read returns 0) within `limit`.
    bool closed_within(std::chrono::milliseconds limit) {
        const auto until = steady::now() + limit;
        while (steady::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            char c[512];
            const auto n = ::recv(fd_, c, sizeof c, 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
            if (n > 0) buf_.append(c, static_cast<std::size_t>(n));
        }
        return false;
    }
    [[nodiscard]] const std::string& pending() const { return buf_; }

    /// Whether response bytes arrive within `limit` (they stay buffered for read()).
    bool answer_within(std::chrono::milliseconds limit) {
        const auto until = steady::now() + limit;
        while (buf_.empty() && steady::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0 && !fill()) return false;
        }
        return !buf_.empty();
    }

  private:
    /// One CRLF-ended line of the buffer (filled as needed), without its CRLF.
    bool line(std::string& out) {
        std::size_t e = 0;
        while ((e = buf_.find("\r\n")) == std::string::npos)
            if (!fill()) return false;
        out = buf_.substr(0, e);
        buf_.erase(0, e + 2);
        return true;
    }
    bool read_chunks(response& r) {
        std::string l;
        for (;;) {
            if (!line(l)) return false;
            const std::size_t n = std::stoul(l, nullptr, 16);
            if (n == 0) break;
            while (buf_.size() < n + 2)
                if (!fill()) return false;
            r.body += buf_.substr(0, n);
            buf_.erase(0, n + 2);
        }
        while (line(l) && !l.empty()) {
            const auto colon = l.find(':');
            std::string k = l.substr(0, colon);
            for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.trailers[k] = l.substr(l.find_first_not_of(' ', colon + 1));
        }
        return true;
    }
    bool fill() {
        char c[65536];
        const auto n = ::recv(fd_, c, sizeof c, 0);
        if (n <= 0) return false;
        buf_.append(c, static_cast<std::size_t>(n));
        return true;
    }
    int fd_ = -1;
    bool ok_ = false;
    std::string buf_;
};

std::string request_text(const std::string& method, const std::string& target,
                         const std::string& content_type, const std::string& body,
                         bool keep_alive = false) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
    if (method == "POST") r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (!keep_alive) r += "Connection: close\r\n";
    return r + "\r\n" + body;
}

conn::response call(int port, const std::string& method, const std::string& target,
                    const std::string& content_type = "", const std::string& body = "") {
    conn c(port);
    REQUIRE(c.ok());
    REQUIRE(c.send(request_text(method, target, content_type, body)));
    return c.read();
}

conn::response post(int port, const std::string& target, const std::string& body,
                    const std::string& content_type = "application/json") {
    return call(port, "POST", target, content_type, body);
}

/// GET /metrics once it shows `needle`. The server counts a request when the write of its
/// answer has completed, and the client may read that answer (and ask again) before the
/// server's handler for the completed write has run: wait for it, at most 10 s.
conn::response metrics_showing(int port, const std::string& needle) {
    auto r = call(port, "GET", "/metrics");
    for (int i = 0; i < 100 && r.body.find(needle) == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        r = call(port, "GET", "/metrics");
    }
    return r;
}

/// Run the CLI on `input` (written to a file); its stdout. `errors`: its --errors file.
std::string cli(const std::string& args, const std::string& input, const std::string& name,
                std::string* errors = nullptr) {
    const auto in = temp_file(name + ".in", input);
    const auto err = std::string(OCOP_TEST_TMP) + "/" + name + ".errors";
    std::remove(err.c_str());
    std::string out;
    run(std::string(OCOP_CLI) + " " + args + " " + in + " --errors " + err + " 2>/dev/null", &out);
    if (errors) *errors = read_file(err);
    return out;
}

std::string cli_plain(const std::string& args, const std::string& input, const std::string& name) {
    const auto in = temp_file(name + ".in", input);
    std::string out;
    run(std::string(OCOP_CLI) + " " + args + " " + in + " 2>/dev/null", &out);
    return out;
}

/// Lines of a response split into results and error lines (those with an "error" key).
void split_lines(const std::string& body, std::string& results, std::string& errors) {
    std::size_t b = 0;
    while (b < body.size()) {
        auto e = body.find('\n', b);
        if (e == std::string::npos) e = body.size();
        const std::string line = body.substr(b, e - b + 1);
        const auto v = boost::json::parse(line);
        (v.as_object().contains("error") ? errors : results) += line;
        b = e + 1;
    }
}

// Records used throughout: good ones of several shapes, and refusals of several kinds.
std::string good70() {
    return record("g70", "qd26-2026", 1, s1_total(70));
}
std::string good89() {
    return record("g89", "qd26-2026", 1, s1_total(89));
}
std::string impossible() {
    return record("bad-points", "qd26-2026", 1, with(s1_total(70), {{"1.1", 99}}));
}
std::string missing() {
    auto a = s1_total(70);
    a.erase("2.1");
    return record("bad-missing", "qd26-2026", 1, a);
}
std::string council_rec() {
    return council("c1", "qd26-2026", 1, {s1_total(70), s1_total(89), s1_total(49)});
}
std::string partial_rec() {
    auto a = s1_total(70);
    a["2.1"] = nullptr;
    a["4.1"] = nullptr;
    return record("p1", "qd26-2026", 1, a);
}

} // namespace

TEST_CASE("serve: /v1/score answers exactly what ocop score writes", "[serve]") {
    server_proc s({});
    SECTION("one evaluation, good or refused, full or compact") {
        for (const auto& rec : {good70(), good89(), council_rec(), impossible(), missing(),
                                std::string("{\"id\":\"x\",\"sheet\":1,\"answers\":{"),
                                std::string("{\"id\":\"y\",\"sheet\":777,\"answers\":{}}")}) {
            for (const std::string compact : {"", "?compact=1"}) {
                std::string errors;
                const auto out = cli(std::string("score") + (compact.empty() ? "" : " --compact"),
                                     rec + "\n", "score1", &errors);
                const auto r = post(s.port(), "/v1/score" + compact, rec);
                INFO(rec);
                if (!out.empty()) {
                    CHECK(r.status == 200);
                    CHECK(r.body == out);
                    CHECK(r.header("content-type") == "application/json");
                } else {
                    CHECK(r.body == errors);
                    const auto code = boost::json::parse(r.body).at("error").as_string();
                    CHECK(r.status == (code == "invalid_json" ? 400 : 422));
                }
                CHECK(r.header("x-ocop-records") == "1");
            }
        }
    }
    SECTION("JSON Lines with good and bad records: results in order, errors as --errors writes") {
        std::string body = "\xEF\xBB\xBF" + good70() + "\r\n\r\n" + impossible() + "\n{broken\n" +
                           council_rec() + "\n" + missing() + "\n" + good89();
        std::string errors;
        const auto out = cli("score", body, "scorel", &errors);
        const auto r = post(s.port(), "/v1/score", body, "application/x-ndjson");
        CHECK(r.status == 200);
        CHECK(r.header("content-type") == "application/x-ndjson");
        CHECK(r.header("x-ocop-records") == "6");
        CHECK(r.header("x-ocop-failed") == "3");
        std::string results, errs;
        split_lines(r.body, results, errs);
        CHECK(results == out);
        CHECK(errs == errors);
        // One line per record, in input order: line numbers of the errors increase.
        CHECK(r.body.find("\"line\":3") < r.body.find("\"line\":4"));
    }
    SECTION("the sample file, and a JSON array, as the CLI scores them") {
        const auto sample =
            read_file(std::string(OCOP_SOURCE_DIR) + "/examples/data/sample-national.jsonl");
        std::string head;
        for (std::size_t i = 0, b = 0; i < 200; ++i) {
            const auto e = sample.find('\n', b);
            head += sample.substr(b, e - b + 1);
            b = e + 1;
        }
        const auto r = post(s.port(), "/v1/score", head, "application/x-ndjson");
        CHECK(r.status == 200);
        CHECK(r.body == cli("score", head, "sample"));
        const std::string arr = "[" + good70() + "," + good89() + "]";
        const auto ra = post(s.port(), "/v1/score", arr);
        CHECK(ra.status == 200);
        CHECK(ra.body == cli("score", arr, "array"));
        CHECK(ra.header("content-type") == "application/x-ndjson");
    }
    SECTION("CSV bodies as ocop score reads a .csv file") {
        const std::string csv = "id,sheet,1.1,1.2\nr1,1,3,2\n";
        const auto in = temp_file("serve.csv", csv);
        std::string out;
        run(std::string(OCOP_CLI) + " score " + in + " --errors " + OCOP_TEST_TMP +
                "/csv.errors 2>/dev/null",
            &out);
        const auto r = post(s.port(), "/v1/score", csv, "text/csv");
        std::string results, errs;
        split_lines(r.body, results, errs);
        CHECK(results == out);
        CHECK(errs == read_file(std::string(OCOP_TEST_TMP) + "/csv.errors"));
    }
}

namespace {

/// `body` as chunked transfer coding, in pieces of `piece` bytes.
std::string chunked(const std::string& body, std::size_t piece) {
    std::string out;
    for (std::size_t b = 0; b < body.size(); b += piece) {
        const auto n = std::min(piece, body.size() - b);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        out += size + body.substr(b, n) + "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string chunked_head(const std::string& target, bool keep_alive = false) {
    return "POST " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n" +
           (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
}

/// The sample twice over (4 000 records, 1.7 MB: longer than the service reads whole), with
/// refusals of several kinds among them.
std::string long_body() {
    const auto sample =
        read_file(std::string(OCOP_SOURCE_DIR) + "/examples/data/sample-national.jsonl");
    return sample + impossible() + "\n{broken\n" + sample + missing() + "\n";
}

} // namespace

TEST_CASE("serve: long and chunked bodies are scored as they arrive", "[serve]") {
    server_proc s({});
    const auto body = long_body();
    std::string cli_errors;
    const auto cli_out = cli("score", body, "stream", &cli_errors);
    REQUIRE(!cli_out.empty());
    REQUIRE(!cli_errors.empty());
    SECTION("a body longer than 1 MiB: chunked answer, the lines of ocop score, counts in the "
            "trailer") {
        const auto r = post(s.port(), "/v1/score", body, "application/x-ndjson");
        CHECK(r.status == 200);
        CHECK(r.header("transfer-encoding") == "chunked");
        CHECK(r.header("content-type") == "application/x-ndjson");
        CHECK(r.trailers.at("x-ocop-records") == "4003");
        CHECK(r.trailers.at("x-ocop-failed") == "3");
        std::string results, errs;
        split_lines(r.body, results, errs);
        CHECK(results == cli_out);
        CHECK(errs == cli_errors);
    }
    SECTION("lines come back before the body has all arrived") {
        conn c(s.port());
        REQUIRE(c.ok());
        const auto half = body.find('\n', body.size() / 2) + 1;
        // Half the body, without the last chunk ("0\r\n\r\n") that would end it.
        const auto first = chunked(body.substr(0, half), 4096);
        REQUIRE(c.send(chunked_head("/v1/score") + first.substr(0, first.size() - 5)));
        CHECK(c.answer_within(10s));
        CHECK(c.pending().rfind("HTTP/1.1 200", 0) == 0);
    }
    SECTION("a chunked body keeps the connection for the next request") {
        conn c(s.port());
        REQUIRE(c.ok());
        REQUIRE(c.send(chunked_head("/v1/score?detail=totals", true) + chunked(body, 65536)));
        const auto r = c.read();
        CHECK(r.status == 200);
        std::string results, errs;
        split_lines(r.body, results, errs);
        CHECK(results == cli_out);
        CHECK(errs == cli_errors);
        REQUIRE(c.send(request_text("POST", "/v1/score", "application/json", good70())));
        const auto r2 = c.read();
        CHECK(r2.status == 200);
        CHECK(r2.body == cli("score", good70() + "\n", "stream-next"));
    }
    SECTION("a short chunked body gets the answer of the same body sent whole") {
        const std::string small = good70() + "\n" + impossible() + "\n" + good89() + "\n";
        for (const auto& one : {small, impossible(), good89()}) {
            conn c(s.port());
            REQUIRE(c.ok());
            REQUIRE(c.send(chunked_head("/v1/score") + chunked(one, 7)));
            const auto r = c.read();
            const auto whole = post(s.port(), "/v1/score", one, "application/x-ndjson");
            INFO(one);
            CHECK(r.status == whole.status);
            CHECK(r.body == whole.body);
            CHECK(r.header("content-length") == whole.header("content-length"));
            CHECK(r.header("x-ocop-records") == whole.header("x-ocop-records"));
        }
    }
}

TEST_CASE("serve: a streamed body refused midway ends with an error line", "[serve]") {
    const auto body = long_body();
    std::string cli_errors;
    const auto cli_out = cli("score", body, "stream-refused", &cli_errors);
    SECTION("more records than --max-records") {
        server_proc s({"--max-records", "3000"}, "serve-stream-records");
        const auto r = post(s.port(), "/v1/score", body, "application/x-ndjson");
        CHECK(r.status == 200);
        REQUIRE(!r.body.empty());
        const auto last = r.body.substr(r.body.rfind('\n', r.body.size() - 2) + 1);
        const auto v = boost::json::parse(last).as_object();
        CHECK(v.at("error") == "limit_exceeded");
        CHECK(std::string(v.at("message").as_string()).find("--max-records") != std::string::npos);
        // Before it, the lines of the first 3 000 records and no more.
        CHECK(std::count(r.body.begin(), r.body.end(), '\n') == 3001);
        std::string results, errs;
        split_lines(r.body.substr(0, r.body.size() - last.size()), results, errs);
        // Records 2001 and 2002 are refused: 2 998 results and 2 error lines.
        const auto first_lines = [](const std::string& text, int n) {
            std::size_t at = 0;
            for (int i = 0; i < n; ++i) at = text.find('\n', at) + 1;
            return text.substr(0, at);
        };
        CHECK(results == first_lines(cli_out, 2998));
        CHECK(errs == first_lines(cli_errors, 2));
        // The server still answers.
        CHECK(call(s.port(), "GET", "/healthz").status == 200);
    }
    SECTION("a chunked body over --max-body-bytes") {
        server_proc s({"--max-body-bytes", "1500000"}, "serve-stream-bytes");
        conn c(s.port());
        REQUIRE(c.ok());
        c.send(chunked_head("/v1/score") + chunked(body, 65536)); // may fail once refused
        const auto r = c.read();
        // The body is read faster than it is scored: the cut may come before any line was
        // sent (the answer is then the 413 of a body read whole) or after (a last line).
        CHECK((r.status == 200 || r.status == 413));
        REQUIRE(!r.body.empty());
        const auto last = r.body.substr(r.body.rfind('\n', r.body.size() - 2) + 1);
        const auto v = boost::json::parse(last).as_object();
        CHECK(v.at("error") == "limit_exceeded");
        CHECK(std::string(v.at("message").as_string()).find("--max-body-bytes") !=
              std::string::npos);
        CHECK(c.closed_within(5s));
        CHECK(call(s.port(), "GET", "/healthz").status == 200);
    }
    SECTION("a client gone mid-body: the server goes on") {
        server_proc s({}, "serve-stream-gone");
        for (int i = 0; i < 4; ++i) {
            conn c(s.port());
            REQUIRE(c.ok());
            REQUIRE(c.send(chunked_head("/v1/score") +
                           chunked(body.substr(0, body.size() / 2), 65536).substr(0, 900000)));
        }
        const auto r = post(s.port(), "/v1/score", good89());
        CHECK(r.status == 200);
        CHECK(r.body == cli("score", good89() + "\n", "stream-gone"));
        s.signal(SIGTERM);
        CHECK(s.wait_exit(15s) == 0);
    }
}

TEST_CASE("serve: explain, plan, range, council and validate match the CLI", "[serve]") {
    server_proc s({});
    SECTION("explain") {
        auto r = post(s.port(), "/v1/explain", good70());
        CHECK(r.status == 200);
        CHECK(r.header("content-type") == "text/plain; charset=utf-8");
        CHECK(r.body == cli_plain("explain", good70() + "\n", "explain"));
        const std::string two = good70() + "\n" + good89() + "\n";
        r = post(s.port(), "/v1/explain?id=g89", two, "application/x-ndjson");
        CHECK(r.body == cli_plain("explain --id g89", two, "explain2"));
        r = post(s.port(), "/v1/explain", impossible());
        CHECK(r.status == 422);
        CHECK(boost::json::parse(r.body).at("error") == "impossible_points");
        r = post(s.port(), "/v1/explain?id=nope", two, "application/x-ndjson");
        CHECK(r.status == 404);
    }
    SECTION("plan") {
        const std::string body = good70() + "\n" + good89() + "\n" + council_rec() + "\n";
        for (const std::string q : {"", "?target=5", "?consensus=1"}) {
            const std::string args =
                std::string("plan --format json") + (q == "?target=5"      ? " --target 5"
                                                     : q == "?consensus=1" ? " --consensus"
                                                                           : "");
            const auto r = post(s.port(), "/v1/plan" + q, body, "application/x-ndjson");
            std::string results, errs;
            split_lines(r.body, results, errs);
            INFO(q);
            CHECK(r.status == 200);
            CHECK(results == cli_plain(args, body, "plan"));
            CHECK(!results.empty());
        }
        const auto r = post(s.port(), "/v1/plan?target=9", good70());
        CHECK(r.status == 400);
    }
    SECTION("range") {
        const std::string body = partial_rec() + "\n" + good70() + "\n";
        const auto r = post(s.port(), "/v1/range", body, "application/x-ndjson");
        CHECK(r.status == 200);
        CHECK(r.body == cli_plain("range", body, "range"));
        const auto one = post(s.port(), "/v1/range", partial_rec());
        CHECK(one.header("content-type") == "application/json");
        CHECK(one.body == cli_plain("range", partial_rec(), "range1"));
    }
    SECTION("council") {
        const auto r = post(s.port(), "/v1/council?spread=7.5", council_rec());
        CHECK(r.status == 200);
        CHECK(r.body == cli_plain("council --format json --spread 7.5", council_rec(), "council"));
    }
    SECTION("validate: every record gets a verdict; refusals list every problem (as `ocop "
            "validate`)") {
        // Two problems in one record: points that match no option and a missing criterion.
        auto two = with(s1_total(70), {{"1.1", 99}});
        two.erase("2.1");
        const std::string body = good70() + "\n" + impossible() + "\n" + missing() + "\n{x\n" +
                                 record("two", "qd26-2026", 1, two) + "\n" + good70() + "\n";
        const std::string rows = cli_plain("validate --lang en --format jsonl", body, "validate");
        const auto r = post(s.port(), "/v1/validate?lang=en", body, "application/x-ndjson");
        CHECK(r.status == 200);
        CHECK(r.header("x-ocop-failed") == "5");
        std::vector<boost::json::value> lines, cli_rows;
        for (std::size_t b = 0; b < r.body.size();) {
            const auto e = r.body.find('\n', b);
            lines.push_back(boost::json::parse(r.body.substr(b, e - b)));
            b = e + 1;
        }
        for (std::size_t b = 0; b < rows.size();) {
            const auto e = rows.find('\n', b);
            cli_rows.push_back(boost::json::parse(rows.substr(b, e - b)));
            b = e + 1;
        }
        REQUIRE(lines.size() == 6);
        CHECK(lines[0].at("valid") == true);
        CHECK(lines[0].at("ruleset_hash") == registry::builtin().find("qd26-2026")->hash().c_str());
        // Every problem the CLI lists for a record, in the same order, with the same message.
        std::size_t k = 0;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto& l = lines[i].as_object();
            INFO("line " << l.at("line"));
            CHECK(l.at("valid") == false);
            const std::string where = "line " + std::to_string(l.at("line").as_int64());
            for (const auto& p : l.at("problems").as_array()) {
                REQUIRE(k < cli_rows.size());
                CHECK(cli_rows[k].at("record") == where.c_str());
                CHECK(p.at("error") == cli_rows[k].at("error"));
                CHECK(p.at("message") == cli_rows[k].at("message"));
                ++k;
            }
        }
        CHECK(k == cli_rows.size());
        CHECK(lines[4].at("problems").as_array().size() == 2); // both problems of "two"
        // The last record repeats the first one's id: reported, as the CLI does.
        CHECK(lines[5].at("problems").as_array().size() == 1);
        const auto vi = post(s.port(), "/v1/validate?lang=fr", good70());
        CHECK(vi.status == 400);
    }
    SECTION("repeated keys are refused with their path; a first line starting with '[' keeps "
            "the later records") {
        const std::string dup = "{\"id\":\"d\",\"sheet\":99,\"sheet\":1,\"answers\":{}}";
        const auto r =
            post(s.port(), "/v1/plan", dup + "\n" + good70() + "\n", "application/x-ndjson");
        CHECK(r.header("x-ocop-failed") == "1");
        CHECK(r.body.find("\"error\":\"invalid_value\",\"path\":\"/sheet\"") != std::string::npos);
        CHECK(r.body.find("duplicate key") != std::string::npos);
        CHECK(r.body.find("\"id\":\"d\"") != std::string::npos);
        const auto v = post(s.port(), "/v1/validate", dup, "application/json");
        CHECK(v.body.find("duplicate key") != std::string::npos);
        const auto b =
            post(s.port(), "/v1/score", "[\"not a record\"\n" + good70() + "\n" + good89() + "\n",
                 "application/x-ndjson");
        CHECK(b.header("x-ocop-records") == "3");
        CHECK(b.header("x-ocop-failed") == "1");
        CHECK(b.body.find("\"id\":\"g89\"") != std::string::npos);
    }
}

TEST_CASE("serve: rulesets, schema, health, metrics, OpenAPI", "[serve]") {
    server_proc s({});
    auto r = call(s.port(), "GET", "/v1/rulesets");
    REQUIRE(r.status == 200);
    const auto list = boost::json::parse(r.body);
    CHECK(list.at("default") == registry::builtin().default_id().c_str());
    CHECK(list.at("rulesets").as_array().size() == registry::builtin().all().size());
    for (const auto* rs : registry::builtin().all()) {
        r = call(s.port(), "GET", "/v1/rulesets/" + rs->id());
        REQUIRE(r.status == 200);
        CHECK(r.header("etag") == "\"" + rs->hash() + "\"");
        const auto v = boost::json::parse(r.body);
        CHECK(v.at("hash") == rs->hash().c_str());
        std::string exported;
        run(std::string(OCOP_CLI) + " ruleset export " + rs->id(), &exported);
        CHECK(boost::json::serialize(v.at("document")) + "\n" == exported);
    }
    CHECK(call(s.port(), "GET", "/v1/rulesets/nope").status == 404);
    for (const auto& [id, sheet] :
         {std::pair{"qd26-2026", 1}, {"qd26-2026", 26}, {"qd148-2023", 13}}) {
        r = call(s.port(), "GET", "/v1/schema/" + std::string(id) + "/" + std::to_string(sheet));
        std::string out;
        run(std::string(OCOP_CLI) + " schema --ruleset " + id + " --sheet " + std::to_string(sheet),
            &out);
        CHECK(r.status == 200);
        CHECK(r.body == out);
    }
    r = call(s.port(), "GET", "/v1/schema/qd26-2026/99");
    CHECK(r.status == 404);
    CHECK(boost::json::parse(r.body).at("error") == "unknown_sheet");
    CHECK(call(s.port(), "GET", "/v1/schema/nope/1").status == 404);
    r = call(s.port(), "GET", "/healthz");
    CHECK(r.status == 200);
    CHECK(boost::json::parse(r.body).at("generation") == 1);
    post(s.port(), "/v1/score", impossible());
    r = metrics_showing(s.port(), "ocop_http_requests_total{route=\"/v1/score\",status=\"422\"} 1");
    CHECK(r.status == 200);
    CHECK(r.body.find("ocop_http_requests_total{route=\"/v1/score\",status=\"422\"} 1") !=
          std::string::npos);
    CHECK(r.body.find("ocop_record_errors_total{code=\"impossible_points\"} 1") !=
          std::string::npos);
    CHECK(r.body.find(
              "ocop_http_request_duration_seconds_bucket{route=\"/v1/score\",le=\"+Inf\"} 1") !=
          std::string::npos);
    r = call(s.port(), "GET", "/v1/openapi.json");
    CHECK(r.status == 200);
    const auto api = boost::json::parse(r.body);
    CHECK(api.at("openapi") == "3.1.0");
    for (const char* p :
         {"/v1/score", "/v1/explain", "/v1/plan", "/v1/range", "/v1/council", "/v1/validate",
          "/v1/rulesets", "/v1/rulesets/{id}", "/v1/schema/{ruleset}/{sheet}", "/healthz",
          "/metrics", "/v1/openapi.json"})
        CHECK(api.at("paths").as_object().contains(p));
    // Each evaluation alternative names a schema the server serves.
    for (const auto& alt :
         api.at("components").at("schemas").at("Evaluation").at("oneOf").as_array())
        CHECK(call(s.port(), "GET", std::string(alt.at("$ref").as_string())).status == 200);
    // The copy in docs/ is this document.
    CHECK(read_file(std::string(OCOP_SOURCE_DIR) + "/docs/openapi.json") == r.body);
}

TEST_CASE("serve: malformed and oversized requests get clear errors", "[serve]") {
    server_proc s({"--max-body-bytes", "4096", "--max-records", "3", "--max-header-bytes", "1024"});
    auto r = post(s.port(), "/v1/score", "{\"id\": \"a\", ");
    CHECK(r.status == 400);
    CHECK(boost::json::parse(r.body).at("error") == "invalid_json");
    r = post(s.port(), "/v1/score", good70(), "text/plain");
    CHECK(r.status == 415);
    CHECK(boost::json::parse(r.body).at("error") == "unsupported_media_type");
    r = post(s.port(), "/v1/plan", "id,sheet\n", "text/csv");
    CHECK(r.status == 415);
    r = post(s.port(), "/v1/score", std::string(5000, ' ') + good70());
    CHECK(r.status == 413);
    CHECK(boost::json::parse(r.body).at("error") == "limit_exceeded");
    const std::string four = good70() + "\n" + good70() + "\n" + good70() + "\n" + good70();
    for (const char* ep : {"/v1/score", "/v1/plan", "/v1/validate", "/v1/range"}) {
        r = post(s.port(), ep, four, "application/x-ndjson");
        CHECK(r.status == 413);
    }
    CHECK(post(s.port(), "/v1/score", good70() + "\n" + good70(), "application/x-ndjson").status ==
          200);
    CHECK(call(s.port(), "GET", "/v2/nothing").status == 404);
    r = call(s.port(), "POST", "/healthz", "application/json", "{}");
    CHECK(r.status == 405);
    CHECK(r.header("allow") == "GET");
    {
        conn c(s.port());
        c.send("THIS IS NOT HTTP\r\n\r\n");
        CHECK(c.read().status == 400);
    }
    {
        conn c(s.port());
        c.send("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
        CHECK(c.read().status == 431);
    }
    {
        // A chunked body over the limit is cut when it passes the limit.
        conn c(s.port());
        c.send("POST /v1/score HTTP/1.1\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 5; ++i) c.send("400\r\n" + std::string(1024, ' ') + "\r\n");
        CHECK(c.read().status == 413);
    }
    // Still serving.
    CHECK(post(s.port(), "/v1/score", good70()).status == 200);
}

TEST_CASE("serve: keep-alive, pipelining and the connection cap", "[serve]") {
    server_proc s({"--max-connections", "2"});
    conn a(s.port());
    const auto expect = cli("score", good70() + "\n", "ka");
    // Two requests written at once on one connection: two answers, in order.
    REQUIRE(a.send(request_text("POST", "/v1/score", "application/json", good70(), true) +
                   request_text("GET", "/healthz", "", "", true)));
    auto r1 = a.read();
    auto r2 = a.read();
    CHECK(r1.status == 200);
    CHECK(r1.body == expect);
    CHECK(r2.status == 200);
    CHECK(r2.body.find("\"status\":\"ok\"") != std::string::npos);
    conn b(s.port());
    REQUIRE(b.send(request_text("GET", "/healthz", "", "", true)));
    CHECK(b.read().status == 200);
    // A third connection is over the cap: 503, closed.
    conn c(s.port());
    c.send(request_text("GET", "/healthz", "", ""));
    const auto r3 = c.read();
    CHECK(r3.status == 503);
    CHECK(boost::json::parse(r3.body).at("error") == "overloaded");
    a.close();
    b.close();
    std::this_thread::sleep_for(100ms);
    CHECK(call(s.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("serve: slow clients are cut, clients gone mid-body do no harm", "[serve]") {
    server_proc s({"--request-timeout", "1", "--idle-timeout", "1"});
    {
        // Slowloris: a header trickled a byte at a time never completes.
        conn c(s.port());
        const auto t0 = steady::now();
        const std::string head = "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: ap";
        bool cut = false;
        for (char ch : head) {
            if (!c.send(std::string(1, ch)) || c.closed_within(100ms)) {
                cut = true;
                break;
            }
        }
        if (!cut) cut = c.closed_within(3000ms);
        const auto took = steady::now() - t0;
        CHECK(cut);
        CHECK(took >= 900ms);
        CHECK(took < 4000ms);
    }
    {
        // A body that never finishes.
        conn c(s.port());
        c.send("POST /v1/score HTTP/1.1\r\nContent-Type: application/json\r\n"
               "Content-Length: 1000\r\n\r\n{\"id\":");
        CHECK(c.closed_within(3000ms));
    }
    {
        // An idle keep-alive connection is closed after --idle-timeout.
        conn c(s.port());
        CHECK(c.closed_within(3000ms));
    }
    for (int i = 0; i < 20; ++i) {
        // Gone mid-body.
        conn c(s.port());
        c.send("POST /v1/score HTTP/1.1\r\nContent-Type: application/x-ndjson\r\n"
               "Content-Length: 100000\r\n\r\n" +
               good70() + "\n");
        c.close();
    }
    std::this_thread::sleep_for(200ms);
    CHECK(post(s.port(), "/v1/score", good70()).body == cli("score", good70() + "\n", "slow"));
    const auto m = metrics_showing(s.port(), "ocop_requests_aborted_total 20").body;
    CHECK(m.find("ocop_request_timeouts_total 2") != std::string::npos);
    CHECK(m.find("ocop_requests_aborted_total 20") != std::string::npos);
}

TEST_CASE("serve: SIGHUP reloads the rulesets without dropping a request", "[serve]") {
    const auto rs_path = temp_file("serve-reload.json", read_file(std::string(OCOP_SOURCE_DIR) +
                                                                  "/src/rulesets/qd26-2026.json"));
    server_proc s({"--ruleset-file", rs_path}, "serve-hup");
    const auto expect = cli("score", good70() + "\n", "hup");
    REQUIRE(!expect.empty());
    std::atomic<bool> stop{false};
    std::atomic<int> good{0}, bad{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 3; ++t)
        clients.emplace_back([&] {
            conn c(s.port());
            while (!stop) {
                if (!c.send(request_text("POST", "/v1/score", "application/json", good70(), true)))
                    break;
                const auto r = c.read();
                (r.status == 200 && r.body == expect ? good : bad)++;
            }
        });
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(150ms);
        s.signal(SIGHUP);
    }
    std::this_thread::sleep_for(300ms);
    stop = true;
    for (auto& t : clients) t.join();
    CHECK(bad == 0);
    CHECK(good > 20);
    // Five signals: five reloads (signals arriving during a reload may be merged by the
    // kernel, so at least two); wait for the count to settle.
    auto generation = [&] {
        return boost::json::parse(call(s.port(), "GET", "/healthz").body)
            .at("generation")
            .as_int64();
    };
    std::int64_t gen = generation();
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(100ms);
        const auto g = generation();
        if (g == gen && g == 6) break;
        gen = g;
    }
    CHECK(gen >= 2);
    CHECK(gen <= 6);
    // A changed file is served after the next SIGHUP: the new document, a new hash.
    const auto before = boost::json::parse(call(s.port(), "GET", "/v1/rulesets/qd26-2026").body);
    auto doc = boost::json::parse(read_file(rs_path));
    doc.as_object()["title"] = "reloaded title";
    temp_file("serve-reload.json", boost::json::serialize(doc));
    s.signal(SIGHUP);
    for (int i = 0; i < 50 && generation() == gen; ++i) std::this_thread::sleep_for(100ms);
    gen = generation();
    const auto after = boost::json::parse(call(s.port(), "GET", "/v1/rulesets/qd26-2026").body);
    CHECK(after.at("title") == "reloaded title");
    CHECK(after.at("document").at("title") == "reloaded title");
    CHECK(after.at("hash") != before.at("hash"));
    std::string expect2;
    run(std::string(OCOP_CLI) + " score --quiet --replace --ruleset-file " + rs_path + " " +
            temp_file("hup2.in", good70() + "\n"),
        &expect2);
    CHECK(expect2 != expect);
    CHECK(post(s.port(), "/v1/score", good70()).body == expect2);
    // A broken file: the reload is refused, the old rulesets stay.
    temp_file("serve-reload.json", "{ not a ruleset");
    s.signal(SIGHUP);
    std::this_thread::sleep_for(500ms);
    CHECK(generation() == gen);
    CHECK(post(s.port(), "/v1/score", good70()).body == expect2);
    CHECK(call(s.port(), "GET", "/metrics").body.find("ocop_reloads_total{result=\"failed\"} 1") !=
          std::string::npos);
    CHECK(s.stderr_text().find("reload refused") != std::string::npos);
}

TEST_CASE("serve: SIGTERM drains the requests in progress, then exits 0", "[serve]") {
    server_proc s({"--access-log"}, "serve-term");
    const auto sample =
        read_file(std::string(OCOP_SOURCE_DIR) + "/examples/data/sample-national.jsonl");
    const auto expect = cli("score", sample, "term");
    REQUIRE(!expect.empty());
    constexpr int n = 3;
    std::atomic<int> sent{0};
    std::vector<conn::response> got(n);
    std::vector<char> closed(n, 0);
    std::vector<std::thread> clients;
    for (int t = 0; t < n; ++t)
        clients.emplace_back([&, t] {
            conn c(s.port());
            if (c.send(request_text("POST", "/v1/score", "application/x-ndjson", sample, true)))
                ++sent;
            got[static_cast<std::size_t>(t)] = c.read();
            // Answered, then closed (Connection: close when the answer was written after
            // the signal).
            closed[static_cast<std::size_t>(t)] = c.closed_within(3000ms);
        });
    while (sent < n) std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(50ms);
    conn idle(s.port()); // an idle keep-alive connection is closed at once
    std::this_thread::sleep_for(50ms);
    s.signal(SIGTERM);
    for (auto& t : clients) t.join();
    for (const auto& r : got) {
        CHECK(r.status == 200);
        CHECK(r.body == expect);
    }
    for (const char c : closed) CHECK(c);
    CHECK(idle.closed_within(3000ms));
    CHECK(s.wait_exit(15000ms) == 0);
    const auto log = s.stderr_text();
    CHECK(log.find("draining") != std::string::npos);
    // The access log holds one JSON line per answered request.
    std::size_t lines = 0;
    for (std::size_t b = 0; b < log.size();) {
        const auto e = log.find('\n', b);
        const auto l = log.substr(b, e - b);
        b = e + 1;
        if (l.empty() || l[0] != '{') continue;
        const auto v = boost::json::parse(l);
        CHECK(v.at("status") == 200);
        CHECK(v.at("records") == 2000);
        ++lines;
    }
    CHECK(lines == n);
}

TEST_CASE("serve: a drain that times out stops with exit 1, without crashing", "[serve]") {
    server_proc s({"--drain-timeout", "0.5", "--request-timeout", "30"}, "serve-drain");
    conn c(s.port());
    REQUIRE(c.send("POST /v1/score HTTP/1.1\r\nContent-Type: application/json\r\n"
                   "Content-Length: 1000\r\n\r\n{\"id\":"));
    std::this_thread::sleep_for(200ms);
    const auto t0 = steady::now();
    s.signal(SIGTERM);
    CHECK(s.wait_exit(10000ms) == 1);
    CHECK(steady::now() - t0 < 5000ms);
    CHECK(c.closed_within(1000ms));
    CHECK(s.stderr_text().find("drain timed out") != std::string::npos);
}

TEST_CASE("serve: --markers, --defects and --knockout reach every ruleset", "[serve]") {
    server_proc s({"--knockout", "flag", "--markers", "ignore"}, "serve_policies");
    const auto r = call(s.port(), "GET", "/v1/rulesets/qd26-2026");
    REQUIRE(r.status == 200);
    const auto v = boost::json::parse(r.body);
    CHECK(v.at("policies").at("knockout") == "flag");
    CHECK(v.at("policies").at("missed_minimum") == "ignore");
    CHECK(v.at("policies").at("defects") == "probable");
    // The results carry the hash and policy of the overridden ruleset, as the CLI's do.
    CHECK(post(s.port(), "/v1/score", good70()).body ==
          cli("score -q --knockout flag --markers ignore", good70(), "serve_policies"));
    // A value no policy has is a usage error.
    CHECK(run(std::string(OCOP_CLI) + " serve --knockout maybe 2>/dev/null") == 2);
}
