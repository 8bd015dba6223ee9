// Clean stops on SIGINT/SIGTERM: the first signal sets a flag the running
// command polls, so it can save what it has and exit; a second one kills
// the process as usual. The handler only stores to a lock-free atomic,
// which is async-signal-safe.
#pragma once

#include <atomic>

namespace domex::cli {

// Installs the handlers for SIGINT and SIGTERM.
void InstallStopHandlers();

// Set by the first SIGINT/SIGTERM after InstallStopHandlers.
const std::atomic<bool>& StopFlag();

}  // namespace domex::cli
