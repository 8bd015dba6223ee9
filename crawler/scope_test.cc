#include "crawler/scope.h"

#include <gtest/gtest.h>

namespace domex::crawler {
namespace {

Url MustParse(const char* text) {
  Result<Url> url = ParseUrl(text);
  EXPECT_TRUE(url.ok()) << text;
  return url.ok() ? *url : Url{};
}

TEST(ScopeSiteKey, FromStartUrl) {
  struct Row {
    const char* start;
    const char* key;
  };
  const Row rows[] = {
      {"https://www.school.in/", "school.in"},
      {"https://school.in/", "school.in"},
      {"https://www.dps.delhi.edu.in/", "delhi.edu.in"},
      {"http://www.school.localhost:8080/", "school.localhost"},
      {"http://staff.school.localhost/", "school.localhost"},
      {"http://a.b.school.localhost/", "school.localhost"},
      {"http://school.localhost/", "school.localhost"},
      {"http://localhost:8080/", "localhost"},
      {"http://127.0.0.1:8080/", "127.0.0.1"},
      {"http://[::1]/", "[::1]"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(Scope::SiteKeyFor(MustParse(row.start)), row.key) << row.start;
  }
}

TEST(ScopeContains, SubdomainsYesLookalikesNo) {
  struct Row {
    const char* start;
    const char* url;
    const char* site;  // "" when out of scope
  };
  const Row rows[] = {
      {"https://www.school.in/", "https://school.in/", "school.in"},
      {"https://www.school.in/", "https://staff.school.in/x", "school.in"},
      {"https://www.school.in/", "http://a.b.school.in:8080/", "school.in"},
      {"https://www.school.in/", "https://WWW.SCHOOL.IN/", "school.in"},
      {"https://www.school.in/", "https://evilschool.in/", ""},
      {"https://www.school.in/", "https://school.in.evil.com/", ""},
      {"https://www.school.in/", "https://in/", ""},
      {"https://www.school.in/", "https://other.in/", ""},
      {"http://www.school.localhost:8080/", "http://staff.school.localhost:8080/",
       "school.localhost"},
      {"http://www.school.localhost:8080/", "http://school.localhost/",
       "school.localhost"},
      {"http://www.school.localhost:8080/", "http://other.localhost/", ""},
      {"http://www.school.localhost:8080/", "http://localhost/", ""},
      {"http://127.0.0.1:8080/", "http://127.0.0.1:9090/x", "127.0.0.1"},
      {"http://127.0.0.1:8080/", "http://localhost/", ""},
      {"http://localhost:8080/", "http://localhost/", "localhost"},
      {"http://localhost:8080/", "http://x.localhost/", ""},
  };
  for (const Row& row : rows) {
    Scope scope;
    scope.AddSite(MustParse(row.start));
    Url url = MustParse(row.url);
    EXPECT_EQ(scope.SiteOf(url), row.site) << row.start << " / " << row.url;
    EXPECT_EQ(scope.Contains(url), row.site[0] != '\0') << row.url;
  }
}

TEST(ScopeContains, SeveralSites) {
  Scope scope;
  scope.AddSite(MustParse("https://www.school.in/"));
  scope.AddSite(MustParse("https://school.in/again"));
  scope.AddSite(MustParse("https://www.college.ac.in/"));
  ASSERT_EQ(scope.sites().size(), 2u);
  EXPECT_EQ(scope.SiteOf(MustParse("https://lib.college.ac.in/")), "college.ac.in");
  EXPECT_EQ(scope.SiteOf(MustParse("https://mail.school.in/")), "school.in");
  EXPECT_FALSE(scope.Contains(MustParse("https://ac.in/")));
}

TEST(ScopeContains, EmptyScopeAdmitsNothing) {
  Scope scope;
  EXPECT_FALSE(scope.Contains(MustParse("https://www.school.in/")));
}

}  // namespace
}  // namespace domex::crawler
