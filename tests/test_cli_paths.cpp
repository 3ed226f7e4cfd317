// One input, one answer: the same records give the same result lines whichever path of
// `ocop score` reads them (a CSV file goes through the spreadsheet reader, the same CSV on
// stdin through the streaming batch reader).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocop::test;

namespace {

// qd26-2026 sheet 1 (fresh vegetables), two products; the second is refused (7 points on 1.1).
const std::string header = "id,sheet,province,1.1,1.2,1.3,1.4,1.5,1.6,1.7,2.1,2.2,2.3,2.4,3.1,"
                           "3.2,3.3,3.4,3.5,4.1,4.2,4.3,5.1,5.2,5.3,6.1,6.2,6.3,6.4,7,8,9,10,11,"
                           "12\r\n";
const std::string good =
    "LD-1,1,Lâm Đồng,1,0,3,1,3,1,1,3,2,3,0,1,0,1,2,2,5,0,0,5,0,1,2,3,0,0,0,3,2,3,1,1\r\n";
const std::string bad =
    "LD-2,1,Lâm Đồng,7,0,3,1,3,1,1,3,2,3,0,1,0,1,2,2,5,0,0,5,0,1,2,3,0,0,0,3,2,3,1,1\r\n";

} // namespace

TEST_CASE("score: a CSV file and the same CSV on stdin give the same lines", "[cli]") {
    const std::string csv = temp_file("paths.csv", header + good + bad);
    for (const char* detail : {"", " --detail criteria", " --detail full", " --messages"}) {
        INFO("options:" << detail);
        std::string from_file, from_stdin;
        const int a = run(std::string(OCOP_CLI) + " score -q" + detail + " " + csv, &from_file);
        const int b =
            run(std::string(OCOP_CLI) + " score -q --input-format csv" + detail + " - < " + csv,
                &from_stdin);
        CHECK(a == 1); // one refused record
        CHECK(b == 1);
        CHECK(from_file == from_stdin);
        CHECK(from_file.find("\"id\":\"LD-1\"") != std::string::npos);
        // The default line is the lean one: no per-criterion detail.
        if (std::string(detail).empty())
            CHECK(from_file.find("\"criteria\"") == std::string::npos);
        else if (std::string(detail) != " --messages")
            CHECK(from_file.find("\"criteria\"") != std::string::npos);
    }
}
