// PDF of an HTML report through headless Chromium (officials attach reports to documents).
#include <ocop/report.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace ocop {

namespace {

/// First of the usual Chromium names found on PATH.
std::string find_browser() {
    const char* path = std::getenv("PATH");
    const std::string dirs = path ? path : "/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "chrome"}) {
        std::size_t i = 0;
        while (i <= dirs.size()) {
            const auto j = std::min(dirs.find(':', i), dirs.size());
            const std::filesystem::path p = std::filesystem::path(dirs.substr(i, j - i)) / name;
            std::error_code ec;
            if (!dirs.substr(i, j - i).empty() && std::filesystem::is_regular_file(p, ec))
                return p.string();
            i = j + 1;
        }
    }
    return {};
}

} // namespace

result<void> render_pdf(const std::string& html_path, const std::string& pdf_path,
                        const std::string& browser) {
    const std::string exe = browser.empty() ? find_browser() : browser;
    if (exe.empty())
        return diagnostic{errc::io_error, "", "no Chromium found on PATH (needed for --pdf)"};
    std::error_code ec;
    const auto html = std::filesystem::absolute(html_path, ec);
    const auto pdf = std::filesystem::absolute(pdf_path, ec);
    const auto profile =
        std::filesystem::temp_directory_path(ec) / ("ocop-chromium-" + std::to_string(::getpid()));
    std::vector<std::string> args = {exe,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--no-first-run",
                                     "--disable-extensions",
                                     "--user-data-dir=" + profile.string(),
                                     "--no-pdf-header-footer",
                                     "--print-to-pdf=" + pdf.string(),
                                     "file://" + html.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::filesystem::remove(pdf, ec);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return diagnostic{errc::io_error, "", "cannot run " + exe + ": " + std::strerror(rc)};
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::filesystem::remove_all(profile, ec);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !std::filesystem::exists(pdf, ec) ||
        std::filesystem::file_size(pdf, ec) == 0)
        return diagnostic{errc::io_error, "", exe + " did not print " + pdf.string()};
    return {};
}

} // namespace ocop
