#include "cli/report_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/file.h"

namespace domex::cli {

FlagSpec OutputFlag() {
  return {"output", true, "FILE",
          "write the report to FILE, replaced whole (default: standard "
          "output)",
          'o'};
}

Status CheckReportFile(const Args& args) {
  if (!args.Has("output")) return Status::Ok();
  return CheckWritableFile(args.Value("output", ""));
}

Status WriteReport(const Args& args, const std::string& text) {
  if (args.Has("output")) {
    return WriteFileAtomically(args.Value("output", ""), text);
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
      std::fflush(stdout) != 0) {
    return Status::IoError(std::string("cannot write the report: ") +
                           std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace domex::cli
