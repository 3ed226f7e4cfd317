#include "cli_common.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
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
                out.all.emplace_back(name.substr(0, eq), name.substr(eq + 1));
                continue;
            }
            if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
                out.options[name] = "1";
                out.all.emplace_back(name, "1");
                continue;
            }
            if (i + 1 >= argc) return "option --" + name + " needs a value";
            out.options[name] = argv[++i];
            out.all.emplace_back(name, argv[i]);
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
    // --as-of DATE: records naming no ruleset and no filing date take the edition in force
    // on that date; records with "ruleset" or "filed_on" keep their own choice.
    if (a.has("as-of")) {
        const auto day = date::parse(a.get("as-of"));
        if (!day) return diagnostic{errc::invalid_value, "", "--as-of takes YYYY-MM-DD"};
        const ruleset* rs = reg->in_force_on(*day);
        if (!rs)
            return diagnostic{errc::unknown_ruleset, "",
                              "no ruleset in force on " + day->to_string()};
        reg->set_default(rs->id());
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

std::ostream& output::stream() {
    return file_ ? static_cast<std::ostream&>(*file_) : std::cout;
}

bool output::ok() const {
    return !file_ || static_cast<bool>(*file_);
}

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

bool for_each_json_record(const std::string& path,
                          const std::function<result<void>(const boost::json::value&)>& fn,
                          bool& failed, std::string& err) {
    return for_each_record(
        path,
        [&](const record_text& rec) {
            boost::system::error_code ec;
            const auto v = boost::json::parse(rec.text, ec);
            if (ec) {
                report_error(rec.line, "",
                             {errc::invalid_json, "", "not valid JSON: " + ec.message()});
                failed = true;
                return;
            }
            auto r = fn(v);
            if (r) return;
            std::string id;
            if (const auto* o = v.if_object())
                if (const auto* i = o->if_contains("id")) {
                    if (const auto* s = i->if_string())
                        id.assign(s->data(), s->size());
                    else if (i->is_int64())
                        id = std::to_string(i->get_int64());
                }
            report_error(rec.line, id, r.error());
            failed = true;
        },
        err);
}

int for_each_evaluation(const std::string& cmd, const std::string& path, const registry& reg,
                        output& out,
                        const std::function<result<void>(evaluation&, std::ostream&)>& fn) {
    bool failed = false;
    std::string err;
    evaluation ev;
    const bool ok = for_each_json_record(
        path,
        [&](const boost::json::value& v) -> result<void> {
            auto r = parse_evaluation(v, reg, ev);
            if (!r) return r;
            return fn(ev, out.stream());
        },
        failed, err);
    if (!ok || !out.commit(err)) {
        std::cerr << "ocop " << cmd << ": " << err << "\n";
        return exit_fatal;
    }
    return failed ? exit_partial : exit_ok;
}

void report_error(std::size_t line, std::string_view id, const diagnostic& d) {
    std::string msg = "error: line " + std::to_string(line);
    if (!id.empty()) msg += " (id " + std::string(id) + ")";
    msg += ": " + std::string(to_string(d.code)) + " at " + (d.path.empty() ? "/" : d.path) + ": " +
           d.message + "\n";
    std::cerr << msg;
}

} // namespace ocop::cli

namespace ocop::cli {

void report_batch_error(const batch_error& e) {
    std::string msg = "error: line " + std::to_string(e.line);
    if (!e.id.empty()) msg += " (id " + e.id + ")";
    if (!e.column.empty()) msg += " column " + e.column;
    msg += ": " + std::string(to_string(e.diag.code)) + " at " +
           (e.diag.path.empty() ? "/" : e.diag.path) + ": " + e.diag.message + "\n";
    std::cerr << msg;
}

std::optional<std::string> batch_options_from(const args& a, const std::string& path,
                                              batch_options& o) {
    auto number = [&](const char* name, std::size_t lo, std::size_t hi,
                      std::size_t& out) -> std::optional<std::string> {
        if (!a.has(name)) return std::nullopt;
        const std::string v = a.get(name);
        std::size_t n = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi)
            return "--" + std::string(name) + " must be a whole number in " + std::to_string(lo) +
                   ".." + std::to_string(hi);
        out = n;
        return std::nullopt;
    };
    std::size_t threads = o.threads;
    if (auto e = number("threads", 1, 256, threads)) return e;
    o.threads = static_cast<unsigned>(threads);
    if (auto e = number("max-line-bytes", 16, std::size_t(1) << 30, o.max_line_bytes)) return e;
    const std::string in = a.get("input-format");
    if (in == "csv")
        o.input = batch_input::csv;
    else if (in == "jsonl" || in == "json")
        o.input = batch_input::jsonl;
    else if (!in.empty())
        return std::string("--input-format must be jsonl or csv");
    else {
        const bool csv = path.size() > 4 && (path.compare(path.size() - 4, 4, ".csv") == 0 ||
                                             path.compare(path.size() - 4, 4, ".CSV") == 0);
        o.input = csv ? batch_input::csv : batch_input::jsonl;
    }
    const std::string fmt = a.get("format", "jsonl");
    if (fmt == "csv")
        o.output = batch_output::csv;
    else if (fmt == "jsonl" || fmt == "json")
        o.output = batch_output::jsonl;
    else
        return std::string("--format must be jsonl or csv");
    if (a.has("compact")) o.json.criteria = o.json.groups = false;
    return std::nullopt;
}

input_file::input_file(const std::string& path) {
    if (path == "-") return;
    file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        size_ = static_cast<std::size_t>(st.st_size);
}

bool input_file::ok() const {
    return !file_ || static_cast<bool>(*file_);
}

std::istream& input_file::stream() {
    return file_ ? static_cast<std::istream&>(*file_) : std::cin;
}

progress_meter::progress_meter(std::size_t total_bytes, bool enabled)
    : total_(total_bytes), on_(enabled && ::isatty(2)), start_(std::chrono::steady_clock::now()),
      last_(start_) {}

progress_meter::~progress_meter() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
}

void progress_meter::update(const batch_summary& s) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(s.records) / secs : 0;
    char buf[160];
    int n = std::snprintf(buf, sizeof buf, "\r%zu records (%zu failed), %.0f records/s", s.records,
                          s.failed, rate);
    if (total_ > 0 && s.bytes > 0 && s.bytes <= total_) {
        const double eta =
            secs * static_cast<double>(total_ - s.bytes) / static_cast<double>(s.bytes);
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ", %.0f%%, ETA %.0fs",
                           100.0 * static_cast<double>(s.bytes) / static_cast<double>(total_), eta);
    }
    std::cerr << buf << "\033[K" << std::flush;
    shown_ = true;
}

} // namespace ocop::cli

namespace ocop::cli {

std::vector<std::string> args::get_all(const std::string& k) const {
    std::vector<std::string> out;
    for (const auto& [name, value] : all) {
        if (name != k) continue;
        std::size_t b = 0;
        while (b <= value.size()) {
            auto e = value.find(',', b);
            if (e == std::string::npos) e = value.size();
            if (e > b) out.push_back(value.substr(b, e - b));
            b = e + 1;
        }
    }
    return out;
}

int aggregate_file(const char* cmd, const args& a, const registry& reg,
                   std::unique_ptr<cohort_aggregator>& agg, batch_summary& sum) {
    const std::string path = a.positional.empty() ? "-" : a.positional[0];
    batch_options bo;
    if (auto e = batch_options_from(a, path, bo)) {
        std::cerr << "ocop " << cmd << ": " << *e << "\n";
        return exit_usage;
    }
    bo.output = batch_output::none;
    bo.detail = score_detail::criteria; // cohorts read points per criterion, not reasons
    bo.accept_results = true;
    aggregate_options ao;
    for (const auto& k : a.get_all("by")) {
        group_key key;
        if (!parse_group_key(k, key)) {
            std::cerr << "ocop " << cmd << ": bad --by \"" << k
                      << "\" (province, year, ruleset, sheet, industry, subject_type, star or any "
                         "metadata key)\n";
            return exit_usage;
        }
        ao.by.push_back(key);
    }
    for (const auto& [name, value] : a.all) { // --where KEY=VALUE, repeatable, not split at ','
        if (name == "by" && value.find_first_not_of(", \t") == std::string::npos) {
            std::cerr << "ocop " << cmd << ": --by needs a key\n";
            return exit_usage;
        }
        if (name != "where") continue;
        key_filter f;
        if (!parse_key_filter(value, f)) {
            std::cerr << "ocop " << cmd << ": --where needs KEY=VALUE, got \"" << value << "\"\n";
            return exit_usage;
        }
        ao.where.push_back(std::move(f));
    }
    if (a.has("provinces")) {
        const std::string p = a.get("provinces");
        if (p != "2025" && p != "as-written") {
            std::cerr << "ocop " << cmd << ": --provinces must be 2025 or as-written\n";
            return exit_usage;
        }
        ao.provinces_2025 = p == "2025";
    }
    ao.collect_actions = std::string_view(cmd) == "report";
    if (a.has("near")) {
        // Whole or decimal points, kept in thousandths ("2", "2.5").
        const std::string v = a.get("near");
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !(d >= 0 && d <= 100) ||
            std::fabs(d * 1000 - std::round(d * 1000)) > 1e-6) {
            std::cerr << "ocop " << cmd << ": --near must be points between 0 and 100\n";
            return exit_usage;
        }
        ao.near_milli = static_cast<std::int64_t>(std::llround(d * 1000));
    }
    input_file in(path);
    if (!in.ok()) {
        std::cerr << "ocop " << cmd << ": cannot read " << path << "\n";
        return exit_fatal;
    }
    std::vector<cohort_aggregator> parts(bo.threads, cohort_aggregator(reg, ao));
    progress_meter progress(in.size(), !a.has("quiet"));
    batch_callbacks cb;
    cb.on_result = [&](unsigned w, const evaluation_result& r) { parts[w].add(r); };
    cb.on_result_line = [&](unsigned w, const boost::json::object& o) {
        return parts[w].add_result(o);
    };
    cb.on_error = [&](const batch_error& e) { report_batch_error(e); };
    cb.on_progress = [&](const batch_summary& s) { progress.update(s); };
    auto r = score_stream(in.stream(), nullptr, reg, bo, cb);
    if (!r) {
        std::cerr << "ocop " << cmd << ": " << path << ": " << r.error().what() << "\n";
        return exit_fatal;
    }
    sum = *r;
    // Exact statistics: merging the per-thread parts gives the one-pass result.
    for (std::size_t i = 1; i < parts.size(); ++i) parts[0].merge(parts[i]);
    agg = std::make_unique<cohort_aggregator>(std::move(parts[0]));
    return sum.failed ? exit_partial : exit_ok;
}

} // namespace ocop::cli
