// Internal to html_extract.cc: just enough CSS to tell which elements are
// hidden (decoys) or reversed (bidi-override + rtl). Not a public API.
//
// Hiding is over- rather than under-estimated on purpose: a decoy taken for
// visible text would be glued into a false address, while an element wrongly
// taken for hidden only loses split detection inside it (its text is still
// scanned node by node). So selectors are matched on their subject alone
// (ancestors ignored), structural pseudo-classes are taken to match, and the
// cascade is not modelled (a later rule showing an element again is ignored).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace domex::crawler::internal {

enum StyleBits : uint8_t { kHide = 1, kBidiOverride = 2, kRtl = 4 };

// Bits of one declaration block ("display:none; color:red"). Hiding:
// display:none, visibility:hidden|collapse, content-visibility:hidden,
// opacity:0, font-size:0 (any unit), font:0/0, transform:scale(0), and a box
// of at most 1px (width, height, max-width or max-height) with
// overflow:hidden (the screen-reader-only pattern).
uint8_t DeclarationBits(std::string_view declarations);

// What a selector can test on one element. Views must outlive the call.
struct ElementFacts {
  std::string_view tag;  // lowercase
  std::string_view id;
  std::string_view class_list;  // the class attribute as written
  std::vector<std::pair<std::string_view, std::string_view>> attributes;
};

// One compound selector: tag, #id, .classes, [attributes], :not(...).
struct Compound {
  struct Attribute {
    std::string name;
    char op = 0;  // 0 (presence), '=', '~', '|', '^', '$', '*'
    std::string value;
  };
  std::string tag;  // "" for any
  std::string id;
  std::vector<std::string> classes;
  std::vector<Attribute> attributes;
  std::vector<Compound> nots;  // :not(a, b): matching any of these excludes
};

class StyleSheet {
 public:
  // Adds the rules of one <style> block: top level and inside @media,
  // @supports, @layer and @container (a rule that hides under any condition
  // may hide a decoy).
  void Parse(std::string_view css);
  bool empty() const { return rules_.empty(); }
  // StyleBits of every rule whose subject matches `el`.
  uint8_t Bits(const ElementFacts& el) const;

 private:
  void AddRule(std::string_view selectors, uint8_t bits);
  void Lookup(const std::string& key, const ElementFacts& el,
              const std::vector<std::string>& classes, uint8_t* bits) const;

  std::vector<std::pair<Compound, uint8_t>> rules_;
  // Rule indexes keyed by "#id", ".class" or "tag" of their subject, or ""
  // for subjects with none of those; an element checks only its own keys.
  std::unordered_map<std::string, std::vector<size_t>> index_;
};

}  // namespace domex::crawler::internal
