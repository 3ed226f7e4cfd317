#pragma once
// Sub-command entry points of the ocop tool.
namespace ocop::cli {
int cmd_score(int argc, char** argv);
int cmd_explain(int argc, char** argv);
int cmd_ruleset(int argc, char** argv);
int cmd_sheet(int argc, char** argv);
} // namespace ocop::cli
