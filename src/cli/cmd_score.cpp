// ocop score / ocop explain: evaluations in, results out.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>

#include <iostream>

namespace ocop::cli {

namespace {

/// Parses and scores records one by one, reusing every buffer.
class scorer {
  public:
    explicit scorer(const registry& reg) : reg_(reg) {}

    /// Score one record text; on failure fill `diag` and the id if it was readable.
    bool run(const record_text& rec, std::string& id, diagnostic& diag) {
        id.clear();
        boost::json::monotonic_resource mr(buffer_, sizeof buffer_);
        boost::json::parse_options po;
        po.max_depth = 32;
        boost::json::parser p({&mr}, po);
        boost::system::error_code ec;
        p.write(rec.text.data(), rec.text.size(), ec);
        if (ec) {
            diag = {errc::invalid_json, "", "not valid JSON: " + ec.message()};
            return false;
        }
        const boost::json::value v = p.release();
        if (const auto* o = v.if_object())
            if (const auto* i = o->if_contains("id")) {
                if (i->is_string()) id = i->as_string().c_str();
                else if (i->is_int64()) id = std::to_string(i->get_int64());
            }
        auto r = parse_evaluation(v, reg_, ev_);
        if (!r) {
            diag = r.error();
            return false;
        }
        score_evaluation(ev_, result_);
        return true;
    }
    const evaluation_result& result() const { return result_; }

  private:
    const registry& reg_;
    evaluation ev_;
    evaluation_result result_;
    unsigned char buffer_[16384];
};

} // namespace

int cmd_score(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {"compact", "quiet"}, a)) {
        std::cerr << "ocop score: " << *e << "\n";
        return exit_usage;
    }
    if (a.positional.size() != 1) {
        std::cerr << "usage: ocop score FILE|- [-o OUT] [--errors ERRFILE] [--compact] "
                     "[--markers cap|fail|ignore] [--defects probable|strict] "
                     "[--ruleset-file F] [--default ID]\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop score: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    output out(a.get("output"));
    output errs(a.get("errors"));
    if (!out.ok() || !errs.ok()) {
        std::cerr << "ocop score: cannot open the output file\n";
        return exit_fatal;
    }
    result_json_options jopts;
    if (a.has("compact")) jopts.criteria = jopts.groups = false;
    const bool errors_to_file = a.has("errors");
    auto sc = std::make_unique<scorer>(*reg);
    std::size_t good = 0, bad = 0;
    std::string line, id, err;
    diagnostic diag;
    const bool read = for_each_record(
        a.positional[0],
        [&](const record_text& rec) {
            line.clear();
            if (sc->run(rec, id, diag)) {
                append_result_json(sc->result(), line, jopts);
                line += '\n';
                out.stream() << line;
                ++good;
            } else {
                ++bad;
                report_error(rec.line, id, diag);
                if (errors_to_file) {
                    append_error_json(rec.line, id, diag, line);
                    line += '\n';
                    errs.stream() << line;
                }
            }
        },
        err);
    if (!read) {
        std::cerr << "ocop score: " << err << "\n";
        return exit_fatal;
    }
    if (!out.commit(err) || (errors_to_file && !errs.commit(err))) {
        std::cerr << "ocop score: " << err << "\n";
        return exit_fatal;
    }
    if (!a.has("quiet"))
        std::cerr << "scored " << good << " record(s), " << bad << " failed\n";
    return bad ? exit_partial : exit_ok;
}

int cmd_explain(int argc, char** argv) {
    args a;
    if (auto e = parse_args(argc, argv, 2, {}, a)) {
        std::cerr << "ocop explain: " << *e << "\n";
        return exit_usage;
    }
    if (a.positional.size() != 1) {
        std::cerr << "usage: ocop explain FILE|- [--id ID] [--markers …] [--defects …]\n";
        return exit_usage;
    }
    auto reg = make_registry(a);
    if (!reg) {
        std::cerr << "ocop explain: " << reg.error().what() << "\n";
        return exit_fatal;
    }
    auto sc = std::make_unique<scorer>(*reg);
    std::string id, err, text;
    diagnostic diag;
    bool done = false, failed = false;
    const std::string want = a.get("id");
    const bool read = for_each_record(
        a.positional[0],
        [&](const record_text& rec) {
            if (done) return;
            if (!sc->run(rec, id, diag)) {
                if (want.empty() || id == want) {
                    report_error(rec.line, id, diag);
                    failed = done = true;
                }
                return;
            }
            if (!want.empty() && id != want) return;
            text = explain(sc->result());
            done = true;
        },
        err);
    if (!read) {
        std::cerr << "ocop explain: " << err << "\n";
        return exit_fatal;
    }
    if (failed) return exit_partial;
    if (!done) {
        std::cerr << "ocop explain: no " << (want.empty() ? "record" : "record with id " + want)
                  << " found\n";
        return exit_partial;
    }
    std::cout << text;
    return exit_ok;
}

namespace {
const command_registration reg_cmd_score{"score", cmd_score, "score evaluations (JSON or JSON Lines) into JSON Lines results"};
const command_registration reg_cmd_explain{"explain", cmd_explain, "explain one evaluation: points lost, what decided the star"};
} // namespace

} // namespace ocop::cli
