// Extraction from one HTML page: the links a crawler follows and every email
// address a harvester could collect, with the forms it was exposed in.
//
// Pure (Gumbo parse plus decoders over strings); thread-safe. Bounded: the
// parse tree is walked iteratively with caps on nodes and on text gathered,
// so a hostile page cannot exhaust the stack or memory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crawler/address.h"

namespace domex::crawler {

struct PageExtract {
  // The first <base href>, as written ("" when absent): links resolve
  // against it instead of the page URL.
  std::string base_href;
  // Hrefs as written, in document order, duplicates removed: a[href],
  // area[href], link[href], iframe[src], frame[src], form[action]. Not
  // resolved and not filtered (the crawler resolves and scopes them);
  // "mailto:" and "javascript:" hrefs are left out.
  std::vector<std::string> hrefs;
  // One Finding per address with every form seen on this page.
  std::vector<Finding> findings;
};

// `html` must be UTF-8 (see charset.h).
PageExtract ExtractFromHtml(std::string_view html);

// Addresses in the text of a document (PDF): form kDocument, plus kAtDot
// where the address was spelled out.
std::vector<Finding> ExtractFromDocumentText(std::string_view text);

}  // namespace domex::crawler
