// Python bindings: `import ocop`. Evaluations go in as dicts (or JSON text) and results come
// back as dicts parsed from the library's exact JSON, so Python sees the documented formats.
#include <ocop/cohort.hpp>
#include <ocop/ocop.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

/// The Python `ocop.Error` type (a ValueError with `code`, `path`, `message`).
PyObject* g_error_type = nullptr;

/// A registry and the policy overrides applied to rulesets added later.
struct py_registry {
    ocop::registry reg;
    ocop::load_options opts;
};

[[noreturn]] void raise(const ocop::diagnostic& d) {
    throw ocop::error(d);
}

/// JSON text of an evaluation given as str, bytes or any JSON-serialisable object.
std::string json_text(const py::handle& obj) {
    if (py::isinstance<py::str>(obj)) return obj.cast<std::string>();
    if (py::isinstance<py::bytes>(obj)) return obj.cast<std::string>();
    static py::object dumps = py::module_::import("json").attr("dumps");
    return dumps(obj, py::arg("ensure_ascii") = false).cast<std::string>();
}

py::object json_value(const std::string& text) {
    static py::object loads = py::module_::import("json").attr("loads");
    return loads(py::str(text));
}

ocop::load_options policy_options(const std::optional<std::string>& markers,
                                  const std::optional<std::string>& defects) {
    ocop::load_options o;
    if (markers) {
        ocop::missed_minimum_policy p{};
        if (!boost::describe::enum_from_string(markers->c_str(), p))
            raise({ocop::errc::invalid_value, "/markers", "markers must be cap, fail or ignore"});
        o.missed_minimum = p;
    }
    if (defects) {
        ocop::defect_policy p{};
        if (!boost::describe::enum_from_string(defects->c_str(), p))
            raise({ocop::errc::invalid_value, "/defects", "defects must be probable or strict"});
        o.defects = p;
    }
    return o;
}

py_registry make_registry(const std::optional<std::string>& markers,
                          const std::optional<std::string>& defects) {
    py_registry r;
    r.opts = policy_options(markers, defects);
    if (r.opts.missed_minimum || r.opts.defects) {
        auto reg = ocop::registry::builtin(r.opts);
        if (!reg) raise(reg.error());
        r.reg = std::move(*reg);
    } else {
        r.reg = ocop::registry::builtin();
    }
    return r;
}

void add_ruleset(py_registry& r, ocop::result<ocop::ruleset> rs) {
    if (!rs) raise(rs.error());
    r.reg.add(std::move(*rs));
}

std::string refusal_json(std::size_t index, std::string_view id, const ocop::diagnostic& d) {
    std::string out = "{\"index\":" + std::to_string(index);
    if (!id.empty()) {
        out += ",\"id\":";
        ocop::append_json_string(out, id);
    }
    out += ",\"error\":";
    ocop::append_json_string(out, ocop::to_string(d.code));
    out += ",\"path\":";
    ocop::append_json_string(out, d.path);
    out += ",\"message\":";
    ocop::append_json_string(out, d.message);
    out += '}';
    return out;
}

std::vector<std::string> texts_of(const py::iterable& evaluations) {
    std::vector<std::string> texts;
    for (const auto& e : evaluations) texts.push_back(json_text(e));
    return texts;
}

py::object score_one(const py_registry& r, const py::handle& evaluation, bool criteria) {
    const std::string text = json_text(evaluation);
    std::string out;
    {
        py::gil_scoped_release nogil;
        ocop::record_scorer sc(r.reg);
        std::string id;
        ocop::diagnostic diag;
        if (!sc.run(text, id, diag)) raise(diag);
        ocop::result_json_options o;
        o.criteria = o.groups = criteria;
        ocop::append_result_json(sc.result(), out, o);
    }
    return json_value(out);
}

py::list score_many(const py_registry& r, const py::iterable& evaluations, bool criteria) {
    const auto texts = texts_of(evaluations);
    std::vector<std::string> outs(texts.size());
    {
        py::gil_scoped_release nogil;
        auto sc = std::make_unique<ocop::record_scorer>(r.reg);
        ocop::result_json_options o;
        o.criteria = o.groups = criteria;
        std::string id;
        ocop::diagnostic diag;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            if (sc->run(texts[i], id, diag))
                ocop::append_result_json(sc->result(), outs[i], o);
            else
                outs[i] = refusal_json(i, id, diag);
        }
    }
    py::list results;
    for (const auto& s : outs) results.append(json_value(s));
    return results;
}

std::string explain_one(const py_registry& r, const py::handle& evaluation) {
    const std::string text = json_text(evaluation);
    py::gil_scoped_release nogil;
    ocop::record_scorer sc(r.reg);
    std::string id;
    ocop::diagnostic diag;
    if (!sc.run(text, id, diag)) raise(diag);
    return ocop::explain(sc.result());
}

py::object aggregate(const py_registry& r, const py::iterable& evaluations,
                     const std::vector<std::string>& by, std::size_t top, bool skip_errors) {
    ocop::aggregate_options opts;
    for (std::size_t i = 0; i < by.size(); ++i) {
        ocop::cohort_key k{};
        if (!ocop::parse_cohort_key(by[i], k))
            raise({ocop::errc::invalid_value, "/by/" + std::to_string(i),
                   "unknown cohort key " + by[i] +
                       " (province, year, ruleset, sheet, industry, subject_type, star)"});
        opts.by.push_back(k);
    }
    const auto texts = texts_of(evaluations);
    std::string out;
    {
        py::gil_scoped_release nogil;
        ocop::cohort_aggregator agg(r.reg, opts);
        auto sc = std::make_unique<ocop::record_scorer>(r.reg);
        std::string id;
        ocop::diagnostic diag;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            if (sc->run(texts[i], id, diag)) {
                agg.add(sc->result());
            } else if (!skip_errors) {
                diag.path = "/" + std::to_string(i) + diag.path;
                raise(diag);
            }
        }
        ocop::cohort_output_options co;
        co.top_criteria = top;
        out = ocop::cohorts_json(agg, co);
    }
    return json_value(out);
}

} // namespace

PYBIND11_MODULE(ocop, m) {
    m.doc() = "OCOP product rating: exact scoring of evaluations under built-in or custom "
              "rulesets (see docs/embedding.md).";
    m.attr("__version__") = ocop::version_string;
    m.attr("version") = ocop::version_string;

    static py::exception<ocop::error> error_type(m, "Error", PyExc_ValueError);
    g_error_type = error_type.ptr();
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ocop::error& e) {
            const auto& d = e.diag();
            py::object inst = py::reinterpret_borrow<py::object>(g_error_type)(d.what());
            inst.attr("code") = ocop::to_string(d.code);
            inst.attr("path") = d.path;
            inst.attr("message") = d.message;
            PyErr_SetObject(g_error_type, inst.ptr());
        }
    });

    py::class_<py_registry>(m, "Registry",
                            "Rulesets by id with a default edition; starts with the built-in "
                            "rulesets (qd26-2026 default, qd148-2023, qd1048-2019).")
        .def(py::init(&make_registry), py::arg("markers") = py::none(),
             py::arg("defects") = py::none(),
             "Registry(markers=None, defects=None): the built-in rulesets, with optional "
             "policy overrides: markers 'cap'|'fail'|'ignore', defects 'probable'|'strict'.")
        .def(
            "load_file",
            [](py_registry& r, const std::string& path) {
                add_ruleset(r, ocop::ruleset::load_file(path, r.opts));
            },
            py::arg("path"), "Add (or replace) a ruleset from an ocop-ruleset/1 file.")
        .def(
            "load_json",
            [](py_registry& r, const py::handle& text) {
                add_ruleset(r, ocop::ruleset::load(json_text(text), r.opts));
            },
            py::arg("ruleset"), "Add (or replace) a ruleset given as JSON text or a dict.")
        .def(
            "ids",
            [](const py_registry& r) {
                std::vector<std::string> ids;
                for (const auto* rs : r.reg.all()) ids.push_back(rs->id());
                return ids;
            },
            "Ids of the rulesets, ordered by effective date.")
        .def_property(
            "default", [](const py_registry& r) { return r.reg.default_id(); },
            [](py_registry& r, const std::string& id) {
                if (!r.reg.find(id))
                    raise({ocop::errc::unknown_ruleset, "", "unknown ruleset " + id});
                r.reg.set_default(id);
            },
            "Id of the default edition (for records naming no ruleset and no date).")
        .def("score", &score_one, py::arg("evaluation"), py::arg("criteria") = true,
             "Score one evaluation (dict or JSON text) into a result dict; raises ocop.Error "
             "(code, path, message) when the evaluation is refused.")
        .def("score_many", &score_many, py::arg("evaluations"), py::arg("criteria") = true,
             "Score many evaluations; a refused one gives an error dict {index, id, error, "
             "path, message} in its place instead of raising.")
        .def("explain", &explain_one, py::arg("evaluation"),
             "Readable explanation: where points were lost and what decided the star.")
        .def("aggregate", &aggregate, py::arg("evaluations"),
             py::arg("by") = std::vector<std::string>{}, py::arg("top") = 10,
             py::arg("skip_errors") = false,
             "Exact cohort statistics (the ocop-cohorts/1 document of `ocop aggregate`) of "
             "evaluations, grouped by keys such as 'province', 'year', 'star'.");
}
