#pragma once
/// @file record_scorer.hpp
/// @brief Parse and score evaluation records given as JSON text, reusing every buffer.

#include <ocop/scoring.hpp>

#include <string>
#include <string_view>

namespace ocop {

/// Scores one JSON record after another. Each record is parsed into a small reused arena;
/// the evaluation and result are reused too. One instance per thread.
class record_scorer {
  public:
    /// Score against `reg`, which must outlive the scorer.
    explicit record_scorer(const registry& reg) : reg_(reg) {}

    /// Parse and score `text`. On refusal fill `diag` (and `id` when the record has a
    /// readable id) and return false.
    bool run(std::string_view text, std::string& id, diagnostic& diag);
    /// The result of the last successful run().
    [[nodiscard]] const evaluation_result& result() const noexcept { return result_; }

  private:
    const registry& reg_;
    evaluation ev_;
    evaluation_result result_;
    unsigned char buffer_[16384];
};

} // namespace ocop
