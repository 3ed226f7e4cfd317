#pragma once
// Writing a workbook file safely (xlsx_template.cpp's template and table writers): one place.

#include <ocop/error.hpp>

#include <functional>
#include <string>

struct lxw_workbook; // libxlsxwriter

namespace ocop::detail {

/// Write the workbook `fill` builds to `path`. A regular file (or a new name) is replaced
/// atomically: the workbook goes to an exclusively created temporary file beside it, which is
/// renamed into place keeping the old file's mode; a symbolic link is written through to the
/// file it names; anything else (a device such as /dev/null, a FIFO) is written directly and
/// never replaced. Nothing is left behind on failure. `lock_structure` adds workbook structure
/// protection (worksheets cannot be added, removed, renamed, hidden or shown; no password),
/// which libxlsxwriter cannot write: the finished zip is rewritten with it.
[[nodiscard]] result<void>
write_workbook_file(const std::string& path, const std::function<result<void>(lxw_workbook*)>& fill,
                    bool lock_structure = false);

} // namespace ocop::detail
