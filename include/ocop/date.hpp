#pragma once
/// @file date.hpp
/// @brief A civil calendar date with exact day arithmetic (no time zones).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocop {

/// A proleptic Gregorian date, as used by decisions and dossiers ("2026-05-22").
class date {
  public:
    /// 1970-01-01.
    constexpr date() noexcept = default;
    /// Build from year, month, day; the caller guarantees a valid date.
    constexpr date(int y, unsigned m, unsigned d) noexcept : days_(from_civil(y, m, d)) {}

    /// Parse "YYYY-MM-DD"; nullopt when malformed or not a calendar date.
    static std::optional<date> parse(std::string_view text) noexcept;
    /// Days since 1970-01-01.
    [[nodiscard]] constexpr std::int64_t days() const noexcept { return days_; }
    /// The date `n` days later (negative: earlier).
    [[nodiscard]] constexpr date plus_days(std::int64_t n) const noexcept {
        date r;
        r.days_ = days_ + n;
        return r;
    }
    /// The same day `n` months later, clamped to the month's end.
    [[nodiscard]] date plus_months(int n) const noexcept;
    /// "YYYY-MM-DD".
    [[nodiscard]] std::string to_string() const;
    /// Year, month and day.
    void civil(int& y, unsigned& m, unsigned& d) const noexcept;

    /// Chronological order.
    friend constexpr auto operator<=>(const date&, const date&) noexcept = default;

  private:
    static constexpr std::int64_t from_civil(int y, unsigned m, unsigned d) noexcept {
        y -= m <= 2 ? 1 : 0;
        const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
        const auto yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
    }
    std::int64_t days_ = 0;
};

} // namespace ocop
