#pragma once
// Safe outputs, the one way every command writes (docs/cli.md, "Files written"):
// - a regular target is written to a temporary file created exclusively (mkstemp, random
//   name) in the target's directory, then renamed over it; the target's mode is kept;
// - a target that is not a regular file (/dev/null, a FIFO, a device) is written directly
//   and never replaced;
// - a symbolic link is followed: its final target is replaced (a dangling link is refused);
// - "-" or "" is stdout; every write is checked and a failed one reported with its reason;
// - temporary files are removed on failure and on SIGINT, SIGTERM, SIGHUP and SIGPIPE.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::cli {

/// Install the signal handlers that remove live temporary files (once, from main).
void install_cleanup_handlers();

/// An output file (or stdout) written safely; see the file comment.
class output {
  public:
    /// An output to `path` ("-" or "": stdout). Nothing happens until open().
    explicit output(std::string path);
    ~output();
    output(const output&) = delete;
    output& operator=(const output&) = delete;
    /// Create the temporary file (or open the device, or take stdout). False with `err`
    /// ("PATH: what (OS reason)").
    bool open(std::string& err);
    /// The stream to write to (after a successful open()).
    std::ostream& stream();
    /// Flush and check the writes so far (without committing). False with `err`.
    bool check(std::string& err);
    /// Flush, check every write, and move the file into place. False with `err`.
    bool commit(std::string& err);
    /// The path as given ("-" for stdout).
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

  private:
    struct impl;
    std::string path_;
    std::unique_ptr<impl> p_;
};

/// open() + write `text` + commit() in one call.
bool write_output(const std::string& path, std::string_view text, std::string& err);

/// Refuse an output that is an input or another output (same device and inode when the
/// file exists, else the same normalised path), and stdin read twice. Returns the message.
std::optional<std::string> check_paths(const std::vector<std::string>& inputs,
                                       const std::vector<std::string>& outputs);

/// Write the files of a directory all or nothing: a sibling temporary directory is filled,
/// then put in place of `dir` in one rename (an existing `dir` may hold only these files).
bool write_directory(const std::string& dir,
                     const std::vector<std::pair<std::string, std::string>>& files,
                     std::string& err);

/// "PATH: what (OS reason of errno `e`)".
std::string os_error(std::string_view path, std::string_view what, int e);

} // namespace ocop::cli
