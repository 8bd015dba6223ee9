#include "cli/verbosity.h"

#include <unistd.h>

namespace domex::cli {
namespace {
Verbosity g_verbosity = Verbosity::kNormal;
}  // namespace

Result<Verbosity> VerbosityOf(const Args& args) {
  const bool quiet = args.Has("quiet");
  const bool verbose = args.Has("verbose");
  if (quiet && verbose) {
    return Status::InvalidArgument("choose --quiet or --verbose, not both");
  }
  return quiet     ? Verbosity::kQuiet
         : verbose ? Verbosity::kVerbose
                   : Verbosity::kNormal;
}

FlagSpec QuietFlag() {
  return {"quiet", false, "", "errors only on stderr: no progress, no notes",
          'q'};
}

FlagSpec VerboseFlag() {
  return {"verbose", false, "",
          "notes and summaries on stderr even when it is not a terminal", 'v'};
}

void SetVerbosity(Verbosity v) { g_verbosity = v; }
Verbosity CurrentVerbosity() { return g_verbosity; }

bool ShowsProgress(Verbosity v, bool terminal) {
  return terminal && v != Verbosity::kQuiet;
}

bool ShowsNotes(Verbosity v, bool terminal) {
  return v == Verbosity::kVerbose || (terminal && v == Verbosity::kNormal);
}

bool ShowProgress() {
  return ShowsProgress(g_verbosity, isatty(STDERR_FILENO) == 1);
}

bool ShowNotes() { return ShowsNotes(g_verbosity, isatty(STDERR_FILENO) == 1); }

}  // namespace domex::cli
