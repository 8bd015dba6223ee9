#include "crawler/url.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::crawler {
namespace {

struct ParseRow {
  const char* in;
  const char* want;
};

TEST(UrlParse, NormalisesValidUrls) {
  const ParseRow rows[] = {
      {"http://example.com", "http://example.com/"},
      {"HTTP://Example.COM/A/b", "http://example.com/A/b"},
      {"http://example.com:80/x", "http://example.com/x"},
      {"https://example.com:443/x", "https://example.com/x"},
      {"http://example.com:443/x", "http://example.com:443/x"},
      {"https://example.com:8443/", "https://example.com:8443/"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/a/b/..", "http://example.com/a/"},
      {"http://example.com/../../x", "http://example.com/x"},
      {"http://example.com/a/%2e%2E/x", "http://example.com/x"},
      {"http://example.com/x#frag", "http://example.com/x"},
      {"http://example.com/x?q=1#frag", "http://example.com/x?q=1"},
      {"http://example.com/%7e/%41b", "http://example.com/~/Ab"},
      {"http://example.com/%2f%3a?a=%2f", "http://example.com/%2F%3A?a=%2F"},
      {"http://example.com/caf\xc3\xa9", "http://example.com/caf%C3%A9"},
      {"http://example.com.?x=1", "http://example.com/?x=1"},
      {"http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"},
      {"http://[::1]:8080/a", "http://[::1]:8080/a"},
      {"http://www.school.localhost:8080/", "http://www.school.localhost:8080/"},
  };
  for (const ParseRow& row : rows) {
    Result<Url> url = ParseUrl(row.in);
    ASSERT_TRUE(url.ok()) << row.in << ": " << url.status().message();
    EXPECT_EQ(url->ToString(), row.want) << row.in;
    // Normalisation is idempotent.
    Result<Url> again = ParseUrl(url->ToString());
    ASSERT_TRUE(again.ok()) << row.in;
    EXPECT_EQ(again->ToString(), row.want) << row.in;
  }
}

TEST(UrlParse, Parts) {
  Result<Url> url = ParseUrl("HTTPS://WWW.School.IN:8443/a/b?x=1&y=2#z");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "www.school.in");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/a/b");
  EXPECT_EQ(url->query, "x=1&y=2");
  EXPECT_EQ(url->Origin(), "https://www.school.in:8443");
  EXPECT_EQ(url->PathAndQuery(), "/a/b?x=1&y=2");
}

TEST(UrlParse, RejectsBadInput) {
  const char* errors[] = {
      "",
      "example.com/x",
      "/relative/path",
      "mailto:a@school.in",
      "javascript:alert(1)",
      "data:text/html,hi",
      "file:///etc/passwd",
      "ftp://example.com/x",
      "http:/example.com/x",
      "http://",
      "http:///x",
      "http://example.com:0/",
      "http://example.com:65536/",
      "http://example.com:99999/",
      "http://example.com:-1/",
      "http://exa mple.com/",
      "http://example.com/a b",
      " http://example.com/",
      "http://example.com/\t",
      "http://example.com/\x01",
      "http://example.com/\n",
      "http://user:pw@example.com/",
      "http://user@example.com/",
      "http://m\xc3\xbcnchen.de/",
      "http://a..b/",
      // An empty last label: "ww.." was kept as "ww.", which then parsed
      // as "ww", so one host had two normal forms (found by fuzzing).
      "http://ww../",
      "http://example.com../x",
      // RFC 3696 §2: no top-level label is numeric, so such a host is a
      // dotted quad or nothing. "100." was kept as "100", which curl then
      // reads as 0.0.0.100 (found by fuzzing).
      "http://100./",
      "http://0x7f.1./",
      "http://1.2.3.4.5/",
      "http://999.1.1.1/",
      "http://evil.127.0.0.1/",
  };
  for (const char* in : errors) {
    Result<Url> url = ParseUrl(in);
    EXPECT_FALSE(url.ok()) << in << " -> " << (url.ok() ? url->ToString() : "");
  }
  std::string long_url = "http://example.com/" + std::string(kMaxUrlLength, 'a');
  EXPECT_FALSE(ParseUrl(long_url).ok());
}

// A host is a DNS name (LDH labels of 1-63 octets, at most 253 in all,
// A-labels that are valid IDNA2008), an IPv4 dotted quad or a bracketed
// IPv6 literal (issue 8). A host whose last label is a number is read as
// IPv4 (WHATWG URL), so it must be a dotted quad.
TEST(UrlHost, AcceptsNamesAndAddresses) {
  const std::string label63(63, 'a');
  const std::string name253 = label63 + "." + label63 + "." + label63 + "." +
                              std::string(61, 'b');  // 253 octets
  const std::string hosts[] = {
      "example.com",
      "a.b.c.d.example.com",
      "localhost",
      "www.school.localhost",
      "x-1.ab--cd.in",       // inner hyphens, even in positions 3-4
      "123.example.com",     // a numeric label that is not the last
      "my_host.example.in",  // DNS names may hold '_' (RFC 2181 §11)
      "xn--bcher-kva.de",    // bücher.de
      "XN--BCHER-KVA.DE",    // case folds before the check
      label63 + ".com",
      name253,
      "0.0.0.0",
      "127.0.0.1",
      "255.255.255.255",
      "[::1]",
      "[2001:db8::8:800:200c:417a]",
      "[::ffff:192.0.2.1]",
  };
  for (const std::string& host : hosts) {
    Result<Url> url = ParseUrl("http://" + host + "/");
    EXPECT_TRUE(url.ok()) << host << ": " << url.status().message();
  }
}

TEST(UrlHost, RefusesWhatIsNeitherNameNorAddress) {
  const std::string label64(64, 'a');
  const std::string name254 = std::string(63, 'a') + "." +
                              std::string(63, 'a') + "." +
                              std::string(63, 'a') + "." + std::string(62, 'b');
  struct Row {
    std::string host;
    const char* says;
  } errors[] = {
      {"999.1.1.1", "not an IPv4 address"},
      {"1.2.3.4.5", "not an IPv4 address"},
      {"1.2.3", "not an IPv4 address"},
      {"256.0.0.1", "not an IPv4 address"},
      {"01.2.3.4", "not an IPv4 address"},
      {"example.123", "not an IPv4 address"},
      {"a.0x1f", "not an IPv4 address"},
      {"xn--zz.com", "xn--zz"},
      {"xn--.com", "xn--"},
      {"xn--a-ecp.ru", "xn--a-ecp"},  // decodes to "aß": maps to "ass"
      {"-x-.com", "hyphen"},
      {"x-.com", "hyphen"},
      {"a.-b.com", "hyphen"},
      {std::string(300, 'a') + ".com", "longer than 63"},
      {label64 + ".com", "longer than 63"},
      {name254, "longer than 253"},
      {"a..b", "empty label"},
      {".a.com", "empty label"},
      {"exa$mple.com", "host"},
      {"exa%00mple.com", "host"},
      {"a%2e%2eb.com", "empty label"},
      {"[::1", "IPv6"},
      {"[1.2.3.4]", "IPv6"},
      {"[::g]", "IPv6"},
  };
  for (const Row& row : errors) {
    Result<Url> url = ParseUrl("http://" + row.host + "/");
    ASSERT_FALSE(url.ok()) << row.host << " -> " << url->ToString();
    EXPECT_NE(url.status().message().find(row.says), std::string::npos)
        << row.host << ": " << url.status().message();
    EXPECT_EQ(url.status().message().find('\n'), std::string::npos);
    // A link on a page is held to the same rules.
    EXPECT_FALSE(
        ResolveUrl(*ParseUrl("http://a.in/"), "//" + row.host + "/").ok())
        << row.host;
  }
}

// RFC 3986 §5.4.1 and §5.4.2 examples, with the base made http.
TEST(UrlResolve, Rfc3986Examples) {
  Result<Url> base = ParseUrl("http://a/b/c/d;p?q");
  ASSERT_TRUE(base.ok());
  const ParseRow rows[] = {
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g"},
      {"g#s/../x", "http://a/b/c/g"},
      // Beyond the RFC: what pages really contain.
      {"  /spaced  ", "http://a/spaced"},
      {"/a b/c d.pdf", "http://a/a%20b/c%20d.pdf"},
      {"HTTPS://Other.Example:443/X", "https://other.example/X"},
      {"http://a:80/b/../c", "http://a/c"},
      {"/%7euser/", "http://a/~user/"},
      {"/x?a b=c d", "http://a/x?a%20b=c%20d"},
      {"\\\\other.example\\x?y\\z", "http://other.example/x?y\\z"},
      {"/a\\b", "http://a/a/b"},
      {"http://A.B.:8080", "http://a.b:8080/"},
      {"http://exa%6dple.com/", "http://example.com/"},
      {"/x?q=\xc3\xa9", "http://a/x?q=%C3%A9"},
  };
  for (const ParseRow& row : rows) {
    Result<Url> url = ResolveUrl(*base, row.in);
    ASSERT_TRUE(url.ok()) << "'" << row.in << "': " << url.status().message();
    EXPECT_EQ(url->ToString(), row.want) << "'" << row.in << "'";
  }
}

TEST(UrlResolve, ProtocolRelativeKeepsBaseScheme) {
  Result<Url> base = ParseUrl("https://www.school.in/a/");
  ASSERT_TRUE(base.ok());
  Result<Url> url = ResolveUrl(*base, "//cdn.school.in/x.pdf");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->ToString(), "https://cdn.school.in/x.pdf");
}

TEST(UrlResolve, RejectsNonHttpAndBadRefs) {
  Result<Url> base = ParseUrl("http://a/b/c/d;p?q");
  ASSERT_TRUE(base.ok());
  const char* errors[] = {
      "mailto:head@school.in",
      "MAILTO:head@school.in",
      "javascript:void(0)",
      " javascript:alert(1)",
      "data:text/html;base64,AAAA",
      "file:///etc/passwd",
      "ftp://a/x",
      "tel:+911234",
      "g:h",
      "http://[::1",
      "//user:pw@evil.com/",
      "/a\tb",
      "/a\nb",
      "http://a:70000/",
      "///x",
      "http:///x",
  };
  for (const char* in : errors) {
    Result<Url> url = ResolveUrl(*base, in);
    EXPECT_FALSE(url.ok()) << in << " -> " << (url.ok() ? url->ToString() : "");
  }
}

TEST(UrlPathPattern, CollapsesNumbersAndQueryValues) {
  const ParseRow rows[] = {
      {"http://h/cal/2024/05?month=5&y=1", "h/cal/0/0?month&y"},
      {"http://h/cal/2024/05?y=1&month=5", "h/cal/0/0?month&y"},
      {"http://h/cal?month=1", "h/cal?month"},
      {"http://h/cal?month=2", "h/cal?month"},
      {"http://h/p12x345", "h/p0x0"},
      {"http://h/?a=1&a=2&&b", "h/?a&b"},
      {"http://h:8080/x/1", "h:8080/x/0"},
      {"http://h/plain", "h/plain"},
  };
  for (const ParseRow& row : rows) {
    Result<Url> url = ParseUrl(row.in);
    ASSERT_TRUE(url.ok()) << row.in;
    EXPECT_EQ(PathPattern(*url), row.want) << row.in;
  }
}

TEST(UrlLooksLikePdf, ByExtension) {
  struct Row {
    const char* in;
    bool want;
  };
  const Row rows[] = {
      {"http://h/a.pdf", true},          {"http://h/A.PDF", true},
      {"http://h/a.pdf?dl=1", true},     {"http://h/a.pdf/", false},
      {"http://h/pdf", false},           {"http://h/a.html", false},
      {"http://h/x?file=a.pdf", false},  {"http://h/a%2Epdf", true},
  };
  for (const Row& row : rows) {
    Result<Url> url = ParseUrl(row.in);
    ASSERT_TRUE(url.ok()) << row.in;
    EXPECT_EQ(LooksLikePdf(*url), row.want) << row.in;
  }
}

}  // namespace
}  // namespace domex::crawler
