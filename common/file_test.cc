#include "common/file.h"

#include <gtest/gtest.h>
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

}  // namespace
}  // namespace domex
