// ocop: score OCOP products from the command line.
#include "cli_common.hpp"
#include "command.hpp"

#include <algorithm>
#include <iostream>
#include <string>

namespace ocop::cli {
std::vector<command>& commands() {
    static std::vector<command> all;
    return all;
}
} // namespace ocop::cli

namespace {

void usage(std::ostream& os) {
    using namespace ocop::cli;
    auto all = commands();
    std::sort(all.begin(), all.end(),
              [](const command& a, const command& b) { return a.name < b.name; });
    os << "ocop " << ocop::version_string
       << " — OCOP product rating (Mỗi xã một sản phẩm)\n\nusage: ocop COMMAND [ARGS]\n\n"
          "commands:\n";
    for (const auto& c : all) {
        std::string n = c.name;
        n.resize(std::max<std::size_t>(n.size() + 2, 18), ' ');
        os << "  " << n << c.summary << "\n";
    }
    os << "  version           print the version\n\n"
          "common options: --ruleset-file FILE  --default ID  --markers cap|fail|ignore\n"
          "                --defects probable|strict  -o OUT\n"
          "exit codes: 0 ok, 1 some records failed (or lint errors), 2 usage, 3 fatal\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace ocop::cli;
    if (argc < 2) {
        usage(std::cerr);
        return exit_usage;
    }
    const std::string cmd = argv[1];
    if (cmd == "version" || cmd == "--version") {
        std::cout << "ocop " << ocop::version_string << "\n";
        return exit_ok;
    }
    if (cmd == "help" || cmd == "--help" || cmd == "-h") {
        usage(std::cout);
        return exit_ok;
    }
    // Two-word commands ("ruleset diff") take precedence over one-word ones ("ruleset").
    const command* found = nullptr;
    if (argc >= 3)
        for (const auto& c : commands())
            if (c.name == cmd + " " + argv[2]) found = &c;
    if (!found)
        for (const auto& c : commands())
            if (c.name == cmd) found = &c;
    if (!found) {
        std::cerr << "ocop: unknown command " << cmd << "\n";
        usage(std::cerr);
        return exit_usage;
    }
    try {
        return found->run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "ocop " << cmd << ": internal error: " << e.what() << "\n";
        return exit_fatal;
    }
}
