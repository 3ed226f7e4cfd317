#pragma once
/// @file certificate.hpp
/// @brief Procedure and certificates, read from the rulesets' `procedure` data: which
/// authority recognises which star, certificate validity and renewal windows, and the
/// recognitions due for renewal on a date. See docs/certificates.md.

#include <ocop/registry.hpp>
#include <ocop/types.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

/// One stage of a ruleset's procedure (who recognises which star, from when).
struct procedure_stage {
    const ruleset* rules = nullptr;           ///< Ruleset carrying it.
    date from;                                ///< First day of the stage.
    std::optional<date> until;                ///< Last day, if it ended.
    std::string basis;                        ///< Legal basis.
    std::map<int, std::string> recognised_by; ///< Stars → authority.
    std::optional<int> central_min_score;     ///< Province score sending a product up.
    /// central_min_score was not stated by the stage: it is the lower bound of the 5★ band,
    /// because the stage gives 5★ to another authority than 4★ (docs/certificates.md).
    bool central_min_score_default = false;
    std::optional<std::string> central_below_min; ///< What a lower central score allows.
};

/// How the last valid day of a certificate follows from its recognition date.
enum class last_day_rule : std::uint8_t {
    /// recognised_on + N months − 1 day: the N months include the decision day (default).
    day_before,
    /// recognised_on + N months, the same day number (the month's last day when it has no
    /// such day): Civil Code 2015 Art. 147.2 (the first day is not counted) and Art. 148.1.c
    /// (a term in months ends at the end of the corresponding day of its last month).
    same_day_number
};
BOOST_DESCRIBE_ENUM(last_day_rule, day_before, same_day_number)

/// The certificate rules of a ruleset.
struct certificate_rules {
    int valid_months = 0;                    ///< Validity of a certificate.
    std::vector<int> issued_for_stars;       ///< Stars that get a certificate.
    std::optional<int> renewal_notice_days;  ///< Renewal notice before expiry.
    std::optional<int> window_earliest_days; ///< Re-evaluation filed at most … days before.
    std::optional<int> window_latest_days;   ///< … and at least … days before expiry.
    std::optional<int> late_grace_days;      ///< Validity kept after expiry if filed late.
    last_day_rule last_day{};                ///< How the last valid day is computed.
    std::string last_day_source;             ///< Source of the rule ("" when defaulted).
};

/// The last valid day of a certificate recognised on `on`, valid `months`, under `rule`.
date last_valid_day(date on, int months, last_day_rule rule) noexcept;

/// The procedure stages of a ruleset; errors name the JSON Pointer in the ruleset.
[[nodiscard]] result<std::vector<procedure_stage>> procedure_stages(const ruleset& rs);

/// The certificate rules of a ruleset.
[[nodiscard]] result<certificate_rules> certificate_rules_of(const ruleset& rs);

/// The procedure stage in force on a day, over all rulesets of a registry (nullopt: none).
std::optional<procedure_stage> stage_on(const registry& reg, date day);

/// The authority recognising `stars` under a stage ("" when no certificate: 1–2★).
std::string authority_for(const procedure_stage& st, int stars);

/// Where a province score sends a product under a stage.
struct score_route {
    bool sent_up = false;           ///< The score reaches the central threshold.
    int threshold = 0;              ///< The threshold (central_min_score).
    bool threshold_default = false; ///< Threshold from the 5★ band, not stated by the stage.
    std::string to;                 ///< The 5★ authority it goes to.
    std::string message;            ///< One line for people.
};

/// Where a province score goes under a stage, whatever star is asked (a 4★ product scoring
/// 92 is sent up for 5★); nullopt when the stage has no central level.
std::optional<score_route> route_for_score(const procedure_stage& st, const score& s);

/// One recognition decision, as read from a recognitions file (JSON Lines):
/// `{"id": "...", "stars": 4, "recognised_on": "2024-03-15", "ruleset": "qd148-2023"}`;
/// optional `authority`, `valid_until` (overrides the computed expiry), `product`, other
/// keys carried through.
struct recognition {
    std::string id;                       ///< Certificate or product id.
    int stars = 0;                        ///< Recognised stars 3..5.
    date recognised_on;                   ///< Decision date.
    std::optional<std::string> ruleset;   ///< Edition that issued it (default: in force then).
    std::optional<std::string> authority; ///< Authority as recorded.
    std::optional<date> valid_until;      ///< Recorded last valid day, if printed.
    boost::json::object metadata;         ///< Other keys.
};

/// Parse one recognition record (errors carry JSON Pointers).
[[nodiscard]] result<recognition> parse_recognition(const boost::json::value& v);

/// Where a recognition stands on a day.
enum class renewal_state : std::uint8_t {
    valid,         ///< Valid; the renewal window is not open yet.
    window_open,   ///< Due: the notice / re-evaluation window is open.
    window_closed, ///< The filing window closed; not expired yet (late filing).
    grace,         ///< Expired, within the late re-evaluation grace period.
    expired        ///< Expired.
};
BOOST_DESCRIBE_ENUM(renewal_state, valid, window_open, window_closed, grace, expired)

/// The renewal calendar of one recognition on a day.
struct renewal_status {
    recognition rec;                        ///< The recognition.
    const ruleset* issued_under = nullptr;  ///< Edition that issued it.
    const ruleset* renewal_rules = nullptr; ///< Edition in force on the day (its windows).
    /// Edition in force on the last valid day: a late-filing grace is a fact of the edition
    /// in force when the certificate lapsed (26/2026 Art. 12.3 does not reach back).
    const ruleset* lapse_rules = nullptr;
    std::string authority;           ///< Authority that recognised it (stage data).
    date valid_until;                ///< Last valid day.
    date window_open;                ///< First day of the renewal window.
    date window_close;               ///< Last day to file.
    std::optional<date> grace_until; ///< Last day of late-filing grace, if any.
    renewal_state state{};           ///< State on the day.
    bool due = false;                ///< Listed by `ocop expiring` (open, closed, grace).
};

/// The renewal calendar of a recognition on `on`. Validity comes from the edition that
/// issued it; the windows from the edition in force on `on`.
[[nodiscard]] result<renewal_status> renewal_on(const recognition& rec, const registry& reg,
                                                date on);

} // namespace ocop
