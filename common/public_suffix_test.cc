#include "common/public_suffix.h"

#include <gtest/gtest.h>

namespace domex {
namespace {

struct Row {
  const char* host;
  const char* registrable;
  const char* suffix;
};

TEST(PublicSuffixTest, SplitsHostsOnListedSuffixesOnly) {
  const Row rows[] = {
      {"www.army.mil", "army.mil", "mil"},
      {"dps.delhi.edu.in", "delhi.edu.in", "edu.in"},
      {"school.in", "school.in", "in"},
      {"www.school.co.uk", "school.co.uk", "co.uk"},
      {"www.Example.COM", "example.com", "com"},  // results are lowercase
      {"example.com.", "example.com", "com"},
      {"edu.in", "", "edu.in"},          // a bare public suffix
      {"bar", "", "bar"},                // a TLD on its own
      {"2x.png", "", ""},                // unknown TLD: no implicit rule
      {"localhost", "", ""},
      {"1.2.3", "", ""},
      {"", "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.host);
    EXPECT_EQ(RegistrableDomain(row.host), row.registrable);
    EXPECT_EQ(HasRegistrableDomain(row.host), row.registrable[0] != '\0');
    EXPECT_EQ(PublicSuffixOf(row.host), row.suffix);
  }
}

}  // namespace
}  // namespace domex
