#pragma once
/// @file output_file.hpp
/// @brief Output files written safely, the one way ocop writes a file (the CLI's outputs, the
/// workbooks, the report directory; docs/cli.md, "Files written"):
/// - a regular target is written to a temporary file created exclusively (mkstemp, random
///   name) in the target's directory, then renamed over it; the target's mode is kept;
/// - a target that is not a regular file (/dev/null, a FIFO, a device) is written directly
///   and never replaced;
/// - a symbolic link is followed: its final target is replaced (a dangling link is refused);
/// - "-" or "" is stdout; every write is checked and a failed one reported with its reason;
/// - temporary files are removed on failure, and on SIGINT, SIGTERM, SIGHUP and SIGPIPE once
///   install_output_cleanup_handlers() was called.

#include <ocop/error.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop {

/// Install the signal handlers that remove live temporary files and then re-raise the
/// signal (SIGINT, SIGTERM, SIGHUP, SIGPIPE). A program calls it once; a library never does.
void install_output_cleanup_handlers();

/// An output file (or stdout) written safely; see the file comment.
class output_file {
  public:
    /// An output to `path` ("-" or "": stdout). Nothing happens until open().
    explicit output_file(std::string path);
    /// Removes the temporary file when the output was not committed.
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    /// Create the temporary file (or open the device, or take stdout); the error names the
    /// path and the OS reason ("PATH: what (reason)").
    [[nodiscard]] result<void> open();
    /// The stream to write to (after a successful open()).
    [[nodiscard]] std::ostream& stream();
    /// Flush and check the writes so far, without committing.
    [[nodiscard]] result<void> check();
    /// Flush, check every write, and move the file into place.
    [[nodiscard]] result<void> commit();
    /// The path as given ("-" for stdout).
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// After open(), the file a writer that takes a file name may write instead of stream():
    /// the temporary file, or the device written in place (not for stdout).
    [[nodiscard]] const std::string& write_path() const noexcept;

  private:
    bool open_impl(std::string& err);
    bool commit_impl(std::string& err);
    struct impl;
    std::string path_;
    std::unique_ptr<impl> p_;
};

/// Write `text` to `path` as output_file does (open, write, commit).
[[nodiscard]] result<void> write_output_file(const std::string& path, std::string_view text);

/// Why these outputs may not be written: an output that is one of the inputs or another
/// output (the same device and inode when the file exists, else the same normalised path),
/// or stdin read twice; nullopt when they may.
[[nodiscard]] std::optional<std::string>
output_path_conflict(const std::vector<std::string>& inputs,
                     const std::vector<std::string>& outputs);

/// Write the files (name, content) of a directory all or nothing: a sibling temporary
/// directory is filled, then put in place of `dir` in one rename (an existing `dir` may hold
/// only files of these names: an earlier run's).
[[nodiscard]] result<void>
write_directory(const std::string& dir,
                const std::vector<std::pair<std::string, std::string>>& files);

/// "PATH: what (the OS reason of errno `e`)", or "PATH: what" when `e` is 0.
[[nodiscard]] std::string os_error_text(std::string_view path, std::string_view what, int e);

} // namespace ocop
