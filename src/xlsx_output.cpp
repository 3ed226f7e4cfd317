// Workbook files written safely (detail/xlsx_output.hpp): the library's counterpart of the
// CLI's safe outputs, for `ocop template` and the spreadsheet results.
#include "detail/xlsx_output.hpp"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ocop::detail {

namespace {

namespace fs = std::filesystem;

/// An exclusively created, empty temporary file in `dir` (mkstemp: O_CREAT|O_EXCL, mode 0600).
std::string make_temp(const fs::path& dir, const std::string& stem) {
    std::string tmpl = (dir / ("." + stem + ".ocop-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return {};
    ::close(fd);
    return tmpl;
}

diagnostic io_error(const std::string& path, const std::string& why) {
    return {errc::io_error, "", "cannot write " + path + ": " + why};
}

/// Build the workbook into `tmp` (an existing empty file of ours).
result<void> build(const std::string& tmp, const std::string& path,
                   const std::function<result<void>(lxw_workbook*)>& fill) {
    lxw_workbook* wb = workbook_new(tmp.c_str());
    if (!wb) return io_error(path, "cannot create the workbook");
    result<void> r = fill(wb);
    const lxw_error e = workbook_close(wb);
    if (!r) return r;
    if (e != LXW_NO_ERROR) return io_error(path, lxw_strerror(e));
    return {};
}

} // namespace

result<void> write_workbook_file(const std::string& path,
                                 const std::function<result<void>(lxw_workbook*)>& fill) {
    std::error_code ec;
    fs::path target(path);
    // Through a symbolic link to the file it names (the link itself stays).
    if (fs::is_symlink(fs::symlink_status(target, ec))) {
        const fs::path resolved = fs::weakly_canonical(target, ec);
        if (ec) return io_error(path, ec.message());
        target = resolved;
    }
    const fs::file_status st = fs::status(target, ec);
    const bool exists = fs::exists(st);
    if (exists && fs::is_directory(st)) return io_error(path, "is a directory");
    if (exists && !fs::is_regular_file(st)) {
        // A device or a FIFO: build in the temporary directory, then copy the bytes in.
        const std::string tmp = make_temp(fs::temp_directory_path(ec), "ocop-workbook");
        if (tmp.empty()) return io_error(path, std::strerror(errno));
        auto r = build(tmp, path, fill);
        if (r) {
            std::ifstream in(tmp, std::ios::binary);
            std::ofstream out(target, std::ios::binary | std::ios::out);
            out << in.rdbuf();
            out.flush();
            if (!out) r = io_error(path, "write failed");
        }
        std::remove(tmp.c_str());
        return r;
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string tmp = make_temp(dir, target.filename().string());
    if (tmp.empty()) return io_error(path, std::strerror(errno));
    auto r = build(tmp, path, fill);
    if (r && exists) {
        // Keep the mode of the file being replaced (mkstemp made the temporary 0600).
        struct stat old {};
        if (::stat(target.c_str(), &old) == 0) ::chmod(tmp.c_str(), old.st_mode & 07777);
    } else if (r) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::chmod(tmp.c_str(), 0666 & ~mask);
    }
    if (r && ::rename(tmp.c_str(), target.c_str()) != 0) r = io_error(path, std::strerror(errno));
    if (!r) std::remove(tmp.c_str());
    return r;
}

} // namespace ocop::detail
