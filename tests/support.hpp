#pragma once
// Helpers shared by the tests: parse text, score against the built-in registry, run the CLI.
#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>

namespace ocop {
/// Lets test failures print exact scores.
inline std::ostream& operator<<(std::ostream& os, const score& s) {
    return os << s.fraction();
}
} // namespace ocop

namespace ocop::test {

/// Parse and score one evaluation given as JSON text; throws ocop::error on refusal.
struct scored {
    evaluation ev;
    evaluation_result res;
};

inline scored score_text(const std::string& json, const registry& reg = registry::builtin()) {
    scored s;
    auto r = parse_evaluation(boost::json::parse(json), reg, s.ev);
    if (!r) throw error(r.error());
    score_evaluation(s.ev, s.res);
    return s;
}

/// The diagnostic of a refused evaluation (code ok when it was accepted).
inline diagnostic refusal(const std::string& json, const registry& reg = registry::builtin()) {
    evaluation ev;
    auto r = parse_evaluation(boost::json::parse(json), reg, ev);
    return r ? diagnostic{} : r.error();
}

/// Run a shell command; returns its exit status and captures stdout.
inline int run(const std::string& cmd, std::string* out = nullptr) {
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return -1;
    std::string text;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    const int st = ::pclose(p);
    if (out) *out = text;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/// Write a file in the test temporary directory and return its path.
inline std::string temp_file(const std::string& name, const std::string& content) {
    const std::string path = std::string(OCOP_TEST_TMP) + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

/// Read a whole file.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace ocop::test
