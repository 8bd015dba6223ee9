// Running hostile-input parsers where they cannot hurt the crawl.
//
// Parsers of complex formats (poppler for PDF) have a long history of
// crashes and pathological inputs. A crawl that crashed on a page would
// crash again on every resume, and one that hung would hang every night. So
// such work runs in a forked child process with CPU, memory and wall-clock
// limits; a child that crashes or runs over is an error for that one page.
//
// The child is forked from a multi-threaded process (RocksDB and libcurl
// threads), so it may only use what the forking thread owns: call this from
// the thread that owns the parser's state (the crawl loop), and keep `work`
// to pure computation on its arguments. glibc keeps malloc usable in the
// child. Not thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "common/status.h"

namespace domex::crawler {

struct IsolationLimits {
  int cpu_seconds = 8;                // RLIMIT_CPU of the child
  int wall_ms = 10000;  // then killed; the crawl loop waits meanwhile
  size_t extra_memory_bytes = 1u << 30;  // address space beyond the parent's
  size_t max_output_bytes = 16u << 20;   // larger output is an error
};

// Runs `work` in a child process and returns its result. Fails with
// kUnavailable, naming the cause, when the child crashes, is killed by a
// limit, or produces more than max_output_bytes.
Result<std::string> RunIsolated(
    const std::function<Result<std::string>()>& work,
    const IsolationLimits& limits = IsolationLimits());

}  // namespace domex::crawler
