// ocop: score OCOP products from the command line.
#include "cli_common.hpp"
#include "command.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

namespace ocop::cli {
std::vector<command>& commands() {
    static std::vector<command> all;
    return all;
}
} // namespace ocop::cli

namespace {

using namespace ocop::cli;

std::string overview() {
    auto all = commands();
    std::sort(all.begin(), all.end(),
              [](const command& a, const command& b) { return a.name < b.name; });
    std::string s =
        "ocop " + std::string(ocop::version_string) +
        " — OCOP product rating (Mỗi xã một sản phẩm)\n\n"
        "usage: ocop COMMAND [OPTIONS] [ARGS]\n"
        "       ocop help COMMAND    (or ocop COMMAND --help): the command's options\n\n"
        "commands:\n";
    for (const auto& c : all) {
        std::string n = c.name;
        n.resize(std::max<std::size_t>(n.size() + 2, 19), ' ');
        s += "  " + n + c.summary + "\n";
    }
    s += "\nexit codes: 0 ok, 1 some records failed (or lint errors), 2 usage, 3 fatal\n";
    return s;
}

/// The command named by argv[first...] (two words before one), or null.
const command* find(int argc, char** argv, int first, int& words) {
    if (first >= argc) return nullptr;
    const std::string w1 = argv[first];
    if (first + 1 < argc)
        for (const auto& c : commands())
            if (c.name == w1 + " " + argv[first + 1]) {
                words = 2;
                return &c;
            }
    for (const auto& c : commands())
        if (c.name == w1) {
            words = 1;
            return &c;
        }
    return nullptr;
}

int unknown(const std::string& name) {
    std::string subs;
    for (const auto& c : commands())
        if (c.name.starts_with(name + " ")) subs += "\n  ocop " + c.name + "  " + c.summary;
    std::cerr << "ocop: " << (subs.empty() ? "unknown command " + name : name + " needs one of:")
              << subs << "\nrun `ocop help` for the commands\n";
    return exit_usage;
}

int help(int argc, char** argv) {
    if (argc <= 2 || std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h") {
        std::string err;
        if (write_output("-", overview(), err)) return exit_ok;
        std::cerr << "ocop help: " << err << "\n";
        return exit_fatal;
    }
    int words = 0;
    const command* c = find(argc, argv, 2, words);
    if (!c || 2 + words != argc) return unknown(argv[2]);
    // Run the command with --help: the help is made from the options it declares.
    std::vector<char*> args = {argv[0]};
    for (int i = 2; i < 2 + words; ++i) args.push_back(argv[i]);
    std::string h = "--help";
    args.push_back(h.data());
    return c->run(static_cast<int>(args.size()), args.data());
}

int version(int argc, char** argv) {
    auto app = make_app("version", "print the version");
    if (auto code = parse(*app, argc, argv)) return *code;
    std::string err;
    if (write_output("-", "ocop " + std::string(ocop::version_string) + "\n", err)) return exit_ok;
    return fail(err);
}

const command_registration reg_version{"version", version, "print the version"};
const command_registration reg_help{"help", help, "list the commands, or the options of one"};

} // namespace

int main(int argc, char** argv) {
    install_cleanup_handlers();
    if (argc < 2) {
        std::cerr << overview();
        return exit_usage;
    }
    const std::string first = argv[1];
    if (first == "--help" || first == "-h") return help(1, argv);
    if (first == "--version") return version(2, argv);
    int words = 0;
    const command* c = find(argc, argv, 1, words);
    if (!c) return unknown(first);
    int code = exit_fatal;
    try {
        code = c->run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "ocop " << c->name << ": internal error: " << printable(e.what()) << "\n";
        return exit_fatal;
    }
    // Anything written through std::cout (none of the commands should) is checked too.
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "ocop " << c->name << ": stdout: write error\n";
        return exit_fatal;
    }
    return code;
}
