// Parse the evaluation input contract into option indices, with JSON Pointer errors.
#include "../detail/compiled_sheet.hpp"
#include <ocop/evaluation.hpp>
#include <ocop/json_parser.hpp>

#include <boost/describe/enum_from_string.hpp>

#include <atomic>
#include <cmath>

namespace ocop {

namespace {

std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

/// The refusal of a string over input_limits::max_string_bytes.
diagnostic too_long(std::string path, std::string_view what, std::size_t max) {
    return diagnostic{errc::limit_exceeded, std::move(path),
                      std::string(what) + " longer than " + std::to_string(max) + " bytes"};
}

/// Whether `s` may not be carried: longer than `max` bytes, or holding a NUL byte (which
/// would cut C strings and reach report files); `nul` tells which.
bool bad_string(std::string_view s, std::size_t max, bool& nul) {
    nul = s.size() <= max && s.find('\0') != std::string_view::npos;
    return nul || s.size() > max;
}

/// Whether `v` holds a bad string (a value or an object key, at any depth: see bad_string).
/// On finding one, `path` receives its JSON Pointer relative to `v` (built only then, while
/// unwinding), `key` tells whether it is an object key and `nul` why it is bad. Depth is
/// bounded by the JSON parser's max_depth.
bool bad_string_in(const boost::json::value& v, std::size_t max, std::string& path, bool& key,
                   bool& nul) {
    if (const auto* s = v.if_string()) return bad_string({s->data(), s->size()}, max, nul);
    if (const auto* a = v.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i)
            if (bad_string_in((*a)[i], max, path, key, nul)) {
                path.insert(0, "/" + std::to_string(i));
                return true;
            }
        return false;
    }
    if (const auto* o = v.if_object())
        for (const auto& kv : *o) {
            if (bad_string({kv.key().data(), kv.key().size()}, max, nul)) {
                key = true;
                path.insert(0, "/" + pointer_token(kv.key()));
                return true;
            }
            if (bad_string_in(kv.value(), max, path, key, nul)) {
                path.insert(0, "/" + pointer_token(kv.key()));
                return true;
            }
        }
    return false;
}

/// The refusal of a string holding a NUL byte.
diagnostic has_nul(std::string path, std::string_view what) {
    return diagnostic{errc::invalid_value, std::move(path),
                      std::string(what) + " contains a NUL byte"};
}

std::string allowed_points(const compiled_sheet& sh, const compiled_criterion& c) {
    std::string out;
    for (std::uint16_t k = 0; k < c.option_count; ++k) {
        if (k) out += ", ";
        out += std::to_string(sh.options[c.option_first + k].points);
    }
    return out;
}

/// Reads one member's answers object into `row` (one slot per criterion).
class answer_reader {
  public:
    answer_reader(const compiled_sheet& sh, evaluation& ev, std::size_t max_key_bytes)
        : sh_(sh), ev_(ev), max_key_(max_key_bytes) {}

    result<void> read(const boost::json::value& v, std::int16_t* row, const std::string& path) {
        const auto* obj = v.if_object();
        if (!obj) return diagnostic{errc::wrong_type, path, "answers must be an object"};
        for (const auto& kv : *obj) {
            const std::string_view key(kv.key().data(), kv.key().size());
            // The pointer is only built for an error: no allocation per answer.
            auto kp_of = [&] { return path + "/" + pointer_token(key); };
            if (key.size() > max_key_) return too_long(kp_of(), "criterion code", max_key_);
            const int ci = sh_.find(key);
            if (ci == -2)
                return diagnostic{errc::ambiguous_criterion, kp_of(),
                                  "code " + quoted(key) + " is printed more than once on sheet " +
                                      std::to_string(sh_.no) +
                                      "; use one of: " + ids_of(std::string(key))};
            if (ci < 0)
                return diagnostic{errc::unknown_criterion, kp_of(),
                                  "sheet " + std::to_string(sh_.no) + " of " + ev_.rules->id() +
                                      " has no criterion " + quoted(key)};
            if (kv.value().is_null()) continue; // not scored: reported as missing below
            if (row[ci] >= 0)
                return diagnostic{errc::invalid_value, kp_of(),
                                  "criterion " + quoted(key) + " answered twice"};
            auto opt = option_of(static_cast<std::size_t>(ci), kv.value(), kp_of);
            if (!opt) return opt.error();
            row[ci] = *opt;
        }
        return {};
    }

  private:
    std::string ids_of(const std::string& code) const {
        std::string out;
        for (std::size_t i = 0; i < sh_.criteria.size(); ++i)
            if (sh_.criterion(i).code == code)
                out += (out.empty() ? "" : ", ") + sh_.criterion(i).id + " (" +
                       sh_.criterion(i).title_vi + ")";
        return out;
    }

    template <class KeyPath>
    result<std::int16_t> option_of(std::size_t ci, const boost::json::value& v,
                                   const KeyPath& kp_of) {
        const auto& c = sh_.criteria[ci];
        const auto& def = sh_.criterion(ci);
        if (const auto* o = v.if_object()) {
            if (o->size() != 1 || !o->contains("option"))
                return diagnostic{errc::invalid_value, kp_of(),
                                  "expected points or {\"option\": k} with k in 1.." +
                                      std::to_string(c.option_count)};
            const auto& k = o->at("option");
            if (!k.is_int64())
                return diagnostic{errc::wrong_type, kp_of() + "/option",
                                  "option must be an integer 1.." + std::to_string(c.option_count)};
            const auto n = k.get_int64();
            if (n < 1 || n > c.option_count)
                return diagnostic{errc::unknown_option, kp_of() + "/option",
                                  def.id + " has options 1.." + std::to_string(c.option_count) +
                                      ", not " + std::to_string(n)};
            return static_cast<std::int16_t>(n - 1);
        }
        std::int64_t pts = 0;
        if (v.is_bool()) {
            if (!c.binary)
                return diagnostic{errc::wrong_type, kp_of(),
                                  def.id + " is not a yes/no criterion; give its points (" +
                                      allowed_points(sh_, c) + ")"};
            pts = v.get_bool() ? c.max_points : 0;
        } else if (v.is_int64()) {
            pts = v.get_int64();
        } else if (v.is_uint64()) {
            return diagnostic{errc::impossible_points, kp_of(), "points out of range"};
        } else if (v.is_double()) {
            const double d = v.get_double();
            if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 1000)
                return diagnostic{errc::impossible_points, kp_of(),
                                  def.id + ": points must be one of " + allowed_points(sh_, c)};
            pts = static_cast<std::int64_t>(d);
        } else {
            return diagnostic{errc::wrong_type, kp_of(),
                              "expected points (a number) or {\"option\": k}"};
        }
        int found = -1, matches = 0;
        for (std::uint16_t k = 0; k < c.option_count; ++k)
            if (sh_.options[c.option_first + k].points == pts) {
                if (found < 0) found = k;
                ++matches;
            }
        if (found < 0)
            return diagnostic{errc::impossible_points, kp_of(),
                              def.id + ": " + std::to_string(pts) +
                                  " points match no option; allowed: " + allowed_points(sh_, c)};
        if (matches > 1) ev_.ambiguous.push_back(static_cast<std::uint16_t>(ci));
        return static_cast<std::int16_t>(found);
    }

    const compiled_sheet& sh_;
    evaluation& ev_;
    std::size_t max_key_;
};

result<std::optional<date>> read_date(const boost::json::object& o, const char* key,
                                      std::size_t max) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<date>{};
    const auto* s = v->if_string();
    if (!s) return diagnostic{errc::wrong_type, std::string("/") + key, "expected \"YYYY-MM-DD\""};
    if (s->size() > max) return too_long(std::string("/") + key, key, max);
    auto d = date::parse(std::string_view(s->data(), s->size()));
    if (!d)
        return diagnostic{errc::invalid_value, std::string("/") + key,
                          "not a calendar date \"YYYY-MM-DD\": " + quoted(s->c_str())};
    return std::optional<date>(*d);
}

bool is_contract_key(std::string_view k) {
    return k == "id" || k == "ruleset" || k == "sheet" || k == "answers" || k == "members" ||
           k == "knockouts" || k == "dossier_rejected" || k == "filed_on" || k == "evaluated_on" ||
           k == "evaluation_kind" || k == "metadata";
}

/// The fields before the sheet: id, dates, dossier kind.
result<void> read_identity(const boost::json::object& obj, evaluation& out,
                           std::size_t max_string) {
    // id: a string, or a number as spreadsheets write it.
    const auto* id = obj.if_contains("id");
    if (!id) return diagnostic{errc::missing_field, "/id", "missing field \"id\""};
    if (const auto* s = id->if_string())
        out.id.assign(s->data(), s->size());
    else if (id->is_int64())
        out.id = std::to_string(id->get_int64());
    else
        return diagnostic{errc::wrong_type, "/id", "id must be a string or an integer"};
    if (out.id.empty()) return diagnostic{errc::invalid_value, "/id", "id is empty"};
    if (out.id.size() > max_string) return too_long("/id", "id", max_string);
    if (out.id.find('\0') != std::string::npos) return has_nul("/id", "id");

    auto filed = read_date(obj, "filed_on", max_string);
    if (!filed) return filed.error();
    out.filed_on = *filed;
    auto evaluated = read_date(obj, "evaluated_on", max_string);
    if (!evaluated) return evaluated.error();
    out.evaluated_on = *evaluated;
    if (const auto* k = obj.if_contains("evaluation_kind")) {
        const auto* s = k->if_string();
        if (s && s->size() > max_string)
            return too_long("/evaluation_kind", "evaluation_kind", max_string);
        if (!s || !boost::describe::enum_from_string(s->c_str(), out.kind))
            return diagnostic{errc::invalid_value, "/evaluation_kind",
                              "evaluation_kind must be \"first\", \"upgrade\" or "
                              "\"re_evaluation\""};
    }
    return {};
}

/// The ruleset: named, or chosen by the dates and kind (the edition in force), or the default.
result<void> read_ruleset(const boost::json::object& obj, const registry& reg, evaluation& out,
                          std::size_t max_string) {
    // The ruleset: named, or chosen by dates, or the default edition.
    if (const auto* r = obj.if_contains("ruleset"); r && !r->is_null()) {
        const auto* s = r->if_string();
        if (!s) return diagnostic{errc::wrong_type, "/ruleset", "ruleset must be a string id"};
        if (s->size() > max_string) return too_long("/ruleset", "ruleset", max_string);
        out.rules = reg.find(std::string_view(s->data(), s->size()));
        if (!out.rules)
            return diagnostic{errc::unknown_ruleset, "/ruleset",
                              "unknown ruleset " + quoted(s->c_str())};
    } else {
        auto choice = reg.choose(out.filed_on, out.evaluated_on, out.kind);
        if (!choice) return choice.error();
        out.rules = choice->rules;
        out.edition = *choice;
    }
    return {};
}

/// The sheet of the ruleset, refused when the edition names it without a transcription.
result<void> read_sheet(const boost::json::object& obj, evaluation& out) {
    const auto* sv = obj.if_contains("sheet");
    if (!sv) return diagnostic{errc::missing_field, "/sheet", "missing field \"sheet\""};
    if (!sv->is_int64())
        return diagnostic{errc::wrong_type, "/sheet", "sheet must be an integer (1..26)"};
    const auto sheet_no = sv->get_int64();
    out.sheet = (sheet_no > 0 && sheet_no < 100000) ? out.rules->sheet(static_cast<int>(sheet_no))
                                                    : nullptr;
    if (!out.sheet)
        return diagnostic{
            errc::unknown_sheet, "/sheet",
            out.rules->id() + " has no sheet " + std::to_string(sheet_no) +
                (out.rules->sheets().empty() ? " (it is a frame without sheets)" : "")};
    if (out.sheet->refusal) {
        auto d = *out.sheet->refusal;
        d.path = "/sheet";
        d.message = out.rules->id() + ": " + d.message;
        return d;
    }
    return {};
}

/// A rejected dossier: its reason (a string), or true.
result<void> read_dossier_rejected(const boost::json::object& obj, evaluation& out,
                                   std::size_t max_string) {
    if (const auto* d = obj.if_contains("dossier_rejected"); d && !d->is_null()) {
        if (const auto* s = d->if_string(); s && s->size() > max_string)
            return too_long("/dossier_rejected", "dossier_rejected", max_string);
        else if (s && std::string_view(s->data(), s->size()).find('\0') != std::string_view::npos)
            return has_nul("/dossier_rejected", "dossier_rejected");
        else if (s && !s->empty())
            out.dossier_rejected = std::string(s->data(), s->size());
        else if (d->is_bool() && d->get_bool())
            out.dossier_rejected = std::string();
        else if (!(d->is_bool()))
            return diagnostic{errc::wrong_type, "/dossier_rejected",
                              "dossier_rejected must be a non-empty string (the reason)"};
    }
    return {};
}

/// The declared knock-outs: codes that carry a printed knock-out on the sheet.
result<void> read_knockouts(const boost::json::object& obj, const compiled_sheet& sh,
                            evaluation& out, std::size_t max_string) {
    if (const auto* k = obj.if_contains("knockouts"); k && !k->is_null()) {
        const auto* arr = k->if_array();
        if (!arr)
            return diagnostic{errc::wrong_type, "/knockouts",
                              "knockouts must be an array of codes"};
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto p = [i] { return "/knockouts/" + std::to_string(i); };
            const auto* s = (*arr)[i].if_string();
            if (!s) return diagnostic{errc::wrong_type, p(), "expected a criterion or group code"};
            if (s->size() > max_string) return too_long(p(), "knock-out code", max_string);
            const int ki = sh.find_knockout(std::string_view(s->data(), s->size()));
            if (ki < 0)
                return diagnostic{errc::not_a_knockout, p(),
                                  quoted(s->c_str()) + " carries no printed knock-out on sheet " +
                                      std::to_string(sh.no)};
            out.knockouts.push_back(static_cast<std::uint16_t>(ki));
        }
    }
    return {};
}

/// The answers: one member's, or each member's of a council.
result<void> read_answers(const boost::json::object& obj, const compiled_sheet& sh, evaluation& out,
                          const input_limits& limits) {
    const std::size_t max_string = limits.max_string_bytes;
    const auto* answers = obj.if_contains("answers");
    const auto* members = obj.if_contains("members");
    if (answers && members)
        return diagnostic{errc::invalid_value, "/members",
                          "give either answers or members, not both"};
    const std::size_t n = sh.criteria.size();
    answer_reader reader(sh, out, max_string);
    if (members) {
        const auto* arr = members->if_array();
        if (!arr) return diagnostic{errc::wrong_type, "/members", "members must be an array"};
        if (arr->empty()) return diagnostic{errc::invalid_value, "/members", "members is empty"};
        if (arr->size() > limits.max_members)
            return diagnostic{errc::limit_exceeded, "/members",
                              "more than " + std::to_string(limits.max_members) + " members"};
        out.members = static_cast<int>(arr->size());
        out.choices.assign(out.members * n, -1);
        for (std::size_t m = 0; m < arr->size(); ++m) {
            const std::string mp = "/members/" + std::to_string(m);
            const auto& mv = (*arr)[m];
            const auto* mo = mv.if_object();
            const boost::json::value* a = mo ? mo->if_contains("answers") : nullptr;
            auto r = a ? reader.read(*a, &out.choices[m * n], mp + "/answers")
                       : reader.read(mv, &out.choices[m * n], mp);
            if (!r) return r;
        }
    } else if (answers) {
        out.members = 1;
        out.choices.assign(n, -1);
        auto r = reader.read(*answers, out.choices.data(), "/answers");
        if (!r) return r;
    } else if (!out.dossier_rejected) {
        return diagnostic{errc::missing_field, "/answers", "missing field \"answers\""};
    }
    return {};
}

/// Completeness: every criterion once, exactly one case per choose-one group. A knock-out
/// stops the evaluation, so later criteria may be left unanswered then.
result<void> check_complete(const boost::json::object& obj, const compiled_sheet& sh,
                            const evaluation& out) {
    const auto* members = obj.if_contains("members");
    const std::size_t n = sh.criteria.size();
    const bool stopped = !out.knockouts.empty() || out.dossier_rejected.has_value();
    for (int m = 0; m < out.members && !stopped; ++m) {
        const std::string base =
            members
                ? "/members/" + std::to_string(m) +
                      ((*members).as_array()[m].as_object().contains("answers") ? "/answers" : "")
                : std::string("/answers");
        for (std::size_t g = 0; g < sh.groups.size(); ++g) {
            const auto& cg = sh.groups[g];
            int answered_cases = 0;
            std::string case_codes;
            for (std::uint16_t k = 0; k < cg.criterion_count; ++k) {
                const std::size_t c = cg.criterion_first + k;
                const auto& def = sh.criterion(c);
                const bool has = out.choices[m * n + c] >= 0;
                if (cg.choose_one_case) {
                    case_codes += (case_codes.empty() ? "" : " or ") + def.id;
                    if (has && ++answered_cases > 1)
                        return diagnostic{errc::case_conflict, base + "/" + pointer_token(def.id),
                                          "group " + sh.group(g).code +
                                              " takes exactly one case; " + def.id +
                                              " answered as well"};
                } else if (!has) {
                    return diagnostic{errc::missing_criterion, base + "/" + pointer_token(def.id),
                                      "criterion " + def.id + " (" + def.title_vi +
                                          ") is not answered"};
                }
            }
            if (cg.choose_one_case && answered_cases == 0)
                return diagnostic{errc::case_missing, base,
                                  "group " + sh.group(g).code +
                                      " needs one case answered: " + case_codes};
        }
    }
    return {};
}

/// Metadata and the other keys, carried through to results.
result<void> read_metadata(const boost::json::object& obj, evaluation& out,
                           std::size_t max_string) {
    // Metadata and carried-through keys: every string (values and keys, at any depth) is
    // checked before anything is copied.
    std::string sub; // stays empty (no allocation) unless a string is refused
    bool is_key = false, nul = false;
    auto refuse_in = [&](std::string path) {
        const char* what = is_key ? "metadata key" : "metadata string";
        return nul ? has_nul(std::move(path) + sub, what)
                   : too_long(std::move(path) + sub, what, max_string);
    };
    const boost::json::object* mo = nullptr;
    if (const auto* md = obj.if_contains("metadata"); md && !md->is_null()) {
        mo = md->if_object();
        if (!mo) return diagnostic{errc::wrong_type, "/metadata", "metadata must be an object"};
        if (bad_string_in(*md, max_string, sub, is_key, nul)) return refuse_in("/metadata");
    }
    for (const auto& kv : obj) {
        if (is_contract_key(kv.key())) continue;
        if (bad_string({kv.key().data(), kv.key().size()}, max_string, nul)) {
            is_key = true;
            return refuse_in("/" + pointer_token(kv.key()));
        }
        if (bad_string_in(kv.value(), max_string, sub, is_key, nul))
            return refuse_in("/" + pointer_token(kv.key()));
    }
    if (mo)
        for (const auto& kv : *mo) out.metadata[kv.key()] = kv.value();
    for (const auto& kv : obj)
        if (!is_contract_key(kv.key())) out.metadata[kv.key()] = kv.value();
    return {};
}

} // namespace

std::int16_t evaluation::choice(int m, std::size_t c) const noexcept {
    return choices[static_cast<std::size_t>(m) * sheet->criteria.size() + c];
}

std::uint64_t next_evaluation_generation() noexcept {
    // Each thread takes numbers from its own block, so parallel readers share no cache line
    // per record; blocks come from one counter, so numbers never repeat.
    constexpr std::uint64_t block = 1u << 16;
    static std::atomic<std::uint64_t> blocks{0};
    thread_local std::uint64_t next = 0;
    thread_local std::uint64_t end = 0;
    if (next == end) {
        next = blocks.fetch_add(1, std::memory_order_relaxed) * block + 1;
        end = next + block - 1;
    }
    return next++;
}

result<void> parse_evaluation(const boost::json::value& record, const registry& reg,
                              evaluation& out, const input_limits& limits) {
    out.generation = next_evaluation_generation();
    out.id.clear();
    out.rules = nullptr;
    out.sheet = nullptr;
    out.members = 0;
    out.choices.clear();
    out.knockouts.clear();
    out.dossier_rejected.reset();
    out.metadata.clear();
    out.edition.reset();
    out.ambiguous.clear();
    out.kind = dossier_kind::first;

    const auto* obj = record.if_object();
    if (!obj) return diagnostic{errc::wrong_type, "", "an evaluation must be a JSON object"};
    const std::size_t max_string = limits.max_string_bytes;
    if (auto r = read_identity(*obj, out, max_string); !r) return r;
    if (auto r = read_ruleset(*obj, reg, out, max_string); !r) return r;
    if (auto r = read_sheet(*obj, out); !r) return r;
    const compiled_sheet& sh = *out.sheet;
    if (auto r = read_dossier_rejected(*obj, out, max_string); !r) return r;
    if (auto r = read_knockouts(*obj, sh, out, max_string); !r) return r;
    if (auto r = read_answers(*obj, sh, out, limits); !r) return r;
    if (auto r = check_complete(*obj, sh, out); !r) return r;
    return read_metadata(*obj, out, max_string);
}

result<void> parse_evaluation(std::string_view text, const registry& reg, evaluation& out,
                              const input_limits& limits) {
    boost::json::parse_options po;
    po.max_depth = 32;
    auto v = parse_json(text, po);
    if (!v) return v.error();
    return parse_evaluation(*v, reg, out, limits);
}

evaluation parse_evaluation_or_throw(const boost::json::value& record, const registry& reg) {
    evaluation ev;
    auto r = parse_evaluation(record, reg, ev);
    if (!r) throw error(r.error());
    return ev;
}

} // namespace ocop
