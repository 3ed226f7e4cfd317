// Workbook files written safely (detail/xlsx_output.hpp): the library's counterpart of the
// CLI's safe outputs, for `ocop template` and the spreadsheet results.
#include "detail/xlsx_output.hpp"

#include <minizip/unzip.h>
#include <minizip/zip.h>
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

/// Copy the zip `in` to `out` entry by entry, adding workbook structure protection to
/// xl/workbook.xml (it goes before <bookViews>, its place in the schema's order).
bool lock_structure_copy(const std::string& in, const std::string& out) {
    unzFile src = unzOpen64(in.c_str());
    if (!src) return false;
    zipFile dst = zipOpen64(out.c_str(), 0);
    bool ok = dst != nullptr && unzGoToFirstFile(src) == UNZ_OK;
    bool locked = false;
    std::string data;
    while (ok) {
        unz_file_info64 info{};
        char name[512];
        ok = unzGetCurrentFileInfo64(src, &info, name, sizeof name, nullptr, 0, nullptr, 0) ==
                 UNZ_OK &&
             info.uncompressed_size < (std::uint64_t(1) << 31) && unzOpenCurrentFile(src) == UNZ_OK;
        if (!ok) break;
        data.resize(static_cast<std::size_t>(info.uncompressed_size));
        const int n =
            data.empty() ? 0
                         : unzReadCurrentFile(src, data.data(), static_cast<unsigned>(data.size()));
        ok = unzCloseCurrentFile(src) == UNZ_OK && n == static_cast<int>(data.size());
        if (!ok) break;
        if (std::string_view(name) == "xl/workbook.xml") {
            const auto at = data.find("<bookViews>");
            if (at == std::string::npos || data.find("<workbookProtection") != std::string::npos) {
                ok = false;
                break;
            }
            data.insert(at, "<workbookProtection lockStructure=\"1\"/>");
            locked = true;
        }
        zip_fileinfo zi{};
        zi.dosDate = info.dosDate;
        ok = zipOpenNewFileInZip64(dst, name, &zi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                   Z_DEFAULT_COMPRESSION, 0) == ZIP_OK &&
             (data.empty() || zipWriteInFileInZip(dst, data.data(),
                                                  static_cast<unsigned>(data.size())) == ZIP_OK) &&
             zipCloseFileInZip(dst) == ZIP_OK;
        if (!ok) break;
        const int next = unzGoToNextFile(src);
        if (next == UNZ_END_OF_LIST_OF_FILE) break;
        ok = next == UNZ_OK;
    }
    unzClose(src);
    if (dst && zipClose(dst, nullptr) != ZIP_OK) ok = false;
    return ok && locked;
}

/// Build the workbook into `tmp` (an existing empty file of ours).
result<void> build(const std::string& tmp, const std::string& path,
                   const std::function<result<void>(lxw_workbook*)>& fill, bool lock_structure) {
    lxw_workbook* wb = workbook_new(tmp.c_str());
    if (!wb) return io_error(path, "cannot create the workbook");
    result<void> r = fill(wb);
    const lxw_error e = workbook_close(wb);
    if (!r) return r;
    if (e != LXW_NO_ERROR) return io_error(path, lxw_strerror(e));
    if (!lock_structure) return {};
    const std::string locked = tmp + ".lock";
    const bool ok = lock_structure_copy(tmp, locked) && ::rename(locked.c_str(), tmp.c_str()) == 0;
    std::remove(locked.c_str());
    if (!ok) return io_error(path, "cannot protect the workbook's structure");
    return {};
}

} // namespace

result<void> write_workbook_file(const std::string& path,
                                 const std::function<result<void>(lxw_workbook*)>& fill,
                                 bool lock_structure) {
    std::error_code ec;
    fs::path target(path);
    // Through a symbolic link to the file it names (the link itself stays); a link to nothing
    // is refused, as the CLI's outputs refuse it, rather than replaced by a file.
    if (fs::is_symlink(fs::symlink_status(target, ec))) {
        const fs::path resolved = fs::canonical(target, ec);
        if (ec)
            return io_error(path,
                            "symbolic link whose target cannot be resolved (" + ec.message() + ")");
        target = resolved;
    }
    const fs::file_status st = fs::status(target, ec);
    const bool exists = fs::exists(st);
    if (exists && fs::is_directory(st)) return io_error(path, "is a directory");
    if (exists && !fs::is_regular_file(st)) {
        // A device or a FIFO: build in the temporary directory, then copy the bytes in.
        const std::string tmp = make_temp(fs::temp_directory_path(ec), "ocop-workbook");
        if (tmp.empty()) return io_error(path, std::strerror(errno));
        auto r = build(tmp, path, fill, lock_structure);
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
    auto r = build(tmp, path, fill, lock_structure);
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
