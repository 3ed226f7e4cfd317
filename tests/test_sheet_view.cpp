// The public views of compiled sheets (ocop/sheet_view.hpp) against the tables they read
// (white box: src/detail/compiled_sheet.hpp), for every sheet of every built-in ruleset.
#include <catch2/catch.hpp>
#include <ocop/ocop.hpp>

#include <iterator>
#include <ranges>

namespace {

static_assert(std::random_access_iterator<ocop::view_range<ocop::criterion_view>::iterator>);
static_assert(std::ranges::random_access_range<ocop::view_range<ocop::option_view>>);
static_assert(std::ranges::sized_range<ocop::view_range<ocop::group_view>>);

} // namespace

TEST_CASE("sheet views read what the compiled tables hold", "[sheet_view]") {
    const auto& reg = ocop::registry::builtin();
    for (const auto& id : ocop::registry::builtin_ids()) {
        const ocop::ruleset& rs = *reg.find(id);
        const auto views = rs.sheet_views();
        REQUIRE(views.size() == rs.sheets().size());
        for (std::size_t s = 0; s < views.size(); ++s) {
            const ocop::compiled_sheet& cs = rs.sheets()[s];
            const ocop::sheet_view v = views[s];
            INFO(id << " sheet " << cs.no);
            CHECK(&v.compiled() == &cs);
            CHECK(v.no() == cs.no);
            CHECK(&v.definition() == cs.def);
            CHECK(v.max_total() == cs.max_total);
            for (auto p : {ocop::part_code::A, ocop::part_code::B, ocop::part_code::C})
                CHECK(v.part_max(p) == cs.part_max[static_cast<std::size_t>(p)]);
            CHECK(v.refusal().has_value() == cs.refusal.has_value());

            REQUIRE(v.criteria().size() == cs.criteria.size());
            std::size_t index = 0;
            for (const ocop::criterion_view c : v.criteria()) {
                const auto& cc = cs.criteria[index];
                CHECK(c.index() == index);
                CHECK(c.id() == cs.criterion(index).id);
                CHECK(c.code() == cs.criterion(index).code);
                CHECK(&c.definition() == &cs.criterion(index));
                CHECK(c.part() == cc.part);
                CHECK(c.max_points() == cc.max_points);
                CHECK(c.binary() == cc.binary);
                CHECK(c.case_no() == cc.case_no);
                CHECK(c.group().index() == cc.group);
                for (int star = 0; star <= 6; ++star) {
                    const int need =
                        star < 6 ? cc.min_for_star[static_cast<std::size_t>(star)] : -1;
                    CHECK(c.minimum_for(star) ==
                          (need < 0 ? std::nullopt : std::optional<int>(need)));
                }
                // find() by id gives this criterion when its id finds itself in the tables.
                if (cc.id_finds_itself) {
                    const auto found = v.find(c.id());
                    REQUIRE(found.has_value());
                    CHECK(found->index() == index);
                }
                REQUIRE(c.options().size() == cc.option_count);
                for (const ocop::option_view o : c.options()) {
                    const auto& co =
                        cs.options[cc.option_first + static_cast<std::size_t>(o.number() - 1)];
                    CHECK(o.points() == co.points);
                    CHECK(o.marker() == co.marker);
                    CHECK(o.probable() == co.probable);
                    CHECK(o.case_no() == co.case_no);
                    CHECK(o.knocks_out() == ((co.misses & ocop::knocks_bit) != 0));
                    CHECK(&o.definition() ==
                          &cs.criterion(index).options[static_cast<std::size_t>(o.number() - 1)]);
                    // The option found by its points scores them, and comes first among those.
                    const auto by_points = c.option_with_points(o.points());
                    REQUIRE(by_points.has_value());
                    CHECK(by_points->points() == o.points());
                    CHECK(by_points->number() <= o.number());
                }
                CHECK_FALSE(c.option_with_points(-1).has_value());
                ++index;
            }

            // Groups cover the criteria in order, each criterion once.
            REQUIRE(v.groups().size() == cs.groups.size());
            std::size_t next = 0;
            for (const ocop::group_view g : v.groups()) {
                CHECK(g.code() == cs.group(g.index()).code);
                CHECK(g.part() == cs.groups[g.index()].part);
                CHECK(g.max_points() == cs.groups[g.index()].max_points);
                CHECK(g.choose_one_case() == cs.groups[g.index()].choose_one_case);
                for (const ocop::criterion_view c : g.criteria()) {
                    CHECK(c.index() == next++);
                    CHECK(c.group().index() == g.index());
                }
            }
            CHECK(next == cs.criteria.size());
        }
    }
}

TEST_CASE("sheet view ranges are random access", "[sheet_view]") {
    const ocop::sheet_view v = *ocop::registry::builtin().find("qd26-2026")->sheet(1);
    const auto criteria = v.criteria();
    REQUIRE(criteria.size() > 3);
    auto it = criteria.begin();
    it += 3;
    CHECK((*it).index() == 3);
    CHECK(it[-1].index() == 2);
    CHECK(it - criteria.begin() == 3);
    CHECK(criteria.end() - criteria.begin() == static_cast<std::ptrdiff_t>(criteria.size()));
    CHECK(criteria.front().index() == 0);
    CHECK(criteria.back().index() == criteria.size() - 1);
    CHECK(criteria[2].id() == (*(criteria.begin() + 2)).id());
    CHECK(v.find("no such criterion") == std::nullopt);
}
