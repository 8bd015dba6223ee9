// Text for terminals, from strings that came from strangers. Pure;
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace domex::reports {

// Crawled strings come from arbitrary sites: neutralise anything a terminal
// would act on. C0 controls and DEL become '?', and so do C1 controls
// (U+0080..U+009F, e.g. CSI) and bytes that are not valid UTF-8, which a
// Latin-1 terminal would read as C1 controls. So do the invisible
// characters that reorder or hide text on screen (bidi overrides and
// isolates, zero-width spaces, line separators, the BOM), so a hostile page
// cannot make one address look like another.
std::string TerminalSafe(std::string_view s);

// Whether the valid UTF-8 sequence of `n` bytes at s[i] is one of those
// invisible characters that reorder or hide text, for the other renderers
// (HTML) to neutralise the same way.
bool HidesOrReordersText(std::string_view s, size_t i, size_t n);

}  // namespace domex::reports
