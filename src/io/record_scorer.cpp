// Parse-and-score of JSON text records, shared by the CLI, the C API and Python.
#include <ocop/record_scorer.hpp>

namespace ocop {

bool record_scorer::run(std::string_view text, std::string& id, diagnostic& diag) {
    id.clear();
    auto r = reader_.read(text, ev_);
    if (!r) {
        // A refused record went through a document (unless it is not JSON): its id, if any.
        if (const auto* doc = reader_.document())
            if (const auto* o = doc->if_object())
                if (const auto* i = o->if_contains("id")) {
                    if (i->is_string())
                        id = i->as_string().c_str();
                    else if (i->is_int64())
                        id = std::to_string(i->get_int64());
                }
        diag = r.error();
        return false;
    }
    id = ev_.id;
    score_evaluation(ev_, result_);
    return true;
}

} // namespace ocop
