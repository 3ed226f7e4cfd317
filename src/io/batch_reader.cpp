// Physical lines with a length limit, and records (CSV records may span quoted lines).
#include "batch_reader.hpp"
#include "../detail/whitespace.hpp"

#include <ocop/csv.hpp>
#include <ocop/ruleset.hpp>

#include <cstring>
#include <iterator>

namespace ocop::detail {

line_reader::line_reader(std::istream& in, std::size_t max_bytes)
    : in_(in), max_(max_bytes), buf_(1u << 16) {}

bool line_reader::fill() {
    if (!in_) return false;
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    len_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    return len_ > 0;
}

bool line_reader::next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    while (true) {
        if (pos_ == len_ && !fill()) break;
        const char* start = buf_.data() + pos_;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
        const std::size_t n = nl ? static_cast<std::size_t>(nl - start) : len_ - pos_;
        any = true;
        if (!too_long) {
            if (line.size() + n > max_) {
                too_long = true;
                line.clear();
            } else {
                line.append(start, n);
            }
        }
        pos_ += n + (nl ? 1 : 0);
        bytes_ += n + (nl ? 1 : 0);
        if (nl) break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

void line_reader::rest(std::string& out) {
    out.append(buf_.data() + pos_, len_ - pos_);
    bytes_ += len_ - pos_;
    pos_ = len_;
    while (fill()) {
        out.append(buf_.data(), len_);
        bytes_ += len_;
        pos_ = len_;
    }
}

bool line_reader::take(std::string_view& out) {
    if (pos_ == len_ && !fill()) return false;
    out = std::string_view(buf_.data() + pos_, len_ - pos_);
    bytes_ += len_ - pos_;
    pos_ = len_;
    return true;
}

void line_reader::push_front(std::string_view text) {
    if (text.empty()) return;
    std::vector<char> b(text.begin(), text.end());
    b.insert(b.end(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_),
             buf_.begin() + static_cast<std::ptrdiff_t>(len_));
    len_ = b.size();
    if (b.size() < (1u << 16)) b.resize(1u << 16); // fill() reads into the whole buffer
    buf_ = std::move(b);
    pos_ = 0;
    bytes_ -= text.size();
}

bool record_source::pull(std::string& text, std::size_t& lineno, bool& too_long) {
    if (!held_.empty()) {
        auto& h = held_.back();
        text.swap(h.text);
        lineno = h.line;
        too_long = h.too_long;
        held_.pop_back();
        return true;
    }
    if (!reader_.next(text, too_long)) return false;
    lineno = ++lineno_;
    if (first_) {
        first_ = false;
        const auto stripped = strip_bom(text);
        if (stripped.size() != text.size()) text.erase(0, text.size() - stripped.size());
    }
    return true;
}

bool record_source::next_line(std::string& text, std::size_t& lineno, bool& too_long) {
    while (pull(text, lineno, too_long))
        if (too_long || !json_blank(text)) return true;
    return false;
}

bool record_source::next(raw_record& rec) {
    if (has_pending_) {
        has_pending_ = false;
        std::swap(rec, pending_);
        return true;
    }
    if (use_memory_) {
        if (memory_pos_ >= memory_.size()) return false;
        rec = std::move(memory_[memory_pos_++]);
        return true;
    }
    if (csv_) return next_csv(rec);
    if (array_) return next_element(rec);
    rec.element = 0;
    rec.error.clear();
    return next_line(rec.text, rec.line, rec.too_long);
}

bool record_source::next_element(raw_record& rec) {
    while (element_pos_ == elements_.size()) {
        elements_.clear();
        element_pos_ = 0;
        if (array_->done()) { // JSON Lines after the array (or after its first line)
            if (array_->gave_up()) {
                reader_.push_front(array_->replay());
                std::string rest;
                bool too_long = false;
                if (array_->skip_first_line()) (void)reader_.next(rest, too_long);
                lineno_ = array_->open_line();
            } else {
                lineno_ = array_->line() - 1; // the rest of the bracket's line is a line
            }
            array_.reset();
            return next(rec);
        }
        std::string_view chunk;
        if (!reader_.take(chunk)) {
            array_->finish(elements_);
        } else {
            const std::size_t used = array_->feed(chunk, elements_);
            if (used < chunk.size()) reader_.push_front(chunk.substr(used));
        }
    }
    auto& e = elements_[element_pos_++];
    rec.line = e.line;
    rec.text.swap(e.text);
    rec.too_long = e.too_long;
    rec.element = e.index;
    rec.error.swap(e.error);
    return true;
}

namespace {
/// Number of fields of a complete, well-formed CSV record (quotes only at a field's start).
std::size_t csv_fields(std::string_view r, char sep) {
    std::size_t n = 1, i = 0;
    while (i < r.size()) {
        if (r[i] == '"') { // quoted field: skip to its closing quote ("" is data)
            ++i;
            while (i < r.size() && !(r[i] == '"' && (i + 1 == r.size() || r[i + 1] != '"')))
                i += r[i] == '"' ? 2 : 1;
            ++i;
        }
        const auto e = r.find(sep, i);
        if (e == std::string_view::npos) break;
        ++n;
        i = e + 1;
    }
    return n;
}
} // namespace

bool record_source::next_csv(raw_record& rec) {
    if (!next_line(rec.text, rec.line, rec.too_long)) return false;
    if (rec.too_long || rec.line <= single_until_ ||
        csv_scan_line(rec.text, sep_, false) != csv_line_end::open)
        return true; // one line; a malformed one is reported by the splitter
    // A quoted cell may hold line breaks: the record continues on the next lines.
    const std::size_t first_len = rec.text.size();
    span_.clear();
    bool ok = false, ended = true;
    while (pull(extra_.text, extra_.line, extra_.too_long)) {
        span_.push_back(extra_);
        ended = false;
        if (extra_.too_long || rec.text.size() + 1 + extra_.text.size() > max_) break;
        const auto end = csv_scan_line(extra_.text, sep_, true);
        if (end == csv_line_end::malformed) break;
        rec.text += '\n';
        rec.text += extra_.text;
        if (end == csv_line_end::complete) {
            ok = columns_ == 0 || csv_fields(rec.text, sep_) == columns_;
            break;
        }
        ended = true; // still open: the input may end here
    }
    if (ok) return true;
    // Resynchronise: serve the first line alone (the splitter reports its quote as not
    // closed) and read the others again: as one-line records up to the line where the record
    // failed (or to the end of the input), normally from that line on.
    rec.text.resize(first_len);
    if (span_.empty()) return true;
    single_until_ = span_.back().line - (ended ? 0 : 1);
    held_.insert(held_.end(), std::make_move_iterator(span_.rbegin()),
                 std::make_move_iterator(span_.rend()));
    return true;
}

} // namespace ocop::detail
