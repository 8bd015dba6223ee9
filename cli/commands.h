// The domex subcommands. Each takes its arguments (after the subcommand
// name) and returns the process exit status:
//   0  success
//   1  the work finished, but some pages (or lookalikes) could not be
//      checked, or it stopped early (time limit, signal) and can be resumed
//   2  bad input (flag, URL, format) or an unusable database; one line on
//      stderr names the problem and nothing stored is lost
#pragma once

#include <string>
#include <vector>

namespace domex::cli {

int CrawlCommand(const std::vector<std::string>& args);
int ReportCommand(const std::vector<std::string>& args);
int LookalikesCommand(const std::vector<std::string>& args);
int ScanCommand(const std::vector<std::string>& args);
int ScansCommand(const std::vector<std::string>& args);
int MergeCommand(const std::vector<std::string>& args);

// "domex: error: <message>" on stderr (control characters replaced, one
// line); returns 2 for use as an exit status.
int Fail(const std::string& message);

}  // namespace domex::cli
