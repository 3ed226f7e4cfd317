#pragma once
// The CLI's outputs: the library's output files (ocop/output_file.hpp, the rules of
// docs/cli.md "Files written") with errors as the text the commands print.
#include <ocop/output_file.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::cli {

/// Install the signal handlers that remove live temporary files (once, from main).
inline void install_cleanup_handlers() {
    install_output_cleanup_handlers();
}

/// An output file (or stdout) written safely, with errors as text ("PATH: what (reason)").
class output {
  public:
    /// An output to `path` ("-" or "": stdout). Nothing happens until open().
    explicit output(std::string path) : file_(std::move(path)) {}
    /// Create the temporary file (or open the device, or take stdout). False with `err`.
    bool open(std::string& err) { return ok(file_.open(), err); }
    /// The stream to write to (after a successful open()).
    std::ostream& stream() { return file_.stream(); }
    /// Flush and check the writes so far (without committing). False with `err`.
    bool check(std::string& err) { return ok(file_.check(), err); }
    /// Flush, check every write, and move the file into place. False with `err`.
    bool commit(std::string& err) { return ok(file_.commit(), err); }
    /// The path as given ("-" for stdout).
    [[nodiscard]] const std::string& path() const noexcept { return file_.path(); }

  private:
    static bool ok(const result<void>& r, std::string& err) {
        if (!r) err = r.error().message;
        return r.has_value();
    }
    output_file file_;
};

/// open() + write `text` + commit() in one call; false with `err`.
inline bool write_output(const std::string& path, std::string_view text, std::string& err) {
    auto r = write_output_file(path, text);
    if (!r) err = r.error().message;
    return r.has_value();
}

/// Refuse an output that is an input or another output, and stdin read twice: the message.
inline std::optional<std::string> check_paths(const std::vector<std::string>& inputs,
                                              const std::vector<std::string>& outputs) {
    return output_path_conflict(inputs, outputs);
}

/// Write the files of a directory all or nothing (ocop::write_directory); false with `err`.
inline bool write_directory(const std::string& dir,
                            const std::vector<std::pair<std::string, std::string>>& files,
                            std::string& err) {
    auto r = ocop::write_directory(dir, files);
    if (!r) err = r.error().message;
    return r.has_value();
}

/// "PATH: what (OS reason of errno `e`)".
inline std::string os_error(std::string_view path, std::string_view what, int e) {
    return os_error_text(path, what, e);
}

} // namespace ocop::cli
