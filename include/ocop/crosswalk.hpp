#pragma once
/// @file crosswalk.hpp
/// @brief Reviewed crosswalks between two editions: for every criterion of the target sheet,
/// where its answer comes from (same, renamed, merged, split, replaced, new) and which source
/// option gives which target option. Shipped beside the rulesets (src/crosswalks/), validated
/// against both rulesets and hashed. See docs/rescore.md, "Crosswalks".

#include <ocop/error.hpp>

#include <boost/describe/enum.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

class ruleset;

/// Where a target criterion takes its answer from.
enum class crosswalk_kind : std::uint8_t {
    same,     ///< The same criterion (title equal once numbering and remarks are set aside).
    renamed,  ///< The same criterion under a reviewed new title.
    merged,   ///< Several source criteria became this one.
    split,    ///< One source criterion became several (this is one of them).
    replaced, ///< A different criterion took the place of the source one.
    added     ///< No source ("new" in the file).
};
BOOST_DESCRIBE_ENUM(crosswalk_kind, same, renamed, merged, split, replaced, added)

/// One row of a crosswalk: a target criterion and its sources.
struct crosswalk_row {
    std::string to;                ///< Target criterion id.
    crosswalk_kind kind{};         ///< Kind of link.
    std::vector<std::string> from; ///< Source criterion ids.
    /// Source option (0-based, of from[0]) → target option (0-based), -1: left open. Empty
    /// when no option is linked (merged, replaced, new: every answer is open).
    std::vector<int> options;
    std::string note; ///< The reviewed reason.
};

/// A source criterion with no target.
struct crosswalk_dropped {
    std::string from; ///< Source criterion id.
    std::string note; ///< Why.
};

/// The crosswalk of one target sheet from one source sheet. A target sheet appears once per
/// source sheet feeding it (key: sheet, from_sheet).
struct crosswalk_sheet {
    int sheet = 0;                          ///< Target sheet number.
    int from_sheet = 0;                     ///< Source sheet number (0: none).
    std::vector<crosswalk_row> rows;        ///< One per target criterion, in printed order.
    std::vector<crosswalk_dropped> dropped; ///< Source criteria with no target.
};

/// One reviewed crosswalk file a chained crosswalk was composed from.
struct crosswalk_step {
    std::string from; ///< Source ruleset id of the step.
    std::string to;   ///< Target ruleset id of the step.
    std::string hash; ///< "sha256:…" of the step's crosswalk.
};

/// A reviewed crosswalk between two rulesets. Cheap to copy; immutable.
class crosswalk {
  public:
    /// Parse crosswalk JSON text (format "ocop-crosswalk/1"); errors carry JSON Pointers.
    [[nodiscard]] static result<crosswalk> load(std::string_view json_text);
    /// Read a crosswalk file; the diagnostic names the file on I/O errors.
    [[nodiscard]] static result<crosswalk> load_file(const std::string& path);
    /// The built-in crosswalk from `from` to `to` (ruleset ids); nullptr when none is shipped.
    static const crosswalk* builtin(std::string_view from, std::string_view to);
    /// The ids of the shipped crosswalks, "from_to_to".
    static std::vector<std::string> builtin_names();
    /// Every shipped crosswalk (parsed once, alive for the whole program).
    static std::vector<const crosswalk*> builtins();

    /// Compose A → B and B → C into one crosswalk A → C (docs/rescore.md, "Chained
    /// crosswalks"): each target criterion of C takes the A sources of its B sources; kinds,
    /// option links (open when either step is open), dropped criteria and notes are derived
    /// from both steps, never invented. The composed ocop-crosswalk/1 document is loaded like
    /// any file (same checks, its own hash); `steps()` names the files it came from.
    /// Refused with a diagnostic (code and JSON Pointer into `bc`, e.g. "/from" when
    /// `ab.to_id() != bc.from_id()`) when the two do not connect or the result cannot be
    /// written as ocop-crosswalk/1.
    [[nodiscard]] static result<crosswalk> chain(const crosswalk& ab, const crosswalk& bc);
    /// Compose a sequence of crosswalks in order (chain() two at a time); each must start
    /// where the previous one ends. The diagnostic's message names the step (1-based).
    [[nodiscard]] static result<crosswalk> chain(const std::vector<const crosswalk*>& steps);
    /// The shortest sequence of crosswalks among `available` leading from ruleset `from` to
    /// ruleset `to` (breadth-first over their ids; among equally short ones, the first in
    /// the order of `available`). Empty when there is none or `from == to`; one element when
    /// a crosswalk of the pair is available.
    [[nodiscard]] static std::vector<const crosswalk*>
    route(std::string_view from, std::string_view to,
          const std::vector<const crosswalk*>& available);

    /// Check the crosswalk against both rulesets: in each sheet entry (target sheet, source
    /// sheet) every target criterion has exactly one row, every source criterion is used or
    /// dropped, option indices are in range, and every linked option pair has equal
    /// normalised texts or is a listed reviewed equivalence.
    /// The diagnostic names the row (JSON Pointer into the crosswalk).
    [[nodiscard]] result<void> validate(const ruleset& from, const ruleset& to) const;

    /// Source ruleset id.
    [[nodiscard]] const std::string& from_id() const noexcept;
    /// Target ruleset id.
    [[nodiscard]] const std::string& to_id() const noexcept;
    /// "sha256:…" of the canonical JSON of the crosswalk.
    [[nodiscard]] const std::string& hash() const noexcept;
    /// The first entry of target sheet `no`, or nullptr. A target sheet fed by several
    /// source sheets (an edition that folded product sets together) has one entry per source
    /// sheet: use from_sheet() or sheet(no, from_no) to pick the one a record needs.
    [[nodiscard]] const crosswalk_sheet* sheet(int no) const noexcept;
    /// The entry of target sheet `no` fed by source sheet `from_no` (0: the entry with no
    /// source sheet), or nullptr.
    [[nodiscard]] const crosswalk_sheet* sheet(int no, int from_no) const noexcept;
    /// The entry fed by source sheet `from_no` (its `sheet` is the target sheet a record of
    /// that source sheet moves to), or nullptr. The loader refuses a source sheet that feeds
    /// two target sheets, so there is at most one. This is the lookup `rescore` uses.
    [[nodiscard]] const crosswalk_sheet* from_sheet(int from_no) const noexcept;
    /// All sheets.
    [[nodiscard]] const std::vector<crosswalk_sheet>& sheets() const noexcept;
    /// For a crosswalk made by chain(): the reviewed files it was composed from, in order
    /// (a chain of chains lists the files, not the intermediate compositions). Empty for a
    /// crosswalk loaded from a file.
    [[nodiscard]] const std::vector<crosswalk_step>& steps() const noexcept;
    /// True when made by chain().
    [[nodiscard]] bool chained() const noexcept { return !steps().empty(); }

    /// Implementation data (opaque).
    struct impl;

  private:
    std::shared_ptr<const impl> impl_;
};

} // namespace ocop
