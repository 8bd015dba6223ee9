// domex scans: the list of recorded scans.
#include <cstdio>
#include <memory>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/paths.h"
#include "cli/report_file.h"
#include "reports/scan_list.h"
#include "store/store.h"

namespace domex::cli {

int ScansCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("scans"));
  if (!args.ok()) return Fail(args.status().message());
  if (Status out_ok = CheckReportFile(*args); !out_ok.ok()) {
    return Fail(out_ok.message());
  }
  if (!args->positional.empty()) {
    return Fail("scans takes no arguments, got '" + args->positional[0] + "'");
  }
  const std::string format = args->Value("format", "text");
  if (format != "text" && format != "json") {
    return Fail("unknown format '" + format + "' (choose text or json)");
  }
  Result<std::string> dir =
      StoreDirToRead(args->Given("db"), CurrentEnvironment());
  if (!dir.ok()) return Fail(dir.status().message());
  Result<std::unique_ptr<store::Store>> db = store::Store::OpenReadOnly(*dir);
  if (!db.ok()) return Fail(db.status().message());
  std::vector<store::ScanRecord> scans;
  Status s = (*db)->ForEachScan([&scans](const store::ScanRecord& scan) {
    scans.push_back(scan);
    return true;
  });
  if (!s.ok()) return Fail(s.message());
  const std::string out = format == "json" ? reports::RenderScanListJson(scans)
                                           : reports::RenderScanListText(scans);
  if (Status written = WriteReport(*args, out); !written.ok()) {
    return Fail(written.message());
  }
  return 0;
}

}  // namespace domex::cli
