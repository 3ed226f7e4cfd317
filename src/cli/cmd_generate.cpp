// ocop generate: synthetic evaluations (deterministic for a seed).
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/generate.hpp>

#include <charconv>
#include <iostream>

namespace ocop::cli {

namespace {

bool to_u64(const std::string& s, std::uint64_t& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

int cmd_generate(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop generate: " << *e << "\n";
        return exit_usage;
    }
    generate_options o;
    std::uint64_t y1 = 0, y2 = 0;
    bool ok = a.positional.empty() && to_u64(a.get("count", "1000"), o.count) &&
              to_u64(a.get("seed", "1"), o.seed);
    const std::string years = a.get("years");
    if (ok && !years.empty()) {
        const auto dash = years.find('-');
        ok = to_u64(years.substr(0, dash), y1) &&
             to_u64(dash == std::string::npos ? years : years.substr(dash + 1), y2) && y1 >= 1900 &&
             y2 <= 2200 && y1 <= y2;
        o.year_from = static_cast<int>(y1);
        o.year_to = static_cast<int>(y2);
    }
    if (!ok) {
        std::cerr << "usage: ocop generate [--count N] [--seed S] [--ruleset ID] "
                     "[--years 2022-2026] [-o OUT] [--ruleset-file F] [--default ID]\n";
        return exit_usage;
    }
    o.ruleset = a.get("ruleset");
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop generate: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    if (!out.ok()) {
        std::cerr << "ocop generate: cannot open the output file\n";
        return exit_fatal;
    }
    if (auto r = generate_evaluations(*reg, o, out.stream()); !r) {
        std::cerr << "ocop generate: " << r.error().what() << "\n";
        return exit_fatal;
    }
    std::string err;
    if (!out.commit(err)) {
        std::cerr << "ocop generate: " << err << "\n";
        return exit_fatal;
    }
    return exit_ok;
}

const command_registration reg_cmd_generate{
    "generate", cmd_generate,
    "synthetic evaluations across the 34 provinces (--count N --seed S [--ruleset ID])"};

} // namespace

} // namespace ocop::cli
