#include "store/encoding.h"

#include <cstdint>
#include <limits>

namespace domex::store {

namespace {

// Bumped whenever a record's layout changes; a reader refuses other
// versions instead of guessing.
constexpr uint8_t kFormatVersion = 1;

// Appends values as LEB128 varints and length-prefixed strings.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  // Zigzag, so small negative numbers stay short.
  void I64(int64_t v) {
    U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Byte(uint8_t b) { out_->push_back(static_cast<char>(b)); }
  void Bool(bool b) { Byte(b ? 1 : 0); }
  void Str(std::string_view s) {
    U64(s.size());
    out_->append(s.data(), s.size());
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const std::string& s : v) Str(s);
  }

 private:
  std::string* out_;
};

// Reads what Writer wrote. Every read checks the remaining length first and
// returns false rather than reading past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool AtEnd() const { return pos_ == in_.size(); }

  bool U64(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      // The tenth byte may only carry the top bit of a 64-bit value.
      if (shift == 63 && b > 1) return false;
      result |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        *v = result;
        return true;
      }
    }
    return false;
  }
  bool I64(int64_t* v) {
    uint64_t u;
    if (!U64(&u)) return false;
    *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  bool Int(int* v) {
    int64_t w;
    if (!I64(&w)) return false;
    if (w < std::numeric_limits<int>::min() ||
        w > std::numeric_limits<int>::max()) {
      return false;
    }
    *v = static_cast<int>(w);
    return true;
  }
  bool Byte(uint8_t* b) {
    if (pos_ >= in_.size()) return false;
    *b = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool Bool(bool* v) {
    uint8_t b;
    if (!Byte(&b) || b > 1) return false;
    *v = b == 1;
    return true;
  }
  bool Str(std::string* s) {
    uint64_t n;
    if (!U64(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  // Each element takes at least one byte, so a count larger than what is
  // left is garbage; checking it first avoids a huge allocation.
  bool Count(uint64_t* n) { return U64(n) && *n <= in_.size() - pos_; }
  bool Strs(std::vector<std::string>* v) {
    uint64_t n;
    if (!Count(&n)) return false;
    // Grown as elements decode, not sized up front from the count: a
    // corrupt count would otherwise allocate 32 bytes per byte left.
    v->clear();
    for (uint64_t i = 0; i < n; ++i) {
      if (!Str(&v->emplace_back())) return false;
    }
    return true;
  }
  bool Version() {
    uint8_t b;
    return Byte(&b) && b == kFormatVersion;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

Status Corrupt(std::string_view what) {
  return Status::Corruption(std::string("stored ") + std::string(what) +
                            " record does not decode (corrupt or from an "
                            "unknown domex version)");
}

void WriteAddresses(Writer& w, const std::vector<FoundAddress>& addresses) {
  w.U64(addresses.size());
  for (const FoundAddress& a : addresses) {
    w.Str(a.address);
    w.Strs(a.forms);
  }
}

bool ReadAddresses(Reader& r, std::vector<FoundAddress>* addresses) {
  uint64_t n;
  if (!r.Count(&n)) return false;
  addresses->clear();
  for (uint64_t i = 0; i < n; ++i) {
    FoundAddress& a = addresses->emplace_back();
    if (!r.Str(&a.address) || !r.Strs(&a.forms)) return false;
  }
  return true;
}

bool ReadPageStatus(Reader& r, PageStatus* status) {
  uint8_t b;
  if (!r.Byte(&b) || b < 1 || b > static_cast<uint8_t>(PageStatus::kMissing)) {
    return false;
  }
  *status = static_cast<PageStatus>(b);
  return true;
}

bool ReadKind(Reader& r, FrontierEntry::Kind* kind) {
  uint8_t b;
  if (!r.Byte(&b) || b < 1 || b > 2) return false;
  *kind = static_cast<FrontierEntry::Kind>(b);
  return true;
}

bool ReadPage(Reader& r, PageRecord* p) {
  return r.Version() && r.Str(&p->url) && r.Str(&p->site) &&
         r.U64(&p->generation) && ReadPageStatus(r, &p->status) &&
         r.Int(&p->http_status) && r.Bool(&p->not_modified) &&
         r.Str(&p->error) && r.Str(&p->content_type) && r.Str(&p->etag) &&
         r.Str(&p->last_modified) && r.I64(&p->fetched_at) &&
         r.Int(&p->depth) && r.Strs(&p->links) && r.Strs(&p->external_links) &&
         r.Str(&p->redirect_to) && ReadAddresses(r, &p->addresses) && r.AtEnd();
}

// A list store format 3 appended to a record: absent (a record written
// before) reads as empty.
template <typename T, typename ReadOne>
bool ReadTrailingList(Reader& r, std::vector<T>* v, ReadOne read_one) {
  v->clear();
  if (r.AtEnd()) return true;
  uint64_t n;
  if (!r.Count(&n)) return false;
  for (uint64_t k = 0; k < n; ++k) {
    if (!read_one(v->emplace_back())) return false;
  }
  return true;
}

}  // namespace

std::string EncodePage(const PageRecord& p) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.Str(p.url);
  w.Str(p.site);
  w.U64(p.generation);
  w.Byte(static_cast<uint8_t>(p.status));
  w.I64(p.http_status);
  w.Bool(p.not_modified);
  w.Str(p.error);
  w.Str(p.content_type);
  w.Str(p.etag);
  w.Str(p.last_modified);
  w.I64(p.fetched_at);
  w.I64(p.depth);
  w.Strs(p.links);
  w.Strs(p.external_links);
  w.Str(p.redirect_to);
  WriteAddresses(w, p.addresses);
  return out;
}

Result<PageRecord> DecodePage(std::string_view bytes) {
  PageRecord p;
  Reader r(bytes);
  if (!ReadPage(r, &p)) return Corrupt("page");
  return p;
}

std::string EncodeFrontierEntry(const FrontierEntry& e) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.U64(e.seq);
  w.Str(e.url);
  w.Str(e.site);
  w.Byte(static_cast<uint8_t>(e.kind));
  w.I64(e.depth);
  w.I64(e.redirects);
  return out;
}

Result<FrontierEntry> DecodeFrontierEntry(std::string_view bytes) {
  FrontierEntry e;
  Reader r(bytes);
  bool ok = r.Version() && r.U64(&e.seq) && r.Str(&e.url) && r.Str(&e.site) &&
            ReadKind(r, &e.kind) && r.Int(&e.depth) && r.Int(&e.redirects) &&
            r.AtEnd();
  if (!ok) return Corrupt("frontier");
  return e;
}

std::string EncodeCrawlState(const CrawlState& s) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.U64(s.generation);
  w.Strs(s.start_urls);
  w.Bool(s.finished);
  w.Bool(s.ignore_robots);
  w.Bool(s.limit_reached);
  w.U64(s.previous_generation);
  w.I64(s.started_at);
  w.I64(s.finished_at);
  w.U64(s.left_out.size());
  for (const LeftOutTally& t : s.left_out) {
    w.Str(t.site);
    w.Str(t.limit);
    w.I64(t.limit_value);
    w.Str(t.pattern);
    w.Str(t.example);
    w.I64(t.count);
  }
  return out;
}

Result<CrawlState> DecodeCrawlState(std::string_view bytes) {
  CrawlState s;
  Reader r(bytes);
  bool ok = r.Version() && r.U64(&s.generation) && r.Strs(&s.start_urls) &&
            r.Bool(&s.finished) && r.Bool(&s.ignore_robots) &&
            r.Bool(&s.limit_reached) && r.U64(&s.previous_generation) &&
            r.I64(&s.started_at) && r.I64(&s.finished_at) &&
            ReadTrailingList(r, &s.left_out,
                             [&r](LeftOutTally& t) {
                               return r.Str(&t.site) && r.Str(&t.limit) &&
                                      r.Int(&t.limit_value) &&
                                      r.Str(&t.pattern) && r.Str(&t.example) &&
                                      r.Int(&t.count);
                             }) &&
            r.AtEnd();
  if (!ok) return Corrupt("crawl state");
  return s;
}

std::string EncodeSitemapUsage(const SitemapUsage& u) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.Str(u.site);
  w.U64(u.generation);
  w.I64(u.files);
  w.I64(u.bytes);
  w.I64(u.urls);
  return out;
}

Result<SitemapUsage> DecodeSitemapUsage(std::string_view bytes) {
  SitemapUsage u;
  Reader r(bytes);
  bool ok = r.Version() && r.Str(&u.site) && r.U64(&u.generation) &&
            r.Int(&u.files) && r.I64(&u.bytes) && r.Int(&u.urls) && r.AtEnd();
  if (!ok) return Corrupt("sitemap usage");
  return u;
}

namespace {

void WriteLookalike(Writer& w, const LookalikeRecord& l) {
  w.Str(l.origin);
  w.Str(l.domain);
  w.Str(l.unicode);
  w.Strs(l.fuzzers);
  w.Str(l.verdict);
  w.Str(l.mail);
  w.Strs(l.a);
  w.Strs(l.aaaa);
  w.Strs(l.mx);
  w.Strs(l.ns);
  w.I64(l.checked_at);
  w.I64(l.first_seen);
  w.I64(l.last_seen);
}

bool ReadLookalike(Reader& r, LookalikeRecord* l) {
  return r.Str(&l->origin) && r.Str(&l->domain) && r.Str(&l->unicode) &&
         r.Strs(&l->fuzzers) && r.Str(&l->verdict) && r.Str(&l->mail) &&
         r.Strs(&l->a) && r.Strs(&l->aaaa) && r.Strs(&l->mx) &&
         r.Strs(&l->ns) && r.I64(&l->checked_at) && r.I64(&l->first_seen) &&
         r.I64(&l->last_seen);
}

void WriteInstitutions(Writer& w, const std::vector<InstitutionRecord>& v) {
  w.U64(v.size());
  for (const InstitutionRecord& i : v) {
    w.Str(i.name);
    w.Strs(i.sites);
    w.Strs(i.domains);
  }
}

bool ReadInstitutions(Reader& r, std::vector<InstitutionRecord>* v) {
  uint64_t n;
  if (!r.Count(&n)) return false;
  v->clear();
  for (uint64_t k = 0; k < n; ++k) {
    InstitutionRecord& i = v->emplace_back();
    if (!r.Str(&i.name) || !r.Strs(&i.sites) || !r.Strs(&i.domains)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string EncodeLookalike(const LookalikeRecord& l) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  WriteLookalike(w, l);
  return out;
}

Result<LookalikeRecord> DecodeLookalike(std::string_view bytes) {
  LookalikeRecord l;
  Reader r(bytes);
  if (!(r.Version() && ReadLookalike(r, &l) && r.AtEnd())) {
    return Corrupt("lookalike");
  }
  return l;
}

std::string EncodeAddressSighting(const AddressSighting& a) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.Str(a.institution);
  w.Str(a.address);
  w.Strs(a.forms);
  w.Strs(a.pages);
  w.Strs(a.sites);
  w.Bool(a.unchecked);
  return out;
}

Result<AddressSighting> DecodeAddressSighting(std::string_view bytes) {
  AddressSighting a;
  Reader r(bytes);
  if (!(r.Version() && r.Str(&a.institution) && r.Str(&a.address) &&
        r.Strs(&a.forms) && r.Strs(&a.pages) && r.Strs(&a.sites) &&
        r.Bool(&a.unchecked) && r.AtEnd())) {
    return Corrupt("address sighting");
  }
  return a;
}

std::string EncodeLookalikeSighting(const LookalikeSighting& l) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.Str(l.institution);
  WriteLookalike(w, l.lookalike);
  return out;
}

Result<LookalikeSighting> DecodeLookalikeSighting(std::string_view bytes) {
  LookalikeSighting l;
  Reader r(bytes);
  if (!(r.Version() && r.Str(&l.institution) &&
        ReadLookalike(r, &l.lookalike) && r.AtEnd())) {
    return Corrupt("lookalike sighting");
  }
  return l;
}

std::string EncodeScan(const ScanRecord& s) {
  std::string out;
  Writer w(&out);
  w.Byte(kFormatVersion);
  w.U64(s.id);
  w.I64(s.started_at);
  w.I64(s.finished_at);
  w.Bool(s.finished);
  w.Str(s.config_path);
  w.Str(s.config_digest);
  w.U64(s.crawl_generation);
  WriteInstitutions(w, s.institution_list);
  w.Strs(s.checked_origins);
  for (int n :
       {s.institutions, s.sites, s.pages_checked, s.pages_failed, s.addresses,
        s.lookalikes, s.lookalikes_registered, s.lookalikes_unknown}) {
    w.I64(n);
  }
  w.Strs(s.errors);
  w.U64(s.acknowledgements.size());
  for (const Acknowledgement& a : s.acknowledgements) {
    w.Str(a.kind);
    w.Str(a.value);
    w.Str(a.reason);
    w.Str(a.expires);
  }
  return out;
}

Result<ScanRecord> DecodeScan(std::string_view bytes) {
  ScanRecord s;
  Reader r(bytes);
  bool ok =
      r.Version() && r.U64(&s.id) && r.I64(&s.started_at) &&
      r.I64(&s.finished_at) && r.Bool(&s.finished) && r.Str(&s.config_path) &&
      r.Str(&s.config_digest) && r.U64(&s.crawl_generation) &&
      ReadInstitutions(r, &s.institution_list) && r.Strs(&s.checked_origins);
  for (int* n : {&s.institutions, &s.sites, &s.pages_checked, &s.pages_failed,
                 &s.addresses, &s.lookalikes, &s.lookalikes_registered,
                 &s.lookalikes_unknown}) {
    ok = ok && r.Int(n);
  }
  ok = ok && r.Strs(&s.errors) &&
       ReadTrailingList(r, &s.acknowledgements,
                        [&r](Acknowledgement& a) {
                          return r.Str(&a.kind) && r.Str(&a.value) &&
                                 r.Str(&a.reason) && r.Str(&a.expires);
                        }) &&
       r.AtEnd();
  if (!ok) return Corrupt("scan");
  return s;
}

std::string PageKey(std::string_view url) {
  std::string key("p/");
  key.append(url.data(), url.size());
  return key;
}

namespace {

void AppendBigEndian(uint64_t v, std::string* key) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    key->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

}  // namespace

std::string FrontierKey(uint64_t seq) {
  std::string key("f/");
  AppendBigEndian(seq, &key);
  return key;
}

std::string ScanKey(uint64_t id) {
  std::string key(kScanPrefix);
  AppendBigEndian(id, &key);
  return key;
}

std::string SightingPrefix(uint64_t scan, char kind) {
  std::string key("h/");
  AppendBigEndian(scan, &key);
  key.push_back('/');
  key.push_back(kind);
  key.push_back('/');
  return key;
}

std::string AddressSightingKey(uint64_t scan, std::string_view institution,
                               std::string_view address) {
  std::string key = SightingPrefix(scan, 'a');
  key.append(institution.data(), institution.size());
  key.push_back('\0');
  key.append(address.data(), address.size());
  return key;
}

std::string LookalikeSightingKey(uint64_t scan, std::string_view institution,
                                 std::string_view origin,
                                 std::string_view domain) {
  std::string key = SightingPrefix(scan, 'l');
  key.append(institution.data(), institution.size());
  key.push_back('\0');
  key.append(origin.data(), origin.size());
  key.push_back('/');
  key.append(domain.data(), domain.size());
  return key;
}

std::string SitemapUsageKey(std::string_view site) {
  std::string key(kSitemapUsagePrefix);
  key.append(site.data(), site.size());
  return key;
}

std::string SeenKey(std::string_view url) {
  std::string key("s/");
  key.append(url.data(), url.size());
  return key;
}

std::string LookalikePrefix(std::string_view origin) {
  std::string key("l/");
  if (origin.empty()) return key;
  key.append(origin.data(), origin.size());
  key.push_back('/');
  return key;
}

std::string LookalikeKey(std::string_view origin, std::string_view domain) {
  std::string key = LookalikePrefix(origin);
  key.append(domain.data(), domain.size());
  return key;
}

}  // namespace domex::store
