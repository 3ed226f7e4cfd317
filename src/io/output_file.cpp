// Output files written safely (output_file.hpp): exclusive temporary files, devices written
// in place, checked writes, cleanup on signals, all-or-nothing directories.
#include <ocop/output_file.hpp>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>

namespace ocop {

namespace {

// Live temporary paths, removed by the signal handler (only async-signal-safe calls there).
constexpr int max_live = 32;
char live_paths[max_live][PATH_MAX];
volatile std::sig_atomic_t live_used[max_live];

int track(const std::string& path) {
    if (path.size() >= PATH_MAX) return -1;
    for (int i = 0; i < max_live; ++i)
        if (!live_used[i]) {
            std::memcpy(live_paths[i], path.c_str(), path.size() + 1);
            live_used[i] = 1;
            return i;
        }
    return -1;
}

void untrack(int slot) {
    if (slot >= 0) live_used[slot] = 0;
}

extern "C" void remove_live_and_reraise(int sig) {
    for (int i = max_live - 1; i >= 0; --i)
        if (live_used[i]) {
            if (::unlink(live_paths[i]) != 0) ::rmdir(live_paths[i]);
        }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

/// A stream buffer over a file descriptor that keeps the first write error.
class fd_buf : public std::streambuf {
  public:
    explicit fd_buf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
    int error() const { return err_; }
    bool drain() {
        const char* p = pbase();
        std::size_t n = static_cast<std::size_t>(pptr() - pbase());
        while (n > 0 && !err_) {
            const ssize_t w = ::write(fd_, p, n);
            if (w < 0) {
                if (errno == EINTR) continue;
                err_ = errno;
                break;
            }
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        setp(buf_, buf_ + sizeof buf_);
        return !err_;
    }

  protected:
    int_type overflow(int_type ch) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    int fd_;
    int err_ = 0;
    char buf_[64 * 1024];
};

mode_t current_umask() {
    const mode_t m = ::umask(022);
    ::umask(m);
    return m;
}

} // namespace

std::string os_error_text(std::string_view path, std::string_view what, int e) {
    std::string s(path);
    s += ": ";
    s += what;
    if (e) {
        s += " (";
        s += std::strerror(e);
        s += ")";
    }
    return s;
}

void install_output_cleanup_handlers() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        struct sigaction sa {};
        sa.sa_handler = remove_live_and_reraise;
        sigemptyset(&sa.sa_mask);
        ::sigaction(sig, &sa, nullptr);
    }
}

struct output_file::impl {
    int fd = -1;
    int slot = -1;
    bool own_fd = false; // false: stdout
    std::string target;  // final path (symlinks resolved)
    std::string tmp;     // temporary path, empty when writing in place
    std::unique_ptr<fd_buf> buf;
    std::unique_ptr<std::ostream> os;
};

output_file::output_file(std::string path) : path_(path.empty() ? "-" : std::move(path)) {}

output_file::~output_file() {
    if (!p_) return;
    if (p_->own_fd && p_->fd >= 0) ::close(p_->fd);
    if (!p_->tmp.empty()) ::unlink(p_->tmp.c_str());
    untrack(p_->slot);
}

result<void> output_file::open() {
    std::string err;
    if (!open_impl(err)) return diagnostic{errc::io_error, "", err};
    return {};
}

const std::string& output_file::write_path() const noexcept {
    return p_->tmp.empty() ? p_->target : p_->tmp;
}

bool output_file::open_impl(std::string& err) {
    p_ = std::make_unique<impl>();
    if (path_ == "-") {
        p_->fd = 1;
    } else {
        p_->target = path_;
        struct stat st {};
        if (::lstat(path_.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
            char real[PATH_MAX];
            if (!::realpath(path_.c_str(), real)) {
                err = os_error_text(path_, "symbolic link whose target cannot be resolved", errno);
                return false;
            }
            p_->target = real;
        }
        const bool exists = ::stat(p_->target.c_str(), &st) == 0;
        if (exists && S_ISDIR(st.st_mode)) {
            err = os_error_text(path_, "is a directory", 0);
            return false;
        }
        if (exists && !S_ISREG(st.st_mode)) {
            // A device or FIFO: written in place, never replaced.
            p_->fd = ::open(p_->target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (p_->fd < 0) {
                err = os_error_text(path_, "cannot open for writing", errno);
                return false;
            }
        } else {
            const std::filesystem::path t(p_->target);
            const std::string dir = t.has_parent_path() ? t.parent_path().string() : ".";
            std::string tmpl = dir + "/." + t.filename().string() + ".ocop-XXXXXX";
            p_->fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
            if (p_->fd < 0) {
                err = os_error_text(path_, "cannot create a temporary file in " + dir, errno);
                return false;
            }
            p_->tmp = tmpl;
            p_->slot = track(p_->tmp);
            const mode_t mode = exists ? (st.st_mode & 07777) : (0666 & ~current_umask());
            if (exists && ::geteuid() == 0 && ::fchown(p_->fd, st.st_uid, st.st_gid) != 0) {
                // keeping the owner is best effort; the mode is what matters
            }
            ::fchmod(p_->fd, mode);
        }
        p_->own_fd = true;
    }
    p_->buf = std::make_unique<fd_buf>(p_->fd);
    p_->os = std::make_unique<std::ostream>(p_->buf.get());
    return true;
}

std::ostream& output_file::stream() {
    return *p_->os;
}

result<void> output_file::check() {
    p_->os->flush();
    if (p_->buf->drain() && !p_->buf->error()) return {};
    return diagnostic{
        errc::io_error, "",
        os_error_text(path_ == "-" ? "stdout" : path_, "write error", p_->buf->error())};
}

result<void> output_file::commit() {
    std::string err;
    if (!commit_impl(err)) return diagnostic{errc::io_error, "", err};
    return {};
}

bool output_file::commit_impl(std::string& err) {
    const std::string shown = path_ == "-" ? "stdout" : path_;
    if (auto c = check(); !c) {
        err = c.error().message;
        return false;
    }
    if (p_->own_fd) {
        const int fd = p_->fd;
        p_->fd = -1;
        if (::close(fd) != 0) {
            err = os_error_text(shown, "write error", errno);
            return false;
        }
    }
    if (!p_->tmp.empty()) {
        if (::rename(p_->tmp.c_str(), p_->target.c_str()) != 0) {
            err = os_error_text(shown, "cannot replace", errno);
            return false;
        }
        p_->tmp.clear();
        untrack(p_->slot);
        p_->slot = -1;
    }
    return true;
}

result<void> write_output_file(const std::string& path, std::string_view text) {
    output_file out(path);
    if (auto r = out.open(); !r) return r;
    out.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
    return out.commit();
}

namespace {

struct path_key {
    bool by_inode = false;
    dev_t dev = 0;
    ino_t ino = 0;
    std::string path;
    bool operator==(const path_key& o) const {
        return by_inode == o.by_inode && (by_inode ? dev == o.dev && ino == o.ino : path == o.path);
    }
};

/// Identity of a path; nullopt for stdin/stdout and character devices (/dev/null may be
/// named twice).
std::optional<path_key> key_of(const std::string& p) {
    if (p.empty() || p == "-") return std::nullopt;
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
        if (S_ISCHR(st.st_mode)) return std::nullopt;
        return path_key{true, st.st_dev, st.st_ino, {}};
    }
    std::error_code ec;
    auto n = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
    return path_key{false, 0, 0, n.lexically_normal().string()};
}

} // namespace

std::optional<std::string> output_path_conflict(const std::vector<std::string>& inputs,
                                                const std::vector<std::string>& outputs) {
    int stdin_uses = 0;
    for (const auto& i : inputs) stdin_uses += i == "-";
    if (stdin_uses > 1) return std::string("stdin (-) can be read only once");
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        const auto ko = key_of(outputs[o]);
        if (!ko) continue;
        for (const auto& i : inputs)
            if (key_of(i) == ko)
                return outputs[o] + ": output is the input " + i + " (refused: it would be lost)";
        for (std::size_t p = 0; p < o; ++p)
            if (key_of(outputs[p]) == ko)
                return outputs[o] + ": the same file is given for two outputs (" + outputs[p] + ")";
    }
    return std::nullopt;
}

namespace {
bool write_directory_impl(const std::string& dir,
                          const std::vector<std::pair<std::string, std::string>>& files,
                          std::string& err) {
    namespace fs = std::filesystem;
    fs::path target(dir);
    while (target.has_relative_path() && target.filename().empty())
        target = target.parent_path(); // "out/" → "out"
    struct stat st {};
    const bool exists = ::stat(target.c_str(), &st) == 0;
    if (exists) {
        if (!S_ISDIR(st.st_mode)) {
            err = os_error_text(dir, "is not a directory", 0);
            return false;
        }
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(target, ec)) {
            const auto name = e.path().filename().string();
            bool ours = false;
            for (const auto& f : files) ours = ours || f.first == name;
            if (!ours) {
                err = os_error_text(dir,
                                    "holds other files (" + name +
                                        "); give a new or empty directory or one of an "
                                        "earlier report",
                                    0);
                return false;
            }
        }
        if (ec) {
            err = os_error_text(dir, "cannot list", ec.value());
            return false;
        }
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    std::string tmpl = (parent / ("." + target.filename().string() + ".ocop-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) {
        err = os_error_text(dir, "cannot create a temporary directory beside it", errno);
        return false;
    }
    const int dslot = track(tmpl);
    std::vector<int> slots;
    auto cleanup = [&] {
        for (const auto& f : files) ::unlink((tmpl + "/" + f.first).c_str());
        ::rmdir(tmpl.c_str());
        for (int s : slots) untrack(s);
        untrack(dslot);
    };
    ::chmod(tmpl.c_str(), exists ? (st.st_mode & 07777) : (0777 & ~current_umask()));
    for (const auto& [name, text] : files) {
        const std::string p = tmpl + "/" + name;
        slots.push_back(track(p));
        if (auto w = write_output_file(p, text); !w) {
            err = w.error().message;
            cleanup();
            return false;
        }
    }
    if (!exists) {
        if (::rename(tmpl.c_str(), target.c_str()) != 0) {
            err = os_error_text(dir, "cannot move the new directory into place", errno);
            cleanup();
            return false;
        }
        for (int s : slots) untrack(s);
        untrack(dslot);
        return true;
    }
    // Swap the old and the new directory in one step, then remove the old one.
    if (::renameat2(AT_FDCWD, tmpl.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        err = os_error_text(dir, "cannot swap in the new directory", errno);
        cleanup();
        return false;
    }
    cleanup(); // tmpl now names the old directory
    return true;
}

} // namespace

result<void> write_directory(const std::string& dir,
                             const std::vector<std::pair<std::string, std::string>>& files) {
    std::string err;
    if (!write_directory_impl(dir, files, err)) return diagnostic{errc::io_error, "", err};
    return {};
}

} // namespace ocop
