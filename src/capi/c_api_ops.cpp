// The C API's operations: options, the per-record processor (the CLI's commands on records
// read by read_records, written by the library's JSON writers), and the one-record calls.
#define OCOP_NO_DEPRECATION_WARNINGS
#include "c_api_detail.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/parse.hpp>

#include <cmath>
#include <cstring>
#include <istream>
#include <streambuf>

namespace ocop::detail::capi {

namespace {

/// An istream over memory, without copying it.
struct memory_buf : std::streambuf {
    explicit memory_buf(std::string_view s) {
        char* p = const_cast<char*>(s.data()); // only read
        setg(p, p, p + s.size());
    }
};

diagnostic bad(errc code, std::string_view key, std::string message) {
    return {code, "/" + pointer_token(key), std::move(message)};
}

/// Points as a JSON number or string with at most three decimals, in thousandths.
bool points_milli(const boost::json::value& v, std::int64_t& out) {
    if (v.is_int64() || v.is_uint64()) {
        const auto n = v.to_number<std::int64_t>();
        if (n < 0 || n > 1000000) return false;
        out = n * 1000;
        return true;
    }
    if (v.is_double()) {
        const double d = v.get_double() * 1000;
        if (!(d >= 0 && d <= 1e9)) return false;
        const double r = std::round(d);
        if (std::fabs(d - r) > 1e-6) return false;
        out = static_cast<std::int64_t>(r);
        return true;
    }
    if (v.is_string()) {
        const auto m = parse_points_milli(v.get_string());
        if (m) out = *m;
        return m.has_value();
    }
    return false;
}

bool whole(const boost::json::value& v, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    if (!v.is_int64() && !v.is_uint64()) return false;
    const auto n = v.to_number<std::int64_t>();
    if (n < lo || n > hi) return false;
    out = n;
    return true;
}

/// A problem of record `line` as `ocop validate` lists it ("/" for the record itself).
validation_row problem_row(std::size_t line, std::string_view id, const diagnostic& d) {
    return {"line " + std::to_string(line), std::string(id), d.path.empty() ? "/" : d.path,
            to_string(d.code), d.message};
}

const char* keys_of(int op, bool many) {
    switch (op) {
    case OCOP_OP_SCORE:
        return many ? "input, max_line_bytes, detail, messages, output" : "detail, messages";
    case OCOP_OP_PLAN:
        return many ? "input, max_line_bytes, target, consensus" : "target, consensus";
    case OCOP_OP_COUNCIL:
        return many ? "input, max_line_bytes, spread" : "spread";
    case OCOP_OP_VALIDATE:
        return "input, max_line_bytes, lang";
    case OCOP_OP_AGGREGATE:
        return "input, max_line_bytes, by, where, provinces, near, top, format";
    default:
        return many ? "input, max_line_bytes" : "none";
    }
}

} // namespace

namespace {

/// What an option handler made of a key: nullopt when the key is not one of its operation's,
/// else taken (ok) or refused.
using option_outcome = std::optional<result<void>>;

/// The options of every operation over many records: input, max_line_bytes.
option_outcome stream_option(std::string_view k, const boost::json::value& val, op_options& o) {
    std::int64_t n = 0;
    if (k == "input") {
        const std::string_view s = val.is_string() ? std::string_view(val.get_string()) : "";
        if (s == "auto")
            o.input = record_format::auto_detect;
        else if (s == "jsonl" || s == "json")
            o.input = record_format::json;
        else if (s == "csv")
            o.input = record_format::csv;
        else
            return bad(errc::invalid_value, k, "must be auto, jsonl, json or csv");
        return result<void>{};
    }
    if (k == "max_line_bytes") {
        if (!whole(val, 16, std::int64_t(1) << 30, n))
            return bad(errc::out_of_range, k, "must be a whole number in 16..1073741824");
        o.max_line_bytes = static_cast<std::size_t>(n);
        return result<void>{};
    }
    return std::nullopt;
}

/// The options of score: detail, messages, output (many records only).
option_outcome score_option(std::string_view k, const boost::json::value& val, bool many,
                            result_detail& detail, bool& messages, op_options& o) {
    const std::string_view s = val.is_string() ? std::string_view(val.get_string()) : "";
    if (k == "detail") {
        if (!val.is_string() || !boost::describe::enum_from_string(std::string(s).c_str(), detail))
            return bad(errc::invalid_value, k, "must be totals, criteria or full");
    } else if (k == "messages") {
        if (!val.is_bool()) return bad(errc::wrong_type, k, "must be true or false");
        messages = val.get_bool();
    } else if (many && k == "output") {
        if (s != "jsonl" && s != "csv") return bad(errc::invalid_value, k, "must be jsonl or csv");
        o.csv_output = s == "csv";
    } else {
        return std::nullopt;
    }
    return result<void>{};
}

/// The options of plan (target, consensus), council (spread) and validate (lang).
option_outcome review_option(int op, std::string_view k, const boost::json::value& val,
                             op_options& o) {
    std::int64_t n = 0;
    if (op == OCOP_OP_PLAN && k == "target") {
        if (!whole(val, 1, 5, n))
            return bad(errc::out_of_range, k, "must be a whole number in 1..5");
        o.plan.target = static_cast<star_rank>(n);
    } else if (op == OCOP_OP_PLAN && k == "consensus") {
        if (!val.is_bool()) return bad(errc::wrong_type, k, "must be true or false");
        o.consensus = val.get_bool();
    } else if (op == OCOP_OP_COUNCIL && k == "spread") {
        if (!points_milli(val, o.council.spread_milli))
            return bad(errc::invalid_value, k,
                       "expects points such as 10 or 7.5 (up to 3 decimals)");
    } else if (op == OCOP_OP_VALIDATE && k == "lang") {
        if (!val.is_string() || !parse_message_language(val.get_string(), o.lang))
            return bad(errc::invalid_value, k, "must be vi or en");
    } else {
        return std::nullopt;
    }
    return result<void>{};
}

/// The `by` or `where` list of aggregate: cohort keys, or KEY=VALUE filters.
result<void> aggregate_list(std::string_view k, const boost::json::value& val, op_options& o) {
    if (!val.is_array()) return bad(errc::wrong_type, k, "must be an array of strings");
    std::size_t i = 0;
    for (const auto& e : val.get_array()) {
        const std::string path = "/" + pointer_token(k) + "/" + std::to_string(i++);
        if (!e.is_string()) return diagnostic{errc::wrong_type, path, "must be a string"};
        const std::string_view t = e.get_string();
        if (k == "by") {
            group_key g;
            if (!parse_group_key(t, g))
                return diagnostic{errc::invalid_value, path,
                                  "bad key (province, year, ruleset, sheet, industry, "
                                  "subject_type, star or any metadata key)"};
            o.aggregate.by.push_back(std::move(g));
        } else {
            key_filter f;
            if (!parse_key_filter(t, f))
                return diagnostic{errc::invalid_value, path, "needs KEY=VALUE"};
            o.aggregate.where.push_back(std::move(f));
        }
    }
    return {};
}

/// The options of aggregate: by, where, provinces, near, top, format.
option_outcome aggregate_option(std::string_view k, const boost::json::value& val, op_options& o) {
    const std::string_view s = val.is_string() ? std::string_view(val.get_string()) : "";
    std::int64_t n = 0;
    if (k == "by" || k == "where") return aggregate_list(k, val, o);
    if (k == "provinces") {
        if (s != "2025" && s != "as-written")
            return bad(errc::invalid_value, k, "must be 2025 or as-written");
        o.aggregate.provinces_2025 = s == "2025";
    } else if (k == "near") {
        if (!points_milli(val, o.aggregate.near_milli))
            return bad(errc::invalid_value, k,
                       "expects points such as 2 or 1.5 (up to 3 decimals)");
    } else if (k == "top") {
        if (!whole(val, 0, 1000, n))
            return bad(errc::out_of_range, k, "must be a whole number in 0..1000");
        o.top = static_cast<std::size_t>(n);
    } else if (k == "format") {
        if (s != "json" && s != "csv" && s != "weakest-csv" && s != "histogram-csv")
            return bad(errc::invalid_value, k, "must be json, csv, weakest-csv or histogram-csv");
        o.aggregate_format = std::string(s);
    } else {
        return std::nullopt;
    }
    return result<void>{};
}

} // namespace

result<boost::json::object> options_object(std::string_view json) {
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_object())
        return diagnostic{errc::invalid_json, "", "options must be a JSON object"};
    return std::move(v.as_object());
}

result<op_options> parse_options(int op, std::string_view json, bool many) {
    op_options o;
    if (json.empty()) return o;
    const auto v = options_object(json);
    if (!v) return v.error();
    result_detail detail = result_detail::totals;
    bool messages = false;
    for (const auto& [k, val] : *v) {
        option_outcome r;
        if (many) r = stream_option(k, val, o);
        if (!r && op == OCOP_OP_SCORE) r = score_option(k, val, many, detail, messages, o);
        if (!r && op == OCOP_OP_AGGREGATE) r = aggregate_option(k, val, o);
        if (!r) r = review_option(op, k, val, o);
        if (!r)
            return bad(errc::unknown_field, k,
                       std::string("unknown option (") + keys_of(op, many) + ")");
        if (!*r) return r->error();
    }
    o.json = result_json_options::at(detail, messages);
    return o;
}

// ---- processor ----------------------------------------------------------------------------

processor::processor(const registry& reg, int op, op_options opts)
    : reg_(reg), op_(op), opts_(std::move(opts)) {
    if (op_ == OCOP_OP_AGGREGATE) {
        // The CLI's default: no near-threshold count unless asked (--near).
        agg_ = std::make_unique<cohort_aggregator>(reg_, opts_.aggregate);
    }
}

processor::~processor() = default;

void processor::start(sink& s) {
    if (started_) return;
    started_ = true;
    if (op_ == OCOP_OP_SCORE && opts_.csv_output && !s.output(result_csv_header()))
        throw abort_run{};
}

void processor::finish(sink& s) {
    start(s);
    if (op_ != OCOP_OP_AGGREGATE) return;
    cohort_output_options co;
    co.top_criteria = opts_.top;
    const auto& f = opts_.aggregate_format;
    const std::string doc = f == "json"          ? cohorts_json(*agg_, co)
                            : f == "csv"         ? cohorts_csv(*agg_)
                            : f == "weakest-csv" ? weakest_csv(*agg_, co)
                                                 : histogram_csv(*agg_);
    if (!s.output(doc)) throw abort_run{};
}

result<void> processor::run(std::string_view text, record_format format, std::ptrdiff_t shift,
                            sink& s, bool lines_only) {
    start(s);
    shift_ = shift;
    // score and aggregate read records as `ocop score` and `ocop aggregate` do (the batch
    // reader); the other operations as their commands do (the record reader).
    if (op_ == OCOP_OP_SCORE || op_ == OCOP_OP_AGGREGATE) {
        if (lines_only && format == record_format::json) {
            // The batch reader takes input starting with '[' for one JSON array; a line "{}"
            // in front keeps it JSON Lines (an array line is then one record, as in a file),
            // and that line's refusal is not reported.
            std::string framed = "{}\n";
            framed += text;
            shift_ = shift - 1;
            memory_buf mb(framed);
            std::istream in(&mb);
            return run_batch(in, format, s, true);
        }
        memory_buf mb(text);
        std::istream in(&mb);
        return run_batch(in, format, s, false);
    }
    memory_buf mb(text);
    std::istream in(&mb);
    record_reader_options ro;
    ro.format = format;
    ro.max_line_bytes = opts_.max_line_bytes;
    ro.report_duplicate_ids = false;
    record_callbacks cb;
    cb.on_record = [&](const reader_record& r) { return on_record(r, s); };
    cb.on_error = [&](const record_error& e) { on_error(e, s); };
    cb.on_warning = [](const std::string&) {};
    auto r = read_records(in, "input", ro, cb);
    if (!r) return r.error();
    records_ += r->records;
    return {};
}

void processor::emit_result(const evaluation_result& r, sink& s) {
    if (agg_) {
        agg_->add(r);
        return;
    }
    line_.clear();
    if (opts_.csv_output) {
        append_result_csv(r, line_);
    } else {
        append_result_json(r, line_, opts_.json);
        line_ += '\n';
    }
    if (!s.output(line_)) throw abort_run{};
}

result<void> processor::run_batch(std::istream& in, record_format format, sink& s,
                                  bool skip_first) {
    batch_options bo;
    bo.threads = 1;
    bo.max_line_bytes = opts_.max_line_bytes;
    bo.input = format == record_format::csv    ? batch_input::csv
               : format == record_format::json ? batch_input::jsonl
                                               : batch_input::auto_detect;
    bo.output = batch_output::none;
    // One record per chunk: its result and its refusal reach the sink in input order.
    bo.chunk_records = 1;
    bo.detail = agg_ ? score_detail::criteria : score_detail::full;
    bo.accept_results = agg_ != nullptr;
    batch_callbacks cb;
    cb.on_result = [&](unsigned, const evaluation_result& r) { emit_result(r, s); };
    if (agg_)
        cb.on_result_line = [&](unsigned, const boost::json::object& o) {
            return agg_->add_result(o);
        };
    cb.on_error = [&](const batch_error& e) {
        if (skip_first && e.line == 1) return;
        on_error(record_error{e.line, 0, e.id, e.column, e.diag}, s);
    };
    auto r = score_stream(in, nullptr, reg_, bo, cb);
    if (!r) return r.error();
    records_ += r->records - (skip_first && r->records ? 1 : 0);
    return {};
}

void processor::refuse(std::size_t line, const diagnostic& d, sink& s) {
    ++records_;
    record_error e;
    e.line = line;
    e.diag = d;
    const auto keep = shift_;
    shift_ = 0;
    on_error(e, s);
    shift_ = keep;
}

void processor::on_error(const record_error& raw, sink& s) {
    record_error e = raw;
    e.line = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(e.line) + shift_);
    ++failed_;
    if (!first_) first_ = e;
    if (op_ == OCOP_OP_VALIDATE) {
        // `ocop validate` lists an unreadable record as one of the problems.
        line_.clear();
        append_validation_json(problem_row(e.line, e.id, e.diag), line_);
        if (!s.output(line_)) throw abort_run{};
        return;
    }
    err_line_.clear();
    append_error_line(e.line, e.id, e.diag, e.column, err_line_);
    const ocop_record_error rec{e.line,
                                e.id.c_str(),
                                static_cast<ocop_status>(e.diag.code),
                                e.diag.path.c_str(),
                                e.diag.message.c_str(),
                                e.column.c_str(),
                                err_line_.c_str()};
    if (!s.refused(rec)) throw abort_run{};
}

bool processor::validate(const boost::json::value& v, std::size_t line, sink& s) {
    auto ps = validate_evaluation(v, reg_, opts_.lang);
    const std::string id = record_id(v);
    if (!id.empty())
        if (std::size_t first = dups_.see(id, line))
            ps.push_back(duplicate_ids::problem("line " + std::to_string(first), opts_.lang));
    if (ps.empty()) return true;
    ++failed_;
    if (!first_) first_ = record_error{line, 0, id, {}, {ps[0].code, ps[0].path, ps[0].message}};
    for (const auto& p : ps) {
        line_.clear();
        append_validation_json(problem_row(line, id, {p.code, p.path, p.message}), line_);
        if (!s.output(line_)) throw abort_run{};
    }
    return false;
}

result<void> processor::on_record(const reader_record& r, sink& s) {
    const auto& v = *r.value;
    const std::size_t line = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r.line) + shift_);
    line_.clear();
    switch (op_) {
    case OCOP_OP_VALIDATE:
        validate(v, line, s);
        return {};
    case OCOP_OP_RANGE: {
        auto ev = parse_partial_evaluation(v, reg_);
        if (!ev) return ev.error();
        auto rg = range_of(*ev);
        if (!rg) return rg.error();
        append_range_json(*ev, *rg, line_);
        break;
    }
    case op_explain:
        if (v.is_object() && v.get_object().contains("ruleset_hash") &&
            is_result_line(v.get_object())) {
            line_ = explain_result_line(v.get_object());
            break;
        }
        [[fallthrough]];
    default: {
        if (auto p = parse_evaluation(v, reg_, ev_); !p) return p;
        if (op_ == op_explain) {
            score_evaluation(ev_, res_);
            line_ = explain(res_);
        } else if (op_ == OCOP_OP_PLAN) {
            if (ev_.members > 1 && opts_.consensus) ev_ = consensus_evaluation(ev_);
            auto p = plan_upgrade(ev_, opts_.plan);
            if (!p) return p.error();
            append_plan_json(ev_, *p, line_);
        } else if (op_ == OCOP_OP_COUNCIL) {
            append_review_json(ev_, review_council(ev_, opts_.council), line_);
        }
    }
    }
    if (!s.output(line_)) throw abort_run{};
    return {};
}

ocop_summary processor::summary() const noexcept {
    return {records_, records_ >= failed_ ? records_ - failed_ : 0, failed_};
}

ocop_status run_status(const ocop_summary& counts, const std::optional<record_error>& first,
                       ocop_summary* summary, ocop_error* err) noexcept {
    if (summary) *summary = counts;
    if (!first) return ok(err);
    fail(err, OCOP_E_RECORDS_FAILED, first->diag.path, first->diag.message, first->line, first->id,
         first->column);
    if (err) err->record_code = static_cast<ocop_status>(first->diag.code);
    return OCOP_E_RECORDS_FAILED;
}

ocop_status run_status(const processor& p, ocop_summary* summary, ocop_error* err) noexcept {
    return run_status(p.summary(), p.first_refusal(), summary, err);
}

namespace {

/// Collects a processor's output and refusals.
struct collect_sink : sink {
    std::string out, errors;
    bool want_errors = false;
    bool output(std::string_view d) override {
        out += d;
        return true;
    }
    bool refused(const ocop_record_error& e) override {
        if (want_errors) errors += e.json;
        return true;
    }
};

} // namespace

result<one_outcome> run_one(const registry& reg, int op, std::string_view text,
                            std::string_view options_json) {
    auto opts = parse_options(op == op_explain ? 0 : op, options_json, false);
    if (!opts) return opts.error();
    collect_sink s;
    processor p(reg, op, *opts);
    if (auto r = p.run(text, record_format::json, 0, s); !r) return r.error();
    const auto sum = p.summary();
    if (sum.records != 1)
        return diagnostic{errc::invalid_value, "",
                          "expected one evaluation, found " + std::to_string(sum.records) +
                              " records (many records: ocop_process, text_engine::process)"};
    one_outcome o;
    if (const auto& f = p.first_refusal())
        o.refusal = f;
    else
        o.text = std::move(s.out);
    return o;
}

result<all_outcome> run_all(const registry& reg, int op, std::string_view text,
                            std::string_view options_json, bool want_refusals) {
    if (op < OCOP_OP_SCORE || op > OCOP_OP_AGGREGATE)
        return diagnostic{errc::invalid_value, "", "unknown operation"};
    auto opts = parse_options(op, options_json, true);
    if (!opts) return opts.error();
    const auto format = opts->input;
    processor p(reg, op, std::move(*opts));
    collect_sink s;
    s.want_errors = want_refusals;
    if (auto r = p.run(text, format, 0, s); !r) return r.error();
    p.finish(s);
    all_outcome o;
    o.output = std::move(s.out);
    o.refusals = std::move(s.errors);
    o.summary = p.summary();
    o.first = p.first_refusal();
    return o;
}

} // namespace ocop::detail::capi

namespace capi = ocop::detail::capi;

namespace {

/// One record in, its output out (run_one); a refusal is returned with the record's own code.
ocop_status one(const ocop_registry* reg, int op, const char* text, size_t size,
                const char* options_json, ocop_buffer* out, ocop_error* err) {
    if (capi::null_arg(reg, "reg is NULL", err) ||
        capi::null_arg(text, "evaluation is NULL", err) || capi::null_arg(out, "out is NULL", err))
        return OCOP_E_INVALID_ARGUMENT;
    ocop_buffer_free(out);
    return capi::guarded(err, [&]() -> ocop_status {
        auto r = capi::run_one(reg->reg(), op, std::string_view(text, size),
                               capi::options_text(options_json));
        if (!r) return capi::fail(err, r.error());
        if (const auto& f = r->refusal) return capi::fail(err, f->diag, f->line, f->id, f->column);
        if (!capi::give(out, r->text))
            return capi::fail(err, OCOP_E_OUT_OF_MEMORY, "", "out of memory");
        return capi::ok(err);
    });
}

} // namespace

extern "C" {

ocop_status ocop_score(const ocop_registry* reg, const char* evaluation, size_t size,
                       const char* options_json, ocop_buffer* out, ocop_error* err) {
    return one(reg, OCOP_OP_SCORE, evaluation, size, options_json, out, err);
}

ocop_status ocop_explain(const ocop_registry* reg, const char* evaluation, size_t size,
                         ocop_buffer* out, ocop_error* err) {
    return one(reg, capi::op_explain, evaluation, size, nullptr, out, err);
}

ocop_status ocop_plan(const ocop_registry* reg, const char* evaluation, size_t size,
                      const char* options_json, ocop_buffer* out, ocop_error* err) {
    return one(reg, OCOP_OP_PLAN, evaluation, size, options_json, out, err);
}

ocop_status ocop_range(const ocop_registry* reg, const char* evaluation, size_t size,
                       ocop_buffer* out, ocop_error* err) {
    return one(reg, OCOP_OP_RANGE, evaluation, size, nullptr, out, err);
}

ocop_status ocop_council(const ocop_registry* reg, const char* evaluation, size_t size,
                         const char* options_json, ocop_buffer* out, ocop_error* err) {
    return one(reg, OCOP_OP_COUNCIL, evaluation, size, options_json, out, err);
}

} // extern "C"
