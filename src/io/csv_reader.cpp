// Direct reading of common CSV evaluation rows into option indices, with to_json and
// parse_evaluation as the fallback and the reference (the same outcome either way).
#include "../detail/compiled_sheet.hpp"
#include <ocop/csv.hpp>

#include "../detail/csv_text.hpp"
#include "../detail/direct_read.hpp"

#include <boost/json/monotonic_resource.hpp>

#include <algorithm>

namespace ocop {

/// Column → criterion index of each sheet met so far (-1 unknown, -2 ambiguous code).
struct csv_evaluation_reader::tables {
    bool direct = true; // false when the header itself needs the reference path
    // The non-empty criterion and metadata cells of the row being read, in column order.
    struct cell_value {
        std::size_t column;
        std::string_view text;
        std::int64_t value;
        bool option;
    };
    std::vector<cell_value> cells;
    std::vector<std::pair<const compiled_sheet*, std::vector<int>>> by_sheet;
    std::size_t last = 0;

    const std::vector<int>& columns(const csv_layout& l, const compiled_sheet& sh) {
        if (last < by_sheet.size() && by_sheet[last].first == &sh) return by_sheet[last].second;
        for (last = 0; last < by_sheet.size(); ++last)
            if (by_sheet[last].first == &sh) return by_sheet[last].second;
        std::vector<int> map(l.size(), -1);
        for (std::size_t i = 0; i < l.size(); ++i)
            if (l.kind(i) == csv_layout::column_kind::criterion) map[i] = sh.find(l.name(i));
        by_sheet.emplace_back(&sh, std::move(map));
        return by_sheet.back().second;
    }
};

csv_evaluation_reader::csv_evaluation_reader(const csv_layout& layout, const registry& reg,
                                             const input_limits& limits)
    : layout_(&layout), reg_(&reg), limits_(limits), tables_(new tables),
      arena_(new unsigned char[arena_bytes]) {
    // Metadata columns named like contract fields, or names over the limit, are for
    // parse_evaluation to judge.
    for (std::size_t i = 0; i < layout.size(); ++i) {
        const auto& n = layout.name(i);
        if (n.size() > limits.max_string_bytes ||
            (layout.kind(i) == csv_layout::column_kind::metadata &&
             (n == "answers" || n == "members" || n == "metadata")))
            tables_->direct = false;
    }
}

csv_evaluation_reader::~csv_evaluation_reader() = default;

result<void> csv_evaluation_reader::read(const csv_splitter& row, evaluation& out) {
    column_.clear();
    if (read_direct(row, out)) {
        ++direct_;
        return {};
    }
    ++through_dom_;
    boost::json::monotonic_resource mr(arena_.get(), arena_bytes);
    boost::json::object obj{boost::json::storage_ptr(&mr)};
    if (auto ok = layout_->to_json(row, obj, column_, limits_); !ok) return ok.error();
    const boost::json::value v(std::move(obj));
    auto parsed = parse_evaluation(v, *reg_, out, limits_);
    if (!parsed) column_ = layout_->column_of(parsed.error().path);
    return parsed;
}

bool csv_evaluation_reader::read_direct(const csv_splitter& row, evaluation& out) {
    using kind = csv_layout::column_kind;
    const csv_layout& l = *layout_;
    if (!tables_->direct || row.size() != l.size()) return false;
    auto& cells = tables_->cells;
    cells.clear();
    detail::direct_fields f;
    bool has_sheet = false;
    for (std::size_t i = 0; i < l.size(); ++i) {
        const std::string_view cell = detail::trim(row.field(i));
        if (cell.empty()) continue;
        if (cell.size() > limits_.max_string_bytes) return false;
        bool ascii = true;
        bool nul = false;
        for (const char ch : cell) ascii &= static_cast<unsigned char>(ch) < 0x80, nul |= ch == 0;
        if (nul || (!ascii && !valid_utf8(cell))) return false; // to_json refuses it
        switch (l.kind(i)) {
        case kind::id:
            f.id = cell;
            break;
        case kind::ruleset:
            f.ruleset = cell;
            break;
        case kind::sheet:
            if (!detail::parse_int(cell, f.sheet)) return false;
            has_sheet = true;
            break;
        case kind::text_field:
            if (l.name(i) == "filed_on")
                f.filed_on = cell;
            else if (l.name(i) == "evaluated_on")
                f.evaluated_on = cell;
            else if (l.name(i) == "evaluation_kind")
                f.kind = cell;
            else
                return false; // dossier_rejected
            break;
        case kind::knockouts:
            return false;
        case kind::criterion: {
            // Points, or #k; a council ("3|2|3"), true/false and the rest give up.
            const bool option = cell.size() > 1 && cell[0] == '#';
            std::int64_t v = 0;
            if (!detail::parse_int(option ? cell.substr(1) : cell, v)) return false;
            cells.push_back({i, cell, v, option});
            break;
        }
        case kind::metadata:
            cells.push_back({i, cell, 0, false});
            break;
        }
    }
    if (!has_sheet || !detail::bind_direct(*reg_, f, out)) return false;
    const auto& columns = tables_->columns(l, *out.sheet);
    for (const auto& c : cells) {
        if (l.kind(c.column) == kind::criterion) {
            if (!detail::answer_direct(out, columns[c.column], c.value, c.option)) return false;
            continue;
        }
        auto& slot = out.metadata[l.name(c.column)];
        std::int64_t v = 0;
        if (l.name(c.column) == "year" && detail::parse_int(c.text, v))
            slot = v;
        else
            slot = boost::json::string_view(c.text.data(), c.text.size());
    }
    return detail::complete_direct(out);
}

} // namespace ocop
