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

bool evaluation_reader::read_direct(std::string_view text, evaluation& out) {
    auto& answers = scratch_->answers;
    auto& extras = scratch_->extras;
    auto& knockouts = scratch_->knockouts;
    answers.clear();
    extras.clear();
    knockouts.clear();
    const std::size_t max = limits_.max_string_bytes;

    // 1. Syntax: one object whose "answers" (or each member's) is an object of integers or
    // {"option": k}, with perhaps knock-out codes, a rejection and a flat "metadata" object.
    cursor cur(text);
    std::string_view id, ruleset_id, filed, evaluated, kind, rejected;
    std::int64_t sheet_no = 0;
    std::uint32_t members = 0;
    bool is_rejected = false;
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
    unsigned seen = 0;
    auto once = [&seen](unsigned bit) {
        if (seen & bit) return false;
        seen |= bit;
        return true;
    };
    // One member's answers object.
    auto read_answers = [&](std::uint32_t member) {
        if (!cur.eat('{') || cur.peek('}')) return false;
        do {
            raw_answer a;
            a.member = member;
            if (!cur.string(a.key, max) || !cur.eat(':')) return false;
            if (cur.eat('{')) {
                std::string_view ok;
                if (!cur.string(ok, max) || !is_(ok, "option") || !cur.eat(':') ||
                    !cur.integer(a.value) || !cur.eat('}'))
                    return false;
                a.is_option = true;
            } else if (!cur.integer(a.value)) {
                return false;
            }
            answers.push_back(a);
        } while (cur.eat(','));
        return cur.eat('}');
    };
    // A string or plain integer value, carried through as metadata.
    auto read_extra = [&](std::string_view key, bool in_metadata) {
        raw_extra e;
        e.key = key;
        e.in_metadata = in_metadata;
        for (const auto& x : extras)
            if (x.key == key && x.in_metadata == in_metadata) return false;
        if (cur.next_char() == '"') {
            if (!cur.string(e.text, max)) return false;
            e.is_string = true;
        } else if (!cur.integer(e.number)) {
            return false;
        }
        extras.push_back(e);
        return true;
    };
    if (!cur.eat('{')) return false;
    if (cur.peek('}')) return false;
    do {
        std::string_view key;
        if (!cur.string(key, max) || !cur.eat(':')) return false;
        if (is_(key, "id")) {
            if (!once(k_id) || !cur.string(id, max)) return false;
        } else if (is_(key, "ruleset")) {
            if (!once(k_ruleset) || !cur.string(ruleset_id, max)) return false;
        } else if (is_(key, "sheet")) {
            if (!once(k_sheet) || !cur.integer(sheet_no)) return false;
        } else if (is_(key, "filed_on")) {
            if (!once(k_filed) || !cur.string(filed, max)) return false;
        } else if (is_(key, "evaluated_on")) {
            if (!once(k_evaluated) || !cur.string(evaluated, max)) return false;
        } else if (is_(key, "evaluation_kind")) {
            if (!once(k_kind) || !cur.string(kind, max)) return false;
        } else if (is_(key, "answers")) {
            if (!once(k_answers) || !read_answers(0)) return false;
        } else if (is_(key, "members")) {
            // A council: [{"answers": {...}}, ...] (other member shapes give up).
            if (!once(k_members) || !cur.eat('[') || cur.peek(']')) return false;
            do {
                std::string_view mk;
                if (members == limits_.max_members || !cur.eat('{') || !cur.string(mk, max) ||
                    !is_(mk, "answers") || !cur.eat(':') || !read_answers(members) || !cur.eat('}'))
                    return false;
                ++members;
            } while (cur.eat(','));
            if (!cur.eat(']')) return false;
        } else if (is_(key, "knockouts")) {
            if (!once(k_knockouts) || !cur.eat('[')) return false;
            if (!cur.eat(']')) {
                do {
                    std::string_view code;
                    if (!cur.string(code, max)) return false;
                    knockouts.push_back(code);
                } while (cur.eat(','));
                if (!cur.eat(']')) return false;
            }
        } else if (is_(key, "dossier_rejected")) {
            // A reason, or true; false is no rejection. Anything else gives up.
            if (!once(k_rejected)) return false;
            if (cur.next_char() == '"') {
                if (!cur.string(rejected, max) || rejected.empty()) return false;
                is_rejected = true;
            } else if (cur.literal("true")) {
                is_rejected = true;
            } else if (!cur.literal("false")) {
                return false;
            }
        } else if (is_(key, "metadata")) {
            if (!once(k_metadata) || !cur.eat('{')) return false;
            if (!cur.eat('}')) {
                do {
                    std::string_view mk;
                    if (!cur.string(mk, max) || !cur.eat(':') || !read_extra(mk, true))
                        return false;
                } while (cur.eat(','));
                if (!cur.eat('}')) return false;
            }
        } else if (!read_extra(key, false)) {
            return false;
        }
    } while (cur.eat(','));
    if (!cur.eat('}')) return false;
    cur.skip_ws();
    if (!cur.at_end() || !(seen & k_id) || !(seen & k_sheet)) return false;
    if ((seen & k_answers) && (seen & k_members)) return false;
    if (!(seen & (k_answers | k_members)) && !is_rejected) return false;

    // 2. The contract, as parse_evaluation applies it; anything it would refuse gives up.
    detail::direct_fields f;
    f.id = id;
    f.sheet = sheet_no;
    if (seen & k_ruleset) f.ruleset = ruleset_id;
    if (seen & k_filed) f.filed_on = filed;
    if (seen & k_evaluated) f.evaluated_on = evaluated;
    if (seen & k_kind) f.kind = kind;
    if (!detail::bind_direct(*reg_, f, out)) return false;
    const compiled_sheet& sh = *out.sheet;
    const std::size_t n = sh.criteria.size();
    if (is_rejected) out.dossier_rejected.emplace(rejected.data(), rejected.size());
    for (const auto code : knockouts) {
        const int ki = sh.find_knockout(code);
        if (ki < 0) return false;
        out.knockouts.push_back(static_cast<std::uint16_t>(ki));
    }
    if (seen & k_members) {
        out.members = static_cast<int>(members);
        out.choices.assign(members * n, -1);
    } else if (!(seen & k_answers)) {
        out.members = 0; // a rejected dossier without answers has no member sheet
        out.choices.clear();
    }
    std::size_t guess = 0; // answers usually come in printed order
    for (const auto& a : answers) {
        int ci = -1;
        if (guess < n && sh.criteria[guess].id_finds_itself && sh.criterion(guess).id == a.key)
            ci = static_cast<int>(guess);
        else
            ci = sh.find(a.key);
        if (!detail::answer_direct(out, a.member, ci, a.value, a.is_option)) return false;
        guess = static_cast<std::size_t>(ci) + 1;
    }
    // A knock-out or a rejection stops the evaluation: later criteria may be unanswered.
    if (out.knockouts.empty() && !out.dossier_rejected)
        for (int m = 0; m < out.members; ++m)
            if (!detail::complete_direct(out, static_cast<std::size_t>(m))) return false;
    // Metadata first, then the record's own keys, which win (as parse_evaluation does).
    for (const bool meta : {true, false})
        for (const auto& e : extras) {
            if (e.in_metadata != meta) continue;
            auto& slot = out.metadata[boost::json::string_view(e.key.data(), e.key.size())];
            if (e.is_string)
                slot = boost::json::string_view(e.text.data(), e.text.size());
            else
                slot = e.number;
        }
    return true;
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
