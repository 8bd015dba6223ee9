// Where a command's report goes: standard output, or with -o/--output FILE
// that file, replaced atomically so a cron job never leaves half a report
// (and a failed run leaves the previous one).
#pragma once

#include <string>

#include "cli/flags.h"
#include "common/status.h"

namespace domex::cli {

// The flag, for the command table.
FlagSpec OutputFlag();

// Before the work: InvalidArgument when --output names a file that cannot
// be written (a directory, a missing or read-only directory). Ok without
// --output.
Status CheckReportFile(const Args& args);

// Writes `text` to --output's file atomically, or to standard output.
Status WriteReport(const Args& args, const std::string& text);

}  // namespace domex::cli
