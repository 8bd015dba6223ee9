// A linear pre-pass that bounds how deep Gumbo's stack of open elements can
// grow. Gumbo's tree construction rescans that stack for many tokens (scope
// checks, the adoption agency), so a page of 100k nested tags costs minutes;
// capping the depth keeps the parse roughly linear in the page size.
//
// Internal to html_extract.cc; exposed for its tests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace domex::crawler::internal {

inline constexpr size_t kMaxNesting = 512;

// Scans `html` once, tracking an approximation of the open elements (void
// and self-closing tags, implied closes of p/li/td/tr/option, end tags that
// match an open element in scope; comments and the text of script, style,
// textarea and title skipped). Returns nullopt when the depth never reaches
// `cap`: the page is parsed as it is. Otherwise returns the page with every
// start tag that would open an element at depth >= `cap` replaced by one
// space, and as many of the end tags that follow (the first end tags seen
// while such drops are outstanding), so Gumbo never nests past about `cap`.
// Text is kept, and the space keeps "a<div>b" from becoming "ab".
//
// When unsure, the model over-counts (it may drop tags of a weird page but
// is hard to trick into under-counting); see html_nesting.cc.
std::optional<std::string> CapNesting(std::string_view html, size_t cap);

}  // namespace domex::crawler::internal
