#include <cstdio>
#include <string>

#include "cli/commands.h"

namespace domex::cli {

int Fail(const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  std::fprintf(stderr, "domex: error: %s\n", line.c_str());
  return 2;
}

}  // namespace domex::cli
