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

}  // namespace domex
