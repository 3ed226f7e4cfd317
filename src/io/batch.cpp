// Streaming batch scoring: chunks of records scored by workers, written in input order.
// Here: the input's format (CSV, JSON Lines, one JSON document or array) decided from its first
// line, and the records path; the chunks go through batch_pipeline.cpp.
#include <ocop/batch.hpp>

#include "batch_detail.hpp"
#include "batch_reader.hpp"

#include <ocop/evaluation_reader.hpp>
#include <ocop/json_parser.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <istream>
#include <optional>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace ocop {

bool is_result_line(const boost::json::object& o) noexcept {
    return o.contains("ruleset_hash") && o.contains("stars");
}

namespace {

using detail::block_source;
using detail::json_blank;
using detail::raw_record;
using detail::run_records;
using detail::score_blocks;

/// What the first non-blank line of the input says, as start() would decide it.
enum class head_kind { need_more, blocks, records, document, array };

head_kind classify(std::string_view head, bool eof, const batch_options& opts) {
    // A JSON array, on one line or many and of any size, is read element by element.
    const std::string_view body = strip_bom(head);
    const auto lead = body.find_first_not_of(" \t\r\n");
    if (lead == std::string_view::npos) return eof ? head_kind::records : head_kind::need_more;
    if (body[lead] == '[') return head_kind::array;
    std::size_t pos = 0;
    bool first = true;
    while (true) {
        const auto nl = head.find('\n', pos);
        if (nl == std::string_view::npos && !eof)
            return head.size() - pos > opts.max_line_bytes ? head_kind::blocks // too long: '{'
                                                           : head_kind::need_more;
        const std::size_t end = nl == std::string_view::npos ? head.size() : nl;
        if (end == pos && nl == std::string_view::npos) return head_kind::records; // empty
        if (end - pos > opts.max_line_bytes) return head_kind::blocks;
        std::string_view t = head.substr(pos, end - pos);
        if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
        if (first) t = strip_bom(t);
        first = false;
        pos = end + 1;
        if (json_blank(t)) {
            if (nl == std::string_view::npos) return head_kind::records;
            continue;
        }
        const auto b = t.find_first_not_of(" \t");
        const char c0 = t[b];
        if (opts.input == batch_input::auto_detect && c0 != '{') return head_kind::records; // CSV
        // "{" alone on its line: perhaps one object printed over several lines.
        return c0 == '{' && t.find_last_not_of(" \t") == b ? head_kind::document
                                                           : head_kind::blocks;
    }
}

/// Serves `head`, then the rest of `in`: the records path reads what classify() looked at.
class replay_buf : public std::streambuf {
  public:
    replay_buf(std::string head, std::istream& in) : head_(std::move(head)), in_(in) {
        setg(head_.data(), head_.data(), head_.data() + head_.size());
    }

  protected:
    int_type underflow() override {
        if (!in_) return traits_type::eof();
        in_.read(buf_, sizeof buf_);
        const auto got = in_.gcount();
        if (got <= 0) return traits_type::eof();
        setg(buf_, buf_, buf_ + got);
        return traits_type::to_int_type(buf_[0]);
    }

  private:
    std::string head_;
    std::istream& in_;
    char buf_[1 << 16];
};

/// Decides the format from the first non-blank line; sets up whole-document JSON.
result<void> start(detail::record_source& src, const batch_options& opts,
                   std::optional<csv_layout>& layout) {
    raw_record first;
    if (!src.next_line(first.text, first.line, first.too_long)) return {};
    const auto pos = first.text.find_first_not_of(" \t");
    const char c0 = first.too_long || pos == std::string::npos ? '{' : first.text[pos];
    const bool csv = opts.input == batch_input::csv ||
                     (opts.input == batch_input::auto_detect && c0 != '{' && c0 != '[');
    if (csv) {
        if (first.too_long)
            return diagnostic{errc::limit_exceeded, "", "the CSV header is too long"};
        auto l = csv_layout::from_header(first.text, detect_csv_separator(first.text));
        if (!l) return l.error();
        layout = std::move(*l);
        src.set_csv(true, layout->separator(), layout->size());
        return {};
    }
    // JSON Lines asked for by the caller (whole documents are tried by score_stream).
    src.push_back(std::move(first));
    return {};
}

/// The batch over records split on the caller's thread (CSV).
/// With `json_array`, the input is a JSON array, read element by element.
result<batch_summary> score_records(std::istream& in, std::ostream* out, const registry& reg,
                                    const batch_options& opts, const batch_callbacks& cb,
                                    bool json_array = false) {
    detail::line_reader reader(in, opts.max_line_bytes);
    detail::record_source src(reader, opts.max_line_bytes);
    std::optional<csv_layout> layout;
    if (json_array)
        src.set_array(32); // as the evaluation reader's depth limit
    else if (auto s = start(src, opts, layout); !s)
        return s.error();
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    auto sum = run_records(src, reader, layout ? &*layout : nullptr, out, reg, opts, cb);
    if (reader.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
    return sum;
}

/// The batch over records held in memory (the elements of one JSON document).
batch_summary score_memory(std::vector<raw_record> recs, std::ostream* out, const registry& reg,
                           const batch_options& opts, const batch_callbacks& cb) {
    std::istringstream none;
    detail::line_reader reader(none, opts.max_line_bytes);
    detail::record_source src(reader, opts.max_line_bytes);
    src.set_memory(std::move(recs));
    return run_records(src, reader, nullptr, out, reg, opts, cb);
}

/// Reads the rest of `in` after `text`, up to `cap` bytes in all; false when over the cap
/// (what was read stays in `text`). `eof` tells whether the input is exhausted.
bool read_capped(std::istream& in, std::string& text, std::size_t cap, bool& eof) {
    constexpr std::size_t step = 1u << 16;
    while (!eof) {
        if (text.size() > cap) return false;
        const std::size_t old = text.size();
        text.resize(old + step);
        in.read(text.data() + old, static_cast<std::streamsize>(step));
        const auto got = static_cast<std::size_t>(in.gcount());
        text.resize(old + got);
        eof = got < step;
    }
    return text.size() <= cap;
}

/// Input whose first line opens a JSON array or is a lone "{": one document when the whole
/// input is one (within max_document_bytes); else JSON Lines, so that one bad first line never
/// loses the records after it (record_reader.hpp's rule). Returns nullopt for JSON Lines.
std::optional<std::vector<raw_record>> try_document(std::istream& in, std::string& text, bool& eof,
                                                    const batch_options& opts,
                                                    const batch_callbacks& cb) {
    const bool within = read_capped(in, text, opts.max_document_bytes, eof);
    const std::string_view doc = strip_bom(text);
    std::size_t first_line = 1;
    for (const char ch : doc.substr(0, doc.find_first_not_of(" \t\r\n"))) first_line += ch == '\n';
    if (within && doc.find('\0') == std::string_view::npos) {
        boost::json::parse_options po;
        po.max_depth = 32;
        json_parser jp(po);
        auto v = jp.parse(doc);
        if (v) {
            std::vector<raw_record> recs;
            if (const auto* a = v->if_array())
                for (const auto& el : *a)
                    recs.push_back({first_line, boost::json::serialize(el), false, 0, {}});
            else
                recs.push_back({first_line, std::string(doc), false, 0, {}});
            return recs;
        }
        boost::system::error_code one_doc; // one document, not JSON Lines?
        if (v.error().code != errc::invalid_json &&
            (boost::json::parse(doc, one_doc, {}, po), !one_doc)) {
            // One document with a repeated key: refused whole, naming the key's path.
            std::vector<raw_record> recs;
            recs.push_back({first_line, std::string(doc), false, 0, {}});
            return recs;
        }
    }
    if (cb.on_warning)
        cb.on_warning(within
                          ? "the input is not one JSON document: read as JSON Lines"
                          : "the input is larger than " + std::to_string(opts.max_document_bytes) +
                                " bytes, the most read as one JSON document: read as JSON "
                                "Lines");
    return std::nullopt;
}

} // namespace

result<batch_summary> score_stream(std::istream& in, std::ostream* out, const registry& reg,
                                   const batch_options& opts, const batch_callbacks& cb) {
    result<batch_summary> sum = batch_summary{};
    if (opts.input == batch_input::csv) {
        sum = score_records(in, out, reg, opts, cb);
    } else {
        // Look at the first non-blank line: JSON Lines go by blocks; CSV, a JSON array or one
        // object over several lines go record by record, reading again what was looked at.
        std::string head;
        bool eof = false;
        head_kind kind = head_kind::need_more;
        while (kind == head_kind::need_more) {
            constexpr std::size_t step = 1u << 16;
            const std::size_t old = head.size();
            head.resize(old + step);
            in.read(head.data() + old, static_cast<std::streamsize>(step));
            const auto got = static_cast<std::size_t>(in.gcount());
            head.resize(old + got);
            eof = got < step;
            kind = classify(head, eof, opts);
        }
        if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        if (kind == head_kind::document) {
            auto recs = try_document(in, head, eof, opts, cb);
            if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
            if (recs)
                sum = score_memory(std::move(*recs), out, reg, opts, cb);
            else
                kind = head_kind::blocks; // JSON Lines, from the first line again
        }
        if (kind == head_kind::blocks) {
            const std::size_t block_bytes =
                opts.output == batch_output::none ? std::size_t(1) << 20 : std::size_t(1) << 18;
            block_source src(in, std::move(head), eof, opts.max_line_bytes, block_bytes);
            sum = score_blocks(src, out, reg, opts, cb);
            if (src.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        } else if (kind != head_kind::document) {
            if (eof) in.clear(in.rdstate() & ~(std::ios::eofbit | std::ios::failbit));
            replay_buf buf(std::move(head), in);
            std::istream again(&buf);
            sum = score_records(again, out, reg, opts, cb, kind == head_kind::array);
            if (in.bad()) return diagnostic{errc::io_error, "", "error reading the input"};
        }
    }
    if (!sum) return sum;
    if (out) {
        out->flush();
        if (!*out) return diagnostic{errc::io_error, "", "error writing the output"};
    }
    return sum;
}

} // namespace ocop
