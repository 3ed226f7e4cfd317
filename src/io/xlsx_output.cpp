// Workbook files written safely (detail/xlsx_output.hpp) through output_file, for
// `ocop template` and the spreadsheet results.
#include "../detail/xlsx_output.hpp"

#include <ocop/output_file.hpp>

#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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
    // The file's rules (temporary file, devices in place, links, mode) are output_file's; the
    // workbook is built by name in a private scratch file, then its bytes go through it.
    output_file out(path);
    if (auto r = out.open(); !r) return r;
    std::error_code ec;
    const std::string scratch = make_temp(fs::temp_directory_path(ec), "ocop-workbook");
    if (scratch.empty()) return io_error(path, std::strerror(errno));
    auto r = build(scratch, path, fill, lock_structure);
    if (r) {
        std::ifstream in(scratch, std::ios::binary);
        out.stream() << in.rdbuf();
        if (!in) r = io_error(path, "cannot read the workbook built");
    }
    std::remove(scratch.c_str());
    if (!r) return r;
    return out.commit();
}

} // namespace ocop::detail
