// One reader of input records for every command (record_reader.hpp): framing, limits, CSV.
#include <ocop/csv.hpp>
#include <ocop/json_parser.hpp>
#include <ocop/record_reader.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/spreadsheet_input.hpp>

#include "../detail/json_array.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>

#include <istream>
#include <optional>
#include <unordered_map>

namespace ocop {

namespace {

/// Physical lines of a stream, with a length limit that never holds more than the limit, and
/// text put back in front (after a failed whole-document attempt).
class line_source {
  public:
    explicit line_source(std::istream& in) : in_(in) {}

    /// Next line without "\n" / "\r\n" into `line`; `too_long` when over `max` (then `line`
    /// is empty). False at the end of the input.
    bool next(std::string& line, bool& too_long, std::size_t max) {
        line.clear();
        too_long = false;
        bool any = false;
        for (;;) {
            if (pos_ == buf_.size() && !fill()) break;
            any = true;
            const auto nl = buf_.find('\n', pos_);
            const std::size_t end = nl == std::string::npos ? buf_.size() : nl;
            if (!too_long) {
                if (line.size() + (end - pos_) > max + 1) { // + 1: a final '\r'
                    too_long = true;
                    line.clear();
                } else {
                    line.append(buf_, pos_, end - pos_);
                }
            }
            pos_ = end;
            if (nl != std::string::npos) {
                ++pos_;
                break;
            }
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > max) {
            too_long = true;
            line.clear();
        }
        return any;
    }

    /// Append everything left to `out`, up to `cap` bytes in all; false when over the cap
    /// (what was read stays in `out`).
    bool rest(std::string& out, std::size_t cap) {
        for (;;) {
            if (pos_ == buf_.size() && !fill()) return true;
            const std::size_t n = buf_.size() - pos_;
            if (out.size() + n > cap) {
                out.append(buf_, pos_, n);
                pos_ = buf_.size();
                return false;
            }
            out.append(buf_, pos_, n);
            pos_ = buf_.size();
        }
    }

    /// The first character of the next line that is not a space or a tab (nor, on the first
    /// line, a byte-order mark), without consuming anything: '\n' or '\r' for a blank line, 0
    /// at the end of the input.
    char peek_line_start(bool first_line) {
        std::size_t k = 0;
        for (;;) {
            if (pos_ + k >= buf_.size() && !more()) return 0;
            const char c = buf_[pos_ + k];
            if (first_line && k == 0 && c == '\xEF') {
                while (pos_ + 3 > buf_.size() && more()) {
                }
                if (std::string_view(buf_).substr(pos_, 3) == "\xEF\xBB\xBF") {
                    k = 3;
                    continue;
                }
                return c;
            }
            if (c != ' ' && c != '\t') return c;
            ++k;
        }
    }

    /// Everything buffered (read more when nothing is), consumed; false at the end. The view
    /// lasts until the next call.
    bool take(std::string_view& out) {
        if (pos_ == buf_.size() && !fill()) return false;
        out = std::string_view(buf_).substr(pos_);
        pos_ = buf_.size();
        return true;
    }

    /// Serve `text` before the rest of the stream.
    void push_front(std::string text) {
        text.append(buf_, pos_, std::string::npos);
        buf_ = std::move(text);
        pos_ = 0;
    }

    [[nodiscard]] bool bad() const { return in_.bad(); }

  private:
    /// Read more after what is buffered (keeping it); false at the end.
    bool more() {
        buf_.erase(0, pos_);
        pos_ = 0;
        const std::size_t old = buf_.size();
        buf_.resize(old + 64 * 1024);
        in_.read(buf_.data() + old, static_cast<std::streamsize>(64 * 1024));
        buf_.resize(old + static_cast<std::size_t>(in_.gcount()));
        return buf_.size() > old;
    }

    bool fill() {
        buf_.resize(64 * 1024);
        in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.resize(static_cast<std::size_t>(in_.gcount()));
        pos_ = 0;
        return !buf_.empty();
    }

    std::istream& in_;
    std::string buf_;
    std::size_t pos_ = 0;
};

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t") == std::string_view::npos;
}

/// CSV rows as plain objects (csv_records::plain): one member per header column.
class plain_columns {
  public:
    static result<plain_columns> from_header(std::string_view header, char sep) {
        csv_splitter split;
        std::string err;
        if (!split.split(header, sep, err))
            return diagnostic{errc::invalid_value, "", "header: malformed CSV: " + err};
        plain_columns p;
        p.sep_ = sep;
        for (std::size_t i = 0; i < split.size(); ++i) {
            std::string name(split.field(i));
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
            while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
            if (!name.empty() && !valid_utf8(name))
                return diagnostic{errc::invalid_value, "",
                                  "header: column " + std::to_string(i + 1) +
                                      " is not valid UTF-8"};
            for (const auto& n : p.names_)
                if (!name.empty() && n == name)
                    return diagnostic{errc::invalid_value, "",
                                      "header: column " + name + " appears twice"};
            p.names_.push_back(std::move(name));
        }
        while (!p.names_.empty() && p.names_.back().empty()) p.names_.pop_back();
        if (p.names_.empty()) return diagnostic{errc::invalid_value, "", "header: no column names"};
        return p;
    }

    [[nodiscard]] char separator() const noexcept { return sep_; }

    /// The object of one row; `column` names the cell at fault.
    result<void> to_json(const csv_splitter& row, boost::json::object& out,
                         std::string& column) const {
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string_view cell = row.field(i);
            if (i >= names_.size() || names_[i].empty()) {
                if (cell.find_first_not_of(" \t") == std::string_view::npos) continue;
                column = "column " + std::to_string(i + 1);
                return diagnostic{errc::invalid_value, "",
                                  "a cell under no header column: " + std::string(cell)};
            }
            if (cell.empty()) continue;
            if (!valid_utf8(cell)) {
                column = names_[i];
                return diagnostic{errc::invalid_value, "/" + names_[i],
                                  "not valid UTF-8 (save the file as UTF-8)"};
            }
            out[names_[i]] = value_of(names_[i], cell);
        }
        return {};
    }

    /// The column of a JSON Pointer ("/stars" → "stars").
    [[nodiscard]] std::string column_of(std::string_view pointer) const {
        if (pointer.size() < 2) return {};
        const std::string_view key = pointer.substr(1, pointer.find('/', 1) - 1);
        for (const auto& n : names_)
            if (n == key) return n;
        return {};
    }

  private:
    static boost::json::value value_of(std::string_view name, std::string_view cell) {
        const bool neg = cell.front() == '-';
        const std::string_view digits = cell.substr(neg ? 1 : 0);
        const bool whole = name != "id" && !digits.empty() && digits.size() <= 18 &&
                           digits.find_first_not_of("0123456789") == std::string_view::npos &&
                           (digits.size() == 1 || digits.front() != '0');
        if (!whole) return boost::json::string(cell);
        std::int64_t v = 0;
        for (char c : digits) v = v * 10 + (c - '0');
        return neg ? -v : v;
    }

    std::vector<std::string> names_;
    char sep_ = ',';
};

/// Reads and dispatches records; one instance per read_records call.
class reader {
  public:
    reader(std::istream& in, std::string_view name, const record_reader_options& o,
           const record_callbacks& cb)
        : src_(in), name_(name), opts_(o), cb_(cb), jp_(parse_options(o)) {
        po_.max_depth = o.max_depth;
    }

    result<record_counts> run() {
        std::string first;
        std::size_t first_line = 0;
        bool too_long = false;
        const bool csv_name = name_.size() > 4 && has_extension(name_, ".csv");
        const bool may_be_json = opts_.format == record_format::json ||
                                 (opts_.format == record_format::auto_detect && !csv_name);
        // The first non-blank line decides the format; a JSON array is cut element by element.
        for (;;) {
            if (may_be_json && src_.peek_line_start(line_ == 0) == '[') return run_array();
            if (!src_.next(first, too_long, opts_.max_line_bytes)) return finish();
            ++line_;
            if (line_ == 1 && first.starts_with("\xEF\xBB\xBF")) first.erase(0, 3);
            if (too_long || !blank(first)) break;
        }
        first_line = line_;
        const auto pos = first.find_first_not_of(" \t");
        const char c0 = too_long ? '{' : first[pos];
        const bool csv =
            opts_.format == record_format::csv ||
            (opts_.format == record_format::auto_detect && (csv_name || (c0 != '{' && c0 != '[')));
        if (csv) {
            if (too_long)
                return diagnostic{errc::limit_exceeded, "",
                                  "the CSV header is longer than --max-line-bytes"};
            return run_csv(first);
        }
        if (!too_long && detail::json_unfinished(first, opts_.max_depth)) {
            // An object printed over several lines, or a truncated first line: one document
            // if the whole input parses as one, else JSON Lines.
            std::string doc = first;
            doc += '\n';
            const bool within = src_.rest(doc, opts_.max_document_bytes);
            if (within) {
                auto v = jp_.parse(doc);
                if (v) {
                    if (doc.find('\0') != std::string::npos) {
                        fail(first_line, 0, nul_error(), nullptr);
                        return finish();
                    }
                    dispatch(first_line, *v);
                    return finish();
                }
                boost::system::error_code one_doc; // one document, not JSON Lines?
                if (v.error().code != errc::invalid_json &&
                    (boost::json::parse(doc, one_doc, {}, po_), !one_doc)) {
                    // One document after all, with a repeated key: refused as a whole.
                    ++counts_.records;
                    fail_with_id(first_line, v.error(), doc);
                    return finish();
                }
            }
            src_.push_front(doc.substr(first.size() + 1));
            const std::string hint =
                within ? ""
                       : " (input starting with an unfinished JSON value is read as one document "
                         "only up to " +
                             std::to_string(opts_.max_document_bytes) +
                             " bytes; write JSON Lines instead)";
            json_line(first_line, first, false, hint);
        } else {
            json_line(first_line, first, too_long, "");
        }
        return run_lines();
    }

  private:
    /// JSON Lines from the next line on.
    result<record_counts> run_lines() {
        std::string line;
        bool too_long = false;
        while (src_.next(line, too_long, opts_.max_line_bytes)) {
            ++line_;
            if (!too_long && blank(line)) continue;
            json_line(line_, line, too_long, "");
        }
        return finish();
    }

    /// A JSON array, element by element (any size, any layout; each element bounded by
    /// max_line_bytes), then JSON Lines after its closing bracket; or, when it does not start
    /// as JSON, JSON Lines from its second line (detail::json_array_reader).
    result<record_counts> run_array() {
        detail::json_array_reader arr(opts_.max_line_bytes, line_ + 1, opts_.max_depth);
        std::vector<detail::array_element> els;
        std::string_view chunk;
        while (!arr.done()) {
            if (!src_.take(chunk)) {
                arr.finish(els);
            } else {
                const std::size_t used = arr.feed(chunk, els);
                if (used < chunk.size()) src_.push_front(std::string(chunk.substr(used)));
            }
            for (const auto& e : els) element(e);
            els.clear();
        }
        if (arr.gave_up()) {
            src_.push_front(std::move(arr.replay()));
            std::string rest;
            bool too_long = false;
            if (arr.skip_first_line()) (void)src_.next(rest, too_long, opts_.max_line_bytes);
            line_ = arr.open_line();
        } else {
            line_ = arr.line() - 1; // the rest of the closing bracket's line is read as a line
        }
        return run_lines();
    }

    /// One element of an array: reported, or handed over.
    void element(const detail::array_element& e) {
        if (!e.error.empty() || e.too_long || e.text.find('\0') != std::string::npos) {
            ++counts_.records;
            fail(e.line, e.index,
                 e.too_long        ? too_long_error()
                 : e.error.empty() ? nul_error()
                                   : diagnostic{errc::invalid_json, "", e.error},
                 nullptr);
            return;
        }
        json_text(e.line, e.index, e.text, "");
    }

    result<record_counts> finish() {
        if (src_.bad())
            return diagnostic{errc::io_error, "", "read error after line " + std::to_string(line_)};
        return counts_;
    }

    static diagnostic nul_error() {
        return {errc::invalid_value, "", "NUL byte in the input (not text)"};
    }

    void fail(std::size_t line, std::size_t element, diagnostic d, const boost::json::value* v,
              std::string column = {}) {
        ++counts_.failed;
        if (!cb_.on_error) return;
        record_error e;
        e.line = line;
        e.element = element;
        if (v) e.id = record_id(*v);
        e.column = std::move(column);
        e.diag = std::move(d);
        cb_.on_error(e);
    }

    void json_line(std::size_t line, const std::string& text, bool too_long,
                   const std::string& hint) {
        if (too_long) {
            ++counts_.records;
            fail(line, 0, too_long_error(), nullptr);
            return;
        }
        if (text.find('\0') != std::string::npos) {
            ++counts_.records;
            fail(line, 0, nul_error(), nullptr);
            return;
        }
        json_text(line, 0, text, hint);
    }

    /// A record's JSON text (a line, or an array's element): parsed and handed over.
    void json_text(std::size_t line, std::size_t element, std::string_view text,
                   const std::string& hint) {
        auto v = jp_.parse(text);
        if (!v) {
            ++counts_.records;
            if (v.error().code == errc::invalid_json) {
                diagnostic d = v.error();
                d.message += hint;
                fail(line, element, std::move(d), nullptr);
            } else {
                fail_with_id(line, v.error(), text, element);
            }
            return;
        }
        if (element)
            one(line, element, *v);
        else
            dispatch(line, *v);
    }

    /// A record refused by the parser though it is JSON (a repeated key): reported with its
    /// id, read by a second parse that keeps the last of the repeated keys.
    void fail_with_id(std::size_t line, diagnostic d, std::string_view text,
                      std::size_t element = 0) {
        boost::system::error_code ec;
        const boost::json::value v = boost::json::parse(text, ec, {}, po_);
        fail(line, element, std::move(d), ec ? nullptr : &v);
    }

    static boost::json::parse_options parse_options(const record_reader_options& o) {
        boost::json::parse_options po;
        po.max_depth = o.max_depth;
        return po;
    }

    diagnostic too_long_error() const {
        return {errc::limit_exceeded, "",
                "record longer than " + std::to_string(opts_.max_line_bytes) +
                    " bytes (--max-line-bytes); skipped"};
    }

    /// A parsed value: an array's elements are records, anything else is one record.
    void dispatch(std::size_t line, const boost::json::value& v) {
        if (const auto* a = v.if_array()) {
            std::size_t i = 0;
            for (const auto& el : *a) one(line, ++i, el);
            return;
        }
        one(line, 0, v);
    }

    void one(std::size_t line, std::size_t element, const boost::json::value& v,
             const std::function<std::string(std::string_view)>& column_of = {}) {
        ++counts_.records;
        if (opts_.report_duplicate_ids && cb_.on_warning) {
            std::string id = record_id(v);
            if (!id.empty()) {
                auto [it, fresh] = seen_.try_emplace(std::move(id), line);
                if (!fresh)
                    cb_.on_warning("line " + std::to_string(line) + ": id " + it->first +
                                   " already used by the record on line " +
                                   std::to_string(it->second) + " (both are processed)");
            }
        }
        if (!cb_.on_record) {
            ++counts_.accepted;
            return;
        }
        auto r = cb_.on_record({line, element, &v});
        if (r) {
            ++counts_.accepted;
            return;
        }
        fail(line, element, r.error(), &v, column_of ? column_of(r.error().path) : std::string());
    }

    result<record_counts> run_csv(const std::string& header) {
        const char sep = detect_csv_separator(header);
        if (opts_.csv == csv_records::plain) {
            auto plain = plain_columns::from_header(header, sep);
            if (!plain) return plain.error();
            return csv_rows(*plain);
        }
        auto layout = csv_layout::from_header(header, sep);
        if (!layout) return layout.error();
        return csv_rows(*layout);
    }

    /// The rows after the header, made into objects by `layout` (csv_layout, plain_columns).
    template <class Layout>
    result<record_counts> csv_rows(const Layout& layout) {
        const char sep = layout.separator();
        csv_splitter split;
        std::string record, line, err, column;
        boost::json::object obj;
        bool too_long = false;
        const auto column_of = [&](std::string_view p) { return layout.column_of(p); };
        while (src_.next(line, too_long, opts_.max_line_bytes)) {
            const std::size_t start = ++line_;
            if (!too_long && blank(line)) continue;
            bool over = too_long;
            bool open = !too_long && csv_scan_line(line, sep, false) == csv_line_end::open;
            record = std::move(line);
            // A quoted cell may span lines; the record as a whole is bounded.
            while (open && src_.next(line, too_long, opts_.max_line_bytes)) {
                ++line_;
                if (too_long || over || record.size() + 1 + line.size() > opts_.max_line_bytes) {
                    over = true;
                    record.clear();
                    if (too_long) break;
                    open = csv_scan_line(line, sep, open) == csv_line_end::open;
                    continue;
                }
                open = csv_scan_line(line, sep, open) == csv_line_end::open;
                record += '\n';
                record += line;
            }
            if (over) {
                ++counts_.records;
                fail(start, 0, too_long_error(), nullptr);
                continue;
            }
            if (record.find('\0') != std::string::npos) {
                ++counts_.records;
                fail(start, 0, nul_error(), nullptr);
                continue;
            }
            if (!split.split(std::string_view(record), sep, err)) {
                ++counts_.records;
                fail(start, 0, {errc::invalid_value, "", "malformed CSV: " + err}, nullptr);
                continue;
            }
            obj.clear();
            column.clear();
            if (auto r = layout.to_json(split, obj, column); !r) {
                ++counts_.records;
                boost::json::value v(obj);
                fail(start, 0, r.error(), &v, column);
                continue;
            }
            const boost::json::value v(std::move(obj));
            obj = boost::json::object();
            one(start, 0, v, column_of);
        }
        return finish();
    }

    line_source src_;
    std::string_view name_;
    const record_reader_options& opts_;
    const record_callbacks& cb_;
    boost::json::parse_options po_;
    json_parser jp_; // refuses repeated keys, naming them by JSON Pointer
    std::size_t line_ = 0;
    record_counts counts_;
    std::unordered_map<std::string, std::size_t> seen_;
};

} // namespace

std::string record_id(const boost::json::value& record) {
    const auto* o = record.if_object();
    if (!o) return {};
    const auto* i = o->if_contains("id");
    if (!i) return {};
    if (const auto* s = i->if_string()) return std::string(s->data(), s->size());
    if (i->is_int64()) return std::to_string(i->get_int64());
    if (i->is_uint64()) return std::to_string(i->get_uint64());
    return {};
}

result<record_counts> read_records(std::istream& in, std::string_view name,
                                   const record_reader_options& opts, const record_callbacks& cb) {
    return reader(in, name, opts, cb).run();
}

} // namespace ocop
