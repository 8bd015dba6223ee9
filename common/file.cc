#include "common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace domex {

Result<std::string> ReadSmallFile(const std::string& path, size_t max_bytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"),
                                          &std::fclose);
  if (!f) {
    const int err = errno;
    std::string msg = "cannot read " + path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
  }
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    if (text.size() + n > max_bytes) {
      return Status::InvalidArgument(path + " is larger than " +
                                     std::to_string(max_bytes) + " bytes");
    }
    text.append(buf, n);
  }
  if (std::ferror(f.get())) {
    return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  }
  return text;
}

namespace {

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteAll(int fd, const std::string& contents) {
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError(std::strerror(n < 0 ? errno : EIO));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path,
                           const std::string& contents) {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return Status::IoError("cannot write " + path + ": " +
                           std::strerror(errno));
  }
  Status written = WriteAll(fd, contents);
  if (written.ok() && fsync(fd) != 0) {
    written = Status::IoError(std::strerror(errno));
  }
  if (close(fd) != 0 && written.ok()) {
    written = Status::IoError(std::strerror(errno));
  }
  if (written.ok() && rename(tmp.c_str(), path.c_str()) != 0) {
    written = Status::IoError(std::strerror(errno));
  }
  if (!written.ok()) {
    unlink(tmp.c_str());
    return Status::IoError("cannot write " + path + ": " + written.message());
  }
  // The rename itself is durable once the directory is.
  const int dir = open(DirOf(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return Status::Ok();
}

Status CheckWritableFile(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("output file name is empty");
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("output " + path + " is a directory");
  }
  const std::string dir = DirOf(path);
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return Status::InvalidArgument("cannot write " + path + ": " + dir + ": " +
                                   std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace domex
