#include "common/file.h"

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

}  // namespace domex
