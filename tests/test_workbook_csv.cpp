// Spreadsheet-friendly CSV: Windows-1258 and UTF-16 input, BOM, `;`, title and comment rows,
// trailing empty columns, the excel-vi output dialect and the wide result table.
#include "support.hpp"

#include <ocop/encoding.hpp>
#include <ocop/spreadsheet_csv.hpp>
#include <ocop/spreadsheet_input.hpp>
#include <ocop/workbook.hpp>

#include <catch2/catch.hpp>

namespace {

using namespace ocop;

const compiled_sheet& sheet1() {
    return *registry::builtin().find("qd26-2026")->sheet(1);
}

/// A full sheet-1 CSV (maximum points) with separator `sep` and `trailing` empty columns.
std::string sheet1_csv(char sep, int trailing, const std::string& province = "Hà Nội") {
    std::string h = std::string("id") + sep + "sheet" + sep + "province";
    std::string r = std::string("HN-1") + sep + "1" + sep + province;
    for (std::size_t c = 0; c < sheet1().criteria.size(); ++c) {
        h += sep + sheet1().criterion(c).id;
        r += sep + std::to_string(sheet1().criteria[c].max_points);
    }
    for (int i = 0; i < trailing; ++i) h += sep, r += sep;
    return h + "\r\n" + r + "\r\n";
}

} // namespace

TEST_CASE("Windows-1258 text is decoded and NFC-normalised", "[encoding]") {
    const std::string utf8 = "Hà Nội, Thừa Thiên Huế, Đắk Lắk";
    auto bytes = encode_windows_1258(utf8);
    REQUIRE(bytes.has_value());
    CHECK(*bytes != utf8);
    auto strict = decode_to_utf8(*bytes, input_encoding::utf8);
    REQUIRE_FALSE(strict.has_value());
    CHECK(strict.error().message.find("Windows-1258") != std::string::npos);
    CHECK(strict.error().message.find("line 1") != std::string::npos);
    for (auto enc : {input_encoding::windows_1258, input_encoding::automatic}) {
        auto d = decode_to_utf8(*bytes, enc);
        REQUIRE(d.has_value());
        CHECK(d->text == utf8); // composed, byte for byte
        CHECK(d->encoding == "WINDOWS-1258");
        CHECK(d->converted);
    }
}

TEST_CASE("UTF-8 with a BOM and UTF-16 with a BOM", "[encoding]") {
    auto d = decode_to_utf8("\xEF\xBB\xBFid,sheet", input_encoding::utf8);
    REQUIRE(d.has_value());
    CHECK(d->text == "id,sheet");
    CHECK_FALSE(d->converted);
    const std::string le("\xFF\xFEi\0d\0", 6);
    auto u = decode_to_utf8(le, input_encoding::automatic);
    REQUIRE(u.has_value());
    CHECK(u->text == "id");
    CHECK(u->encoding == "UTF-16LE");
    input_encoding e{};
    CHECK(parse_input_encoding("windows-1258", e));
    CHECK(e == input_encoding::windows_1258);
    CHECK(parse_input_encoding("AUTO", e));
    CHECK_FALSE(parse_input_encoding("latin1", e));
}

TEST_CASE("title rows, comment rows, empty rows and trailing columns are tidied in place",
          "[csv]") {
    const std::string text = "Danh sách OCOP 2026;;;\n;;;\nid;sheet;province;;\n"
                             "# mã;phiếu;tỉnh;;\nA;1;X;;\n;;;;\nB;2;Y;;\n";
    csv_tidy_report rep;
    const std::string t = tidy_spreadsheet_csv(text, &rep);
    CHECK(t == "\n\nid;sheet;province\n\nA;1;X\n\nB;2;Y\n");
    CHECK(rep.title_rows == 1);
    CHECK(rep.comment_rows == 1);
    CHECK(rep.empty_rows == 1);
    CHECK(rep.trailing_columns == 2);
    // Without a header the text is left alone.
    CHECK(tidy_spreadsheet_csv("a,b\n1,2\n") == "a,b\n1,2\n");
    // A quoted cell with a line break keeps the line count.
    const std::string q = "id,sheet,note,\nA,1,\"two\nlines\",\n";
    CHECK(tidy_spreadsheet_csv(q) == "id,sheet,note\nA,1,\"two\nlines\"\n");
}

TEST_CASE("an Excel CSV in Windows-1258 with ; and trailing columns scores like JSON", "[csv]") {
    const std::string csv = "Phiếu đánh giá OCOP;;\n" + sheet1_csv(';', 3, "Thừa Thiên Huế");
    auto bytes = encode_windows_1258(csv);
    REQUIRE(bytes.has_value());
    const std::string path = test::temp_file("excel-1258.csv", *bytes);
    input_file_info info;
    auto recs = read_evaluation_file(path, registry::builtin(), input_encoding::automatic, &info);
    REQUIRE(recs.has_value());
    CHECK(info.encoding == "WINDOWS-1258");
    CHECK(info.tidy.title_rows == 1);
    CHECK(info.tidy.trailing_columns == 3);
    REQUIRE(recs->size() == 1);
    const auto& r = (*recs)[0];
    REQUIRE_FALSE(r.refusal);
    CHECK(r.line == 3); // the row's line in the original file
    CHECK(r.record.at("province").as_string() == "Thừa Thiên Huế");
    evaluation ev;
    REQUIRE(parse_evaluation(r.record, registry::builtin(), ev).has_value());
    CHECK(score_evaluation(ev).total == score{100, 1});
    // Strict UTF-8 refuses it and names the encoding.
    auto strict = read_evaluation_file(path, registry::builtin(), input_encoding::utf8);
    REQUIRE_FALSE(strict.has_value());
    CHECK(strict.error().message.find("windows-1258") != std::string::npos);
    // The CLI reads it too, and says what it did.
    std::string out;
    CHECK(test::run(std::string(OCOP_CLI) + " validate " + path + " 2>&1", &out) == 0);
    CHECK(out.find("WINDOWS-1258") != std::string::npos);
}

TEST_CASE("excel-vi dialect: BOM, semicolons, decimal comma", "[csv]") {
    // Only decimal columns change: ids and criterion codes that look like decimals do not.
    const std::string in = "id,total,total_exact,note,1.2\n1.5,72.5,145/2,\"a;b, c\",2.5\n"
                           "B,-0.25,-1/4,3.5,1\n";
    const std::string out = to_csv_dialect(in, csv_excel_vi);
    CHECK(out == "\xEF\xBB\xBFid;total;total_exact;note;1.2\n1.5;72,5;145/2;\"a;b, c\";2.5\n"
                 "B;-0,25;-1/4;3.5;1\n");
    CHECK(to_csv_dialect(in, csv_standard) == in);
    // Chunk by chunk: the BOM and the header once.
    csv_dialect_converter conv(csv_excel_vi);
    std::string chunks = conv.convert("id,total\nA,1.5\n");
    chunks += conv.convert("B,2.5\n");
    CHECK(chunks == "\xEF\xBB\xBFid;total\nA;1,5\nB;2,5\n");
    CHECK(decimal_column("A"));
    CHECK(decimal_column("1.1 points"));
    CHECK_FALSE(decimal_column("1.1"));
    CHECK_FALSE(decimal_column("id"));
    csv_dialect d;
    CHECK(parse_csv_dialect("excel-vi", d));
    CHECK(d.separator == ';');
    CHECK_FALSE(parse_csv_dialect("excel", d));
}

TEST_CASE("the wide result table names each criterion, the deciding one and the hash", "[csv]") {
    // Sheet 1 at maximum but 1.2 (a 4★ minimum) at its lowest option: capped.
    std::string answers;
    const auto& sh = sheet1();
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        answers += (c ? "," : "") + std::string("\"") + sh.criterion(c).id +
                   "\":" + std::to_string(sh.criteria[c].max_points);
    auto s = test::score_text(R"({"id":"W1","sheet":1,"province":"Huế","members":[{)" + answers +
                              "},{" + answers + "}]}");
    wide_result_table t({&sh}, csv_excel_vi);
    const std::string head = t.header();
    CHECK(head.rfind("\xEF\xBB\xBFid;ruleset;sheet;status;stars", 0) == 0);
    CHECK(head.find(";1.1 option;1.1 points;") != std::string::npos);
    CHECK(head.find(";ruleset_hash\n") != std::string::npos);
    std::string row;
    t.append_row(s.res, row);
    CHECK(row.rfind("W1;qd26-2026;1;scored;5;5;5;band;;", 0) == 0);
    CHECK(row.find(";100;100;") != std::string::npos);
    CHECK(row.find(registry::builtin().find("qd26-2026")->hash()) != std::string::npos);
    // Same number of fields in the header and the row.
    auto fields = [](const std::string& x) { return std::count(x.begin(), x.end(), ';'); };
    CHECK(fields(head) == fields(row));
}

TEST_CASE("the wide table names the criterion that capped the star", "[csv]") {
    const auto& sh = sheet1();
    int capped = -1;
    for (std::size_t c = 0; c < sh.criteria.size() && capped < 0; ++c)
        if (sh.criteria[c].min_for_star[5] > 0) capped = static_cast<int>(c);
    REQUIRE(capped >= 0);
    std::string answers;
    for (std::size_t c = 0; c < sh.criteria.size(); ++c)
        answers +=
            (c ? "," : "") + std::string("\"") + sh.criterion(c).id + "\":{\"option\":" +
            (static_cast<int>(c) == capped ? "1" : std::to_string(sh.criteria[c].option_count)) +
            "}";
    auto s = test::score_text(R"({"id":"W2","sheet":1,"answers":{)" + answers + "}}");
    REQUIRE(s.res.decided_by == star_decision::minimum);
    wide_result_table t({&sh});
    std::string row;
    t.append_row(s.res, row);
    const std::string code = sh.criterion(static_cast<std::size_t>(capped)).id;
    CHECK(row.find(",minimum," + code) != std::string::npos);
    CHECK(row.find(",1,") != std::string::npos);
}
