// ocop: score OCOP products from the command line.
#include "cli_common.hpp"
#include "commands.hpp"

#include <iostream>
#include <string>

namespace {
const char* usage = R"(ocop — OCOP product rating (Mỗi xã một sản phẩm)

usage: ocop COMMAND [ARGS]

commands:
  score FILE|-          score evaluations (JSON or JSON Lines) to JSON Lines results
  explain FILE|-        explain one evaluation: points lost, what decided the star
  ruleset list|show|lint|export   inspect rulesets
  sheet --sheet N       print the blank scoring sheet as Markdown
  version               print the version

common options: --ruleset-file FILE  --default ID  --markers cap|fail|ignore
                --defects probable|strict  -o OUT
exit codes: 0 ok, 1 some records failed (or lint errors), 2 usage, 3 fatal
)";
} // namespace

int main(int argc, char** argv) {
    using namespace ocop::cli;
    if (argc < 2) {
        std::cerr << usage;
        return exit_usage;
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "score") return cmd_score(argc, argv);
        if (cmd == "explain") return cmd_explain(argc, argv);
        if (cmd == "ruleset") return cmd_ruleset(argc, argv);
        if (cmd == "sheet") return cmd_sheet(argc, argv);
        if (cmd == "version" || cmd == "--version") {
            std::cout << "ocop " << ocop::version_string << "\n";
            return exit_ok;
        }
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            std::cout << usage;
            return exit_ok;
        }
    } catch (const std::exception& e) {
        std::cerr << "ocop " << cmd << ": internal error: " << e.what() << "\n";
        return exit_fatal;
    }
    std::cerr << "ocop: unknown command " << cmd << "\n" << usage;
    return exit_usage;
}
