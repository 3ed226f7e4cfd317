// ocop serve: the scoring as an HTTP/JSON service (src/serve, docs/serve.md).
#include "command.hpp"

#include <serve.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <iostream>
#include <thread>

namespace ocop::cli {

namespace {

/// "127.0.0.1:8080", "[::1]:8080", "localhost:0" → host and port.
bool split_listen(const std::string& s, std::string& host, unsigned short& port) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = s.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    const std::string p = s.substr(colon + 1);
    unsigned v = 0;
    const auto r = std::from_chars(p.data(), p.data() + p.size(), v);
    if (r.ec != std::errc() || r.ptr != p.data() + p.size() || v > 65535) return false;
    port = static_cast<unsigned short>(v);
    return true;
}

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}

int cmd_serve(int argc, char** argv) {
    serve::options o;
    o.threads = std::max(1u, std::thread::hardware_concurrency());
    std::string listen = "127.0.0.1:8080", markers, defects, knockout;
    double request_timeout = 10, idle_timeout = 30, drain_timeout = 10;
    bool print_openapi = false;

    CLI::App app{"ocop serve: score, explain, plan, range, council and validate over HTTP/JSON "
                 "(docs/serve.md)",
                 "ocop serve"};
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    app.add_option("--threads", o.threads, "I/O and scoring threads (default: the cores)")
        ->check(CLI::Range(1u, 256u));
    app.add_option("--max-connections", o.max_connections, "open connections; more get 503")
        ->check(CLI::Range(std::size_t(1), std::size_t(1) << 20))
        ->capture_default_str();
    app.add_option("--request-timeout", request_timeout,
                   "seconds for a whole request, header and body (slow clients are cut)")
        ->check(CLI::Range(0.01, 3600.0))
        ->capture_default_str();
    app.add_option("--idle-timeout", idle_timeout, "seconds a keep-alive connection may wait")
        ->check(CLI::Range(0.01, 3600.0))
        ->capture_default_str();
    app.add_option("--drain-timeout", drain_timeout,
                   "seconds SIGTERM waits for requests in progress")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--max-body-bytes", o.limits.max_body_bytes, "request body limit (413)")
        ->check(CLI::Range(std::size_t(16), std::size_t(1) << 30))
        ->capture_default_str();
    app.add_option("--max-line-bytes", o.limits.max_line_bytes,
                   "one record of /v1/score, as ocop score --max-line-bytes")
        ->check(CLI::Range(std::size_t(16), std::size_t(1) << 30))
        ->capture_default_str();
    app.add_option("--max-records", o.limits.max_records, "records per request (413)")
        ->check(CLI::Range(std::size_t(1), std::size_t(1) << 30))
        ->capture_default_str();
    app.add_option("--max-header-bytes", o.limits.max_header_bytes,
                   "request line and headers (431)")
        ->check(CLI::Range(std::size_t(256), std::size_t(1) << 20))
        ->capture_default_str();
    app.add_flag("--access-log", o.access_log, "one JSON line per request on stderr");
    app.add_option("--ruleset-file", o.source.ruleset_files,
                   "extra ruleset file (repeatable; read again on SIGHUP)");
    app.add_option("--default", o.source.default_id, "default ruleset id");
    app.add_option("--markers", markers, "missed-minimum policy: cap|fail|ignore")
        ->check(CLI::IsMember(policy_override_values("markers")));
    app.add_option("--defects", defects, "defect policy: probable|strict")
        ->check(CLI::IsMember(policy_override_values("defects")));
    app.add_option("--knockout", knockout, "knock-out policy: zero (0 stars) or flag (warn)")
        ->check(CLI::IsMember(policy_override_values("knockout")));
    app.add_flag("--print-openapi", print_openapi, "print the OpenAPI document and exit");
    try {
        app.parse(argc - 1, argv + 1);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    if (!split_listen(listen, o.host, o.port)) {
        std::cerr << "ocop serve: --listen takes HOST:PORT, e.g. 127.0.0.1:8080\n";
        return 2;
    }
    for (const auto& [name, value] :
         {std::pair{"markers", &markers}, std::pair{"defects", &defects},
          std::pair{"knockout", &knockout}})
        if (!value->empty())
            if (auto r = set_policy_override(o.source.policy, name, *value); !r) {
                std::cerr << "ocop serve: " << r.error().message << "\n";
                return 2;
            }
    o.request_timeout = millis(request_timeout);
    o.idle_timeout = millis(idle_timeout);
    o.drain_timeout = millis(drain_timeout);
    auto snap = serve::load_snapshot(o.source, 1);
    if (!snap) {
        std::cerr << "ocop serve: " << snap.error().what() << "\n";
        return 3;
    }
    if (print_openapi) {
        std::cout << (*snap)->openapi;
        return 0;
    }
    return serve::run(o, std::move(*snap), std::cout);
}

const command_registration reg_cmd_serve{
    "serve", cmd_serve, "HTTP/JSON service: score, explain, plan, range, council, validate"};

} // namespace

} // namespace ocop::cli
