// How much a run says on stderr, set once from --quiet/--verbose before a
// command runs:
//   progress  a live line, only on a terminal, never with --quiet;
//   notes     what a person watching wants to know (a summary, a
//             resolver that slowed us down): on a terminal or with
//             --verbose, never with --quiet, so cron mails only news;
//   errors    always.
// Not thread-safe to set; set before any thread starts.
#pragma once

#include "cli/flags.h"
#include "common/status.h"

namespace domex::cli {

enum class Verbosity { kQuiet, kNormal, kVerbose };

// --quiet, --verbose or neither; both is InvalidArgument.
Result<Verbosity> VerbosityOf(const Args& args);

// The flags, for the command table.
FlagSpec QuietFlag();
FlagSpec VerboseFlag();

void SetVerbosity(Verbosity v);
Verbosity CurrentVerbosity();

// Pure rules, for a given verbosity and whether stderr is a terminal.
bool ShowsProgress(Verbosity v, bool terminal);
bool ShowsNotes(Verbosity v, bool terminal);

// The rules for this process (stderr's isatty).
bool ShowProgress();
bool ShowNotes();

}  // namespace domex::cli
