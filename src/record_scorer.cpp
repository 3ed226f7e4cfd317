// Parse-and-score of JSON text records, shared by the CLI, the C API and Python.
#include <ocop/record_scorer.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>

namespace ocop {

bool record_scorer::run(std::string_view text, std::string& id, diagnostic& diag) {
    id.clear();
    boost::json::monotonic_resource mr(buffer_, sizeof buffer_);
    boost::json::parse_options po;
    po.max_depth = 32;
    boost::json::parser p({&mr}, po);
    boost::system::error_code ec;
    p.write(text.data(), text.size(), ec);
    if (ec) {
        diag = {errc::invalid_json, "", "not valid JSON: " + ec.message()};
        return false;
    }
    const boost::json::value v = p.release();
    if (const auto* o = v.if_object())
        if (const auto* i = o->if_contains("id")) {
            if (i->is_string())
                id = i->as_string().c_str();
            else if (i->is_int64())
                id = std::to_string(i->get_int64());
        }
    auto r = parse_evaluation(v, reg_, ev_);
    if (!r) {
        diag = r.error();
        return false;
    }
    score_evaluation(ev_, result_);
    return true;
}

} // namespace ocop
