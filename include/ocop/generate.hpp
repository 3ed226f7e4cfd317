#pragma once
/// @file generate.hpp
/// @brief Synthetic evaluations for tests, benchmarks and the bundled sample: the 34
/// provinces of Vietnam after the 2025 merger, several years, all sheets of a ruleset, a
/// star mix close to published national shares. Deterministic for a seed on every platform
/// (own xoshiro256** generator, integer arithmetic only).

#include <ocop/registry.hpp>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ocop {

/// A province-level unit after Resolution 202/2025/QH15 (in force 12 June 2025).
struct province_info {
    const char* name_vi;     ///< Vietnamese name (NFC), e.g. "Tuyên Quang".
    const char* merged_from; ///< Former provinces merged into it ("" when unchanged).
    int weight;              ///< Relative share of generated records.
};

/// The 34 province-level units of Vietnam since 12 June 2025.
std::span<const province_info> provinces_2025() noexcept;

/// generate_options::ruleset value: each record gets a filing and an evaluation date in its
/// year and is scored under the edition the registry chooses for those dates (1048/2019 for
/// 2019–2022, 148/2023 from 24 Feb 2023, 26/2026 from 22 May 2026), written in the record.
inline constexpr const char* generate_by_date = "by-date";

/// What to generate.
struct generate_options {
    std::uint64_t count = 1000; ///< Number of evaluations.
    std::uint64_t seed = 1;     ///< Seed: same seed, same output.
    /// Ruleset id; empty: the registry's default (not written); generate_by_date: the
    /// edition in force on each record's dates.
    std::string ruleset;
    /// First evaluation year (metadata `year`). With a named `ruleset`, the years are
    /// narrowed to those it was in force (none: an error).
    int year_from = 2022;
    int year_to = 2026;             ///< Last evaluation year.
    unsigned council_permille = 80; ///< Share of council evaluations (3, 5 or 7 members), ‰.
    unsigned knockout_permille = 4; ///< Share with a declared knock-out, ‰.
    unsigned rejected_permille = 4; ///< Share of rejected dossiers, ‰.
    /// Target star shares in ‰ for 2★ (below 3), 3★, 4★, 5★ (scored products).
    std::vector<unsigned> star_permille{20, 745, 210, 25};
};

/// Produces evaluations one by one, each a JSON object on one line (input contract of
/// evaluation.hpp) with metadata `province`, `year`, `subject_type` (and `filed_on`,
/// `evaluated_on` by date).
class evaluation_generator {
  public:
    /// Prepare for a registry; refuses an unknown ruleset or one without sheets.
    [[nodiscard]] static result<evaluation_generator> create(const registry& reg,
                                                             generate_options opts);
    /// Append the next evaluation (no newline) to `out`.
    void next(std::string& out);

    /// Implementation data (opaque).
    struct impl;
    /// Internal: use create().
    explicit evaluation_generator(std::shared_ptr<impl> p) : impl_(std::move(p)) {}

  private:
    std::shared_ptr<impl> impl_;
};

/// Write `opts.count` evaluations as JSON Lines to `out`.
[[nodiscard]] result<void> generate_evaluations(const registry& reg, const generate_options& opts,
                                                std::ostream& out);

} // namespace ocop
