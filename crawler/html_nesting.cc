#include "crawler/html_nesting.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_map>
#include <vector>

#include "common/text.h"

// The model is a small stack of open tag names, kept close to Gumbo's stack
// of open elements. Where it cannot follow Gumbo it errs towards more depth:
// a page padded to fool it into under-counting would be the attack, while
// over-counting only drops tags of a page that is already pathological.
//  - End tags pop only to a matching element reachable the way Gumbo reaches
//    it (scope boundaries, special elements); others are ignored, as Gumbo
//    ignores them, so "<div></x>" cannot cancel a level.
//  - Formatting elements (b, a, font...) closed by another element's end tag
//    stay counted: Gumbo reopens them ("reconstructs the active formatting
//    elements") on the next text, so "<p><b></p>x" grows its stack.
//  - "/>" is honoured only in SVG/MathML, where Gumbo honours it; <div/>
//    opens a div.

namespace domex::crawler::internal {
namespace {

using Names = std::initializer_list<std::string_view>;

bool In(std::string_view name, Names set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsVoid(std::string_view n) {
  return In(n, {"area", "base", "br", "col", "embed", "hr", "img", "input",
                "link", "meta", "param", "source", "track", "wbr", "basefont",
                "bgsound", "frame", "keygen"});
}

// Gumbo creates these once; explicit tags only merge attributes or switch
// modes, and "</body>" pops nothing.
bool IsRoot(std::string_view n) {
  return In(n, {"html", "head", "body", "frameset"});
}

// Raw text in HTML content: the tokenizer reads it up to "</name".
bool IsRawText(std::string_view n) {
  return In(n, {"script", "style", "textarea", "title"});
}

bool IsFormatting(std::string_view n) {
  return In(n, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s",
                "small", "strike", "strong", "tt", "u"});
}

// The HTML spec's "special" category (the end-tag walk stops at these).
bool IsSpecial(std::string_view n) {
  return In(n, {"address", "applet", "article", "aside", "blockquote",
                "button", "caption", "center", "colgroup", "dd", "details",
                "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
                "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                "header", "hgroup", "iframe", "li", "listing", "main",
                "marquee", "menu", "nav", "noembed", "noframes", "noscript",
                "object", "ol", "p", "plaintext", "pre", "script", "search",
                "section", "select", "style", "summary", "table", "tbody",
                "td", "template", "textarea", "tfoot", "th", "thead", "title",
                "tr", "ul", "xmp", "svg", "math", "foreignobject", "desc",
                "mi", "mo", "mn", "ms", "mtext", "annotation-xml"}) ||
         IsVoid(n) || IsRoot(n);
}

bool IsTableScoped(std::string_view n) {
  return In(n, {"table", "tbody", "thead", "tfoot", "tr", "td", "th"});
}

// Elements an end tag for `target` cannot reach past.
bool Blocks(std::string_view entry, std::string_view target) {
  if (IsTableScoped(target)) return In(entry, {"table", "template"});
  if (!IsSpecial(target)) return IsSpecial(entry);
  if (In(entry, {"applet", "caption", "table", "td", "th", "marquee",
                 "object", "template", "svg", "math", "foreignobject"})) {
    return true;
  }
  if (target == "p") return entry == "button";
  if (target == "li") return In(entry, {"ol", "ul"});
  return false;
}

// Start tags that close the current element first, as Gumbo does when that
// element is the current node.
bool ClosesTop(std::string_view start, std::string_view top) {
  if (top == "p") {
    return In(start, {"address", "article", "aside", "blockquote", "center",
                      "details", "dialog", "dir", "div", "dl", "fieldset",
                      "figcaption", "figure", "footer", "form", "h1", "h2",
                      "h3", "h4", "h5", "h6", "header", "hgroup", "li",
                      "main", "menu", "nav", "ol", "p", "pre", "section",
                      "summary", "ul", "dd", "dt"});
  }
  if (In(top, {"td", "th"})) return In(start, {"td", "th", "tr", "tbody", "thead", "tfoot"});
  if (top == "tr") return In(start, {"tr", "tbody", "thead", "tfoot"});
  if (In(top, {"dd", "dt"})) return In(start, {"dd", "dt"});
  if (top == "option") return In(start, {"option", "optgroup"});
  if (In(top, {"h1", "h2", "h3", "h4", "h5", "h6"})) {
    return In(start, {"h1", "h2", "h3", "h4", "h5", "h6"});
  }
  return start == top && In(top, {"li", "optgroup", "a"});
}

// An HTML start tag inside SVG/MathML that makes Gumbo leave foreign content.
bool BreaksOut(std::string_view n) {
  return In(n, {"b", "big", "blockquote", "body", "br", "center", "code",
                "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3",
                "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing",
                "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
                "small", "span", "strong", "strike", "sub", "sup", "table",
                "tt", "u", "ul", "var", "font"});
}

// Children of these are parsed as HTML even inside SVG/MathML.
bool IsIntegrationPoint(std::string_view n) {
  return In(n, {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms",
                "mtext"});
}

struct Tag {
  std::string name;  // lower case
  bool end = false;
  bool self_closing = false;
  bool complete = false;  // false: EOF inside the tag, which Gumbo drops
};

// Index just past the comment whose "<!--" ends at `p`; the spec also ends
// one at "<!-->", "<!--->" and "--!>".
size_t CommentEnd(std::string_view html, size_t p) {
  if (html.substr(p, 1) == ">") return p + 1;
  if (html.substr(p, 2) == "->") return p + 2;
  for (size_t q = html.find("--", p); q != std::string_view::npos;
       q = html.find("--", q + 1)) {
    if (html.substr(q + 2, 1) == ">") return q + 3;
    if (html.substr(q + 2, 2) == "!>") return q + 4;
  }
  return html.size();
}

size_t PastGt(std::string_view html, size_t p) {
  size_t gt = html.find('>', p);
  return gt == std::string_view::npos ? html.size() : gt + 1;
}

// Attributes of the tag whose name ends at `p`, following the tokenizer:
// quotes open a value only right after '='. Returns the index past '>'.
size_t ScanAttributes(std::string_view html, size_t p, Tag* tag) {
  const size_t n = html.size();
  while (p < n) {
    char c = html[p];
    if (c == '>') {
      tag->complete = true;
      return p + 1;
    }
    if (IsSpace(c) || c == '/') {
      tag->self_closing = c == '/' && p + 1 < n && html[p + 1] == '>';
      ++p;
      continue;
    }
    ++p;  // the name's first char may be '='
    while (p < n && !IsSpace(html[p]) && html[p] != '/' && html[p] != '>' &&
           html[p] != '=') {
      ++p;
    }
    while (p < n && IsSpace(html[p])) ++p;
    if (p >= n || html[p] != '=') continue;
    ++p;
    while (p < n && IsSpace(html[p])) ++p;
    if (p < n && (html[p] == '"' || html[p] == '\'')) {
      size_t close = html.find(html[p], p + 1);
      p = close == std::string_view::npos ? n : close + 1;
    } else {
      while (p < n && !IsSpace(html[p]) && html[p] != '>') ++p;
    }
  }
  return n;
}

// A tag whose name starts at `p`.
size_t ScanTag(std::string_view html, size_t p, Tag* tag) {
  size_t start = p;
  while (p < html.size() && !IsSpace(html[p]) && html[p] != '/' &&
         html[p] != '>') {
    ++p;
  }
  tag->name = AsciiLower(html.substr(start, p - start));
  return ScanAttributes(html, p, tag);
}

// Where raw text opened by `name` ends: at its "</name" end tag.
size_t RawTextEnd(std::string_view html, size_t p, std::string_view name) {
  for (size_t q = html.find("</", p); q != std::string_view::npos;
       q = html.find("</", q + 2)) {
    size_t after = q + 2 + name.size();
    if (StartsWithIgnoreCase(html.substr(q + 2), name) &&
        (after == html.size() || IsSpace(html[after]) || html[after] == '/' ||
         html[after] == '>')) {
      return q;
    }
  }
  return html.size();
}

enum class Kids { kHtml, kForeign };

class Capper {
 public:
  Capper(std::string_view html, size_t cap) : html_(html), cap_(cap) {}

  std::optional<std::string> Run() {
    size_t i = 0;
    while (i < html_.size()) {
      size_t lt = html_.find('<', i);
      if (lt == std::string_view::npos) break;
      i = Markup(lt);
    }
    if (!changed_) return std::nullopt;
    out_.append(html_.substr(copied_));
    return std::move(out_);
  }

 private:
  struct Open {
    std::string name;
    Kids kids;
  };

  // Handles the markup at `lt` ('<'); returns where scanning resumes.
  size_t Markup(size_t lt) {
    std::string_view rest = html_.substr(lt);
    if (rest.substr(0, 4) == "<!--") return CommentEnd(html_, lt + 4);
    if (rest.size() < 2) return lt + 1;
    char c = rest[1];
    if (c == '!' || c == '?') return PastGt(html_, lt + 2);  // doctype, bogus
    bool end = c == '/';
    if (end && (rest.size() < 3 || !IsAlpha(rest[2]))) {
      return PastGt(html_, lt + 2);  // "</>" or a bogus comment
    }
    if (!end && !IsAlpha(c)) return lt + 1;  // text
    Tag tag;
    tag.end = end;
    size_t past = ScanTag(html_, lt + (end ? 2 : 1), &tag);
    if (!tag.complete) return past;
    if (end) {
      EndTag(tag.name, lt, past);
      return past;
    }
    bool opened_raw = StartTag(tag, lt, past);
    return opened_raw ? RawTextEnd(html_, past, tag.name) : past;
  }

  bool InForeign() const {
    return !stack_.empty() && stack_.back().kids == Kids::kForeign;
  }

  // Returns true when the tag opened raw text.
  bool StartTag(const Tag& tag, size_t begin, size_t end) {
    const std::string& name = tag.name;
    bool foreign = InForeign();
    if (foreign && BreaksOut(name)) {
      while (InForeign()) Pop();
      foreign = false;
    }
    bool svg_math = name == "svg" || name == "math";
    if (!foreign && (IsVoid(name) || IsRoot(name))) return false;
    if (tag.self_closing && (foreign || svg_math)) return false;
    if (!foreign) {
      while (!stack_.empty() && ClosesTop(name, stack_.back().name)) Pop();
    }
    if (Depth() >= cap_) {
      Drop(begin, end);
      ++excess_;
      return false;
    }
    bool kids_foreign = svg_math || (foreign && !IsIntegrationPoint(name));
    stack_.push_back({name, kids_foreign ? Kids::kForeign : Kids::kHtml});
    return !foreign && IsRawText(name);
  }

  void EndTag(const std::string& name, size_t begin, size_t end) {
    if (excess_ > 0) {
      Drop(begin, end);
      --excess_;
      return;
    }
    if (IsRoot(name)) return;
    if (name == "form") {  // Gumbo removes the form, not what is above it
      if (!stack_.empty() && stack_.back().name == "form") Pop();
      return;
    }
    // Walk down as Gumbo would; give up after a few levels (the cost of a
    // miss stays constant, and missing only over-counts).
    constexpr size_t kMaxWalk = 32;
    for (size_t k = 0; k < std::min(stack_.size(), kMaxWalk); ++k) {
      const std::string& entry = stack_[stack_.size() - 1 - k].name;
      if (entry == name) {
        for (size_t j = 0; j <= k; ++j) PopKeepingFormatting(j == k);
        return;
      }
      if (Blocks(entry, name)) return;
      if (IsFormatting(name) && IsSpecial(entry)) return;  // adoption agency
    }
    ReleaseZombie(name);
  }

  // A formatting element popped by someone else's end tag stays counted: Gumbo
  // reopens it on the next text.
  void PopKeepingFormatting(bool own) {
    if (!own && IsFormatting(stack_.back().name)) {
      ++zombies_[stack_.back().name];
      ++zombie_total_;
    }
    Pop();
  }

  // "</b>" for a b that is no longer open: Gumbo forgets it.
  void ReleaseZombie(const std::string& name) {
    auto it = zombies_.find(name);
    if (it == zombies_.end() || it->second == 0) return;
    --it->second;
    --zombie_total_;
  }

  void Pop() { stack_.pop_back(); }

  size_t Depth() const { return stack_.size() + zombie_total_; }

  // Replaces html_[begin, end) by one space in the output.
  void Drop(size_t begin, size_t end) {
    if (!changed_) out_.reserve(html_.size());
    changed_ = true;
    out_.append(html_.substr(copied_, begin - copied_));
    out_.push_back(' ');
    copied_ = end;
  }

  std::string_view html_;
  size_t cap_;
  std::vector<Open> stack_;
  std::unordered_map<std::string, size_t> zombies_;
  size_t zombie_total_ = 0;
  size_t excess_ = 0;
  bool changed_ = false;
  std::string out_;
  size_t copied_ = 0;
};

}  // namespace

std::optional<std::string> CapNesting(std::string_view html, size_t cap) {
  return Capper(html, cap).Run();
}

}  // namespace domex::crawler::internal
