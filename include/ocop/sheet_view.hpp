#pragma once
/// @file sheet_view.hpp
/// @brief Read-only views of a compiled sheet: its groups, criteria and options as scoring reads
/// them (points after the defect policy, minimums per star), without its table layout.
///
/// A view borrows the compiled sheet it looks at: it is valid while the ruleset lives (a
/// registry keeps every ruleset it was given, docs/embedding.md). Views are small values; copy
/// them freely.

#include <ocop/error.hpp>
#include <ocop/ruleset_document.hpp>

#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

namespace ocop {

class compiled_sheet; // the compiled tables: private to the library, read through the views

/// A random-access range of views by index (criteria of a sheet, options of a criterion…).
template <class View>
class view_range {
  public:
    /// Iterator producing views by value.
    class iterator {
      public:
        using iterator_category = std::random_access_iterator_tag; ///< Random access.
        using value_type = View;                                   ///< A view.
        using difference_type = std::ptrdiff_t;                    ///< Index difference.
        using reference = View;                                    ///< Views are values.
        using pointer = void;                                      ///< No address.

        iterator() = default;
        /// The view at the current position.
        [[nodiscard]] View operator*() const noexcept { return View(sheet_, owner_, i_); }
        /// Element `n` positions ahead.
        [[nodiscard]] View operator[](difference_type n) const noexcept {
            return View(sheet_, owner_, i_ + static_cast<std::size_t>(n));
        }
        /// Next.
        iterator& operator++() noexcept { return ++i_, *this; }
        /// Next (post).
        iterator operator++(int) noexcept { return iterator(sheet_, owner_, i_++); }
        /// Previous.
        iterator& operator--() noexcept { return --i_, *this; }
        /// Previous (post).
        iterator operator--(int) noexcept { return iterator(sheet_, owner_, i_--); }
        /// Advance.
        iterator& operator+=(difference_type n) noexcept {
            return i_ += static_cast<std::size_t>(n), *this;
        }
        /// Go back.
        iterator& operator-=(difference_type n) noexcept {
            return i_ -= static_cast<std::size_t>(n), *this;
        }
        /// Advanced copy.
        [[nodiscard]] friend iterator operator+(iterator it, difference_type n) noexcept {
            return it += n;
        }
        /// Advanced copy.
        [[nodiscard]] friend iterator operator+(difference_type n, iterator it) noexcept {
            return it += n;
        }
        /// Copy moved back.
        [[nodiscard]] friend iterator operator-(iterator it, difference_type n) noexcept {
            return it -= n;
        }
        /// Distance.
        [[nodiscard]] friend difference_type operator-(const iterator& a,
                                                       const iterator& b) noexcept {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        /// Same position.
        [[nodiscard]] friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.i_ == b.i_;
        }
        /// Order by position.
        [[nodiscard]] friend auto operator<=>(const iterator& a, const iterator& b) noexcept {
            return a.i_ <=> b.i_;
        }

      private:
        friend class view_range;
        iterator(const compiled_sheet* s, std::size_t owner, std::size_t i) noexcept
            : sheet_(s), owner_(owner), i_(i) {}
        const compiled_sheet* sheet_ = nullptr;
        std::size_t owner_ = 0;
        std::size_t i_ = 0;
    };

    /// First view.
    [[nodiscard]] iterator begin() const noexcept { return iterator(sheet_, owner_, first_); }
    /// Past the last view.
    [[nodiscard]] iterator end() const noexcept { return iterator(sheet_, owner_, last_); }
    /// Number of views.
    [[nodiscard]] std::size_t size() const noexcept { return last_ - first_; }
    /// True when there is none.
    [[nodiscard]] bool empty() const noexcept { return first_ == last_; }
    /// View `i` (0-based within the range).
    [[nodiscard]] View operator[](std::size_t i) const noexcept {
        return View(sheet_, owner_, first_ + i);
    }
    /// First view (the range must not be empty).
    [[nodiscard]] View front() const noexcept { return (*this)[0]; }
    /// Last view (the range must not be empty).
    [[nodiscard]] View back() const noexcept { return (*this)[size() - 1]; }

    /// The views `first`..`last` (table indices) of `owner` in sheet `s` (used by the library).
    view_range(const compiled_sheet* s, std::size_t owner, std::size_t first,
               std::size_t last) noexcept
        : sheet_(s), owner_(owner), first_(first), last_(last) {}

  private:
    const compiled_sheet* sheet_;
    std::size_t owner_;
    std::size_t first_;
    std::size_t last_;
};

/// One option of a criterion, as scoring reads it.
class option_view {
  public:
    /// Its number on the sheet (1-based): `{"option": k}` in an evaluation.
    [[nodiscard]] int number() const noexcept { return static_cast<int>(option_) + 1; }
    /// Points scored when chosen (after the defect policy).
    [[nodiscard]] int points() const noexcept;
    /// Printed star marker (3, 4 or 5: the option is the minimum for that star), 0 when none.
    [[nodiscard]] int marker() const noexcept;
    /// True when its points come from a probable reading of a printed defect.
    [[nodiscard]] bool probable() const noexcept;
    /// Choosing it triggers a knock-out (of the option, or of zero points).
    [[nodiscard]] bool knocks_out() const noexcept;
    /// Alternative case of its criterion it belongs to (criterion_def::cases), 0 when none.
    [[nodiscard]] int case_no() const noexcept;
    /// The printed option (label, notes, knock-outs).
    [[nodiscard]] const option_def& definition() const noexcept;

    /// The view of option `o` (0-based) of criterion `c` (used by view_range).
    option_view(const compiled_sheet* s, std::size_t c, std::size_t o) noexcept
        : sheet_(s), criterion_(c), option_(o) {}

  private:
    const compiled_sheet* sheet_;
    std::size_t criterion_;
    std::size_t option_;
};

class group_view;

/// One criterion of a sheet, as scoring reads it.
class criterion_view {
  public:
    /// Its index in printed order (0-based).
    [[nodiscard]] std::size_t index() const noexcept { return criterion_; }
    /// Its id, unique within the sheet (an evaluation's `answers` key).
    [[nodiscard]] std::string_view id() const noexcept;
    /// Its code as printed.
    [[nodiscard]] std::string_view code() const noexcept;
    /// Part A, B or C.
    [[nodiscard]] part_code part() const noexcept;
    /// Maximum points (after the defect policy).
    [[nodiscard]] int max_points() const noexcept;
    /// True when it scores 0 or its maximum.
    [[nodiscard]] bool binary() const noexcept;
    /// Points needed for `stars` (1..5) by the per-star minimums; nullopt when none applies.
    [[nodiscard]] std::optional<int> minimum_for(int stars) const noexcept;
    /// Case number inside a choose-one group (0: none).
    [[nodiscard]] int case_no() const noexcept;
    /// Its options in printed order.
    [[nodiscard]] view_range<option_view> options() const noexcept;
    /// The option scoring `points`: the first one when several do; nullopt when none does.
    [[nodiscard]] std::optional<option_view> option_with_points(int points) const noexcept;
    /// Its group.
    [[nodiscard]] group_view group() const noexcept;
    /// The printed criterion (titles, notes, knock-outs, options as printed).
    [[nodiscard]] const criterion_def& definition() const noexcept;

    /// The view of criterion `c` (used by view_range; `owner` is unused).
    criterion_view(const compiled_sheet* s, std::size_t owner, std::size_t c) noexcept
        : sheet_(s), criterion_(c) {
        (void)owner;
    }

  private:
    const compiled_sheet* sheet_;
    std::size_t criterion_;
};

/// One numbered criteria group of a sheet.
class group_view {
  public:
    /// Its index in printed order (0-based).
    [[nodiscard]] std::size_t index() const noexcept { return group_; }
    /// Its code as printed ("1", "6").
    [[nodiscard]] std::string_view code() const noexcept;
    /// Part A, B or C.
    [[nodiscard]] part_code part() const noexcept;
    /// Achievable maximum points.
    [[nodiscard]] int max_points() const noexcept;
    /// True when exactly one of its case criteria is answered.
    [[nodiscard]] bool choose_one_case() const noexcept;
    /// Its criteria in printed order.
    [[nodiscard]] view_range<criterion_view> criteria() const noexcept;
    /// The printed group.
    [[nodiscard]] const group_def& definition() const noexcept;

    /// The view of group `g` (used by view_range; `owner` is unused).
    group_view(const compiled_sheet* s, std::size_t owner, std::size_t g) noexcept
        : sheet_(s), group_(g) {
        (void)owner;
    }

  private:
    const compiled_sheet* sheet_;
    std::size_t group_;
};

/// One compiled sheet of a ruleset: what an evaluation of it is scored against.
class sheet_view {
  public:
    /// A view of `sheet` (from ruleset::sheet or evaluation::sheet).
    // NOLINTNEXTLINE(google-explicit-constructor): a sheet is read through its view
    sheet_view(const compiled_sheet& sheet) noexcept : sheet_(&sheet) {}

    /// Sheet number.
    [[nodiscard]] int no() const noexcept;
    /// Achievable maximum total.
    [[nodiscard]] int max_total() const noexcept;
    /// Achievable maximum of a part.
    [[nodiscard]] int part_max(part_code part) const noexcept;
    /// Its groups in printed order.
    [[nodiscard]] view_range<group_view> groups() const noexcept;
    /// Its criteria in printed order.
    [[nodiscard]] view_range<criterion_view> criteria() const noexcept;
    /// The criterion with this id or (unique) printed code; nullopt when none or ambiguous.
    [[nodiscard]] std::optional<criterion_view> find(std::string_view code) const noexcept;
    /// Why the sheet cannot be scored (printed data unusable under the defect policy), if so.
    [[nodiscard]] const std::optional<diagnostic>& refusal() const noexcept;
    /// The printed sheet.
    [[nodiscard]] const sheet_def& definition() const noexcept;
    /// The compiled sheet viewed (for the library's functions that take one).
    [[nodiscard]] const compiled_sheet& compiled() const noexcept { return *sheet_; }

  private:
    const compiled_sheet* sheet_;
};

} // namespace ocop
