#pragma once
// Sub-commands register themselves: `static const command_registration r{...};` in their file.
// A command builds its parser with the helpers of cli_common.hpp (make_app, parse), so that
// `ocop help NAME` (which runs it with --help) shows the options it declares.
#include <string>
#include <vector>

namespace ocop::cli {

/// A sub-command: `name` is one word ("score") or two ("ruleset diff").
struct command {
    std::string name;
    int (*run)(int argc, char** argv); ///< argv[1] (and argv[2] for two words) is the name.
    std::string summary;               ///< One line for `ocop help`.
};

/// All registered sub-commands.
std::vector<command>& commands();

/// Registers a sub-command at static-initialisation time.
struct command_registration {
    command_registration(std::string name, int (*run)(int, char**), std::string summary) {
        commands().push_back({std::move(name), run, std::move(summary)});
    }
};

} // namespace ocop::cli
