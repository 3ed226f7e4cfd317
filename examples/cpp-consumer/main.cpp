// Score one OCOP evaluation with the C++ library: parse, score, explain.
// Usage: score_product [EVALUATION.json]   (without a file: a built-in example)
#include <ocop/ocop.hpp>

#include <boost/json/parse.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

// qd26-2026 sheet 1 (fresh vegetables): 50 points, the first total of the 3★ band.
constexpr const char* example = R"({"id": "example-1", "sheet": 1, "province": "Lâm Đồng",
  "answers": {"1.1": 1, "1.2": 0, "1.3": 3, "1.4": 1, "1.5": 3, "1.6": 1, "1.7": 1,
              "2.1": 3, "2.2": 2, "2.3": 3, "2.4": 0, "3.1": 1, "3.2": 0, "3.3": 1,
              "3.4": 2, "3.5": 2, "4.1": 5, "4.2": 0, "4.3": 0, "5.1": 5, "5.2": 0,
              "5.3": 1, "6.1": 2, "6.2": 3, "6.3": 0, "6.4": 0, "7": 0, "8": 3,
              "9": 2, "10": 3, "11": 1, "12": 1}})";

} // namespace

int main(int argc, char** argv) {
    std::string text = example;
    if (argc > 1) {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::cerr << "cannot read " << argv[1] << "\n";
            return 3;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }

    boost::system::error_code ec;
    const boost::json::value json = boost::json::parse(ocop::strip_bom(text), ec);
    if (ec) {
        std::cerr << "not JSON: " << ec.message() << "\n";
        return 1;
    }

    const ocop::registry& reg = ocop::registry::builtin(); // qd26-2026 is the default
    ocop::evaluation ev;
    if (auto parsed = ocop::parse_evaluation(json, reg, ev); !parsed) {
        // code + JSON Pointer + message, e.g. "/answers/1.1: 7 points match no option"
        std::cerr << ocop::to_string(parsed.error().code) << " " << parsed.error().what() << "\n";
        return 1;
    }
    const ocop::evaluation_result result = ocop::score_evaluation(ev);
    std::cout << ev.id << " (" << ev.rules->id() << ", sheet " << ocop::sheet_view(*ev.sheet).no()
              << "): " << result.total.decimal() << " points, " << result.stars << " stars\n\n"
              << ocop::explain(result);
    return 0;
}
