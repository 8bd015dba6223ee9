#include "crawler/pdf_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace domex::crawler {
namespace {

// A minimal valid PDF with one page per entry of `lines`, each showing its
// text in Helvetica. Offsets in the xref table are computed, so poppler
// needs no reconstruction.
std::string MakePdf(const std::vector<std::string>& lines) {
  const int pages = static_cast<int>(lines.size());
  // Objects: 1 catalog, 2 page tree, 3 font, then per page: page, content.
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids +
                    "] /Count " + std::to_string(pages) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < pages; ++i) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                      "/Resources << /Font << /F1 3 0 R >> >> /Contents " +
                      std::to_string(5 + 2 * i) + " 0 R >>");
    std::string stream = "BT /F1 12 Tf 72 720 Td (" + lines[i] + ") Tj ET";
    objects.push_back("<< /Length " + std::to_string(stream.size()) +
                      " >>\nstream\n" + stream + "\nendstream");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n";
  pdf += "0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char entry[21];
    std::snprintf(entry, sizeof(entry), "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(DOMEX_SOURCE_DIR) + "/crawler/testdata/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(PdfTextExtract, FindsTheAddress) {
  std::string pdf = MakePdf({"contact: pdf@school.in"});
  Result<std::string> text = PdfToText(pdf);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_NE(text->find("contact: pdf@school.in"), std::string::npos) << *text;
}

TEST(PdfTextExtract, PagesAndPageCap) {
  std::string pdf = MakePdf({"first@school.in", "second@school.in", "third@school.in"});
  struct Row {
    int max_pages;
    std::vector<const char*> present;
    std::vector<const char*> absent;
  };
  const Row rows[] = {
      {1000, {"first@", "second@", "third@"}, {}},
      {2, {"first@", "second@"}, {"third@"}},
      {1, {"first@"}, {"second@", "third@"}},
      {0, {}, {"first@"}},
  };
  for (const Row& row : rows) {
    Result<std::string> text = PdfToText(pdf, row.max_pages);
    ASSERT_TRUE(text.ok()) << row.max_pages;
    for (const char* s : row.present) {
      EXPECT_NE(text->find(s), std::string::npos) << row.max_pages << " " << s;
    }
    for (const char* s : row.absent) {
      EXPECT_EQ(text->find(s), std::string::npos) << row.max_pages << " " << s;
    }
  }
}

TEST(PdfTextExtract, BrokenXrefIsReconstructed) {
  std::string pdf = MakePdf({"contact: pdf@school.in"});
  size_t startxref = pdf.rfind("startxref\n");
  pdf = pdf.substr(0, startxref) + "startxref\n12345\n%%EOF\n";
  Result<std::string> text = PdfToText(pdf);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_NE(text->find("pdf@school.in"), std::string::npos);
}

TEST(PdfTextExtract, Errors) {
  std::string pdf = MakePdf({"contact: pdf@school.in"});
  const std::string errors[] = {
      "",
      "not a pdf at all",
      "<html><body>pdf@school.in</body></html>",
      "%PDF-1.4\n",
      "%PDF-1.4\n" + std::string(5000, '\xff'),
      pdf.substr(0, 40),
      ReadFixture("locked.pdf"),  // needs the user password "secret"
  };
  for (const std::string& bytes : errors) {
    EXPECT_FALSE(PdfToText(bytes).ok()) << bytes.substr(0, 60);
  }
}

TEST(PdfTextExtract, LockedFixtureIsReallyAPdf) {
  // Guards the error row above: the fixture must fail for being locked,
  // not for being missing.
  std::string locked = ReadFixture("locked.pdf");
  ASSERT_GT(locked.size(), 100u);
  Result<std::string> text = PdfToText(locked);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("encrypted"), std::string::npos)
      << text.status().message();
}

}  // namespace
}  // namespace domex::crawler
