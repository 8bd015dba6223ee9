#include "crawler/html_extract.h"

#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"
#include "crawler/address_scan.h"
#include "crawler/css_hiding.h"
#include "crawler/decoders.h"
#include "crawler/html_nesting.h"

namespace domex::crawler {
namespace {

constexpr size_t kMaxNodes = 200000;
// Visible text concatenated for split/hidden detection, and text gathered
// from one reversed element.
constexpr size_t kMaxStreamBytes = 4 * 1024 * 1024;
constexpr size_t kMaxReversedBytes = 64 * 1024;

using internal::AddressSpan;
using internal::ScanAddresses;
using internal::ScanAtDotAddresses;
using internal::kBidiOverride;
using internal::kHide;
using internal::kRtl;

std::string_view View(const GumboStringPiece& p) {
  return p.data == nullptr ? std::string_view() : std::string_view(p.data, p.length);
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---- element helpers ----

const GumboAttribute* Attr(const GumboElement& el, const char* name) {
  return gumbo_get_attribute(&el.attributes, name);
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_BR:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OL: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool IsUrlAttribute(std::string_view name) {
  return name == "href" || name == "src" || name == "action" ||
         name == "formaction" || name == "cite" || name == "poster" ||
         name == "background" || name == "longdesc" || name == "data";
}

// Which (tag, attribute) pairs are links the crawler follows.
bool IsLinkAttribute(GumboTag tag, std::string_view name) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_AREA: case GUMBO_TAG_LINK:
      return name == "href";
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_FRAME:
      return name == "src";
    case GUMBO_TAG_FORM:
      return name == "action";
    default:
      return false;
  }
}

// The part of a URL after scheme://authority, so that user@host in the
// authority (credentials, not an address) is never scanned.
std::string_view AfterAuthority(std::string_view url) {
  size_t slashes = url.find("//");
  size_t first_stop = url.find_first_of("/?#");
  if (slashes == std::string_view::npos || slashes != first_stop) return url;
  size_t end = url.find_first_of("/?#", slashes + 2);
  return end == std::string_view::npos ? std::string_view() : url.substr(end);
}

class Extractor {
 public:
  PageExtract Run(std::string_view html) {
    // Gumbo's tree construction is quadratic in nesting depth; a hostile
    // page is flattened first (nullopt, the usual case: parse it as it is).
    std::optional<std::string> capped =
        internal::CapNesting(html, internal::kMaxNesting);
    if (capped) html = *capped;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 1;  // errors are not used; do not hoard them
    GumboOutput* out =
        gumbo_parse_with_options(&options, html.data(), html.size());
    CollectStyles(out->root);
    Walk(out->document);  // comments outside <html> hang off the document
    StreamFindings();
    gumbo_destroy_output(&options, out);
    page_.findings = std::move(findings_);
    return std::move(page_);
  }

 private:
  struct Item {
    GumboNode* node;
    bool hidden;
    bool reversed;  // inside an element already decoded as reversed
    bool exit;      // the closing side of a block element
  };

  void Add(const std::string& address, FormSet forms) {
    auto [it, inserted] = index_.emplace(address, findings_.size());
    if (inserted) {
      findings_.push_back({address, forms});
    } else {
      findings_[it->second].forms |= forms;
    }
  }

  // Addresses in decoded text: "text" when the raw source shows them
  // verbatim, else "entity" (character references inside the address).
  std::vector<AddressSpan> AddVerbatim(std::string_view decoded,
                                       std::string_view raw) {
    std::vector<AddressSpan> spans = ScanAddresses(decoded);
    if (spans.empty()) return spans;
    std::vector<std::string> raw_found;
    if (raw != decoded) raw_found = FindAddresses(raw);
    for (const AddressSpan& s : spans) {
      bool verbatim = raw == decoded || Contains(raw_found, s.address);
      Add(s.address, FormBit(verbatim ? Form::kText : Form::kEntity));
    }
    return spans;
  }

  std::vector<AddressSpan> AddAtDot(std::string_view decoded) {
    std::vector<AddressSpan> spans = ScanAtDotAddresses(decoded);
    for (const AddressSpan& s : spans) Add(s.address, FormBit(Form::kAtDot));
    return spans;
  }

  void AddAll(std::string_view text, FormSet forms) {
    for (const std::string& a : FindAddresses(text)) Add(a, forms);
  }

  // ---- styles ----

  void CollectStyles(GumboNode* root) {
    std::vector<GumboNode*> stack = {root};
    size_t visited = 0;
    while (!stack.empty() && ++visited <= kMaxNodes) {
      GumboNode* node = stack.back();
      stack.pop_back();
      if (node->type != GUMBO_NODE_ELEMENT &&
          node->type != GUMBO_NODE_TEMPLATE) {
        continue;
      }
      const GumboVector& kids = node->v.element.children;
      if (node->v.element.tag == GUMBO_TAG_STYLE) {
        for (unsigned k = 0; k < kids.length; ++k) {
          auto* kid = static_cast<GumboNode*>(kids.data[k]);
          if (kid->type == GUMBO_NODE_TEXT) {
            sheet_.Parse(kid->v.text.text);
          }
        }
        continue;
      }
      for (unsigned k = 0; k < kids.length; ++k) {
        stack.push_back(static_cast<GumboNode*>(kids.data[k]));
      }
    }
  }

  uint8_t ElementBits(const GumboElement& el) const {
    uint8_t bits = SheetBits(el);
    if (const GumboAttribute* style = Attr(el, "style")) {
      bits |= internal::DeclarationBits(style->value);
    }
    if (Attr(el, "hidden") != nullptr) bits |= kHide;
    const GumboAttribute* dir = Attr(el, "dir");
    if (dir != nullptr && EqualsIgnoreCase(dir->value, "rtl")) {
      bits |= kRtl;
      if (el.tag == GUMBO_TAG_BDO) bits |= kBidiOverride;
    }
    return bits;
  }

  // Bits from <style> rules whose subject matches `el`.
  uint8_t SheetBits(const GumboElement& el) const {
    if (sheet_.empty()) return 0;
    std::string unknown_tag;
    internal::ElementFacts facts;
    facts.tag = gumbo_normalized_tagname(el.tag);
    if (el.tag == GUMBO_TAG_UNKNOWN) {
      // Custom elements (<x-decoy>): the name as written, lowercased.
      GumboStringPiece name = el.original_tag;
      gumbo_tag_from_original_text(&name);
      unknown_tag = AsciiLower(View(name));
      facts.tag = unknown_tag;
    }
    for (unsigned k = 0; k < el.attributes.length; ++k) {
      auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[k]);
      std::string_view name = attr->name;
      if (name == "id") facts.id = attr->value;
      if (name == "class") facts.class_list = attr->value;
      facts.attributes.emplace_back(name, attr->value);
    }
    return sheet_.Bits(facts);
  }

  // ---- the walk ----

  void Walk(GumboNode* root) {
    std::vector<Item> stack = {{root, false, false, false}};
    size_t visited = 0;
    while (!stack.empty() && visited < kMaxNodes) {
      Item item = stack.back();
      stack.pop_back();
      if (item.exit) {
        Separator();
        continue;
      }
      ++visited;
      GumboNode* node = item.node;
      switch (node->type) {
        case GUMBO_NODE_DOCUMENT:
          PushChildren(node->v.document.children, item, &stack);
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          Element(node, item, &stack);
          break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
          if (!item.reversed) Text(node->v.text, item.hidden);
          break;
        case GUMBO_NODE_COMMENT:
          // Verbatim in the source, so a regex harvester collects it. Kept
          // out of the text stream: that is what makes "info<!-- -->@x.in"
          // split.
          AddAll(node->v.text.text, FormBit(Form::kText));
          break;
      }
    }
  }

  static void PushChildren(const GumboVector& kids, Item parent,
                           std::vector<Item>* stack) {
    for (unsigned k = kids.length; k > 0; --k) {
      stack->push_back({static_cast<GumboNode*>(kids.data[k - 1]),
                        parent.hidden, parent.reversed, false});
    }
  }

  void Element(GumboNode* node, Item item, std::vector<Item>* stack) {
    const GumboElement& el = node->v.element;
    uint8_t bits = ElementBits(el);
    bool hidden = item.hidden || (bits & kHide) != 0;
    // A decoy hidden inside visible text: mark the gap it leaves.
    if (hidden && !item.hidden) pending_hidden_ = true;
    Attributes(el, hidden);
    if (el.tag == GUMBO_TAG_STYLE) return;
    if (el.tag == GUMBO_TAG_SCRIPT) {
      Script(el);
      return;
    }
    bool reversed = item.reversed;
    if (!reversed && (bits & (kBidiOverride | kRtl)) == (kBidiOverride | kRtl)) {
      Reversed(node);
      reversed = true;
    }
    bool block = IsBlock(el.tag) || reversed != item.reversed;
    if (block) {
      Separator();
      stack->push_back({node, hidden, reversed, true});
    }
    PushChildren(el.children, {node, hidden, reversed, false}, stack);
  }

  void Text(const GumboText& text, bool hidden) {
    std::string_view decoded = text.text;
    std::vector<AddressSpan> spans = AddVerbatim(decoded, View(text.original_text));
    std::vector<AddressSpan> spelled = AddAtDot(decoded);
    if (!hidden) AppendToStream(decoded, spans, spelled);
  }

  // ---- attributes ----

  void Attributes(const GumboElement& el, bool hidden) {
    for (unsigned k = 0; k < el.attributes.length; ++k) {
      auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[k]);
      std::string_view name = attr->name;
      std::string_view value = attr->value;
      std::string_view raw = View(attr->original_value);
      if (el.tag == GUMBO_TAG_BASE && name == "href" && !have_base_) {
        page_.base_href = std::string(value);
        have_base_ = true;
      }
      if (IsLinkAttribute(el.tag, name)) AddLink(value);
      if (name == "style") continue;
      if (name.size() > 2 && name.substr(0, 2) == "on") {
        ScriptCode(value, value);
      } else if (name == "data-cfemail") {
        Cloudflare(value);
      } else if (IsUrlAttribute(name)) {
        Url(value, raw);
      } else {
        AddVerbatim(value, raw);
        AddAtDot(value);
      }
    }
  }

  void AddLink(std::string_view value) {
    std::string_view v = Trim(value);
    if (v.empty() || v.front() == '#') return;
    for (const char* scheme : {"mailto:", "javascript:", "data:", "tel:"}) {
      if (StartsWithIgnoreCase(v, scheme)) return;
    }
    std::string link(v);
    if (links_seen_.insert(link).second) page_.hrefs.push_back(link);
  }

  void Url(std::string_view value, std::string_view raw) {
    std::string_view v = Trim(value);
    if (StartsWithIgnoreCase(v, "mailto:")) {
      Mailto(v.substr(7), raw);
    } else if (StartsWithIgnoreCase(v, "javascript:")) {
      ScriptCode(PercentDecode(v.substr(11)), v);
    } else if (v.find("/cdn-cgi/l/email-protection") != std::string_view::npos) {
      Cloudflare(v);
    } else if (!StartsWithIgnoreCase(v, "data:")) {
      std::string_view rest = AfterAuthority(v);
      std::vector<std::string> plain = FindAddresses(rest);
      for (const std::string& a : FindAddresses(PercentDecode(rest))) {
        if (!Contains(plain, a)) Add(a, FormBit(Form::kPercent));
      }
      AddVerbatim(rest, raw);
    }
  }

  // `body` is the href after "mailto:"; `raw` the attribute's source text.
  void Mailto(std::string_view body, std::string_view raw) {
    size_t q = body.find('?');
    std::vector<std::string_view> lists = {body.substr(0, q)};
    if (q != std::string_view::npos) {
      for (std::string_view param : Split(body.substr(q + 1), '&')) {
        size_t eq = param.find('=');
        std::string key = AsciiLower(PercentDecode(param.substr(0, eq)));
        if (eq != std::string_view::npos &&
            (key == "to" || key == "cc" || key == "bcc")) {
          lists.push_back(param.substr(eq + 1));
        }
      }
    }
    // Entity check against the source with its %XX decoded, so that a
    // percent-encoded '@' does not count as an entity.
    std::vector<std::string> raw_found;
    bool raw_differs = raw.find('&') != std::string_view::npos;
    if (raw_differs) raw_found = FindAddresses(PercentDecode(raw));
    for (std::string_view list : lists) {
      std::vector<std::string> undecoded = FindAddresses(list);
      std::string decoded = PercentDecode(list);
      std::replace(decoded.begin(), decoded.end(), ';', ',');
      for (std::string_view recipient : Split(decoded, ',')) {
        for (const std::string& a : FindAddresses(recipient)) {
          FormSet forms = FormBit(Form::kMailto);
          if (!Contains(undecoded, a)) forms |= FormBit(Form::kPercent);
          if (raw_differs && !Contains(raw_found, a)) {
            forms |= FormBit(Form::kEntity);
          }
          Add(a, forms);
        }
      }
    }
  }

  // Cloudflare's decoder script also accepts the decoded "mailto:..." form.
  void Cloudflare(std::string_view encoded) {
    auto decoded = DecodeCloudflareEmail(encoded);
    if (decoded) AddAll(*decoded, FormBit(Form::kCloudflare));
  }

  // ---- scripts ----

  // Addresses a script builds get "javascript". Those also written verbatim
  // in `visible` (the script as it appears in the page) get "text" too: any
  // regex harvester over the raw HTML collects a plain string literal.
  // Verbatim matches that are not script strings (ciphertext such as
  // ROT13, comments) are left out.
  void ScriptCode(std::string_view code, std::string_view visible) {
    std::vector<std::string> verbatim = FindAddresses(visible);
    for (const std::string& s : ScriptStrings(code)) {
      for (const std::string& a : FindAddresses(s)) {
        FormSet forms = FormBit(Form::kJavascript);
        if (Contains(verbatim, a)) forms |= FormBit(Form::kText);
        Add(a, forms);
      }
    }
  }

  void Script(const GumboElement& el) {
    std::string body;
    for (unsigned k = 0; k < el.children.length; ++k) {
      auto* kid = static_cast<GumboNode*>(el.children.data[k]);
      if (kid->type == GUMBO_NODE_TEXT || kid->type == GUMBO_NODE_WHITESPACE ||
          kid->type == GUMBO_NODE_CDATA) {
        body += kid->v.text.text;
      }
    }
    const GumboAttribute* type = Attr(el, "type");
    if (type != nullptr && AsciiLower(type->value).find("json") !=
                               std::string::npos) {
      // JSON-LD ("email": "info@x.in" or "mailto:info@x.in") is data meant
      // for parsers: every address in it, escaped or not, is plain text.
      AddAll(body, FormBit(Form::kText));
      for (const std::string& s : ScriptStrings(body)) {
        AddAll(s, FormBit(Form::kText));
      }
      return;
    }
    ScriptCode(body, body);
  }

  // ---- reversed (bidi-override + rtl) ----

  void Reversed(GumboNode* root) {
    std::string text;
    std::vector<std::pair<GumboNode*, bool>> stack = {{root, false}};
    size_t visited = 0;
    while (!stack.empty() && ++visited <= kMaxNodes &&
           text.size() < kMaxReversedBytes) {
      auto [node, hidden] = stack.back();
      stack.pop_back();
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
          node->type == GUMBO_NODE_WHITESPACE) {
        if (!hidden) text += node->v.text.text;
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT) continue;
      const GumboElement& el = node->v.element;
      if (el.tag == GUMBO_TAG_SCRIPT || el.tag == GUMBO_TAG_STYLE) continue;
      bool kid_hidden = hidden || (ElementBits(el) & kHide) != 0;
      for (unsigned k = el.children.length; k > 0; --k) {
        stack.push_back(
            {static_cast<GumboNode*>(el.children.data[k - 1]), kid_hidden});
      }
    }
    std::reverse(text.begin(), text.end());
    AddAll(text, FormBit(Form::kReversed));
    for (const std::string& a : FindAtDotAddresses(text)) {
      Add(a, FormBit(Form::kReversed) | FormBit(Form::kAtDot));
    }
  }

  // ---- the visible-text stream: split and hidden ----

  void Separator() {
    if (stream_.size() < kMaxStreamBytes) stream_.push_back(' ');
    pending_hidden_ = false;
  }

  void AppendToStream(std::string_view text,
                      const std::vector<AddressSpan>& spans,
                      const std::vector<AddressSpan>& spelled) {
    if (stream_.size() + text.size() > kMaxStreamBytes) return;
    const size_t base = stream_.size();
    boundaries_.push_back({base, pending_hidden_});
    pending_hidden_ = false;
    for (const auto* list : {&spans, &spelled}) {
      for (const AddressSpan& s : *list) {
        covered_.push_back({base + s.begin, base + s.end});
      }
    }
    stream_.append(text);
  }

  // Forms of a stream match from the node boundaries strictly inside it:
  // 0 when it lies within one text node (already reported per node).
  FormSet CrossingForms(size_t begin, size_t end) const {
    auto it = std::upper_bound(
        boundaries_.begin(), boundaries_.end(), begin,
        [](size_t pos, const Boundary& b) { return pos < b.pos; });
    FormSet forms = 0;
    for (; it != boundaries_.end() && it->pos < end; ++it) {
      forms |= FormBit(it->hidden ? Form::kHidden : Form::kSplit);
    }
    return forms;
  }

  // True when an address found inside one text node lies within
  // [begin, end): "Email<b>info@x.in</b>" joins to "Emailinfo@x.in", which
  // is not a new address.
  bool Covered(size_t begin, size_t end) const {
    auto it = std::lower_bound(
        covered_.begin(), covered_.end(), begin,
        [](const std::pair<size_t, size_t>& s, size_t pos) {
          return s.first < pos;
        });
    for (; it != covered_.end() && it->first < end; ++it) {
      if (it->second <= end) return true;
    }
    return false;
  }

  void StreamFindings() {
    std::sort(covered_.begin(), covered_.end());
    for (const AddressSpan& s : ScanAddresses(stream_)) {
      FormSet forms = CrossingForms(s.begin, s.end);
      if (forms == 0 || Covered(s.begin, s.end)) continue;
      // A decoy gap explains the address; only other gaps make it "split".
      Add(s.address, forms);
    }
    for (const AddressSpan& s : ScanAtDotAddresses(stream_)) {
      FormSet forms = CrossingForms(s.begin, s.end);
      if (forms == 0 || Covered(s.begin, s.end)) continue;
      // Tags inside a spelled-out address are unremarkable: keep "at-dot",
      // plus "hidden" when a decoy had to be skipped.
      Add(s.address, FormBit(Form::kAtDot) | (forms & FormBit(Form::kHidden)));
    }
  }

  struct Boundary {
    size_t pos;
    bool hidden;
  };

  internal::StyleSheet sheet_;
  PageExtract page_;
  bool have_base_ = false;
  std::unordered_set<std::string> links_seen_;
  std::vector<Finding> findings_;
  std::unordered_map<std::string, size_t> index_;
  std::string stream_;
  std::vector<Boundary> boundaries_;
  std::vector<std::pair<size_t, size_t>> covered_;
  bool pending_hidden_ = false;
};

}  // namespace

PageExtract ExtractFromHtml(std::string_view html) {
  return Extractor().Run(html);
}

std::vector<Finding> ExtractFromDocumentText(std::string_view text) {
  std::vector<Finding> out;
  std::vector<Finding> spelled;
  for (const std::string& a : FindAddresses(text)) {
    out.push_back({a, FormBit(Form::kDocument)});
  }
  for (const std::string& a : FindAtDotAddresses(text)) {
    spelled.push_back({a, FormBit(Form::kDocument) | FormBit(Form::kAtDot)});
  }
  MergeFindings(&out, spelled);
  return out;
}

}  // namespace domex::crawler
