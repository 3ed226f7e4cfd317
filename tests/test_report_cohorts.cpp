// Cohort keys for reports: any metadata key (--by), filters (--where), NFC-normalised and
// trimmed keys, the 2025 province merger, Vietnamese collation of cohorts, year trend.
#include "support.hpp"

#include <ocop/cohort.hpp>
#include <ocop/generate.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>

namespace {

using namespace ocop;

/// Generated evaluations (valid answers) whose metadata the tests overwrite.
std::vector<std::string> generated(std::size_t n, std::uint64_t seed) {
    generate_options g;
    g.count = n;
    g.seed = seed;
    std::ostringstream out;
    REQUIRE(generate_evaluations(registry::builtin(), g, out).has_value());
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

std::string with_meta(const std::string& line,
                      std::initializer_list<std::pair<const char*, std::string>> kv) {
    auto v = boost::json::parse(line);
    for (const auto& [k, val] : kv) v.as_object()[k] = val;
    return boost::json::serialize(v);
}

void add(cohort_aggregator& agg, const std::string& json) {
    auto s = test::score_text(json);
    agg.add(s.res);
}

std::map<std::string, std::uint64_t> counts(const cohort_aggregator& agg) {
    std::map<std::string, std::uint64_t> m;
    for (const cohort* c : agg.cohorts()) {
        std::string k;
        for (const auto& v : c->key) k += (k.empty() ? "" : "|") + v;
        m[k] = c->stats.count;
    }
    return m;
}

} // namespace

TEST_CASE("parse_group_key: built-in names and any metadata key, normalised") {
    group_key k;
    REQUIRE(parse_group_key("province", k));
    CHECK(k.kind == cohort_key::province);
    REQUIRE(parse_group_key(" stars ", k));
    CHECK(k == group_key(cohort_key::star));
    REQUIRE(parse_group_key("district", k));
    CHECK(k.kind == cohort_key::metadata);
    CHECK(k.name == "district");
    REQUIRE(parse_group_key("  product_set\t", k));
    CHECK(k.name == "product_set");
    CHECK_FALSE(parse_group_key("", k));
    CHECK_FALSE(parse_group_key("   ", k));
    CHECK_FALSE(parse_group_key("a=b", k));
    CHECK_FALSE(parse_group_key("a,b", k));
    key_filter f;
    REQUIRE(parse_key_filter("district= Ba Vì ", f));
    CHECK(f.key.name == "district");
    CHECK(f.value == "Ba Vì");
    REQUIRE(parse_key_filter("year=2025", f));
    CHECK(f.key.kind == cohort_key::year);
    CHECK_FALSE(parse_key_filter("district", f));
    CHECK_FALSE(parse_key_filter("=x", f));
}

TEST_CASE("Option --by any metadata key and --where filters give the hand-computed cohorts") {
    const auto lines = generated(12, 3);
    // Hand-made layout: district / commune / subject type of each of the 12 records.
    const char* district[] = {"Ba Vì", "Ba Vì",   "Sóc Sơn", "Ba Vì", "Sóc Sơn", "Mê Linh",
                              "Ba Vì", "Mê Linh", "Sóc Sơn", "Ba Vì", "Mê Linh", "Ba Vì"};
    const char* commune[] = {"Tản Lĩnh", "Vân Hòa",    "Minh Trí",   "Tản Lĩnh",
                             "Minh Trí", "Tráng Việt", "Vân Hòa",    "Tráng Việt",
                             "Minh Phú", "Tản Lĩnh",   "Tráng Việt", "Vân Hòa"};
    std::vector<std::string> recs;
    for (std::size_t i = 0; i < lines.size(); ++i)
        recs.push_back(with_meta(lines[i], {{"province", "Hà Nội"},
                                            {"district", district[i]},
                                            {"commune", commune[i]},
                                            {"year", i < 6 ? "2024" : "2025"}}));
    // A decomposed, padded spelling of one district must join the same cohort.
    recs[0] = with_meta(recs[0], {{"district", "  Ba Vi\xcc\x80 "}});

    SECTION("--by district") {
        aggregate_options o;
        o.by = {group_key::metadata_key("district")};
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        const auto m = counts(agg);
        CHECK(m ==
              std::map<std::string, std::uint64_t>{{"Ba Vì", 6}, {"Mê Linh", 3}, {"Sóc Sơn", 3}});
        // Vietnamese order: Ba Vì, Mê Linh, Sóc Sơn.
        const auto cs = agg.cohorts();
        REQUIRE(cs.size() == 3);
        CHECK(cs[0]->key[0] == "Ba Vì");
        CHECK(cs[1]->key[0] == "Mê Linh");
        CHECK(cs[2]->key[0] == "Sóc Sơn");
    }
    SECTION("--by district --by commune --where year=2025") {
        aggregate_options o;
        o.by = {group_key::metadata_key("district"), group_key::metadata_key("commune")};
        key_filter f;
        REQUIRE(parse_key_filter("year=2025", f));
        o.where.push_back(f);
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        // Records 6..11: Ba Vì/Vân Hòa (6, 11), Mê Linh/Tráng Việt (7, 10), Sóc Sơn/Minh Phú (8),
        // Ba Vì/Tản Lĩnh (9).
        CHECK(counts(agg) == std::map<std::string, std::uint64_t>{{"Ba Vì|Tản Lĩnh", 1},
                                                                  {"Ba Vì|Vân Hòa", 2},
                                                                  {"Mê Linh|Tráng Việt", 2},
                                                                  {"Sóc Sơn|Minh Phú", 1}});
        CHECK(agg.records() == 6);
        CHECK(agg.filtered_out() == 6);
    }
    SECTION("--where repeated: every filter must match; values caseless, NFC, trimmed") {
        aggregate_options o;
        o.by = {cohort_key::year};
        key_filter a, b;
        REQUIRE(parse_key_filter("district=ba vì", a));
        REQUIRE(parse_key_filter("commune= TẢN LĨNH", b));
        o.where = {a, b};
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        // Tản Lĩnh in Ba Vì: records 0, 3 (2024) and 9 (2025).
        CHECK(counts(agg) == std::map<std::string, std::uint64_t>{{"2024", 2}, {"2025", 1}});
        CHECK(agg.filtered_out() == 9);
    }
    SECTION("a missing key groups as (none) and --where key=(none) selects it") {
        auto more = recs;
        more.push_back(lines[0]); // no district
        aggregate_options o;
        o.by = {group_key::metadata_key("district")};
        key_filter f;
        REQUIRE(parse_key_filter("district=(none)", f));
        o.where = {f};
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : more) add(agg, r);
        CHECK(counts(agg) == std::map<std::string, std::uint64_t>{{"(none)", 1}});
    }
}

TEST_CASE("composed and decomposed spellings of a province are one cohort") {
    const auto lines = generated(4, 9);
    aggregate_options o;
    o.by = {cohort_key::province};
    cohort_aggregator agg(registry::builtin(), o);
    add(agg, with_meta(lines[0], {{"province", "Hà Nội"}}));
    add(agg, with_meta(lines[1], {{"province", "Ha\xcc\x80 No\xcc\xa3\xcc\x82i"}}));
    add(agg, with_meta(lines[2], {{"province", "Ha\xcc\x80 No\xcc\x82\xcc\xa3i  "}}));
    add(agg, with_meta(lines[3], {{"province", "\xc2\xa0Hà  Nội"}}));
    REQUIRE(agg.cohorts().size() == 1);
    CHECK(agg.cohorts()[0]->key[0] == "Hà Nội");
    CHECK(agg.cohorts()[0]->stats.count == 4);
}

TEST_CASE("cohorts sort in Vietnamese collation (ICU), not by bytes") {
    const char* names[] = {"Điện Biên", "Cao Bằng", "Đà Nẵng",  "Cà Mau",   "Cần Thơ",
                           "Đồng Nai",  "Đắk Lắk",  "An Giang", "Bắc Ninh", "Quảng Ninh"};
    const auto lines = generated(std::size(names), 11);
    aggregate_options o;
    o.by = {cohort_key::province};
    cohort_aggregator agg(registry::builtin(), o);
    for (std::size_t i = 0; i < std::size(names); ++i)
        add(agg, with_meta(lines[i], {{"province", names[i]}}));
    std::vector<std::string> order;
    for (const cohort* c : agg.cohorts()) order.push_back(c->key[0]);
    // a < ă < â, d < đ, tones after the letters (ICU's vi tailoring).
    CHECK(order == std::vector<std::string>{"An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ",
                                            "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai",
                                            "Quảng Ninh"});
}

TEST_CASE("2025 province merger table: 63 former provinces → 34 units") {
    const auto& m = province_merger_2025();
    CHECK(m.source == "Nghị quyết 202/2025/QH15");
    CHECK(m.in_force_on == "2025-06-12");
    REQUIRE(m.provinces.size() == 34);
    std::set<std::string> former;
    std::size_t unchanged = 0;
    for (const auto& u : m.provinces) {
        for (const auto& f : u.former) former.insert(f);
        unchanged += u.former.size() == 1 && u.former[0] == u.name;
        // every unit keeps its own name among its former provinces
        CHECK(std::find(u.former.begin(), u.former.end(), u.name) != u.former.end());
    }
    CHECK(former.size() == 63);
    CHECK(unchanged == 11);
    const std::pair<const char*, const char*> cases[] = {
        {"Hà Giang", "Tuyên Quang"},
        {"Quảng Nam", "Đà Nẵng"},
        {"Bình Dương", "Thành phố Hồ Chí Minh"},
        {"Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"},
        {"Hà Nam", "Ninh Bình"},
        {"Nam Định", "Ninh Bình"},
        {"Kon Tum", "Quảng Ngãi"},
        {"Bình Định", "Gia Lai"},
        {"Bạc Liêu", "Cà Mau"},
        {"Kiên Giang", "An Giang"},
        {"Hà Nội", "Hà Nội"},
        {"Cao Bằng", "Cao Bằng"},
        {"Thừa Thiên Huế", "Huế"},
        {"TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
        {"Thanh Hoá", "Thanh Hóa"},
        {"hòa bình", "Phú Thọ"},
        {"  HA\xcc\x80 GIANG ", "Tuyên Quang"}};
    for (const auto& [from, to] : cases) {
        INFO(from);
        const auto* u = m.find(from);
        REQUIRE(u != nullptr);
        CHECK(u->name == to);
    }
    CHECK(m.find("Atlantis") == nullptr);
    // The generator draws its 34 units from the same table.
    CHECK(provinces_2025().size() == 34);
    CHECK(std::string(provinces_2025()[11].name_vi) == "Tuyên Quang");
    CHECK(std::string(provinces_2025()[11].merged_from) == "Tuyên Quang, Hà Giang");
}

TEST_CASE("Option --provinces 2025 maps former provinces before grouping and filtering") {
    const auto lines = generated(6, 21);
    const char* provs[] = {"Quảng Nam", "Đà Nẵng", "Hà Giang", "Tuyên Quang", "Atlantis", "Huế"};
    std::vector<std::string> recs;
    for (std::size_t i = 0; i < 6; ++i)
        recs.push_back(with_meta(lines[i], {{"province", provs[i]}}));
    SECTION("as written") {
        aggregate_options o;
        o.by = {cohort_key::province};
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        CHECK(agg.cohorts().size() == 6);
    }
    SECTION("mapped") {
        aggregate_options o;
        o.by = {cohort_key::province};
        o.provinces_2025 = true;
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        CHECK(counts(agg) == std::map<std::string, std::uint64_t>{
                                 {"Atlantis", 1}, {"Huế", 1}, {"Tuyên Quang", 2}, {"Đà Nẵng", 2}});
    }
    SECTION("filter on the unit since 2025") {
        aggregate_options o;
        o.provinces_2025 = true;
        key_filter f;
        REQUIRE(parse_key_filter("province=Đà Nẵng", f));
        o.where = {f};
        cohort_aggregator agg(registry::builtin(), o);
        for (const auto& r : recs) add(agg, r);
        CHECK(agg.records() == 2);
    }
}

TEST_CASE("year trend: per cohort and year, star mix, mean and the editions used") {
    const auto lines = generated(40, 5);
    aggregate_options o;
    cohort_aggregator agg(registry::builtin(), o);
    std::map<std::string, std::uint64_t> by_year;
    for (const auto& l : lines) {
        auto s = test::score_text(l);
        by_year[std::to_string(s.ev.metadata.at("year").as_int64())]++;
        agg.add(s.res);
    }
    const auto all = agg.overall();
    REQUIRE(all.years.size() == by_year.size());
    for (const auto& [y, n] : by_year) {
        const auto& ys = all.years.at(y);
        CHECK(ys.count == n);
        std::uint64_t stars = 0;
        for (auto k : ys.stars) stars += k;
        CHECK(stars == n);
        CHECK(ys.rulesets.size() == 1);
        CHECK(ys.rulesets.begin()->second == n);
    }
}
