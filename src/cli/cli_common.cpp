#include "cli_common.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ocop::cli {

std::optional<std::string> parse_args(int argc, char** argv, int first,
                                      const std::vector<std::string>& flags, args& out) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                out.options[name.substr(0, eq)] = name.substr(eq + 1);
                continue;
            }
            if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
                out.options[name] = "1";
                continue;
            }
            if (i + 1 >= argc) return "option --" + name + " needs a value";
            out.options[name] = argv[++i];
        } else if (a == "-o") {
            if (i + 1 >= argc) return std::string("option -o needs a file");
            out.options["output"] = argv[++i];
        } else {
            out.positional.push_back(a);
        }
    }
    return std::nullopt;
}

result<load_options> policy_options(const args& a) {
    load_options o;
    if (a.has("markers")) {
        missed_minimum_policy p{};
        if (!boost::describe::enum_from_string(a.get("markers").c_str(), p))
            return diagnostic{errc::invalid_value, "", "--markers must be cap, fail or ignore"};
        o.missed_minimum = p;
    }
    if (a.has("defects")) {
        defect_policy p{};
        if (!boost::describe::enum_from_string(a.get("defects").c_str(), p))
            return diagnostic{errc::invalid_value, "", "--defects must be probable or strict"};
        o.defects = p;
    }
    return o;
}

result<registry> make_registry(const args& a) {
    auto opts = policy_options(a);
    if (!opts) return opts.error();
    auto reg = registry::builtin(*opts);
    if (!reg) return reg.error();
    if (a.has("ruleset-file")) {
        auto rs = ruleset::load_file(a.get("ruleset-file"), *opts);
        if (!rs) return rs.error();
        reg->add(std::move(*rs));
    }
    if (a.has("default")) {
        if (!reg->find(a.get("default")))
            return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + a.get("default")};
        reg->set_default(a.get("default"));
    }
    return reg;
}

output::output(const std::string& path) : path_(path) {
    if (path_.empty() || path_ == "-") return;
    tmp_ = path_ + ".tmp." + std::to_string(::getpid());
    file_ = std::make_unique<std::ofstream>(tmp_, std::ios::binary | std::ios::trunc);
}

output::~output() {
    if (file_) {
        file_->close();
        std::remove(tmp_.c_str());
    }
}

std::ostream& output::stream() { return file_ ? static_cast<std::ostream&>(*file_) : std::cout; }

bool output::ok() const { return !file_ || static_cast<bool>(*file_); }

bool output::commit(std::string& err) {
    if (!file_) {
        std::cout.flush();
        return static_cast<bool>(std::cout);
    }
    file_->flush();
    const bool good = static_cast<bool>(*file_);
    file_->close();
    file_.reset();
    if (!good || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
        std::remove(tmp_.c_str());
        err = "cannot write " + path_;
        return false;
    }
    return true;
}

bool write_output(const std::string& path, const std::string& text, std::string& err) {
    output out(path);
    if (!out.ok()) {
        err = "cannot write " + path;
        return false;
    }
    out.stream() << text;
    return out.commit(err);
}

namespace {

void trim_line(std::string& line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// Whether this text is the start of a JSON value continued on later lines.
bool incomplete(std::string_view text) {
    boost::json::stream_parser p;
    boost::system::error_code ec;
    p.write(text.data(), text.size(), ec);
    if (ec) return false;
    p.finish(ec);
    return ec == boost::json::error::incomplete;
}

void each_of_whole(const std::string& text, std::size_t first_line,
                   const std::function<void(const record_text&)>& fn) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (!ec && v.is_array()) {
        // Elements of an array are numbered by their index; report line as the start line.
        for (const auto& el : v.as_array()) {
            const std::string s = boost::json::serialize(el);
            fn({first_line, s});
        }
        return;
    }
    fn({first_line, text});
}

} // namespace

bool for_each_record(const std::string& path, const std::function<void(const record_text&)>& fn,
                     std::string& err) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            err = "cannot read " + path;
            return false;
        }
        in = &file;
    }
    std::string line;
    std::size_t lineno = 0;
    bool first = true;
    while (std::getline(*in, line)) {
        ++lineno;
        trim_line(line);
        std::string_view text = line;
        if (first) text = strip_bom(text);
        if (blank(text)) continue;
        if (first) {
            first = false;
            const auto pos = text.find_first_not_of(" \t");
            // A JSON array, or one object printed over several lines: read it whole.
            if (text[pos] == '[' || incomplete(text)) {
                std::string whole(text);
                whole += '\n';
                std::ostringstream rest;
                rest << in->rdbuf();
                whole += rest.str();
                each_of_whole(whole, lineno, fn);
                return !in->bad();
            }
        }
        fn({lineno, text});
    }
    if (in->bad()) {
        err = "error reading " + path;
        return false;
    }
    return true;
}

void report_error(std::size_t line, std::string_view id, const diagnostic& d) {
    std::string msg = "error: line " + std::to_string(line);
    if (!id.empty()) msg += " (id " + std::string(id) + ")";
    msg += ": " + std::string(to_string(d.code)) + " at " + (d.path.empty() ? "/" : d.path) +
           ": " + d.message + "\n";
    std::cerr << msg;
}

} // namespace ocop::cli
