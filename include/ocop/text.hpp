#pragma once
/// @file text.hpp
/// @brief JSON text in, JSON text out: the whole library behind strings, for callers who want
/// no JSON library in their code.
///
/// This header names no Boost.JSON type and includes no header that does: a caller passes
/// `std::string_view` JSON (an evaluation, a ruleset, options) and receives `std::string`
/// JSON, the same text the C API (`ocop.h`) and the CLI write. Errors come back as
/// ocop::result with a diagnostic (code, JSON Pointer path, message), as everywhere else.
/// The typed API (ocop.hpp) stays available through text_engine::rules().
#include <ocop/error.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ocop {

class registry;

/// What text_engine::process() does with each record: the CLI command of the same name,
/// with its JSON output.
enum class text_operation {
    score,     ///< `ocop score`: one result line per record (CSV rows with "output":"csv").
    plan,      ///< `ocop plan --format json`: one plan line per record.
    range,     ///< `ocop range`: one range line per (incomplete) record.
    council,   ///< `ocop council --format json`: one review line per record.
    validate,  ///< `ocop validate --format jsonl`: one line per problem.
    aggregate, ///< `ocop aggregate`: one cohort document at the end.
};

/// What text_engine::process() produced: the output, the refused records, the counts.
struct text_output {
    std::string output;        ///< What the command writes to its output.
    std::string refusals;      ///< One JSON error line per refused record, in input order.
    std::size_t records = 0;   ///< Records read (blank lines excluded).
    std::size_t succeeded = 0; ///< Records processed (validate: records without a problem).
    std::size_t failed = 0;    ///< Records refused (validate: records with problems).
};

/// The library over JSON text: a set of rulesets (the built-in editions, plus any added)
/// and the operations on evaluations written as JSON.
///
/// An engine is set up once (create, add_ruleset, set_default_edition) and then only read:
/// its const operations may run from many threads at once. Movable, not copyable; a
/// moved-from engine answers every operation with errc::invalid_value.
class text_engine {
  public:
    /// An engine over the built-in editions. `options_json`: empty, or an object of policy
    /// overrides applied to every ruleset loaded (`{"markers": "cap"|"fail"|"ignore",
    /// "defects": "probable"|"strict", "knockout": "zero"|"flag"}`), as ocop_registry_new().
    [[nodiscard]] static result<text_engine> create(std::string_view options_json = {});
    /// create(), throwing ocop::error on failure.
    [[nodiscard]] static text_engine create_or_throw(std::string_view options_json = {});

    /// Take over another engine's rulesets (`other` is left moved-from).
    text_engine(text_engine&& other) noexcept;
    /// Take over another engine's rulesets (`other` is left moved-from).
    text_engine& operator=(text_engine&& other) noexcept;
    text_engine(const text_engine&) = delete;
    text_engine& operator=(const text_engine&) = delete;
    /// Release the rulesets.
    ~text_engine();

    /// Load, validate and compile a ruleset document (JSON text) and add it, replacing one
    /// with the same id. Returns the ruleset's id.
    [[nodiscard]] result<std::string> add_ruleset(std::string_view ruleset_json);
    /// add_ruleset() from a file.
    [[nodiscard]] result<std::string> add_ruleset_file(const std::string& path);
    /// The edition used by evaluations that name no ruleset.
    [[nodiscard]] result<void> set_default_edition(std::string_view id);

    /// The rulesets as a JSON array of {id, title, status, effective_from, effective_until,
    /// sheets, hash, default}.
    [[nodiscard]] result<std::string> rulesets() const;
    /// The content hash of ruleset `id` ("sha256:…").
    [[nodiscard]] result<std::string> ruleset_hash(std::string_view id) const;

    /// Score one evaluation: its result line (`ocop-result/2`, with its newline).
    /// `options_json`: empty or `{"detail": "totals"|"criteria"|"full", "messages": bool}`.
    [[nodiscard]] result<std::string> score(std::string_view evaluation_json,
                                            std::string_view options_json = {}) const;
    /// The explanation of one evaluation's star, as `ocop explain` prints it. Also takes a
    /// result line.
    [[nodiscard]] result<std::string> explain(std::string_view evaluation_json) const;
    /// The cheapest way up to a target star (`{"target": 1..5, "consensus": bool}`).
    [[nodiscard]] result<std::string> plan(std::string_view evaluation_json,
                                           std::string_view options_json = {}) const;
    /// The lowest and highest star an incomplete evaluation can still reach.
    [[nodiscard]] result<std::string> range(std::string_view evaluation_json) const;
    /// The review of one council's member sheets (`{"spread": points}`).
    [[nodiscard]] result<std::string> council(std::string_view evaluation_json,
                                              std::string_view options_json = {}) const;

    /// Run an operation over many records (JSON Lines, a JSON array or CSV, as the CLI reads
    /// a file). Refused records are reported in text_output::refusals and counted, the others
    /// processed; an error is returned only when the input as a whole cannot be read.
    /// `options_json`: the C API's options of the operation (ocop_process()).
    [[nodiscard]] result<text_output> process(text_operation op, std::string_view records,
                                              std::string_view options_json = {}) const;

    /// The typed registry behind the engine, for code that also uses ocop.hpp.
    [[nodiscard]] const registry& rules() const;

  private:
    struct impl;
    explicit text_engine(std::unique_ptr<impl> p) noexcept;
    std::unique_ptr<impl> impl_;
};

} // namespace ocop
