// The text of the progress line shown on a terminal during long work: what
// is being done, how far, how fast, what was found, and how long it has
// taken and may still take. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "crawler/crawl.h"

namespace domex::cli {

// "0:07", "12:34", "1:02:03" for a number of seconds (negative as 0).
std::string Clock(double seconds);

// "crawling 3 sites: 120 pages (35/s), 480 queued, 14 addresses, 2 not
// checked, 0:34, ~0:14 left". The estimate counts the frontier as it is
// now (it grows as links are found), so it is shown with "~".
std::string CrawlProgressText(const std::string& what,
                              const crawler::CrawlProgress& p,
                              double elapsed_s);

// "checking lookalikes of army.mil: 4120/13795 (29%), 2050/s, 12 exist,
// 3 unknown, 0:02, ~0:05 left".
std::string LookalikeProgressText(const std::string& what, size_t done,
                                  size_t total, size_t exist, size_t unknown,
                                  double elapsed_s);

}  // namespace domex::cli
