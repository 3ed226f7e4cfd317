// evaluation_reader: its direct path must give exactly what Boost.JSON + parse_evaluation
// give, on good records of every sheet and on damaged ones (differential, seeded).
#include "support.hpp"

#include <ocop/csv.hpp>
#include <ocop/evaluation_reader.hpp>
#include <ocop/generate.hpp>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace ocop;

namespace {

constexpr std::uint64_t seed = 20261123;

/// The reference: parse_evaluation on the text (ocop::json_parser, which refuses repeated
/// keys, then parse_evaluation), as the reader's fallback does it.
result<void> reference(std::string_view text, evaluation& out, const input_limits& limits = {}) {
    return parse_evaluation(text, registry::builtin(), out, limits);
}

std::string edition_text(const evaluation& e) {
    std::string s;
    if (e.edition) e.edition->describe(s);
    return s;
}

/// Same outcome: both refuse with the same diagnostic, or both read the same evaluation.
void check_same(const std::string& text, const result<void>& a, const evaluation& ea,
                const result<void>& b, const evaluation& eb) {
    INFO(text);
    REQUIRE(a.has_value() == b.has_value());
    if (!a) {
        CHECK(a.error().code == b.error().code);
        CHECK(a.error().path == b.error().path);
        CHECK(a.error().message == b.error().message);
        return;
    }
    CHECK(ea.id == eb.id);
    CHECK(ea.rules == eb.rules);
    CHECK(ea.sheet == eb.sheet);
    CHECK(ea.members == eb.members);
    CHECK(ea.choices == eb.choices);
    CHECK(ea.knockouts == eb.knockouts);
    CHECK(ea.dossier_rejected == eb.dossier_rejected);
    CHECK(ea.filed_on == eb.filed_on);
    CHECK(ea.evaluated_on == eb.evaluated_on);
    CHECK(ea.kind == eb.kind);
    CHECK(ea.metadata == eb.metadata);
    CHECK(ea.edition.has_value() == eb.edition.has_value());
    CHECK(edition_text(ea) == edition_text(eb));
    CHECK(ea.ambiguous == eb.ambiguous);
}

/// Random JSON whitespace (mostly none).
std::string ws(std::mt19937_64& rng) {
    static const char* const pick[] = {"", "", "", "", " ", "\t", "\r\n", "  "};
    return pick[rng() % 8];
}

/// A record of sheet `sh` as text, in the shapes bulk data takes, varied at random.
std::string random_record(const ruleset& rs, const compiled_sheet& sh, std::mt19937_64& rng) {
    std::vector<std::string> fields;
    fields.push_back("\"id\":" + ws(rng) + "\"R-" + std::to_string(rng() % 100000) + "\"");
    if (rng() % 4 != 0) fields.push_back("\"ruleset\":\"" + rs.id() + "\"");
    fields.push_back("\"sheet\":" + ws(rng) + std::to_string(sh.no));
    if (rng() % 3 == 0)
        fields.push_back("\"filed_on\":\"2026-0" + std::to_string(1 + rng() % 9) + "-1" +
                         std::to_string(rng() % 10) + "\"");
    if (rng() % 4 == 0)
        fields.push_back("\"evaluated_on\":\"2025-12-0" + std::to_string(1 + rng() % 9) + "\"");
    if (rng() % 5 == 0)
        fields.push_back(std::string("\"evaluation_kind\":\"") + (rng() % 2 ? "upgrade" : "first") +
                         "\"");
    if (rng() % 2) fields.push_back("\"province\":\"Th\xC3\xA1i Nguy\xC3\xAAn\"");
    if (rng() % 2) fields.push_back("\"year\":" + std::to_string(2019 + rng() % 8));
    if (rng() % 4 == 0) fields.push_back("\"rank_hint\":-" + std::to_string(1 + rng() % 9));
    // Answers in printed order (sometimes shuffled), as points or {"option": k}.
    std::vector<std::size_t> order;
    for (const auto& g : sh.groups) {
        if (g.choose_one_case) {
            order.push_back(g.criterion_first + rng() % g.criterion_count);
            continue;
        }
        for (std::uint16_t k = 0; k < g.criterion_count; ++k)
            order.push_back(g.criterion_first + k);
    }
    if (rng() % 5 == 0) std::shuffle(order.begin(), order.end(), rng);
    std::string answers = "{";
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto c = order[i];
        const auto& cc = sh.criteria[c];
        const auto k = rng() % cc.option_count;
        if (i) answers += "," + ws(rng);
        answers += "\"" + sh.criterion(c).id + "\":" + ws(rng);
        if (rng() % 6 == 0)
            answers += "{\"option\":" + ws(rng) + std::to_string(k + 1) + "}";
        else
            answers += std::to_string(sh.options[cc.option_first + k].points);
    }
    answers += "}";
    fields.push_back("\"answers\":" + ws(rng) + answers);
    if (rng() % 3 == 0) std::shuffle(fields.begin(), fields.end(), rng);
    std::string out = ws(rng) + "{";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," + ws(rng) : "") + fields[i];
    return out + "}" + ws(rng);
}

/// Damage a record: delete, insert or replace bytes that matter to JSON and to the contract.
std::string mutate(std::string s, std::mt19937_64& rng) {
    static const std::string_view pick[] = {"\"",         ",",
                                            ":",          "{",
                                            "}",          "[",
                                            "]",          "0",
                                            "1",          "7",
                                            "-",          ".",
                                            "e5",         " ",
                                            "\\",         "\\u0031",
                                            "x",          "\xC3",
                                            "\x80",       std::string_view("\0", 1),
                                            "null",       "true",
                                            "1.0",        "-0",
                                            "99",         "\"id\":\"z\",",
                                            "\"1.1\":2,", "\"members\":[],",
                                            "\"option\"", "\xED\xA0\x80"};
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !s.empty(); ++e) {
        const auto at = rng() % s.size();
        const auto& ins = pick[rng() % std::size(pick)];
        switch (rng() % 3) {
        case 0:
            s.erase(at, 1 + rng() % 3);
            break;
        case 1:
            s.insert(at, ins);
            break;
        default:
            s.replace(at, 1, ins);
            break;
        }
    }
    return s;
}

} // namespace

TEST_CASE("the reader reads good records of every sheet as parse_evaluation does") {
    std::mt19937_64 rng(seed);
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    int records = 0, accepted = 0;
    for (const auto& id : {"qd26-2026", "qd148-2023"}) {
        const ruleset& rs = *registry::builtin().find(id);
        for (const auto& sh : rs.sheets()) {
            if (sh.refusal) continue;
            for (int i = 0; i < 25; ++i) {
                const std::string text = random_record(rs, sh, rng);
                const auto ra = reader.read(text, a);
                const auto rb = reference(text, b);
                check_same(text, ra, a, rb, b);
                ++records;
                accepted += ra.has_value();
            }
        }
    }
    // Every record accepted was read directly (the fallback only explains refusals here).
    CHECK(records > 1000);
    CHECK(accepted > records * 8 / 10);
    CHECK(reader.direct_reads() == static_cast<std::size_t>(accepted));
}

TEST_CASE("the reader agrees with parse_evaluation on damaged records") {
    std::mt19937_64 rng(seed + 1);
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    const ruleset& rs = *registry::builtin().find("qd26-2026");
    int refused = 0, accepted = 0;
    for (const auto& sh : rs.sheets()) {
        for (int i = 0; i < 12; ++i) {
            const std::string base = random_record(rs, sh, rng);
            for (int m = 0; m < 25; ++m) {
                const std::string text = mutate(base, rng);
                const auto ra = reader.read(text, a);
                const auto rb = reference(text, b);
                check_same(text, ra, a, rb, b);
                (ra ? accepted : refused)++;
            }
        }
    }
    CHECK(refused > 1000);
    CHECK(accepted > 200);
    CHECK(reader.direct_reads() > 150);
}

TEST_CASE("the reader keeps the refused record's document for the error report") {
    evaluation_reader reader(registry::builtin());
    evaluation ev;
    const auto r = reader.read(R"({"id":"X-1","sheet":1,"answers":{"1.1":99}})", ev);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::impossible_points);
    CHECK(r.error().path == "/answers/1.1");
    REQUIRE(reader.document() != nullptr);
    CHECK(reader.document()->as_object().at("id").as_string() == "X-1");
    const auto bad = reader.read("{\"id\":", ev);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::invalid_json);
    CHECK(reader.document() == nullptr);
}

TEST_CASE("the reader honours the string limit on the direct path") {
    input_limits limits;
    limits.max_string_bytes = 16;
    evaluation_reader reader(registry::builtin(), limits);
    evaluation a, b;
    std::mt19937_64 rng(seed + 2);
    const ruleset& rs = *registry::builtin().find("qd26-2026");
    for (const char* value : {"\"1234567890123456\"", "\"12345678901234567\""}) {
        std::string text = random_record(rs, *rs.sheet(1), rng);
        text.insert(text.find('{') + 1, std::string("\"town\":") + value + ",");
        const auto ra = reader.read(text, a);
        const auto rb = reference(text, b, limits);
        check_same(text, ra, a, rb, b);
        if (std::string_view(value).size() == 18) { // 16 bytes: at the limit
            CHECK(ra.has_value());
        } else {
            REQUIRE_FALSE(ra.has_value());
            CHECK(ra.error().code == errc::limit_exceeded);
            CHECK(ra.error().path == "/town");
        }
    }
}

namespace {

/// The CSV reference: to_json then parse_evaluation, the column named as batch names it.
result<void> csv_reference(const csv_layout& l, const csv_splitter& row, evaluation& out,
                           std::string& column) {
    boost::json::object obj;
    column.clear();
    if (auto ok = l.to_json(row, obj, column); !ok) return ok.error();
    auto r = parse_evaluation(obj, registry::builtin(), out);
    if (!r) column = l.column_of(r.error().path);
    return r;
}

/// A national CSV header: reserved and metadata columns, then every criterion id of qd26.
std::vector<std::string> national_columns() {
    std::vector<std::string> cols = {"id", "ruleset", "sheet", "filed_on", "province", "year"};
    for (const auto& sh : registry::builtin().find("qd26-2026")->sheets())
        for (std::size_t c = 0; c < sh.criteria.size(); ++c)
            if (std::find(cols.begin(), cols.end(), sh.criterion(c).id) == cols.end())
                cols.push_back(sh.criterion(c).id);
    return cols;
}

/// One row for `sh`, as cells in the order of `cols`.
std::vector<std::string> csv_cells(const std::vector<std::string>& cols, const compiled_sheet& sh,
                                   std::mt19937_64& rng) {
    std::vector<std::string> cells(cols.size());
    cells[0] = "C-" + std::to_string(rng() % 100000);
    if (rng() % 3) cells[1] = "qd26-2026";
    cells[2] = std::to_string(sh.no);
    if (rng() % 4 == 0) cells[3] = "2026-0" + std::to_string(1 + rng() % 9) + "-15";
    if (rng() % 2) cells[4] = "H\xC3\xA0 N\xE1\xBB\x99i";
    if (rng() % 2) cells[5] = std::to_string(2019 + rng() % 8);
    for (const auto& g : sh.groups) {
        const auto only = static_cast<int>(g.criterion_first + rng() % g.criterion_count);
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            const auto c = g.criterion_first + k;
            if (g.choose_one_case && c != only) continue;
            const auto& cc = sh.criteria[c];
            const auto o = rng() % cc.option_count;
            const auto at = static_cast<std::size_t>(
                std::find(cols.begin(), cols.end(), sh.criterion(c).id) - cols.begin());
            cells[at] = rng() % 5 == 0 ? "#" + std::to_string(o + 1)
                                       : std::to_string(sh.options[cc.option_first + o].points);
        }
    }
    return cells;
}

std::string join(const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) s += ',';
        append_csv_field(s, cells[i]);
    }
    return s;
}

} // namespace

TEST_CASE("the CSV reader reads rows as to_json and parse_evaluation do") {
    const auto cols = national_columns();
    std::string header;
    for (std::size_t i = 0; i < cols.size(); ++i) header += (i ? "," : "") + cols[i];
    const auto layout = csv_layout::from_header(header, ',');
    REQUIRE(layout.has_value());
    csv_evaluation_reader reader(*layout, registry::builtin());
    static const char* const damage[] = {
        "",    "x", "#0", "#99",        "3|2",        " 2 ",  "+1",      "-0", "true",
        "1.5", "#", "7",  "qd148-2023", "2026-02-30", "\xC3", "upgrade", "0"};
    std::mt19937_64 rng(seed + 3);
    csv_splitter row;
    std::string err, column;
    evaluation a, b;
    int good = 0, damaged_refused = 0;
    for (const auto& sh : registry::builtin().find("qd26-2026")->sheets()) {
        if (sh.refusal) continue;
        for (int i = 0; i < 40; ++i) {
            auto cells = csv_cells(cols, sh, rng);
            const bool damaged = i % 2 == 1;
            if (damaged)
                for (int k = 0; k < 1 + static_cast<int>(rng() % 2); ++k)
                    cells[rng() % cells.size()] = damage[rng() % std::size(damage)];
            const std::string text = join(cells);
            REQUIRE(row.split(text, ',', err));
            const auto direct_before = reader.direct_reads();
            const auto ra = reader.read(row, a);
            // A good row that is accepted goes the direct way.
            if (!damaged && ra.has_value()) CHECK(reader.direct_reads() == direct_before + 1);
            const auto rb = csv_reference(*layout, row, b, column);
            check_same(text, ra, a, rb, b);
            CHECK(reader.column() == column);
            good += !damaged && ra.has_value();
            damaged_refused += damaged && !ra.has_value();
        }
    }
    CHECK(good > 300);
    CHECK(damaged_refused > 100);
}

TEST_CASE("the reader gives long numbers to the reference path without overflow") {
    // Found by the differential fuzz harness (UBSan: signed overflow while accumulating).
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    for (const std::string text :
         {R"({"id":"x","sheet":1,"answers":{"1.1":99999999999999999999}})",
          R"({"id":"x","sheet":99999999999999999999,"answers":{}})",
          R"({"id":"x","sheet":1,"year":-9223372036854775808,"answers":{}})",
          R"({"id":"x","sheet":1,"year":999999999999999999,"answers":{}})"}) {
        const auto ra = reader.read(text, a);
        const auto rb = reference(text, b);
        check_same(text, ra, a, rb, b);
    }
}

namespace {

/// One member's answers object of sheet `sh`, printed order, points or {"option": k}.
std::string random_answers(const compiled_sheet& sh, std::mt19937_64& rng, bool skip_some) {
    std::string answers = "{";
    bool first = true;
    for (const auto& g : sh.groups) {
        const std::uint16_t only = g.choose_one_case ? rng() % g.criterion_count : 0;
        for (std::uint16_t k = 0; k < g.criterion_count; ++k) {
            if (g.choose_one_case && k != only) continue;
            if (skip_some && rng() % 4 == 0) continue;
            const auto c = g.criterion_first + k;
            const auto& cc = sh.criteria[c];
            const auto o = rng() % cc.option_count;
            answers += (first ? "\"" : "," + ws(rng) + "\"") + sh.criterion(c).id + "\":" + ws(rng);
            first = false;
            if (rng() % 6 == 0)
                answers += "{\"option\":" + std::to_string(o + 1) + "}";
            else
                answers += std::to_string(sh.options[cc.option_first + o].points);
        }
    }
    if (first) { // never empty: the direct path wants at least one answer
        answers += "\"" + sh.criterion(0).id +
                   "\":" + std::to_string(sh.options[sh.criteria[0].option_first].points);
    }
    return answers + "}";
}

/// A record of the national mix: councils, declared knock-outs, rejected dossiers, a flat
/// metadata object, top-level metadata keys (sometimes the same as a metadata key).
std::string national_record(const ruleset& rs, const compiled_sheet& sh, std::mt19937_64& rng) {
    std::vector<std::string> fields;
    fields.push_back("\"id\":\"N-" + std::to_string(rng() % 100000) + "\"");
    if (rng() % 4 != 0) fields.push_back("\"ruleset\":\"" + rs.id() + "\"");
    fields.push_back("\"sheet\":" + std::to_string(sh.no));
    if (rng() % 2) fields.push_back("\"province\":\"H\xC3\xA0 N\xE1\xBB\x99i\"");
    if (rng() % 2) fields.push_back("\"year\":" + std::to_string(2019 + rng() % 8));
    const auto shape = rng() % 10;
    const bool stopped_ko = shape == 7 && !sh.knockouts.empty();
    const bool rejected = shape == 8;
    if (stopped_ko) {
        std::string ko = "[";
        int found = 0;
        for (const auto& k : sh.knockouts)
            if (sh.find_knockout(k.code) >= 0 && rng() % 2 == 0)
                ko += (found++ ? ",\"" : "\"") + k.code + "\"";
        fields.push_back("\"knockouts\":" + ko + "]");
    }
    if (rejected) {
        const auto r = rng() % 3;
        fields.push_back(std::string("\"dossier_rejected\":") +
                         (r == 0   ? "\"h\xE1\xBB\x93 s\xC6\xA1 thi\xE1\xBA\xBFu\""
                          : r == 1 ? "true"
                                   : "false"));
    }
    if (rng() % 3 == 0) {
        std::string md = "{";
        md += "\"subject_type\":\"Doanh nghi\xE1\xBB\x87p\"";
        if (rng() % 2) md += ",\"province\":\"Hu\xE1\xBA\xBF\"";
        if (rng() % 2) md += ",\"employees\":" + std::to_string(rng() % 500);
        fields.push_back("\"metadata\":" + ws(rng) + md + "}");
    } else if (rng() % 10 == 0) {
        fields.push_back("\"metadata\":{}");
    }
    const bool partial = stopped_ko || rejected;
    if (rejected && rng() % 2) {
        // no answers at all
    } else if (shape < 3) {
        const int members = 2 + static_cast<int>(rng() % 6);
        std::string m = "[";
        for (int i = 0; i < members; ++i)
            m +=
                (i ? "," + ws(rng) : "") + "{\"answers\":" + random_answers(sh, rng, partial) + "}";
        fields.push_back("\"members\":" + m + "]");
    } else {
        fields.push_back("\"answers\":" + random_answers(sh, rng, partial));
    }
    if (rng() % 3 == 0) std::shuffle(fields.begin(), fields.end(), rng);
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," + ws(rng) : "") + fields[i];
    return out + "}";
}

} // namespace

TEST_CASE("the reader reads the national mix directly: councils, knock-outs, rejections, "
          "metadata") {
    std::mt19937_64 rng(seed + 10);
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    int records = 0, accepted = 0, councils = 0, knocked = 0, rejected = 0, meta = 0;
    for (const auto& id : {"qd26-2026", "qd148-2023"}) {
        const ruleset& rs = *registry::builtin().find(id);
        for (const auto& sh : rs.sheets()) {
            if (sh.refusal) continue;
            for (int i = 0; i < 40; ++i) {
                const std::string text = national_record(rs, sh, rng);
                const auto ra = reader.read(text, a);
                const auto rb = reference(text, b);
                check_same(text, ra, a, rb, b);
                ++records;
                if (!ra) continue;
                ++accepted;
                councils += a.members > 1;
                knocked += !a.knockouts.empty();
                rejected += a.dossier_rejected.has_value();
                meta += text.find("\"metadata\"") != std::string::npos;
            }
        }
    }
    CHECK(records > 1500);
    CHECK(accepted > records * 3 / 4); // the others: knock-outs or rejections left undone
    CHECK(councils > 100);
    CHECK(knocked > 20);
    CHECK(rejected > 20);
    CHECK(meta > 100);
    // Every accepted record of these shapes was read straight from its text.
    CHECK(reader.direct_reads() == static_cast<std::size_t>(accepted));
}

TEST_CASE("the reader agrees with parse_evaluation on damaged national records") {
    std::mt19937_64 rng(seed + 11);
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    const ruleset& rs = *registry::builtin().find("qd26-2026");
    int refused = 0, accepted = 0;
    for (const auto& sh : rs.sheets()) {
        for (int i = 0; i < 12; ++i) {
            const std::string base = national_record(rs, sh, rng);
            for (int m = 0; m < 20; ++m) {
                const std::string text = mutate(base, rng);
                const auto ra = reader.read(text, a);
                const auto rb = reference(text, b);
                check_same(text, ra, a, rb, b);
                (ra ? accepted : refused)++;
            }
        }
    }
    CHECK(refused > 1000);
    CHECK(accepted > 100);
}

TEST_CASE("the reader reads `ocop generate` data directly") {
    generate_options go;
    go.count = 3000;
    go.seed = 5;
    go.council_permille = 200;
    go.knockout_permille = 50;
    go.rejected_permille = 50;
    auto gen = evaluation_generator::create(registry::builtin(), go);
    REQUIRE(gen.has_value());
    evaluation_reader reader(registry::builtin());
    evaluation a, b;
    std::string text;
    int accepted = 0;
    for (int i = 0; i < 3000; ++i) {
        text.clear();
        gen->next(text);
        const auto ra = reader.read(text, a);
        const auto rb = reference(text, b);
        check_same(text, ra, a, rb, b);
        accepted += ra.has_value();
    }
    CHECK(accepted == 3000);
    CHECK(reader.direct_reads() == 3000);
}
