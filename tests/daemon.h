// Running a real server binary (nginx, NSD) as a child for a test: spawned in
// the foreground in its own process group, waited for until it serves, and
// stopped with its helper processes. Shared by NginxServer and NsdServer.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace domex::testing {

// A fresh directory "$TMPDIR/<prefix>-XXXXXX" (TMPDIR defaults to /tmp), or
// "" on failure. The caller removes it.
std::string MakeServerDir(const std::string& prefix);

// Starts argv[0] (an absolute path) with stdin from /dev/null and stdout and
// stderr appended to `log_path`, as the leader of a new process group.
// Returns the pid, or -1 when fork fails.
pid_t SpawnDaemon(const std::vector<std::string>& argv,
                  const std::string& log_path);

enum class Startup { kServing, kExited, kTimedOut };

// Polls `serving` every 10 ms until it is true (kServing), the child exits
// (kExited: it has been reaped, typically because its port was taken
// between FreeLoopbackPort and bind; its group is killed so no helper
// survives), or `timeout` passes (kTimedOut: the child still runs).
Startup WaitUntilServing(pid_t pid, const std::function<bool()>& serving,
                         std::chrono::milliseconds timeout);

// SIGTERM to the child's process group, SIGKILL if the leader has not exited
// within 3 s; reaps the leader. Does nothing for pid <= 0.
void StopDaemon(pid_t pid);

}  // namespace domex::testing
