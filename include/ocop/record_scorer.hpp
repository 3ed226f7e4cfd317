#pragma once
/// @file record_scorer.hpp
/// @brief Parse and score evaluation records given as JSON text, reusing every buffer.

#include <ocop/evaluation_reader.hpp>
#include <ocop/scoring.hpp>

#include <string>
#include <string_view>

namespace ocop {

/// Scores one JSON record after another. Each record is read by an evaluation_reader (common
/// records straight from their text); the evaluation and result are reused too. One
/// instance per thread.
class record_scorer {
  public:
    /// Score against `reg`, which must outlive the scorer.
    explicit record_scorer(const registry& reg) : reader_(reg) {}

    /// Parse and score `text`. On refusal fill `diag` (and `id` when the record has a
    /// readable id) and return false.
    bool run(std::string_view text, std::string& id, diagnostic& diag);
    /// The result of the last successful run().
    [[nodiscard]] const evaluation_result& result() const noexcept { return result_; }

  private:
    evaluation_reader reader_;
    evaluation ev_;
    evaluation_result result_;
};

} // namespace ocop
