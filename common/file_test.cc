#include "common/file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace domex {
namespace {

std::string WriteTemp(const std::string& content) {
  char path[] = "/tmp/domex_file_test_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
  close(fd);
  return path;
}

TEST(ReadSmallFileTest, ReadsWholeFile) {
  const std::string content =
      std::string("a\0b\n", 4) + std::string(70000, 'x');
  const std::string path = WriteTemp(content);
  Result<std::string> got = ReadSmallFile(path);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(*got, content);
  std::remove(path.c_str());
}

TEST(ReadSmallFileTest, Errors) {
  Result<std::string> missing = ReadSmallFile("/nonexistent/words.txt");
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "cannot read /nonexistent/words.txt: No such file or directory");

  Result<std::string> dir = ReadSmallFile("/tmp");
  EXPECT_FALSE(dir.ok());

  const std::string path = WriteTemp(std::string(100, 'x'));
  Result<std::string> big = ReadSmallFile(path, 99);
  EXPECT_EQ(big.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(big.status().message(), path + " is larger than 99 bytes");
  EXPECT_TRUE(ReadSmallFile(path, 100).ok());
  std::remove(path.c_str());
}

TEST(WriteFileAtomicallyTest, ReplacesWholeAndLeavesNoTemporary) {
  char dir[] = "/tmp/domex_write_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/report.html";
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  ASSERT_TRUE(WriteFileAtomically(path, std::string(100000, 'n')).ok());
  EXPECT_EQ(*ReadSmallFile(path), std::string(100000, 'n'));
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Nothing else is left in the directory.
  int entries = 0;
  for (DIR* d = opendir(dir); d != nullptr;) {
    dirent* e = readdir(d);
    if (e == nullptr) {
      closedir(d);
      break;
    }
    if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") {
      ++entries;
    }
  }
  EXPECT_EQ(entries, 1);

  // A directory that does not exist: one line naming the path, and the
  // check before the work says so too.
  const std::string missing = std::string(dir) + "/no/such/r.html";
  Status s = WriteFileAtomically(missing, "x");
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.message().rfind("cannot write " + missing + ": ", 0), 0u);
  EXPECT_EQ(CheckWritableFile(missing).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CheckWritableFile(dir).message(),
            std::string("output ") + dir + " is a directory");
  EXPECT_TRUE(CheckWritableFile(path).ok());
  EXPECT_TRUE(CheckWritableFile(std::string(dir) + "/new.csv").ok());
  EXPECT_FALSE(CheckWritableFile("").ok());
  std::remove(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace domex
