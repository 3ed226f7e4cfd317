// Records of a request body, read as the CLI reads a file.
#include "records.hpp"
#include "../detail/whitespace.hpp"

#include <ocop/json_parser.hpp>

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

namespace ocop::serve {

namespace {

/// Whether this text is the start of a JSON value continued on later lines.
bool incomplete(std::string_view text) {
    boost::json::stream_parser p;
    boost::system::error_code ec;
    p.write(text.data(), text.size(), ec);
    if (ec) return false;
    p.finish(ec);
    return ec == boost::json::error::incomplete;
}

} // namespace

void for_each_record(std::string_view body,
                     const std::function<void(std::size_t, std::string_view)>& fn) {
    std::size_t pos = 0, lineno = 0;
    bool first = true;
    while (pos < body.size()) {
        auto e = body.find('\n', pos);
        if (e == std::string_view::npos) e = body.size();
        std::string_view text = body.substr(pos, e - pos);
        pos = e + 1;
        ++lineno;
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (first) text = strip_bom(text);
        if (detail::json_blank(text)) continue;
        if (first) {
            first = false;
            const auto p = text.find_first_not_of(" \t");
            // A JSON array, or one object printed over several lines: read it whole when the
            // body is one document; else JSON Lines, so that a bad first line never loses the
            // records after it (as the CLI's record reader).
            if (text[p] == '[' || incomplete(text)) {
                std::string whole(text);
                whole += '\n';
                if (pos < body.size()) whole.append(body.substr(pos));
                boost::json::parse_options po;
                po.max_depth = 32;
                auto v = parse_json(whole, po);
                if (v && v->is_array()) {
                    for (const auto& el : v->as_array()) fn(lineno, boost::json::serialize(el));
                    return;
                }
                boost::system::error_code one_doc; // one document, not JSON Lines?
                if (v || (v.error().code != errc::invalid_json &&
                          (boost::json::parse(whole, one_doc, {}, po), !one_doc))) {
                    fn(lineno, whole); // one record (refused when a key is repeated)
                    return;
                }
            }
        }
        if (text.find_first_not_of(" \t") != std::string_view::npos &&
            text[text.find_first_not_of(" \t")] == '[') {
            // A line holding an array: its elements are records of that line.
            boost::json::parse_options po;
            po.max_depth = 32;
            if (auto v = parse_json(text, po); v && v->is_array()) {
                for (const auto& el : v->as_array()) fn(lineno, boost::json::serialize(el));
                continue;
            }
        }
        fn(lineno, text);
    }
}

std::string clip_id(std::string_view id) {
    if (id.size() <= 200) return std::string(id);
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
    return std::string(id.substr(0, cut));
}

worker& worker_for(const std::shared_ptr<const snapshot>& snap) {
    thread_local worker w;
    if (w.snap != snap) {
        w.scorer.reset(); // bound to the old registry: drop it before the snapshot
        w.snap = snap;
        w.scorer = std::make_unique<record_scorer>(snap->reg);
    }
    return w;
}

} // namespace ocop::serve
