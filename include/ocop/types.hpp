#pragma once
/// @file types.hpp
/// @brief Vocabulary types of the OCOP rubric: parts, stars, policies, exact scores.

#include <boost/describe/enum.hpp>

#include <compare>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>

namespace ocop {

/// The three parts of every scoring sheet.
enum class part_code : std::uint8_t {
    A, ///< Product and community strength (Sản phẩm và sức mạnh cộng đồng).
    B, ///< Marketing capability (Khả năng tiếp thị).
    C  ///< Product quality (Chất lượng sản phẩm).
};
BOOST_DESCRIBE_ENUM(part_code, A, B, C)

/// Number of parts on a sheet.
inline constexpr int part_count = 3;

/// A star rank 0–5; 0 means "not rated" (below every band, knocked out or failed).
using star_rank = int;

/// What a printed knock-out note does to the product.
enum class knockout_effect : std::uint8_t {
    disqualified,    ///< "Bị loại": the product is eliminated.
    stop_evaluation, ///< "Không đánh giá các bước tiếp theo": evaluation stops here.
    not_evaluated ///< "Không đánh giá những sản phẩm…": the product is not evaluated.
};
BOOST_DESCRIBE_ENUM(knockout_effect, disqualified, stop_evaluation, not_evaluated)

/// How a knock-out is triggered.
enum class knockout_trigger : std::uint8_t {
    declared,   ///< The council declares the printed condition (evaluation `knockouts`).
    option,     ///< Choosing the option that carries it.
    zero_points ///< Zero points on any criterion listed in `applies_to`.
};
BOOST_DESCRIBE_ENUM(knockout_trigger, declared, option, zero_points)

/// What a missed per-star minimum (printed star marker) does.
enum class missed_minimum_policy : std::uint8_t {
    cap,   ///< stars = min(band stars, marker stars).
    fail,  ///< stars = 0: not rated at the level applied for.
    ignore ///< stars = band stars; misses are still explained.
};
BOOST_DESCRIBE_ENUM(missed_minimum_policy, cap, fail, ignore)

/// How printed transcription defects are scored.
enum class defect_policy : std::uint8_t {
    probable, ///< Score with the data's probable reading, with a warning reason.
    strict    ///< Refuse to score a defective sheet.
};
BOOST_DESCRIBE_ENUM(defect_policy, probable, strict)

/// What a knock-out does to the star rank. The decisions print the conditions ("Bị loại
/// nếu…", "không đánh giá các bước tiếp theo") but not their consequence for the rating, so
/// it is a policy: `zero` is the library's default reading ("not rated / Không đạt").
enum class knockout_policy : std::uint8_t {
    zero, ///< stars = 0, status knocked_out (not rated).
    flag  ///< stars from the band and markers; the knock-out is a warning for the council.
};
BOOST_DESCRIBE_ENUM(knockout_policy, zero, flag)

/// Legal status of a ruleset.
enum class ruleset_status : std::uint8_t {
    in_force,    ///< The edition in force.
    lapsed,      ///< Replaced; still scores older dossiers.
    provisional, ///< Not confirmed; use with care.
    frame_only   ///< Parts and bands only: no sheets yet.
};
BOOST_DESCRIBE_ENUM(ruleset_status, in_force, lapsed, provisional, frame_only)

/// Data quality of a sheet as transcribed.
enum class sheet_status : std::uint8_t {
    consistent, ///< Every sum and maximum checks out.
    defective,  ///< Printed defects; see the sheet's `defects`.
    missing     ///< Named by the decision but found in no source: refuses to score.
};
BOOST_DESCRIBE_ENUM(sheet_status, consistent, defective, missing)

/// An exact score: the sum of whole points over `count` council members, i.e. `sum / count`.
/// Comparisons are exact (cross-multiplication); no floating point decides a star.
struct score {
    std::int64_t sum = 0;   ///< Sum of the members' points.
    std::int64_t count = 1; ///< Number of members (denominator), at least 1.

    /// Exact three-way comparison of two scores.
    friend std::strong_ordering operator<=>(const score& a, const score& b) noexcept {
        return a.sum * b.count <=> b.sum * a.count;
    }
    /// Exact equality of two scores (72/1 == 144/2).
    friend bool operator==(const score& a, const score& b) noexcept {
        return a.sum * b.count == b.sum * a.count;
    }
    /// Compare with a threshold in thousandths of a point.
    [[nodiscard]] std::strong_ordering compare_milli(std::int64_t milli) const noexcept {
        return sum * 1000 <=> milli * count;
    }
    /// The reduced fraction as text, e.g. "217/3" or "72".
    [[nodiscard]] std::string fraction() const;
    /// Exact decimal text when it terminates ("72.5"), else rounded to 6 decimals.
    [[nodiscard]] std::string decimal() const;
    /// True when decimal() is exact.
    [[nodiscard]] bool terminates() const noexcept;
};

/// Points written as a plain decimal ("10", "7.5": digits, at most seven before the point and
/// three after it) in thousandths of a point; nullopt for anything else (sign, exponent, blank,
/// "7.", ".5"). The one reader of point thresholds: the CLI's `--spread`/`--near`, the
/// service's query strings and the C API's options.
[[nodiscard]] std::optional<std::int64_t> parse_points_milli(std::string_view text) noexcept;

} // namespace ocop
