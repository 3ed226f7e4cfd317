// Python bindings, the native half of the `ocop` package (`ocop._ocop`). Records go in as JSON
// text and results come back as the library's exact JSON lines (the CLI's lines), so the
// Python half (python/ocop/) builds typed objects whose to_dict() is the CLI's line. Every
// call that scores releases the GIL; refusals come back as (code, path, message, id) tuples
// or raise ocop.Error (python/ocop/_errors.py).
#include <ocop/ocop.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace py = pybind11;

namespace {

/// A refusal as Python sees it: (code, JSON Pointer, message, record id).
using refusal = std::tuple<std::string, std::string, std::string, std::string>;
/// One scored record: (JSON line or "", refusal when the line is "").
using outcome = std::pair<std::string, std::optional<refusal>>;

refusal refusal_of(const ocop::diagnostic& d, std::string id = {}) {
    return {std::string(ocop::to_string(d.code)), d.path, d.message, std::move(id)};
}

/// Raise ocop.Error (defined in Python) for a diagnostic.
[[noreturn]] void raise(const ocop::diagnostic& d, const std::string& id = {}) {
    throw ocop::error(
        ocop::diagnostic{d.code, d.path, d.message + (id.empty() ? "" : "\x1f" + id)});
}

/// A registry and the policy overrides applied to rulesets added later.
struct py_registry {
    ocop::registry reg;
    ocop::load_options opts;
};

ocop::load_options policy_options(const std::optional<std::string>& markers,
                                  const std::optional<std::string>& defects,
                                  const std::optional<std::string>& knockout) {
    ocop::load_options o;
    for (const auto& [name, value] :
         {std::pair{"markers", &markers}, std::pair{"defects", &defects},
          std::pair{"knockout", &knockout}})
        if (*value)
            if (auto r = ocop::set_policy_override(o, name, **value); !r) raise(r.error());
    return o;
}

py_registry make_registry(const std::optional<std::string>& markers,
                          const std::optional<std::string>& defects,
                          const std::optional<std::string>& knockout) {
    py_registry r;
    r.opts = policy_options(markers, defects, knockout);
    if (r.opts.missed_minimum || r.opts.defects || r.opts.knockout) {
        auto reg = ocop::registry::builtin(r.opts);
        if (!reg) raise(reg.error());
        r.reg = std::move(*reg);
    } else {
        r.reg = ocop::registry::builtin();
    }
    return r;
}

std::string add_ruleset(py_registry& r, ocop::result<ocop::ruleset> rs) {
    if (!rs) raise(rs.error());
    std::string id = rs->id();
    r.reg.add(std::move(*rs));
    return id;
}

const ocop::ruleset& find_ruleset(const py_registry& r, const std::string& id) {
    const auto* rs = r.reg.find(id);
    if (!rs) raise({ocop::errc::unknown_ruleset, "", "unknown ruleset " + id});
    return *rs;
}

ocop::result_json_options line_options(const std::string& detail, bool messages) {
    ocop::result_detail d{};
    if (!boost::describe::enum_from_string(detail.c_str(), d))
        throw py::value_error("detail must be totals, criteria or full");
    return ocop::result_json_options::at(d, messages);
}

/// Parse an evaluation from text (raises with the record's id when refused).
void parse_or_raise(const py_registry& r, const std::string& text, ocop::evaluation& ev) {
    if (auto p = ocop::parse_evaluation(text, r.reg, ev); !p) {
        std::string id;
        boost::system::error_code ec;
        if (auto v = boost::json::parse(text, ec); !ec) id = ocop::record_id(v);
        raise(p.error(), id);
    }
}

std::string score_text(const py_registry& r, const std::string& text, const std::string& detail,
                       bool messages) {
    const auto o = line_options(detail, messages);
    py::gil_scoped_release nogil;
    ocop::record_scorer sc(r.reg);
    std::string id, out;
    ocop::diagnostic diag;
    if (!sc.run(text, id, diag)) raise(diag, id);
    ocop::append_result_json(sc.result(), out, o);
    return out;
}

std::vector<outcome> score_texts(const py_registry& r, const std::vector<std::string>& texts,
                                 const std::string& detail, bool messages) {
    const auto o = line_options(detail, messages);
    std::vector<outcome> outs(texts.size());
    py::gil_scoped_release nogil;
    ocop::record_scorer sc(r.reg);
    std::string id;
    ocop::diagnostic diag;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        id.clear();
        if (sc.run(texts[i], id, diag))
            ocop::append_result_json(sc.result(), outs[i].first, o);
        else
            outs[i].second = refusal_of(diag, id);
    }
    return outs;
}

std::string explain_text(const py_registry& r, const std::string& text) {
    py::gil_scoped_release nogil;
    ocop::record_scorer sc(r.reg);
    std::string id;
    ocop::diagnostic diag;
    if (!sc.run(text, id, diag)) raise(diag, id);
    return ocop::explain(sc.result());
}

std::string plan_text(const py_registry& r, const std::string& text, int target, bool consensus) {
    py::gil_scoped_release nogil;
    ocop::evaluation ev;
    parse_or_raise(r, text, ev);
    if (ev.members > 1 && consensus) ev = ocop::consensus_evaluation(ev);
    ocop::plan_options po;
    if (target) po.target = static_cast<ocop::star_rank>(target);
    auto p = ocop::plan_upgrade(ev, po);
    if (!p) raise(p.error(), ev.id);
    std::string out;
    ocop::append_plan_json(ev, *p, out);
    return out;
}

std::string range_text(const py_registry& r, const std::string& text) {
    py::gil_scoped_release nogil;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) raise({ocop::errc::invalid_json, "", "not valid JSON: " + ec.message()});
    auto ev = ocop::parse_partial_evaluation(v, r.reg);
    if (!ev) raise(ev.error(), ocop::record_id(v));
    auto range = ocop::range_of(*ev);
    if (!range) raise(range.error(), ev->id);
    std::string out;
    ocop::append_range_json(*ev, *range, out);
    return out;
}

std::string council_text(const py_registry& r, const std::string& text, std::int64_t spread_milli) {
    py::gil_scoped_release nogil;
    ocop::evaluation ev;
    parse_or_raise(r, text, ev);
    ocop::council_options co;
    co.spread_milli = spread_milli;
    const auto review = ocop::review_council(ev, co);
    std::string out;
    ocop::append_review_json(ev, review, out);
    return out;
}

std::vector<refusal> validate_text(const py_registry& r, const std::string& text,
                                   const std::string& lang_name) {
    ocop::message_language lang{};
    if (!ocop::parse_message_language(lang_name, lang))
        throw py::value_error("language must be vi or en");
    py::gil_scoped_release nogil;
    std::vector<refusal> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) {
        out.push_back({"invalid_json", "", "not valid JSON: " + ec.message(), ""});
        return out;
    }
    const std::string id = ocop::record_id(v);
    for (const auto& p : ocop::validate_evaluation(v, r.reg, lang))
        out.push_back({std::string(ocop::to_string(p.code)), p.path, p.message, id});
    return out;
}

/// Exact cohort statistics fed record by record (`ocop aggregate`).
struct py_aggregator {
    const py_registry* r;
    py::object keep; ///< Keeps the registry alive.
    ocop::cohort_aggregator agg;
    ocop::cohort_output_options out;
    ocop::record_scorer sc;

    py_aggregator(py::object reg, const py_registry& rr, const ocop::aggregate_options& o,
                  std::size_t top)
        : r(&rr), keep(std::move(reg)), agg(rr.reg, o), sc(rr.reg) {
        out.top_criteria = top;
    }

    std::vector<std::optional<refusal>> add(const std::vector<std::string>& texts) {
        std::vector<std::optional<refusal>> errs(texts.size());
        py::gil_scoped_release nogil;
        std::string id;
        ocop::diagnostic diag;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            id.clear();
            if (sc.run(texts[i], id, diag))
                agg.add(sc.result());
            else
                errs[i] = refusal_of(diag, id);
        }
        return errs;
    }

    std::string json() {
        py::gil_scoped_release nogil;
        return ocop::cohorts_json(agg, out);
    }
};

std::unique_ptr<py_aggregator> make_aggregator(py::object reg, const std::vector<std::string>& by,
                                               std::size_t top, std::int64_t near_milli,
                                               bool provinces_2025) {
    const auto& r = reg.cast<const py_registry&>();
    ocop::aggregate_options opts;
    opts.near_milli = near_milli;
    opts.provinces_2025 = provinces_2025;
    for (std::size_t i = 0; i < by.size(); ++i) {
        ocop::group_key k{ocop::cohort_key::province};
        if (!ocop::parse_group_key(by[i], k))
            raise({ocop::errc::invalid_value, "/by/" + std::to_string(i),
                   "unknown cohort key " + by[i] +
                       " (province, year, ruleset, sheet, industry, subject_type, star or a "
                       "metadata key)"});
        opts.by.push_back(k);
    }
    return std::make_unique<py_aggregator>(std::move(reg), r, opts, top);
}

/// A cohort scored under two editions, record by record (`ocop rescore`).
struct py_rescorer {
    py::object keep; ///< Keeps the registry alive.
    std::optional<ocop::crosswalk> cw;
    std::unique_ptr<ocop::rescorer> rs;

    std::vector<outcome> add(const std::vector<std::string>& texts) {
        std::vector<outcome> outs(texts.size());
        py::gil_scoped_release nogil;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            boost::system::error_code ec;
            auto v = boost::json::parse(texts[i], ec);
            if (ec) {
                outs[i].second = refusal{"invalid_json", "", "not valid JSON: " + ec.message(), ""};
                continue;
            }
            auto r = rs->rescore(v);
            if (r)
                ocop::append_rescored_json(*r, outs[i].first);
            else
                outs[i].second = refusal_of(r.error(), ocop::record_id(v));
        }
        return outs;
    }

    /// The summary: the document of `ocop rescore --format json` without "records".
    std::string summary() const {
        std::string text;
        ocop::append_rescore_json(*rs, nullptr, text);
        text.pop_back(); // the newline that ends the CLI's document
        return text;
    }
};

std::unique_ptr<py_rescorer> make_rescorer(py::object reg, const std::string& from,
                                           const std::string& to, const std::string& fill,
                                           const std::optional<std::string>& crosswalk_path) {
    const auto& r = reg.cast<const py_registry&>();
    auto out = std::make_unique<py_rescorer>();
    const auto& source = find_ruleset(r, from);
    const auto& target = find_ruleset(r, to);
    ocop::fill_policy f{};
    if (!boost::describe::enum_from_string(fill.c_str(), f))
        throw py::value_error("fill must be range, min, max or refuse");
    if (crosswalk_path) {
        auto c = ocop::crosswalk::load_file(*crosswalk_path);
        if (!c) raise(c.error());
        out->cw = std::move(*c);
    }
    out->keep = std::move(reg);
    out->rs =
        std::make_unique<ocop::rescorer>(r.reg, source, target, f, out->cw ? &*out->cw : nullptr);
    if (out->rs->crosswalk_error()) raise(*out->rs->crosswalk_error());
    return out;
}

// ---- rulesets -----------------------------------------------------------------------------

/// Linter findings of ruleset text: (severity, check, sheet, path, message).
std::vector<std::tuple<std::string, std::string, int, std::string, std::string>>
lint_text(const std::string& text, const std::optional<std::string>& markers,
          const std::optional<std::string>& defects, const std::optional<std::string>& knockout) {
    const auto opts = policy_options(markers, defects, knockout);
    std::string_view t = text;
    if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
    boost::system::error_code ec;
    auto v = boost::json::parse(t, ec);
    if (ec) raise({ocop::errc::invalid_json, "", "not valid JSON: " + ec.message()});
    auto doc = ocop::read_json<ocop::ruleset_document>(v);
    if (!doc) raise(doc.error());
    std::vector<std::tuple<std::string, std::string, int, std::string, std::string>> out;
    for (const auto& f : ocop::lint(*doc, opts))
        out.emplace_back(boost::describe::enum_to_string(f.severity, "?"), f.check, f.sheet, f.path,
                         f.message);
    return out;
}

std::string diff_text(const py_registry& r, const std::string& a, const std::string& b,
                      std::optional<int> sheet, const std::string& format) {
    const auto& ra = find_ruleset(r, a);
    const auto& rb = find_ruleset(r, b);
    if (format != "json" && format != "markdown")
        throw py::value_error("format must be json or markdown");
    auto d = ocop::diff_rulesets(ra, rb, sheet);
    if (!d) raise(d.error());
    return format == "json" ? ocop::diff_json(ra, rb, *d) : ocop::diff_markdown(ra, rb, *d);
}

// ---- streaming records from a file ----------------------------------------------------------

/// One item of a record stream: (line, element, id, column, record JSON text or "", refusal).
using stream_item = std::tuple<std::size_t, std::size_t, std::string, std::string, std::string,
                               std::optional<refusal>>;

/// Reads a file with the library's record reader (JSON Lines, JSON array or document, CSV)
/// on a worker thread, handing records over through a bounded queue: the file is never held
/// whole, and Python pulls records with the GIL released while it waits.
class record_stream {
  public:
    record_stream(const std::string& path, const std::string& format, std::size_t max_line_bytes) {
        if (format == "csv")
            opts_.format = ocop::record_format::csv;
        else if (format == "json" || format == "jsonl")
            opts_.format = ocop::record_format::json;
        else if (format != "auto")
            throw py::value_error("format must be auto, json, jsonl or csv");
        opts_.max_line_bytes = max_line_bytes;
        in_.open(path, std::ios::binary);
        if (!in_) raise({ocop::errc::io_error, "", path + ": cannot open"});
        path_ = path;
        worker_ = std::thread([this] { run(); });
    }
    record_stream(const record_stream&) = delete;
    record_stream& operator=(const record_stream&) = delete;
    ~record_stream() { close(); }

    /// The next item, or nullopt at the end (raises ocop.Error when the input is unreadable).
    std::optional<stream_item> next() {
        std::optional<stream_item> item;
        std::optional<ocop::diagnostic> fatal;
        {
            py::gil_scoped_release nogil;
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return !q_.empty() || done_; });
            if (!q_.empty()) {
                item = std::move(q_.front());
                q_.pop_front();
                cv_.notify_all();
            } else {
                fatal = fatal_;
                fatal_.reset();
            }
        }
        if (fatal) raise(*fatal);
        return item;
    }

    /// Stop reading (the worker finishes at its next record) and wait for it.
    void close() {
        {
            std::lock_guard lock(m_);
            cancel_ = true;
        }
        cv_.notify_all();
        if (worker_.joinable()) {
            py::gil_scoped_release nogil;
            worker_.join();
        }
    }

  private:
    struct cancelled {};

    void push(stream_item item) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return q_.size() < capacity || cancel_; });
        if (cancel_) throw cancelled{};
        q_.push_back(std::move(item));
        cv_.notify_all();
    }

    void run() {
        ocop::record_callbacks cb;
        cb.on_record = [&](const ocop::reader_record& r) -> ocop::result<void> {
            push({r.line, r.element, ocop::record_id(*r.value), "",
                  boost::json::serialize(*r.value), std::nullopt});
            return {};
        };
        cb.on_error = [&](const ocop::record_error& e) {
            push({e.line, e.element, e.id, e.column, "", refusal_of(e.diag, e.id)});
        };
        cb.on_warning = [](const std::string&) {};
        std::optional<ocop::diagnostic> fatal;
        try {
            auto r = ocop::read_records(in_, path_, opts_, cb);
            if (!r) fatal = r.error();
        } catch (const cancelled&) {
        } catch (const std::exception& e) {
            fatal = ocop::diagnostic{ocop::errc::io_error, "", e.what()};
        }
        std::lock_guard lock(m_);
        if (fatal) fatal_ = std::move(fatal);
        done_ = true;
        cv_.notify_all();
    }

    static constexpr std::size_t capacity = 1024;
    std::ifstream in_;
    std::string path_;
    ocop::record_reader_options opts_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<stream_item> q_;
    std::optional<ocop::diagnostic> fatal_;
    bool done_ = false;
    bool cancel_ = false;
    std::thread worker_;
};

} // namespace

PYBIND11_MODULE(_ocop, m) {
    m.doc() = "Native half of the ocop package: JSON text in, the library's exact JSON lines "
              "out. Use the `ocop` package, not this module.";
    m.attr("version") = ocop::version_string;

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ocop::error& e) {
            const auto& d = e.diag();
            std::string message = d.message, id;
            if (auto sep = message.find('\x1f'); sep != std::string::npos) {
                id = message.substr(sep + 1);
                message.resize(sep);
            }
            py::object cls = py::module_::import("ocop._errors").attr("Error");
            py::object inst = cls(
                py::str(std::string(ocop::to_string(d.code))), py::str(d.path), py::str(message),
                py::arg("id") = id.empty() ? py::object(py::none()) : py::object(py::str(id)));
            PyErr_SetObject(cls.ptr(), inst.ptr());
        }
    });

    py::class_<py_registry>(m, "Registry", "Rulesets by id (native).")
        .def(py::init(&make_registry), py::arg("markers") = py::none(),
             py::arg("defects") = py::none(), py::arg("knockout") = py::none(),
             "The built-in rulesets, with policy overrides.")
        .def(
            "load_file",
            [](py_registry& r, const std::string& path) {
                return add_ruleset(r, ocop::ruleset::load_file(path, r.opts));
            },
            py::arg("path"), "Add a ruleset file; returns its id.")
        .def(
            "load_text",
            [](py_registry& r, const std::string& text) {
                return add_ruleset(r, ocop::ruleset::load(text, r.opts));
            },
            py::arg("text"), "Add a ruleset from JSON text; returns its id.")
        .def(
            "info",
            [](const py_registry& r) {
                std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
                for (const auto* rs : r.reg.all()) {
                    const auto& doc = rs->document();
                    out.emplace_back(rs->id(), rs->hash(), doc.title,
                                     boost::describe::enum_to_string(doc.status, "?"));
                }
                return out;
            },
            "(id, hash, title, status) of each ruleset, by effective date.")
        .def_property(
            "default", [](const py_registry& r) { return r.reg.default_id(); },
            [](py_registry& r, const std::string& id) {
                find_ruleset(r, id);
                r.reg.set_default(id);
            },
            "Id of the default edition.")
        .def("score", &score_text, py::arg("text"), py::arg("detail"), py::arg("messages"))
        .def("score_many", &score_texts, py::arg("texts"), py::arg("detail"), py::arg("messages"))
        .def("explain", &explain_text, py::arg("text"))
        .def("plan", &plan_text, py::arg("text"), py::arg("target"), py::arg("consensus"))
        .def("range", &range_text, py::arg("text"))
        .def("council", &council_text, py::arg("text"), py::arg("spread_milli"))
        .def("validate", &validate_text, py::arg("text"), py::arg("language"))
        .def("diff", &diff_text, py::arg("a"), py::arg("b"), py::arg("sheet"), py::arg("format"));

    py::class_<py_aggregator>(m, "Aggregator", "Exact cohort statistics (native).")
        .def(py::init(&make_aggregator), py::arg("registry"), py::arg("by"), py::arg("top"),
             py::arg("near_milli"), py::arg("provinces_2025"))
        .def("add", &py_aggregator::add, py::arg("texts"))
        .def("json", &py_aggregator::json);

    py::class_<py_rescorer>(m, "Rescorer", "Records scored under two editions (native).")
        .def(py::init(&make_rescorer), py::arg("registry"), py::arg("from_id"), py::arg("to_id"),
             py::arg("fill"), py::arg("crosswalk") = py::none())
        .def("add", &py_rescorer::add, py::arg("texts"))
        .def("summary", &py_rescorer::summary);

    py::class_<record_stream>(m, "RecordStream", "Records of a file, read on a thread (native).")
        .def(py::init<const std::string&, const std::string&, std::size_t>(), py::arg("path"),
             py::arg("format"), py::arg("max_line_bytes"))
        .def("next", &record_stream::next)
        .def("close", &record_stream::close);

    m.def("lint", &lint_text, py::arg("text"), py::arg("markers") = py::none(),
          py::arg("defects") = py::none(), py::arg("knockout") = py::none());
    m.def("builtin_text",
          [](const std::string& id) { return std::string(ocop::registry::builtin_text(id)); });
}
