// The public views of a compiled sheet: each reads one row of the tables in
// detail/compiled_sheet.hpp, so consumers never see their layout.
#include "../detail/compiled_sheet.hpp"

#include <ocop/sheet_view.hpp>

namespace ocop {

namespace {

const compiled_option& option_row(const compiled_sheet& s, std::size_t c, std::size_t o) {
    return s.options[s.criteria[c].option_first + o];
}

} // namespace

int option_view::points() const noexcept {
    return option_row(*sheet_, criterion_, option_).points;
}
int option_view::marker() const noexcept {
    return option_row(*sheet_, criterion_, option_).marker;
}
bool option_view::probable() const noexcept {
    return option_row(*sheet_, criterion_, option_).probable;
}
bool option_view::knocks_out() const noexcept {
    return (option_row(*sheet_, criterion_, option_).misses & knocks_bit) != 0;
}
int option_view::case_no() const noexcept {
    return option_row(*sheet_, criterion_, option_).case_no;
}
const option_def& option_view::definition() const noexcept {
    return sheet_->criterion(criterion_).options[option_];
}

std::string_view criterion_view::id() const noexcept {
    return sheet_->criterion(criterion_).id;
}
std::string_view criterion_view::code() const noexcept {
    return sheet_->criterion(criterion_).code;
}
part_code criterion_view::part() const noexcept {
    return sheet_->criteria[criterion_].part;
}
int criterion_view::max_points() const noexcept {
    return sheet_->criteria[criterion_].max_points;
}
bool criterion_view::binary() const noexcept {
    return sheet_->criteria[criterion_].binary;
}
std::optional<int> criterion_view::minimum_for(int stars) const noexcept {
    const auto& mins = sheet_->criteria[criterion_].min_for_star;
    if (stars < 0 || static_cast<std::size_t>(stars) >= mins.size()) return std::nullopt;
    const int need = mins[static_cast<std::size_t>(stars)];
    return need < 0 ? std::nullopt : std::optional<int>(need);
}
int criterion_view::case_no() const noexcept {
    return sheet_->criteria[criterion_].case_no;
}
view_range<option_view> criterion_view::options() const noexcept {
    return {sheet_, criterion_, 0, sheet_->criteria[criterion_].option_count};
}
std::optional<option_view> criterion_view::option_with_points(int points) const noexcept {
    for (const option_view o : options())
        if (o.points() == points) return o;
    return std::nullopt;
}
group_view criterion_view::group() const noexcept {
    return {sheet_, 0, sheet_->criteria[criterion_].group};
}
const criterion_def& criterion_view::definition() const noexcept {
    return sheet_->criterion(criterion_);
}

std::string_view group_view::code() const noexcept {
    return sheet_->group(group_).code;
}
part_code group_view::part() const noexcept {
    return sheet_->groups[group_].part;
}
int group_view::max_points() const noexcept {
    return sheet_->groups[group_].max_points;
}
bool group_view::choose_one_case() const noexcept {
    return sheet_->groups[group_].choose_one_case;
}
view_range<criterion_view> group_view::criteria() const noexcept {
    const auto& g = sheet_->groups[group_];
    return {sheet_, 0, g.criterion_first, std::size_t{g.criterion_first} + g.criterion_count};
}
const group_def& group_view::definition() const noexcept {
    return sheet_->group(group_);
}

int sheet_view::no() const noexcept {
    return sheet_->no;
}
int sheet_view::max_total() const noexcept {
    return sheet_->max_total;
}
int sheet_view::part_max(part_code part) const noexcept {
    return sheet_->part_max[static_cast<std::size_t>(part)];
}
view_range<group_view> sheet_view::groups() const noexcept {
    return {sheet_, 0, 0, sheet_->groups.size()};
}
view_range<criterion_view> sheet_view::criteria() const noexcept {
    return {sheet_, 0, 0, sheet_->criteria.size()};
}
std::optional<criterion_view> sheet_view::find(std::string_view code) const noexcept {
    const int c = sheet_->find(code);
    if (c < 0) return std::nullopt;
    return criterion_view(sheet_, 0, static_cast<std::size_t>(c));
}
const std::optional<diagnostic>& sheet_view::refusal() const noexcept {
    return sheet_->refusal;
}
const sheet_def& sheet_view::definition() const noexcept {
    return *sheet_->def;
}

std::vector<sheet_view> ruleset::sheet_views() const {
    std::vector<sheet_view> out;
    out.reserve(sheets().size());
    for (const auto& s : sheets()) out.emplace_back(s);
    return out;
}

} // namespace ocop
