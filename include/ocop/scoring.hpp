#pragma once
/// @file scoring.hpp
/// @brief Exact scoring of one evaluation: points, parts, star rank and its reasons.

#include <ocop/evaluation.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ocop {

/// Outcome of an evaluation.
enum class evaluation_status : std::uint8_t {
    scored,      ///< Scored; stars from bands and minimums.
    knocked_out, ///< A knock-out applies; stars 0.
    rejected     ///< The dossier was rejected before scoring.
};
BOOST_DESCRIBE_ENUM(evaluation_status, scored, knocked_out, rejected)

/// The rule that decided the star rank.
enum class star_decision : std::uint8_t {
    band,            ///< The band of the total.
    below_bands,     ///< The total is below every band.
    minimum,         ///< A missed per-star minimum capped the star (policy cap).
    minimum_fail,    ///< A missed per-star minimum failed the product (policy fail).
    knockout,        ///< A knock-out.
    dossier_rejected ///< The dossier was rejected.
};
BOOST_DESCRIBE_ENUM(star_decision, band, below_bands, minimum, minimum_fail, knockout,
                    dossier_rejected)

/// Kind of an explanation line.
enum class reason_kind : std::uint8_t {
    band,             ///< Which band the total falls in.
    missed_minimum,   ///< A per-star minimum not met.
    knockout,         ///< A knock-out applied.
    dossier_rejected, ///< The dossier was rejected.
    defect_reading,   ///< A probable reading of a printed defect was used.
    edition,          ///< How the edition was chosen.
    ambiguous_points, ///< Points matched several options.
    alternative_case  ///< Which alternative case of a criterion was answered.
};
BOOST_DESCRIBE_ENUM(reason_kind, band, missed_minimum, knockout, dossier_rejected, defect_reading,
                    edition, ambiguous_points, alternative_case)

/// Whether a reason decides, warns or informs.
enum class reason_severity : std::uint8_t { decision, warning, info };
BOOST_DESCRIBE_ENUM(reason_severity, decision, warning, info)

/// One explanation line of a result.
struct reason {
    reason_kind kind{};         ///< Kind.
    reason_severity severity{}; ///< Severity.
    std::string code;           ///< Criterion or group code, when one is concerned.
    int stars = 0;              ///< Star level concerned, when one is.
    int needed_points = -1;     ///< Points needed (missed minimum), else -1.
    int needed_option = 0;      ///< 1-based option giving them, else 0.
    std::string message;        ///< Readable text (quotes printed rules verbatim).
};

namespace detail {
struct reason_writer;
} // namespace detail

/// The reasons of a result. Behaves like a read-only vector; reasons and their strings are
/// reused from one result to the next, so scoring a stream does not allocate per record.
class reason_list {
  public:
    /// First reason.
    [[nodiscard]] const reason* begin() const noexcept { return items_.data(); }
    /// Past the last reason.
    [[nodiscard]] const reason* end() const noexcept { return items_.data() + size_; }
    /// Number of reasons.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// True when there is none.
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    /// Reason `i`.
    [[nodiscard]] const reason& operator[](std::size_t i) const noexcept { return items_[i]; }

  private:
    friend struct detail::reason_writer; // scoring fills the list
    /// Forget every reason (keeping their storage).
    void clear() noexcept { size_ = 0; }
    /// A new reason with default fields and an empty message (storage reused).
    reason& add() {
        if (size_ == items_.size()) items_.emplace_back();
        reason& r = items_[size_++];
        r.kind = {};
        r.severity = {};
        r.code.clear();
        r.stars = 0;
        r.needed_points = -1;
        r.needed_option = 0;
        r.message.clear();
        return r;
    }
    /// The reasons, writable (policies rewrite severities).
    [[nodiscard]] reason* data() noexcept { return items_.data(); }

    std::vector<reason> items_;
    std::size_t size_ = 0;
};

/// Per-criterion detail of a result.
struct criterion_score {
    std::int64_t points_sum = 0; ///< Sum over members.
    std::int16_t option = -1;    ///< Chosen option (0-based) when all members agree, else -1.
    bool answered = false;       ///< Answered by every member.
    bool applicable = true;      ///< False for the unanswered case of a choose-one group.
};

/// The evaluation a result describes, borrowed: the result does not own it. Reading it is
/// refused (std::logic_error) once the evaluation buffer has been read into again, so a stored
/// result never describes a later record; the evaluation must outlive the result, and
/// score_evaluation refuses a temporary at compile time.
class borrowed_evaluation {
  public:
    /// Borrows nothing.
    borrowed_evaluation() = default;
    /// Borrow `ev` as it holds its current record.
    explicit borrowed_evaluation(const evaluation& ev) noexcept
        : ev_(&ev), generation_(ev.generation) {}
    /// A temporary cannot be borrowed.
    explicit borrowed_evaluation(const evaluation&&) = delete;

    /// True when an evaluation is borrowed.
    [[nodiscard]] explicit operator bool() const noexcept { return ev_ != nullptr; }
    /// True when the borrowed buffer still holds the record that was scored.
    [[nodiscard]] bool current() const noexcept {
        return ev_ != nullptr && ev_->generation == generation_;
    }
    /// The evaluation scored; throws std::logic_error when none is borrowed or the buffer has
    /// been read into since.
    [[nodiscard]] const evaluation& get() const {
        if (!current()) refuse();
        return *ev_;
    }
    /// get().
    [[nodiscard]] const evaluation& operator*() const { return get(); }
    /// &get().
    [[nodiscard]] const evaluation* operator->() const { return &get(); }
    /// Same evaluation buffer, holding the same record.
    [[nodiscard]] friend bool operator==(const borrowed_evaluation&,
                                         const borrowed_evaluation&) noexcept = default;

  private:
    [[noreturn]] void refuse() const;
    const evaluation* ev_ = nullptr;
    std::uint64_t generation_ = 0;
};

/// The scored result of one evaluation. Reusable: score() keeps capacity.
struct evaluation_result {
    borrowed_evaluation input;               ///< The evaluation scored (borrowed).
    evaluation_status status{};              ///< Outcome.
    score total;                             ///< Exact total (mean of members).
    std::array<score, part_count> parts{};   ///< Exact part totals.
    std::vector<std::int64_t> group_sums;    ///< Member sums per group.
    std::vector<std::int64_t> subgroup_sums; ///< Member sums per subgroup.
    std::vector<criterion_score> criteria;   ///< Per criterion.
    star_rank band_stars = 0;                ///< Stars from the band of the total.
    star_rank marker_stars = 0;              ///< Highest N whose minimums all hold (2..5).
    star_rank stars = 0;                     ///< The star rank.
    star_decision decided_by{};              ///< What decided it.
    reason_list reasons;                     ///< Explanations.
};

/// How much of an evaluation_result score_evaluation fills. The outcome (status, total,
/// parts, stars and the rule that decided them) is the same at every level.
enum class score_detail : std::uint8_t {
    full,     ///< Everything, with the reasons that explain the star.
    criteria, ///< Everything but the reasons: per-criterion points and group sums (cohorts).
    totals,   ///< Status, total, parts, band, marker and stars only; per-criterion data empty.
    /// Everything, with the reasons' structured fields (kind, severity, code, star level,
    /// needed points and option) but empty messages: what a lean result line prints.
    reasons
};
BOOST_DESCRIBE_ENUM(score_detail, full, criteria, totals, reasons)

/// Score an evaluation into `out` (no allocation once `out` has grown). At
/// score_detail::criteria and totals, `reasons` is left empty (at score_detail::reasons their
/// messages are); at score_detail::totals, so are `criteria`,
/// `group_sums` and `subgroup_sums`. One member's sheet is then scored in one pass over
/// tables folded at compile time.
void score_evaluation(const evaluation& ev, evaluation_result& out,
                      score_detail detail = score_detail::full);

/// Refused: the result would borrow an evaluation destroyed at the end of the statement.
void score_evaluation(const evaluation&& ev, evaluation_result& out,
                      score_detail detail = score_detail::full) = delete;

/// Convenience: score and return a new result (it borrows `ev`: keep `ev` alive and unread).
[[nodiscard]] evaluation_result score_evaluation(const evaluation& ev);

/// Refused: the result would borrow an evaluation destroyed at the end of the statement.
evaluation_result score_evaluation(const evaluation&& ev) = delete;

} // namespace ocop
