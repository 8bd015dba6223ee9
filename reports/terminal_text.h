// Text for terminals, from strings that came from strangers. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace domex::reports {

// Crawled strings come from arbitrary sites: neutralise anything a terminal
// would act on. C0 controls and DEL become '?', and so do C1 controls
// (U+0080..U+009F, e.g. CSI) and bytes that are not valid UTF-8, which a
// Latin-1 terminal would read as C1 controls.
std::string TerminalSafe(std::string_view s);

}  // namespace domex::reports
