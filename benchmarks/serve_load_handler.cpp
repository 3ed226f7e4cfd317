// The request handler of ocop serve without the network: POST /v1/score of one evaluation,
// timed in-process, to split a request's cost between scoring and HTTP (serve_load.sh).
// usage: ocop_serve_handler_bench FILE [N]   (FILE: one evaluation, e.g. the first sample line)
#include "handlers.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    using namespace ocop::serve;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [N]\n", argv[0]);
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string body = ss.str();
    const long n = argc > 2 ? std::atol(argv[2]) : 200000;
    auto snap = load_snapshot({}, 1);
    if (!snap) return 3;
    metrics m;
    const request_limits lim;
    std::size_t bytes = 0;
    for (const char* target : {"/v1/score", "/v1/score?compact=1", "/healthz"}) {
        const bool get = target[1] == 'h';
        const request_view rq{get ? "GET" : "POST", target, "application/json", get ? "" : body};
        for (int i = 0; i < 1000; ++i) bytes += handle(rq, *snap, lim, {m, false}).body.size();
        // CPU time, not wall time: the figure must not depend on what else the machine runs.
        const std::clock_t c0 = std::clock();
        for (long i = 0; i < n; ++i) bytes += handle(rq, *snap, lim, {m, false}).body.size();
        const double s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        std::printf("%-22s %8.2f us CPU/request  %9.0f requests per CPU-second\n", target,
                    s * 1e6 / static_cast<double>(n), static_cast<double>(n) / s);
    }
    return bytes == 0;
}
