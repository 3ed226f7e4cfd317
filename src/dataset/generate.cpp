// Synthetic national datasets: deterministic, integer-only, realistic star mix.
#include "../detail/compiled_sheet.hpp"
#include <ocop/generate.hpp>

#include <ocop/cohort.hpp>
#include <ocop/result_json.hpp>

#include <algorithm>
#include <array>
#include <ostream>

namespace ocop {

namespace {

// Records per province-level unit (the units and their former provinces come from the merger
// table, src/data/provinces-2025.json). The weight grows with the number of former provinces:
// a rough stand-in for the size of each unit's OCOP product base, not an official statistic.
constexpr std::pair<std::string_view, int> province_weights[] = {
    {"Hà Nội", 30},     {"Huế", 12},         {"Lai Châu", 6},
    {"Điện Biên", 6},   {"Sơn La", 12},      {"Lạng Sơn", 10},
    {"Quảng Ninh", 14}, {"Thanh Hóa", 20},   {"Nghệ An", 20},
    {"Hà Tĩnh", 12},    {"Cao Bằng", 8},     {"Tuyên Quang", 16},
    {"Lào Cai", 16},    {"Thái Nguyên", 16}, {"Phú Thọ", 24},
    {"Bắc Ninh", 18},   {"Hưng Yên", 18},    {"Hải Phòng", 18},
    {"Ninh Bình", 24},  {"Quảng Trị", 14},   {"Đà Nẵng", 16},
    {"Quảng Ngãi", 14}, {"Gia Lai", 16},     {"Khánh Hòa", 14},
    {"Lâm Đồng", 22},   {"Đắk Lắk", 16},     {"Thành phố Hồ Chí Minh", 22},
    {"Đồng Nai", 16},   {"Tây Ninh", 16},    {"Cần Thơ", 20},
    {"Vĩnh Long", 22},  {"Đồng Tháp", 18},   {"Cà Mau", 14},
    {"An Giang", 18},
};

/// The units of the merger table, in its order, with the generator's weights.
const std::vector<province_info>& province_table() {
    static const std::vector<province_info> table = [] {
        static std::vector<std::string> merged; // storage of merged_from
        const auto& m = province_merger_2025();
        merged.reserve(m.provinces.size());
        std::vector<province_info> t;
        for (const auto& u : m.provinces) {
            std::string from;
            if (!(u.former.size() == 1 && u.former[0] == u.name))
                for (const auto& f : u.former) from += (from.empty() ? "" : ", ") + f;
            merged.push_back(std::move(from));
            int weight = 10;
            for (const auto& [name, w] : province_weights)
                if (name == u.name) weight = w;
            t.push_back({u.name.c_str(), merged.back().c_str(), weight});
        }
        return t;
    }();
    return table;
}

// Producers of OCOP products (chủ thể) and rough shares (‰).
constexpr std::pair<const char*, unsigned> subject_types[] = {
    {"Hợp tác xã", 380}, {"Doanh nghiệp", 340}, {"Hộ kinh doanh", 260}, {"Tổ hợp tác", 20}};

constexpr const char* rejection_reasons[] = {
    "Hồ sơ không đầy đủ theo quy định",
    "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đã hết hạn",
    "Hồ sơ đăng ký không đáp ứng quy định"};

// Records per sheet: food dominates the national product base.
constexpr unsigned sheet_weight(int no) {
    constexpr unsigned w[] = {0, 8, 6, 4, 4, 2, 6, 7, 6, 3, 3, 7, 5, 4,
                              3, 2, 1, 2, 3, 1, 2, 4, 2, 1, 1, 1, 2};
    return no > 0 && no < 27 ? w[no] : 1;
}

/// xoshiro256** seeded with splitmix64: the same numbers on every platform.
class rng {
  public:
    explicit rng(std::uint64_t seed) {
        for (auto& x : s_) {
            seed += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            x = z ^ (z >> 31);
        }
    }
    std::uint64_t next() {
        const std::uint64_t r = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return r;
    }
    /// Uniform in [0, n) without modulo bias (rejection below 2^64 mod n), n > 0.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (true) {
            const std::uint64_t x = next();
            if (x >= threshold) return x % n;
        }
    }
    /// True with probability p‰.
    bool permille(unsigned p) { return below(1000) < p; }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

template <class W>
std::size_t pick_weighted(rng& r, const std::vector<W>& weights, std::uint64_t total) {
    std::uint64_t x = r.below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return weights.size() - 1;
}

/// Per criterion: option indices by increasing points, and which are allowed.
struct criterion_plan {
    std::vector<std::int16_t> order; // options usable by the generator, by points
    bool zero_knocks = false;        // 0 points here triggers a knock-out
    /// Criteria with alternative cases (1048 3.2): the usable options of each case by
    /// points (index case_no - 1); one case is picked per record.
    std::vector<std::vector<std::int16_t>> by_case;
    bool headed_cases = false; // the cases carry printed headings (company type)
};

struct sheet_plan {
    const compiled_sheet* sheet = nullptr;
    std::vector<criterion_plan> criteria;
    std::vector<std::string> declared_knockouts; // codes with a declared knock-out
};

/// The scoreable sheets of one ruleset, with their draw weights.
struct ruleset_plan {
    const ruleset* rules = nullptr;
    std::vector<sheet_plan> sheets;
    std::vector<unsigned> sheet_w;
    std::uint64_t sheet_total = 0;
};

ruleset_plan plan_ruleset(const ruleset& rs) {
    ruleset_plan rp;
    rp.rules = &rs;
    for (const auto& sh : rs.sheets()) {
        if (sh.refusal) continue;
        sheet_plan sp;
        sp.sheet = &sh;
        sp.criteria.resize(sh.criteria.size());
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            const auto& cc = sh.criteria[c];
            auto& plan = sp.criteria[c];
            for (std::uint16_t k = 0; k < cc.option_count; ++k)
                if (sh.options[cc.option_first + k].knockout == no_index)
                    plan.order.push_back(static_cast<std::int16_t>(k));
            if (plan.order.empty()) plan.order.push_back(0);
            std::stable_sort(plan.order.begin(), plan.order.end(), [&](auto a, auto b) {
                return sh.options[cc.option_first + a].points <
                       sh.options[cc.option_first + b].points;
            });
            if (cc.cases > 0) {
                plan.by_case.resize(cc.cases);
                for (auto o : plan.order) {
                    const int k = sh.options[cc.option_first + o].case_no;
                    if (k >= 1 && k <= cc.cases) plan.by_case[k - 1].push_back(o);
                }
                plan.headed_cases = true;
                for (const auto& cd : sh.criterion(c).cases)
                    plan.headed_cases = plan.headed_cases && cd.label_vi.has_value();
            }
        }
        for (const auto& ko : sh.knockouts) {
            if (ko.rule->trigger == knockout_trigger::zero_points)
                for (auto c : ko.applies) sp.criteria[c].zero_knocks = true;
            if (ko.rule->trigger == knockout_trigger::declared)
                sp.declared_knockouts.push_back(ko.code);
        }
        rp.sheet_w.push_back(sheet_weight(sh.no));
        rp.sheet_total += rp.sheet_w.back();
        rp.sheets.push_back(std::move(sp));
    }
    return rp;
}

} // namespace

std::span<const province_info> provinces_2025() noexcept {
    return province_table();
}

struct evaluation_generator::impl {
    generate_options opts;
    const registry* reg = nullptr;
    const ruleset* rules = nullptr; // ruleset of the current record
    bool write_ruleset = false;
    bool by_date = false;
    date first_day; // by date: first filing date with an edition that has sheets
    rng r{1};
    std::uint64_t seq = 0;
    std::vector<ruleset_plan> plans; // one, or every ruleset of the registry by date
    std::vector<unsigned> prov_w, subj_w;
    std::uint64_t prov_total = 0, subj_total = 0, star_total = 0;
    std::vector<std::int16_t> pos;  // step in plan order per criterion (base answers)
    std::vector<std::int16_t> mpos; // one member's steps
    std::vector<bool> active;       // criterion answered (case chosen)
    std::vector<std::uint8_t> pick; // alternative case picked per criterion (0: none)

    const std::vector<std::int16_t>& order(const sheet_plan& sp, std::size_t c) const {
        const auto& plan = sp.criteria[c];
        return pick[c] > 0 ? plan.by_case[pick[c] - 1] : plan.order;
    }

    int band_bound(int stars, bool upper) const {
        for (const auto& b : rules->document().star_bands)
            if (b.stars == stars) {
                if (!upper) return static_cast<int>((b.min.value + 999) / 1000);
                return static_cast<int>(b.max_inclusive ? b.max.value / 1000
                                                        : (b.max.value + 999) / 1000 - 1);
            }
        return upper ? 100 : 0;
    }

    int points(const sheet_plan& sp, std::size_t c, int step) const {
        const auto& cc = sp.sheet->criteria[c];
        return sp.sheet->options[cc.option_first + order(sp, c)[step]].points;
    }

    /// One case per criterion with alternative cases: by the producer's type where the
    /// cases name company types (1048 3.2: case 2 is households and one-member firms).
    void pick_cases(const sheet_plan& sp, std::string_view subject) {
        const std::size_t n = sp.sheet->criteria.size();
        pick.assign(n, 0);
        for (std::size_t c = 0; c < n; ++c) {
            const auto& plan = sp.criteria[c];
            if (plan.by_case.empty()) continue;
            int k = 1 + static_cast<int>(r.below(plan.by_case.size()));
            if (plan.headed_cases && plan.by_case.size() == 2) {
                if (subject == "Hộ kinh doanh") k = 2;
                if (subject == "Hợp tác xã" || subject == "Tổ hợp tác") k = 1;
            }
            if (plan.by_case[static_cast<std::size_t>(k - 1)].empty()) k = 0;
            pick[c] = static_cast<std::uint8_t>(k);
        }
    }

    void base_answers(const sheet_plan& sp, int target_stars, int target_total) {
        const auto& sh = *sp.sheet;
        const std::size_t n = sh.criteria.size();
        pos.assign(n, 0);
        active.assign(n, true);
        if (pick.size() != n) pick.assign(n, 0);
        // One case per choose-one group.
        for (const auto& g : sh.groups) {
            if (!g.choose_one_case) continue;
            int cases = 0;
            for (std::uint16_t k = 0; k < g.criterion_count; ++k)
                cases = std::max<int>(cases, sh.criteria[g.criterion_first + k].case_no);
            const int chosen =
                1 + static_cast<int>(r.below(static_cast<std::uint64_t>(std::max(cases, 1))));
            for (std::uint16_t k = 0; k < g.criterion_count; ++k)
                active[g.criterion_first + k] =
                    sh.criteria[g.criterion_first + k].case_no == chosen;
        }
        // Meet the minimums of the target star (sometimes only those one below: the
        // product is then capped by a missed minimum, as happens in practice).
        const int need_star = target_stars >= 4 && r.permille(60) ? target_stars - 1 : target_stars;
        int total = 0;
        for (std::size_t c = 0; c < n; ++c) {
            if (!active[c]) continue;
            const auto& cc = sh.criteria[c];
            int need = sp.criteria[c].zero_knocks ? 1 : 0;
            for (int s = 3; s <= need_star && s <= 5; ++s)
                need = std::max<int>(need, cc.min_for_star[s]);
            auto& p = pos[c];
            const int last = static_cast<int>(order(sp, c).size()) - 1;
            while (p < last && points(sp, c, p) < need) ++p;
            total += points(sp, c, p);
        }
        // Raise random criteria one step at a time until the target total, staying in
        // the band when possible.
        const int ceiling = band_bound(target_stars, true);
        int misses = 0;
        while (total < target_total && misses < 64) {
            const auto c = static_cast<std::size_t>(r.below(n));
            const int last = static_cast<int>(order(sp, c).size()) - 1;
            if (!active[c] || pos[c] >= last) {
                ++misses;
                continue;
            }
            const int delta = points(sp, c, pos[c] + 1) - points(sp, c, pos[c]);
            if (total + delta > ceiling) {
                ++misses;
                continue;
            }
            ++pos[c];
            total += delta;
        }
    }

    void write_answers(const sheet_plan& sp, const std::vector<std::int16_t>& steps,
                       std::string& out) const {
        const auto& sh = *sp.sheet;
        out += '{';
        bool first = true;
        for (std::size_t c = 0; c < sh.criteria.size(); ++c) {
            if (!active[c]) continue;
            if (!first) out += ',';
            first = false;
            append_json_string(out, sh.criterion(c).id);
            out += ':';
            const auto& cc = sh.criteria[c];
            const int o = order(sp, c)[steps[c]];
            const int pts = sh.options[cc.option_first + o].points;
            int same = 0;
            for (std::uint16_t k = 0; k < cc.option_count; ++k)
                same += sh.options[cc.option_first + k].points == pts;
            if (same > 1)
                out += "{\"option\":" + std::to_string(o + 1) + "}";
            else
                out += std::to_string(pts);
        }
        out += '}';
    }
};

result<evaluation_generator> evaluation_generator::create(const registry& reg,
                                                          generate_options opts) {
    auto p = std::make_shared<impl>();
    p->reg = &reg;
    p->by_date = opts.ruleset == generate_by_date;
    p->write_ruleset = !opts.ruleset.empty();
    if (opts.year_to < opts.year_from)
        return diagnostic{errc::invalid_value, "", "the last year is before the first"};
    if (opts.star_permille.size() != 4)
        return diagnostic{errc::invalid_value, "", "star shares are given for 2, 3, 4 and 5 stars"};
    if (p->by_date) {
        for (const ruleset* rs : reg.all()) {
            p->plans.push_back(plan_ruleset(*rs));
            if (p->plans.back().sheets.empty()) p->plans.pop_back();
        }
        // Filing dates start with the first edition that has sheets (1048: 21 Aug 2019).
        if (p->plans.empty())
            return diagnostic{errc::unknown_sheet, "", "no ruleset has a sheet that can be scored"};
        p->first_day = p->plans.front().rules->document().provenance.effective_from;
        for (const auto& rp : p->plans)
            p->first_day = std::min(p->first_day, rp.rules->document().provenance.effective_from);
        if (date(opts.year_to, 12, 31) < p->first_day)
            return diagnostic{errc::invalid_value, "",
                              "no edition with sheets before " + p->first_day.to_string()};
        int first_year = 0;
        unsigned m = 0, d = 0;
        p->first_day.civil(first_year, m, d);
        opts.year_from = std::max(opts.year_from, first_year);
    } else {
        const std::string id = opts.ruleset.empty() ? reg.default_id() : opts.ruleset;
        const ruleset* rs = reg.find(id);
        if (!rs) return diagnostic{errc::unknown_ruleset, "", "unknown ruleset " + id};
        p->plans.push_back(plan_ruleset(*rs));
        if (p->plans.back().sheets.empty())
            return diagnostic{errc::unknown_sheet, "", id + " has no sheet that can be scored"};
        if (!opts.ruleset.empty()) {
            // A named edition: its records are filed in the years it was in force (a 1048
            // record of 2025 is one no council could have made).
            const auto& pv = rs->document().provenance;
            int first = 0, last = 9999;
            unsigned m = 0, d = 0;
            pv.effective_from.civil(first, m, d);
            if (pv.effective_until) pv.effective_until->civil(last, m, d);
            const int from = std::max(opts.year_from, first), to = std::min(opts.year_to, last);
            if (to < from)
                return diagnostic{errc::invalid_value, "",
                                  id + " was in force from " + pv.effective_from.to_string() +
                                      (pv.effective_until ? " to " + pv.effective_until->to_string()
                                                          : std::string()) +
                                      ": the years " + std::to_string(opts.year_from) + "-" +
                                      std::to_string(opts.year_to) + " are outside it"};
            opts.year_from = from;
            opts.year_to = to;
        }
    }
    for (const auto& pr : province_table()) {
        p->prov_w.push_back(static_cast<unsigned>(pr.weight));
        p->prov_total += static_cast<unsigned>(pr.weight);
    }
    for (const auto& s : subject_types) {
        p->subj_w.push_back(s.second);
        p->subj_total += s.second;
    }
    for (auto w : opts.star_permille) p->star_total += w;
    if (p->star_total == 0) return diagnostic{errc::invalid_value, "", "star shares are all zero"};
    p->r = rng(opts.seed);
    p->opts = std::move(opts);
    return evaluation_generator(std::move(p));
}

void evaluation_generator::next(std::string& out) {
    impl& g = *impl_;
    rng& r = g.r;
    ++g.seq;
    const ruleset_plan* rp = &g.plans.front();
    int year = 0;
    date filed, evaluated;
    if (g.by_date) {
        // Dates first: they decide the edition, hence the sheets.
        year = g.opts.year_from + static_cast<int>(r.below(static_cast<std::uint64_t>(
                                      g.opts.year_to - g.opts.year_from + 1)));
        const date first = std::max(date(year, 1, 1), g.first_day);
        const auto days = static_cast<std::uint64_t>(date(year, 12, 31).days() - first.days() + 1);
        filed = first.plus_days(static_cast<std::int64_t>(r.below(days)));
        evaluated = filed.plus_days(static_cast<std::int64_t>(r.below(61)));
        const auto choice = g.reg->choose(filed, evaluated, dossier_kind::first);
        for (const auto& plan : g.plans)
            if (choice && plan.rules == choice->rules && !plan.sheets.empty()) rp = &plan;
    }
    g.rules = rp->rules;
    const auto& sp = rp->sheets[pick_weighted(r, rp->sheet_w, rp->sheet_total)];
    const auto& prov = province_table()[pick_weighted(r, g.prov_w, g.prov_total)];
    const auto& subj = subject_types[pick_weighted(r, g.subj_w, g.subj_total)];
    if (!g.by_date)
        year = g.opts.year_from + static_cast<int>(r.below(static_cast<std::uint64_t>(
                                      g.opts.year_to - g.opts.year_from + 1)));
    char idbuf[32];
    std::snprintf(idbuf, sizeof idbuf, "SYN-%d-%07llu", year,
                  static_cast<unsigned long long>(g.seq));
    out += "{\"id\":\"";
    out += idbuf;
    out += '"';
    if (g.write_ruleset) {
        out += ",\"ruleset\":";
        append_json_string(out, g.rules->id());
    }
    out += ",\"sheet\":" + std::to_string(sp.sheet->no);
    out += ",\"province\":";
    append_json_string(out, prov.name_vi);
    out += ",\"year\":" + std::to_string(year);
    out += ",\"subject_type\":";
    append_json_string(out, subj.first);
    if (g.by_date) {
        out += ",\"filed_on\":\"" + filed.to_string() + "\",\"evaluated_on\":\"" +
               evaluated.to_string() + '"';
    }
    if (r.permille(g.opts.rejected_permille)) {
        out += ",\"dossier_rejected\":";
        append_json_string(out, rejection_reasons[r.below(std::size(rejection_reasons))]);
        out += '}';
        return;
    }
    // Target star and total: a band, then a total inside it (triangular for 3★, skewed
    // low for the others, as products cluster above each threshold).
    static const int stars_of[] = {2, 3, 4, 5};
    const int stars = stars_of[pick_weighted(r, g.opts.star_permille, g.star_total)];
    const int lo = g.band_bound(stars, false), hi = g.band_bound(stars, true);
    const auto span = static_cast<std::uint64_t>(std::max(hi - lo, 0) + 1);
    const auto u1 = r.below(span), u2 = r.below(span);
    const int target = lo + static_cast<int>(stars == 3 ? (u1 + u2) / 2 : std::min(u1, u2));
    g.pick_cases(sp, subj.first);
    g.base_answers(sp, stars, target);
    if (!sp.declared_knockouts.empty() && r.permille(g.opts.knockout_permille)) {
        out += ",\"knockouts\":[";
        append_json_string(out, sp.declared_knockouts[r.below(sp.declared_knockouts.size())]);
        out += ']';
    }
    if (!r.permille(g.opts.council_permille)) {
        out += ",\"answers\":";
        g.write_answers(sp, g.pos, out);
        out += '}';
        return;
    }
    // A council: members disagree by one step on some criteria.
    static const int sizes[] = {3, 3, 3, 5, 5, 7};
    const int members = sizes[r.below(std::size(sizes))];
    out += ",\"members\":[";
    for (int m = 0; m < members; ++m) {
        g.mpos = g.pos;
        for (std::size_t c = 0; c < g.mpos.size(); ++c) {
            if (!g.active[c] || !r.permille(150)) continue;
            const int last = static_cast<int>(g.order(sp, c).size()) - 1;
            const bool up = r.below(2) == 0;
            auto& p = g.mpos[c];
            if (up && p < last)
                ++p;
            else if (!up && p > 0 && (!sp.criteria[c].zero_knocks || g.points(sp, c, p - 1) > 0))
                --p;
        }
        if (m) out += ',';
        out += "{\"answers\":";
        g.write_answers(sp, g.mpos, out);
        out += '}';
    }
    out += "]}";
}

result<void> generate_evaluations(const registry& reg, const generate_options& opts,
                                  std::ostream& out) {
    auto gen = evaluation_generator::create(reg, opts);
    if (!gen) return gen.error();
    std::string buf;
    for (std::uint64_t i = 0; i < opts.count; ++i) {
        gen->next(buf);
        buf += '\n';
        if (buf.size() > (1u << 16)) {
            out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            buf.clear();
        }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (!out) return diagnostic{errc::io_error, "", "error writing the output"};
    return {};
}

} // namespace ocop
