// Direct reading of common evaluation records from their JSON text, with parse_evaluation on
// a Boost.JSON document as the fallback and the reference. The direct path accepts a strict
// subset of JSON and of the evaluation contract; whenever it is unsure it gives up (returns
// false) and the record goes through the reference path, which decides and explains.
#include "../detail/compiled_sheet.hpp"
#include <ocop/csv.hpp>
#include <ocop/evaluation_reader.hpp>
#include <ocop/json_parser.hpp>

#include "../detail/direct_read.hpp"

#include <boost/describe/enum_from_string.hpp>
#include <boost/json/parse.hpp>

#include <cstring>

namespace ocop {

namespace {

/// An answer as written: points, or a 1-based option number.
struct raw_answer {
    std::string_view key;
    std::int64_t value = 0;
    std::uint32_t member = 0; // council member (0 for "answers")
    bool is_option = false;
};

/// A carried-through top-level key with a string or integer value.
struct raw_extra {
    std::string_view key;
    std::string_view text; // string value (unescaped: strings with escapes give up)
    std::int64_t number = 0;
    bool is_string = false;
    bool in_metadata = false; // a key of the "metadata" object, not of the record
};

/// Cursor over the record text; every method returns false to give up.
class cursor {
  public:
    explicit cursor(std::string_view t) : p_(t.data()), end_(t.data() + t.size()) {}

    void skip_ws() noexcept {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    }
    bool at_end() const noexcept { return p_ == end_; }
    bool eat(char c) noexcept {
        skip_ws();
        if (p_ < end_ && *p_ == c) {
            ++p_;
            return true;
        }
        return false;
    }
    bool peek(char c) noexcept {
        skip_ws();
        return p_ < end_ && *p_ == c;
    }
    /// A string without escapes or control characters, valid UTF-8, at most `max` bytes.
    bool string(std::string_view& out, std::size_t max) noexcept {
        if (!eat('"')) return false;
        const char* b = p_;
        bool ascii = true;
        while (p_ < end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') break;
            if (c == '\\' || c < 0x20) return false;
            ascii &= c < 0x80;
            ++p_;
        }
        if (p_ == end_) return false;
        out = std::string_view(b, static_cast<std::size_t>(p_ - b));
        ++p_;
        return out.size() <= max && (ascii || valid_utf8(out));
    }
    /// A plain integer: -?[1-9][0-9]{0,17} or 0 (no fraction, exponent or "-0").
    bool integer(std::int64_t& out) noexcept {
        skip_ws();
        const bool neg = p_ < end_ && *p_ == '-';
        if (neg) ++p_;
        const char* b = p_;
        std::int64_t v = 0;
        // At most 18 digits are accumulated: no overflow, and longer numbers give up.
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
            if (p_ - b == 18) return false;
            v = v * 10 + (*p_++ - '0');
        }
        const auto digits = p_ - b;
        if (digits == 0 || (digits > 1 && *b == '0') || (neg && v == 0)) return false;
        if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
        out = neg ? -v : v;
        return true;
    }
    /// The literal `word` (true, false).
    bool literal(std::string_view word) noexcept {
        skip_ws();
        if (static_cast<std::size_t>(end_ - p_) < word.size() ||
            std::memcmp(p_, word.data(), word.size()) != 0)
            return false;
        p_ += word.size();
        return true;
    }
    char next_char() noexcept {
        skip_ws();
        return p_ < end_ ? *p_ : '\0';
    }

  private:
    const char* p_;
    const char* end_;
};

bool is_(std::string_view a, const char* b) noexcept {
    return a.size() == std::strlen(b) && std::memcmp(a.data(), b, a.size()) == 0;
}

} // namespace

struct evaluation_reader::scratch {
    /// The reference path's parser: refuses repeated keys (the direct path gives up on them).
    json_parser parser{parse_options()};
    std::vector<raw_answer> answers;
    std::vector<raw_extra> extras;
    std::vector<std::string_view> knockouts;

    static boost::json::parse_options parse_options() {
        boost::json::parse_options po;
        po.max_depth = 32;
        return po;
    }
};

evaluation_reader::evaluation_reader(const registry& reg, const input_limits& limits)
    : reg_(&reg), limits_(limits), scratch_(new scratch), arena_(new unsigned char[arena_bytes]) {}

evaluation_reader::~evaluation_reader() = default;

result<void> evaluation_reader::read(std::string_view text, evaluation& out) {
    has_document_ = false;
    document_ = nullptr; // its storage goes with the arena below
    if (read_direct(text, out)) {
        ++direct_;
        return {};
    }
    ++through_dom_;
    boost::json::monotonic_resource mr(arena_.get(), arena_bytes);
    auto parsed = scratch_->parser.parse(text, boost::json::storage_ptr(&mr));
    if (!parsed) {
        if (parsed.error().code != errc::invalid_json) {
            // Valid JSON with a repeated key: keep a document (last key wins) for the id only.
            boost::system::error_code ec;
            document_ = boost::json::parse(text, ec);
            has_document_ = !ec;
        }
        return parsed.error();
    }
    // The document must not outlive `mr`: keep a copy on the default resource only for the
    // caller's error report, i.e. when the record is refused.
    const boost::json::value& v = *parsed;
    auto r = parse_evaluation(v, *reg_, out, limits_);
    if (!r) {
        document_ = boost::json::value(v, boost::json::storage_ptr());
        has_document_ = true;
    }
    return r;
}

namespace {

/// Step 1 of the direct path, the syntax: one object whose "answers" (or each member's) is an
/// object of integers or {"option": k}, with perhaps knock-out codes, a rejection and a flat
/// "metadata" object. Every method returns false to give up (the reference path then reads
/// the record). Fields are views into the text; lists go into the reader's scratch buffers.
class direct_scan {
  public:
    direct_scan(std::string_view text, const input_limits& limits, std::vector<raw_answer>& answers,
                std::vector<raw_extra>& extras, std::vector<std::string_view>& knockouts)
        : cur_(text), max_(limits.max_string_bytes), max_members_(limits.max_members),
          answers_(answers), extras_(extras), knockouts_(knockouts) {}

    /// Scan the whole record.
    bool scan() {
        if (!cur_.eat('{') || cur_.peek('}')) return false;
        do {
            std::string_view key;
            if (!cur_.string(key, max_) || !cur_.eat(':') || !field(key)) return false;
        } while (cur_.eat(','));
        if (!cur_.eat('}')) return false;
        cur_.skip_ws();
        if (!cur_.at_end() || !(seen_ & k_id) || !(seen_ & k_sheet)) return false;
        if ((seen_ & k_answers) && (seen_ & k_members)) return false;
        return (seen_ & (k_answers | k_members)) || is_rejected;
    }

    /// Step 2, the contract as parse_evaluation applies it; anything it would refuse gives up.
    bool bind(const registry& reg, evaluation& out) const {
        detail::direct_fields f;
        f.id = id_;
        f.sheet = sheet_no_;
        if (seen_ & k_ruleset) f.ruleset = ruleset_id_;
        if (seen_ & k_filed) f.filed_on = filed_;
        if (seen_ & k_evaluated) f.evaluated_on = evaluated_;
        if (seen_ & k_kind) f.kind = kind_;
        if (!detail::bind_direct(reg, f, out)) return false;
        const compiled_sheet& sh = *out.sheet;
        if (is_rejected) out.dossier_rejected.emplace(rejected_.data(), rejected_.size());
        for (const auto code : knockouts_) {
            const int ki = sh.find_knockout(code);
            if (ki < 0) return false;
            out.knockouts.push_back(static_cast<std::uint16_t>(ki));
        }
        if (seen_ & k_members) {
            out.members = static_cast<int>(members_);
            out.choices.assign(members_ * sh.criteria.size(), -1);
        } else if (!(seen_ & k_answers)) {
            out.members = 0; // a rejected dossier without answers has no member sheet
            out.choices.clear();
        }
        return bind_answers(sh, out) && bind_extras(out);
    }

    bool is_rejected = false; ///< "dossier_rejected" is a reason or true.

  private:
    enum : unsigned {
        k_id = 1,
        k_ruleset = 2,
        k_sheet = 4,
        k_answers = 8,
        k_filed = 16,
        k_evaluated = 32,
        k_kind = 64,
        k_members = 128,
        k_knockouts = 256,
        k_rejected = 512,
        k_metadata = 1024
    };

    /// Each key at most once.
    bool once(unsigned bit) {
        if (seen_ & bit) return false;
        seen_ |= bit;
        return true;
    }

    /// One member's answers object.
    bool member_answers(std::uint32_t member) {
        if (!cur_.eat('{') || cur_.peek('}')) return false;
        do {
            raw_answer a;
            a.member = member;
            if (!cur_.string(a.key, max_) || !cur_.eat(':')) return false;
            if (cur_.eat('{')) {
                std::string_view ok;
                if (!cur_.string(ok, max_) || !is_(ok, "option") || !cur_.eat(':') ||
                    !cur_.integer(a.value) || !cur_.eat('}'))
                    return false;
                a.is_option = true;
            } else if (!cur_.integer(a.value)) {
                return false;
            }
            answers_.push_back(a);
        } while (cur_.eat(','));
        return cur_.eat('}');
    }

    /// A council: [{"answers": {...}}, ...] (other member shapes give up).
    bool council() {
        if (!cur_.eat('[') || cur_.peek(']')) return false;
        do {
            std::string_view mk;
            if (members_ == max_members_ || !cur_.eat('{') || !cur_.string(mk, max_) ||
                !is_(mk, "answers") || !cur_.eat(':') || !member_answers(members_) ||
                !cur_.eat('}'))
                return false;
            ++members_;
        } while (cur_.eat(','));
        return cur_.eat(']');
    }

    /// Declared knock-out codes.
    bool knockout_codes() {
        if (!cur_.eat('[')) return false;
        if (cur_.eat(']')) return true;
        do {
            std::string_view code;
            if (!cur_.string(code, max_)) return false;
            knockouts_.push_back(code);
        } while (cur_.eat(','));
        return cur_.eat(']');
    }

    /// A reason, or true; false is no rejection. Anything else gives up.
    bool rejection() {
        if (cur_.next_char() == '"') {
            if (!cur_.string(rejected_, max_) || rejected_.empty()) return false;
            is_rejected = true;
        } else if (cur_.literal("true")) {
            is_rejected = true;
        } else if (!cur_.literal("false")) {
            return false;
        }
        return true;
    }

    /// A flat metadata object of strings and integers.
    bool metadata() {
        if (!cur_.eat('{')) return false;
        if (cur_.eat('}')) return true;
        do {
            std::string_view mk;
            if (!cur_.string(mk, max_) || !cur_.eat(':') || !extra(mk, true)) return false;
        } while (cur_.eat(','));
        return cur_.eat('}');
    }

    /// A string or plain integer value, carried through as metadata.
    bool extra(std::string_view key, bool in_metadata) {
        raw_extra e;
        e.key = key;
        e.in_metadata = in_metadata;
        for (const auto& x : extras_)
            if (x.key == key && x.in_metadata == in_metadata) return false;
        if (cur_.next_char() == '"') {
            if (!cur_.string(e.text, max_)) return false;
            e.is_string = true;
        } else if (!cur_.integer(e.number)) {
            return false;
        }
        extras_.push_back(e);
        return true;
    }

    /// The value of one key of the record.
    bool field(std::string_view key) {
        if (is_(key, "id")) return once(k_id) && cur_.string(id_, max_);
        if (is_(key, "ruleset")) return once(k_ruleset) && cur_.string(ruleset_id_, max_);
        if (is_(key, "sheet")) return once(k_sheet) && cur_.integer(sheet_no_);
        if (is_(key, "filed_on")) return once(k_filed) && cur_.string(filed_, max_);
        if (is_(key, "evaluated_on")) return once(k_evaluated) && cur_.string(evaluated_, max_);
        if (is_(key, "evaluation_kind")) return once(k_kind) && cur_.string(kind_, max_);
        if (is_(key, "answers")) return once(k_answers) && member_answers(0);
        if (is_(key, "members")) return once(k_members) && council();
        if (is_(key, "knockouts")) return once(k_knockouts) && knockout_codes();
        if (is_(key, "dossier_rejected")) return once(k_rejected) && rejection();
        if (is_(key, "metadata")) return once(k_metadata) && metadata();
        return extra(key, false);
    }

    /// The answers, found by code (usually in printed order), then completeness: a knock-out
    /// or a rejection stops the evaluation, so later criteria may be unanswered then.
    bool bind_answers(const compiled_sheet& sh, evaluation& out) const {
        const std::size_t n = sh.criteria.size();
        std::size_t guess = 0;
        for (const auto& a : answers_) {
            int ci = -1;
            if (guess < n && sh.criteria[guess].id_finds_itself && sh.criterion(guess).id == a.key)
                ci = static_cast<int>(guess);
            else
                ci = sh.find(a.key);
            if (!detail::answer_direct(out, a.member, ci, a.value, a.is_option)) return false;
            guess = static_cast<std::size_t>(ci) + 1;
        }
        if (out.knockouts.empty() && !out.dossier_rejected)
            for (int m = 0; m < out.members; ++m)
                if (!detail::complete_direct(out, static_cast<std::size_t>(m))) return false;
        return true;
    }

    /// Metadata first, then the record's own keys, which win (as parse_evaluation does).
    bool bind_extras(evaluation& out) const {
        for (const bool meta : {true, false})
            for (const auto& e : extras_) {
                if (e.in_metadata != meta) continue;
                auto& slot = out.metadata[boost::json::string_view(e.key.data(), e.key.size())];
                if (e.is_string)
                    slot = boost::json::string_view(e.text.data(), e.text.size());
                else
                    slot = e.number;
            }
        return true;
    }

    cursor cur_;
    std::size_t max_;
    std::size_t max_members_;
    std::vector<raw_answer>& answers_;
    std::vector<raw_extra>& extras_;
    std::vector<std::string_view>& knockouts_;
    std::string_view id_, ruleset_id_, filed_, evaluated_, kind_, rejected_;
    std::int64_t sheet_no_ = 0;
    std::uint32_t members_ = 0;
    unsigned seen_ = 0;
};

} // namespace

bool evaluation_reader::read_direct(std::string_view text, evaluation& out) {
    scratch_->answers.clear();
    scratch_->extras.clear();
    scratch_->knockouts.clear();
    direct_scan d(text, limits_, scratch_->answers, scratch_->extras, scratch_->knockouts);
    return d.scan() && d.bind(*reg_, out);
}

namespace detail {

bool bind_direct(const registry& reg, const direct_fields& f, evaluation& out) {
    if (f.id.empty()) return false;
    out.generation = next_evaluation_generation();
    out.id.assign(f.id.data(), f.id.size());
    out.filed_on.reset();
    out.evaluated_on.reset();
    if (f.filed_on && !(out.filed_on = date::parse(*f.filed_on))) return false;
    if (f.evaluated_on && !(out.evaluated_on = date::parse(*f.evaluated_on))) return false;
    out.kind = dossier_kind::first;
    if (f.kind) {
        const std::string k(*f.kind); // enum_from_string needs a terminated string
        if (!boost::describe::enum_from_string(k.c_str(), out.kind)) return false;
    }
    out.edition.reset();
    if (f.ruleset) {
        out.rules = reg.find(*f.ruleset);
        if (!out.rules) return false;
    } else {
        auto choice = reg.choose(out.filed_on, out.evaluated_on, out.kind);
        if (!choice) return false;
        out.rules = choice->rules;
        out.edition = *choice;
    }
    out.sheet =
        (f.sheet > 0 && f.sheet < 100000) ? out.rules->sheet(static_cast<int>(f.sheet)) : nullptr;
    if (!out.sheet || out.sheet->refusal) return false;
    out.members = 1;
    out.choices.assign(out.sheet->criteria.size(), -1);
    out.knockouts.clear();
    out.dossier_rejected.reset();
    out.ambiguous.clear();
    out.metadata.clear();
    return true;
}

bool answer_direct(evaluation& out, int ci, std::int64_t value, bool is_option) {
    return answer_direct(out, 0, ci, value, is_option);
}

bool answer_direct(evaluation& out, std::size_t member, int ci, std::int64_t value,
                   bool is_option) {
    if (ci < 0) return false;
    const std::size_t slot_at = member * out.sheet->criteria.size() + static_cast<std::size_t>(ci);
    if (out.choices[slot_at] >= 0) return false;
    const compiled_sheet& sh = *out.sheet;
    const auto& cc = sh.criteria[static_cast<std::size_t>(ci)];
    std::int16_t option = -1;
    if (is_option) {
        if (value < 1 || value > cc.option_count) return false;
        option = static_cast<std::int16_t>(value - 1);
    } else {
        // The folded table when the points are in range (options above the maximum are
        // refused at compile time), the options themselves otherwise.
        int matches = 0;
        if (value >= 0 && value <= cc.max_points && cc.option_count <= several_options) {
            const std::int8_t slot =
                sh.option_by_points[cc.by_points_first + static_cast<std::size_t>(value)];
            if (slot != no_option) {
                option = static_cast<std::int16_t>(slot & ~several_options);
                matches = (slot & several_options) ? 2 : 1;
            }
        } else {
            for (std::uint16_t k = 0; k < cc.option_count; ++k)
                if (sh.options[cc.option_first + k].points == value && matches++ == 0)
                    option = static_cast<std::int16_t>(k);
        }
        if (matches == 0) return false;
        if (matches > 1) out.ambiguous.push_back(static_cast<std::uint16_t>(ci));
    }
    out.choices[slot_at] = option;
    return true;
}

bool complete_direct(const evaluation& out) {
    return complete_direct(out, 0);
}

bool complete_direct(const evaluation& out, std::size_t member) {
    const std::int16_t* row = out.choices.data() + member * out.sheet->criteria.size();
    for (const auto& cg : out.sheet->groups) {
        int cases = 0;
        for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
            const bool has = row[cg.criterion_first + k] >= 0;
            if (cg.choose_one_case)
                cases += has;
            else if (!has)
                return false;
        }
        if (cg.choose_one_case && cases != 1) return false;
    }
    return true;
}

} // namespace detail

} // namespace ocop
