// The CSV tables of plan, range, council, rescore and expiring (one home: the CLI writes
// these). The columns mirror the JSON lines of operation_json.cpp.
#include "../detail/compiled_sheet.hpp"
#include <ocop/operation_csv.hpp>

#include <ocop/csv.hpp>

#include <ocop/json_io.hpp>

#include <array>
#include <span>
#include <string_view>

namespace ocop {

namespace {

// One CSV row being written: cells are separated by the dialect's separator, text cells
// protected against formula injection, decimals written with the dialect's mark.
class row {
  public:
    row(std::string& out, const csv_dialect& d) : out_(out), d_(d) {}
    row(const row&) = delete;
    row& operator=(const row&) = delete;
    ~row() { out_ += '\n'; }

    row& text(std::string_view s) {
        next();
        append_csv_text(out_, s, d_.separator);
        return *this;
    }
    row& number(const score& s) {
        next();
        for (char c : s.decimal()) out_ += c == '.' ? d_.decimal : c;
        return *this;
    }
    row& fraction(const score& s) {
        next();
        out_ += s.fraction();
        return *this;
    }
    row& integer(long long v) {
        next();
        out_ += std::to_string(v);
        return *this;
    }
    row& boolean(bool b) {
        next();
        out_ += b ? "true" : "false";
        return *this;
    }
    row& date_cell(const date& v) {
        next();
        out_ += v.to_string();
        return *this;
    }
    row& empty(int n = 1) {
        for (int i = 0; i < n; ++i) next();
        return *this;
    }

  private:
    void next() {
        if (!first_) out_ += d_.separator;
        first_ = false;
    }
    std::string& out_;
    const csv_dialect& d_;
    bool first_ = true;
};

// The leading cells of a row about one evaluation.
row& head(row& r, const evaluation& ev) {
    return r.text(ev.id).text(ev.rules->id()).integer(ev.sheet->no);
}

std::string join(const std::vector<std::string>& ids, std::string_view sep = " ") {
    std::string out;
    for (const auto& s : ids) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::span<const std::string_view> columns(operation_table t) {
    static constexpr std::string_view plan[] = {
        "id",           "ruleset",      "sheet",           "status",      "target",
        "total_before", "stars_before", "points_gained",   "total_after", "stars_after",
        "change",       "criterion",    "criterion_title", "from_option", "from_points",
        "to_option",    "to_points",    "to_option_text",  "message",     "ruleset_hash"};
    static constexpr std::string_view range[] = {"id",
                                                 "ruleset",
                                                 "sheet",
                                                 "status",
                                                 "unscored",
                                                 "missing",
                                                 "total_min",
                                                 "total_min_fraction",
                                                 "total_max",
                                                 "total_max_fraction",
                                                 "stars_min",
                                                 "stars_max",
                                                 "stars_min_no_knockout",
                                                 "knockout_possible",
                                                 "knockout_certain",
                                                 "ruleset_hash"};
    static constexpr std::string_view council[] = {"id",
                                                   "ruleset",
                                                   "sheet",
                                                   "members",
                                                   "mean_total",
                                                   "mean_total_fraction",
                                                   "mean_stars",
                                                   "member",
                                                   "member_total",
                                                   "others_mean",
                                                   "others_mean_fraction",
                                                   "difference",
                                                   "flagged",
                                                   "disagreement",
                                                   "consensus_total",
                                                   "consensus_stars",
                                                   "ruleset_hash"};
    static constexpr std::string_view rescore[] = {
        "id",           "sheet",   "from",   "to",         "stars_from", "stars_to",
        "stars_to_max", "changed", "exact",  "total_from", "total_to",   "total_to_max",
        "drivers",      "open",    "filled", "reasons",    "from_hash",  "to_hash"};
    static constexpr std::string_view rescore_matrix[] = {"matrix", "from_stars", "to_0", "to_1",
                                                          "to_2",   "to_3",       "to_4", "to_5"};
    static constexpr std::string_view renewal[] = {
        "id",          "stars",         "recognised_on", "issued_under",
        "authority",   "valid_until",   "window_open",   "window_close",
        "grace_until", "renewal_rules", "lapse_rules",   "state",
        "due"};
    switch (t) {
    case operation_table::plan:
        return plan;
    case operation_table::range:
        return range;
    case operation_table::council:
        return council;
    case operation_table::rescore:
        return rescore;
    case operation_table::rescore_matrix:
        return rescore_matrix;
    case operation_table::renewal:
        return renewal;
    }
    return {};
}

} // namespace

std::string operation_csv_header(operation_table t, const csv_dialect& d) {
    std::string out;
    if (d.bom) out += "\xEF\xBB\xBF";
    row r(out, d);
    for (std::string_view c : columns(t)) r.text(c);
    return out;
}

void append_plan_csv(const evaluation& ev, const upgrade_plan& p, std::string& out,
                     const csv_dialect& d) {
    const bool planned = p.status == plan_status::planned;
    auto start = [&](row& r) -> row& {
        head(r, ev).text(detail::enum_name(p.status));
        if (p.target)
            r.integer(p.target);
        else
            r.empty();
        r.number(p.total_before).integer(p.stars_before);
        if (planned)
            r.integer(p.points_gained).number(p.total_after).integer(p.stars_after);
        else
            r.empty(3);
        return r;
    };
    if (p.changes.empty()) {
        row r(out, d);
        start(r).empty(8).text(p.message).text(ev.rules->hash());
        return;
    }
    for (std::size_t i = 0; i < p.changes.size(); ++i) {
        const auto& c = p.changes[i];
        const auto& def = ev.sheet->criterion(c.criterion);
        row r(out, d);
        start(r)
            .integer(static_cast<long long>(i + 1))
            .text(c.id)
            .text(def.title_vi)
            .integer(c.from_option)
            .integer(c.from_points)
            .integer(c.to_option)
            .integer(c.to_points)
            .text(def.options[static_cast<std::size_t>(c.to_option - 1)].label_vi)
            .text(p.message)
            .text(ev.rules->hash());
    }
}

void append_range_csv(const evaluation& ev, const score_range& r, std::string& out,
                      const csv_dialect& d) {
    row w(out, d);
    head(w, ev).text(detail::enum_name(r.status));
    if (r.status == evaluation_status::rejected) {
        w.empty(11);
    } else {
        w.integer(r.unscored)
            .text(join(r.missing))
            .number(r.total_min)
            .fraction(r.total_min)
            .number(r.total_max)
            .fraction(r.total_max)
            .integer(r.stars_min)
            .integer(r.stars_max);
        if (r.knockout_certain)
            w.empty();
        else
            w.integer(r.stars_min_no_knockout);
        w.boolean(r.knockout_possible).boolean(r.knockout_certain);
    }
    w.text(ev.rules->hash());
}

void append_review_csv(const evaluation& ev, const council_review& r, std::string& out,
                       const csv_dialect& d) {
    std::string wide;
    for (const auto& s : r.spread)
        if (s.range > 0) {
            if (!wide.empty()) wide += "; ";
            wide += s.id + " " + std::to_string(s.min_points) + "–" + std::to_string(s.max_points);
        }
    for (const auto& m : r.members) {
        row w(out, d);
        head(w, ev)
            .integer(ev.members)
            .number(r.mean.total)
            .fraction(r.mean.total)
            .integer(r.mean.stars)
            .integer(m.member + 1)
            .integer(m.total)
            .number(m.others_mean)
            .fraction(m.others_mean)
            .number(m.difference)
            .boolean(m.flagged)
            .text(wide)
            .number(r.consensus_result.total)
            .integer(r.consensus_result.stars)
            .text(ev.rules->hash());
    }
}

void append_rescored_csv(const rescorer& rs, const rescored_record& r, std::string& out,
                         const csv_dialect& d) {
    std::string drivers;
    for (const auto& x : r.drivers) {
        if (!drivers.empty()) drivers += "; ";
        drivers += (x.to_id.empty() ? x.from_id + "(removed)" : x.to_id) + " " +
                   x.from_points.decimal() + "→" + x.to_points.decimal();
    }
    row w(out, d);
    w.text(r.id)
        .integer(r.sheet)
        .text(rs.source().id())
        .text(rs.target().id())
        .integer(r.stars_from)
        .integer(r.stars_to)
        .integer(r.stars_to_max)
        .boolean(r.stars_from != r.stars_to || r.stars_from != r.stars_to_max)
        .boolean(r.exact)
        .number(r.total_from)
        .number(r.total_to)
        .number(r.total_to_max)
        .text(drivers)
        .text(join(r.open))
        .text(join(r.filled))
        .text(join(r.reasons, " | "))
        .text(rs.source().hash())
        .text(rs.target().hash());
}

std::string rescore_matrix_csv(const rescorer& rs, const csv_dialect& d) {
    std::string out = operation_csv_header(operation_table::rescore_matrix, d);
    const bool ranged = rs.matrix_max() != rs.matrix();
    auto rows = [&](const std::array<std::array<int, 6>, 6>& m, const char* which) {
        for (std::size_t from = 0; from < m.size(); ++from) {
            row w(out, d);
            w.text(which).integer(static_cast<long long>(from));
            for (int n : m[from]) w.integer(n);
        }
    };
    rows(rs.matrix(), "lowest");
    if (ranged) rows(rs.matrix_max(), "highest");
    return out;
}

void append_renewal_csv(const renewal_status& s, std::string& out, const csv_dialect& d) {
    row w(out, d);
    w.text(s.rec.id)
        .integer(s.rec.stars)
        .date_cell(s.rec.recognised_on)
        .text(s.issued_under->id())
        .text(s.rec.authority.value_or(s.authority))
        .date_cell(s.valid_until)
        .date_cell(s.window_open)
        .date_cell(s.window_close);
    if (s.grace_until)
        w.date_cell(*s.grace_until);
    else
        w.empty();
    w.text(s.renewal_rules->id())
        .text(s.lapse_rules->id())
        .text(detail::enum_name(s.state))
        .boolean(s.due);
}

} // namespace ocop
