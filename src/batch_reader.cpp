// Physical lines with a length limit, and records (CSV records may span quoted lines).
#include "batch_reader.hpp"

#include <ocop/ruleset.hpp>

#include <cstring>

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

namespace {
bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}
} // namespace

bool record_source::next_line(std::string& text, std::size_t& lineno, bool& too_long) {
    while (reader_.next(text, too_long)) {
        ++lineno_;
        if (first_) {
            first_ = false;
            const auto stripped = strip_bom(text);
            if (stripped.size() != text.size()) text.erase(0, text.size() - stripped.size());
        }
        if (!too_long && blank(text)) continue;
        lineno = lineno_;
        return true;
    }
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
    if (!next_line(rec.text, rec.line, rec.too_long)) return false;
    if (!csv_ || rec.too_long) return true;
    // A quoted CSV cell may hold line breaks: the record continues on the next lines.
    bool open = csv_quote_open(rec.text, false);
    while (open) {
        bool long_line = false;
        if (!reader_.next(extra_, long_line)) break;
        ++lineno_;
        if (long_line || rec.text.size() + 1 + extra_.size() > max_) {
            rec.too_long = true;
            rec.text.clear();
            // Skip to the end of the quoted cell so the next record starts cleanly.
            open = long_line ? open : csv_quote_open(extra_, open);
            while (open && reader_.next(extra_, long_line)) {
                ++lineno_;
                if (!long_line) open = csv_quote_open(extra_, open);
            }
            break;
        }
        rec.text += '\n';
        rec.text += extra_;
        open = csv_quote_open(extra_, open);
    }
    return true;
}

} // namespace ocop::detail
