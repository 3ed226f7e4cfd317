// Google Benchmark micro-benchmarks of the scoring path (items/s and bytes/s).
#include "bench_common.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <ocop/evaluation_reader.hpp>

#if __has_include(<ocop/batch.hpp>)
#include <ocop/batch.hpp>
#define OCOP_BENCH_HAVE_BATCH 1
#include <sstream>
#endif

#include <cstring>
#include <thread>

namespace {

using namespace ocop;

constexpr int bench_sheet = 1; // qd26-2026 sheet 1: 32 criteria
constexpr std::uint64_t seed = 20260522;

const ruleset& rules() {
    return *registry::builtin().find("qd26-2026");
}
const compiled_sheet& sheet() {
    return *rules().sheet(bench_sheet);
}

/// A JSON Lines or CSV text of `count` records of sheet 1, built once.
const std::string& dataset(bool csv, std::size_t count) {
    static std::string cache[2];
    std::string& s = cache[csv ? 1 : 0];
    if (s.empty()) {
        const auto choices = bench::random_choices(sheet(), count, seed);
        const std::size_t n = sheet().criteria.size();
        if (csv) s = bench::csv_header(sheet());
        for (std::size_t r = 0; r < count; ++r)
            csv ? bench::append_csv(s, rules(), sheet(), r, &choices[r * n])
                : bench::append_jsonl(s, rules(), sheet(), r, &choices[r * n]);
    }
    return s;
}

void BM_RulesetLoadCompile(benchmark::State& state) {
    const auto text = registry::builtin_text("qd26-2026");
    for (auto _ : state) {
        auto rs = ruleset::load(text);
        benchmark::DoNotOptimize(rs);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_RulesetLoadCompile)->Unit(benchmark::kMillisecond);

void BM_OneEvaluation_ParseScore(benchmark::State& state) {
    const std::string& data = dataset(false, 100000);
    const std::string line = data.substr(0, data.find('\n'));
    evaluation ev;
    evaluation_result res;
    boost::json::parser p;
    for (auto _ : state) {
        p.reset();
        p.write(line);
        auto rc = parse_evaluation(p.release(), registry::builtin(), ev);
        if (!rc) state.SkipWithError("refused");
        score_evaluation(ev, res);
        benchmark::DoNotOptimize(res.stars);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(line.size() + 1));
}
BENCHMARK(BM_OneEvaluation_ParseScore);

// Score only, at each score_detail: 0 full (reasons), 1 criteria (cohorts), 2 totals.
void BM_OneEvaluation_ScoreOnly(benchmark::State& state) {
    const auto choices = bench::random_choices(sheet(), 1, seed);
    evaluation ev = bench::blank_evaluation(rules(), sheet());
    std::memcpy(ev.choices.data(), choices.data(), choices.size() * sizeof(std::int16_t));
    evaluation_result res;
    const auto detail = static_cast<score_detail>(state.range(0));
    for (auto _ : state) {
        score_evaluation(ev, res, detail);
        benchmark::DoNotOptimize(res.stars);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OneEvaluation_ScoreOnly)->Arg(0)->Arg(1)->Arg(2);

// 1M evaluations held as option indices; each thread scores its share (totals: what the
// aggregate reads) into an aggregate. The stars are checked against the full explanation
// on the first 10k records, or no figure is reported.
void BM_InMemory1M(benchmark::State& state) {
    constexpr std::size_t count = 1'000'000;
    static const auto choices = bench::random_choices(sheet(), count, seed);
    const std::size_t n = sheet().criteria.size();
    const std::size_t per = count / static_cast<std::size_t>(state.threads());
    const std::size_t first = per * static_cast<std::size_t>(state.thread_index());
    evaluation ev = bench::blank_evaluation(rules(), sheet());
    evaluation_result res, full;
    for (std::size_t r = first; r < first + 10000 && r < first + per; ++r) {
        std::memcpy(ev.choices.data(), &choices[r * n], n * sizeof(std::int16_t));
        score_evaluation(ev, res, score_detail::totals);
        score_evaluation(ev, full);
        if (res.stars != full.stars || res.total != full.total)
            return state.SkipWithError("totals disagree with the full explanation");
    }
    for (auto _ : state) {
        bench::aggregate agg;
        for (std::size_t r = first; r < first + per; ++r) {
            std::memcpy(ev.choices.data(), &choices[r * n], n * sizeof(std::int16_t));
            score_evaluation(ev, res, score_detail::totals);
            agg.add(res);
        }
        benchmark::DoNotOptimize(agg.total_sum_scaled);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(per));
}
BENCHMARK(BM_InMemory1M)->Unit(benchmark::kMillisecond)->ThreadRange(1, 2)->UseRealTime();

// JSON Lines already in memory: split lines, read each record (evaluation_reader: directly
// from the text for this common shape), score the totals, aggregate.
void BM_JsonLines_ParseScore(benchmark::State& state) {
    const std::string& data = dataset(false, 100000);
    evaluation ev;
    evaluation_result res;
    evaluation_reader reader(registry::builtin());
    for (auto _ : state) {
        bench::aggregate agg;
        std::size_t pos = 0;
        while (pos < data.size()) {
            const std::size_t end = data.find('\n', pos);
            if (reader.read(std::string_view(data).substr(pos, end - pos), ev)) {
                score_evaluation(ev, res, score_detail::totals);
                agg.add(res);
            }
            pos = end + 1;
        }
        if (agg.records != 100000) return state.SkipWithError("records refused");
        benchmark::DoNotOptimize(agg.records);
    }
    state.SetItemsProcessed(state.iterations() * 100000);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_JsonLines_ParseScore)->Unit(benchmark::kMillisecond);

// The same through Boost.JSON and parse_evaluation (the reader's fallback), for comparison.
void BM_JsonLines_ParseScore_Dom(benchmark::State& state) {
    const std::string& data = dataset(false, 100000);
    evaluation ev;
    evaluation_result res;
    unsigned char buf[16384];
    for (auto _ : state) {
        bench::aggregate agg;
        std::size_t pos = 0;
        while (pos < data.size()) {
            const std::size_t end = data.find('\n', pos);
            boost::json::monotonic_resource mr(buf, sizeof buf);
            boost::json::parser p(&mr);
            p.write(data.data() + pos, end - pos);
            if (parse_evaluation(p.release(), registry::builtin(), ev)) {
                score_evaluation(ev, res, score_detail::totals);
                agg.add(res);
            }
            pos = end + 1;
        }
        benchmark::DoNotOptimize(agg.records);
    }
    state.SetItemsProcessed(state.iterations() * 100000);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_JsonLines_ParseScore_Dom)->Unit(benchmark::kMillisecond);

// Aggregation alone, per record (the cohort step after scoring).
void BM_AggregatePerRecord(benchmark::State& state) {
    const auto choices = bench::random_choices(sheet(), 1, seed);
    evaluation ev = bench::blank_evaluation(rules(), sheet());
    std::memcpy(ev.choices.data(), choices.data(), choices.size() * sizeof(std::int16_t));
    evaluation_result res;
    score_evaluation(ev, res);
    bench::aggregate agg;
    for (auto _ : state) {
        agg.add(res);
        benchmark::DoNotOptimize(agg);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AggregatePerRecord);

#ifdef OCOP_BENCH_HAVE_BATCH
// The library's streaming batch (batch.hpp): parse + score + aggregate, no output.
void batch_run(benchmark::State& state, bool csv) {
    const std::string& data = dataset(csv, 100000);
    batch_options opts;
    opts.threads = static_cast<unsigned>(state.range(0));
    opts.input = csv ? batch_input::csv : batch_input::jsonl;
    opts.output = batch_output::none;
    opts.detail = score_detail::totals; // what the aggregate reads
    for (auto _ : state) {
        std::vector<bench::aggregate> aggs(opts.threads);
        batch_callbacks cb;
        cb.on_result = [&](unsigned w, const evaluation_result& r) { aggs[w].add(r); };
        std::istringstream in(data);
        auto sum = score_stream(in, nullptr, registry::builtin(), opts, cb);
        if (!sum || sum->failed) state.SkipWithError("batch failed");
        benchmark::DoNotOptimize(aggs);
    }
    state.SetItemsProcessed(state.iterations() * 100000);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
void BM_Batch_JsonLines(benchmark::State& state) {
    batch_run(state, false);
}
void BM_Batch_Csv(benchmark::State& state) {
    batch_run(state, true);
}
BENCHMARK(BM_Batch_JsonLines)->Unit(benchmark::kMillisecond)->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(BM_Batch_Csv)->Unit(benchmark::kMillisecond)->Arg(1)->Arg(2)->UseRealTime();
#endif

} // namespace

BENCHMARK_MAIN();
