// ocop_bench_tool: seeded datasets for the macro benchmark and the peers, and a streaming
// score + aggregate run that prints its throughput (and optionally each record's outcome).
//
//   ocop_bench_tool gen --sheet N|0 --count C [--seed S] [--ruleset R] --jsonl F [--csv F]
//   ocop_bench_tool score --input F [--format jsonl|csv] [--threads T] [--emit F]
#include "bench_common.hpp"

#if __has_include(<ocop/batch.hpp>)
#include <ocop/batch.hpp>
#define OCOP_BENCH_HAVE_BATCH 1
#endif

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>

namespace {

using namespace ocop;

std::map<std::string, std::string> options(int argc, char** argv) {
    std::map<std::string, std::string> o;
    for (int i = 2; i + 1 < argc; i += 2) o[argv[i]] = argv[i + 1];
    return o;
}

std::string get(const std::map<std::string, std::string>& o, const std::string& k,
                const std::string& def = "") {
    auto it = o.find(k);
    return it == o.end() ? def : it->second;
}

int gen(const std::map<std::string, std::string>& o) {
    const auto* rs = registry::builtin().find(get(o, "--ruleset", "qd26-2026"));
    if (!rs) return std::cerr << "unknown ruleset\n", 2;
    const int sheet_no = std::stoi(get(o, "--sheet", "1"));
    const std::size_t count = std::stoull(get(o, "--count", "1000000"));
    const std::uint64_t seed = std::stoull(get(o, "--seed", "20260522"));
    std::vector<const compiled_sheet*> sheets;
    for (const auto& sh : rs->sheets())
        if (!sh.refusal && (sheet_no == 0 || sh.no == sheet_no)) sheets.push_back(&sh);
    if (sheets.empty()) return std::cerr << "no such scoreable sheet\n", 2;
    const std::string csv_path = get(o, "--csv");
    if (!csv_path.empty() && sheets.size() != 1) return std::cerr << "--csv needs one sheet\n", 2;
    std::ofstream jsonl(get(o, "--jsonl"), std::ios::binary);
    std::ofstream csv;
    if (!csv_path.empty()) {
        csv.open(csv_path, std::ios::binary);
        csv << bench::csv_header(*sheets[0]);
    }
    // One generator, one record at a time: memory stays flat for any count.
    std::mt19937_64 rng(seed);
    std::vector<std::int16_t> row(256);
    std::string a, b;
    for (std::size_t r = 0; r < count; ++r) {
        const auto& sh = *sheets[sheets.size() == 1 ? 0 : rng() % sheets.size()];
        bench::fill_choices(sh, rng, row.data());
        bench::append_jsonl(a, *rs, sh, r, row.data());
        if (csv.is_open()) bench::append_csv(b, *rs, sh, r, row.data());
        if (a.size() > (1u << 20)) {
            jsonl << a;
            csv << b;
            a.clear();
            b.clear();
        }
    }
    jsonl << a;
    if (csv.is_open()) csv << b;
    return jsonl && (!csv.is_open() || csv) ? 0 : 3;
}

const char* status_name(evaluation_status s) {
    return s == evaluation_status::scored        ? "scored"
           : s == evaluation_status::knocked_out ? "knocked_out"
                                                 : "rejected";
}

int score_cmd(const std::map<std::string, std::string>& o) {
#ifdef OCOP_BENCH_HAVE_BATCH
    const std::string path = get(o, "--input");
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::cerr << "cannot read " << path << "\n", 3;
    batch_options opts;
    opts.threads = static_cast<unsigned>(std::stoul(get(o, "--threads", "1")));
    opts.chunk_records = std::stoul(get(o, "--chunk", "0")); // 0: the library's default
    const std::string fmt = get(o, "--format", path.ends_with(".csv") ? "csv" : "jsonl");
    opts.input = fmt == "csv" ? batch_input::csv : batch_input::jsonl;
    opts.output = batch_output::none;
    opts.detail = score_detail::totals; // what the aggregate and --emit read
    std::vector<bench::aggregate> aggs(opts.threads);
    const std::string emit_path = get(o, "--emit");
    std::vector<std::string> emitted(opts.threads);
    batch_callbacks cb;
    cb.on_result = [&](unsigned w, const evaluation_result& r) {
        aggs[w].add(r);
        if (emit_path.empty()) return;
        auto& e = emitted[w];
        e += r.input->id + " " + status_name(r.status) + " " + r.total.decimal() + " " +
             std::to_string(r.band_stars) + " " + std::to_string(r.marker_stars) + " " +
             std::to_string(r.stars) + "\n";
    };
    std::size_t errors = 0;
    std::string error_ids;
    cb.on_error = [&](const batch_error& e) {
        ++errors;
        if (!emit_path.empty()) error_ids += e.id + " error\n";
    };
    const auto t0 = std::chrono::steady_clock::now();
    auto sum = score_stream(in, nullptr, registry::builtin(), opts, cb);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!sum) return std::cerr << sum.error().what() << "\n", 3;
    bench::aggregate all;
    for (const auto& a : aggs) all.merge(a);
    if (!emit_path.empty()) {
        std::ofstream e(emit_path, std::ios::binary);
        for (const auto& s : emitted) e << s;
        e << error_ids;
    }
    std::printf("{\"records\": %zu, \"scored\": %zu, \"failed\": %zu, \"bytes\": %zu, "
                "\"threads\": %u, \"seconds\": %.4f, \"records_per_s\": %.0f, "
                "\"mb_per_s\": %.1f, \"stars\": [%zu, %zu, %zu, %zu, %zu, %zu]}\n",
                sum->records, sum->scored, sum->failed, sum->bytes, opts.threads, secs,
                static_cast<double>(sum->records) / secs,
                static_cast<double>(sum->bytes) / secs / 1e6, all.by_stars[0], all.by_stars[1],
                all.by_stars[2], all.by_stars[3], all.by_stars[4], all.by_stars[5]);
    return 0;
#else
    (void)o;
    std::cerr << "score needs <ocop/batch.hpp>\n";
    return 3;
#endif
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: ocop_bench_tool gen|score [options]\n";
        return 2;
    }
    const std::string cmd = argv[1];
    const auto o = options(argc, argv);
    try {
        if (cmd == "gen") return gen(o);
        if (cmd == "score") return score_cmd(o);
    } catch (const std::exception& e) {
        std::cerr << "ocop_bench_tool: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "usage: ocop_bench_tool gen|score [options]\n";
    return 2;
}
