// Reading small user-given files (word lists, configs) whole. The only disk
// access in common/.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"

namespace domex {

// The contents of `path`. kNotFound/kIoError name the path and the reason
// in one line; a file over `max_bytes` is kInvalidArgument (a config or
// word list that large is a mistake, not something to load into memory).
Result<std::string> ReadSmallFile(const std::string& path,
                                  size_t max_bytes = 16 << 20);

// Replaces `path` with `contents` all at once: written to a temporary file
// beside it (mode 0600: reports hold harvested addresses), flushed to disk,
// then renamed over `path`. A reader, or a crash at any moment, sees the
// old file or the new one, never half of one. IoError names the path and
// the reason; the temporary file is removed then.
Status WriteFileAtomically(const std::string& path,
                           const std::string& contents);

// Whether `path` could be written by WriteFileAtomically: its directory
// exists and is writable, and `path` is not a directory. InvalidArgument
// naming the problem otherwise. For checking -o before hours of work.
Status CheckWritableFile(const std::string& path);

}  // namespace domex
