#include "tests/school_site.h"

#include <zlib.h>

#include <filesystem>

namespace domex::testing {
namespace {

namespace fs = std::filesystem;

std::string Gzip(const std::string& data) {
  z_stream zs = {};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Copies the fixture site, fills in the port and gzips the sitemaps.
void MaterializeSite(const std::string& dest, int port) {
  fs::copy(FixturesDir() + "/school", dest, fs::copy_options::recursive);
  for (const auto& entry : fs::recursive_directory_iterator(dest)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".pdf") {
      continue;
    }
    std::string path = entry.path().string();
    std::string text = ReadFile(path);
    for (size_t pos; (pos = text.find("@PORT@")) != std::string::npos;) {
      text.replace(pos, 6, std::to_string(port));
    }
    WriteFile(path, text);
  }
  for (const char* name : {"index", "pages"}) {
    std::string xml = dest + "/www/sitemaps/" + name + ".xml";
    WriteFile(xml + ".gz", Gzip(ReadFile(xml)));
    fs::remove(xml);
  }
}

constexpr char kServerExtra[] = R"(
  index index.html;
  location = /old-page { return 301 /moved.html; }
  location = /away { return 302 http://evil.localhost:@PORT@/landing.html; }
  location /calendar {
    default_type text/html;
    return 200 '<html><body><a href="/calendar?month=1$arg_month">next</a></body></html>';
  }
  location /busy/ {
    limit_req zone=busy;
    limit_req_status 429;
    add_header Retry-After 2 always;
  }
)";

}  // namespace

std::unique_ptr<SchoolSite> SchoolSite::Start() {
  std::unique_ptr<SchoolSite> site(new SchoolSite());
  const std::string root = site->dir_.Sub("site");
  fs::create_directories(root + "/www");
  const std::string http_extra =
      "limit_req_zone $server_name zone=busy:1m rate=1r/s;\n"
      "server { listen 127.0.0.1:@PORT@; server_name staff.school.localhost;"
      " root " +
      root + "/staff; index index.html; }\n";
  site->nginx_ = NginxServer::Start(root + "/www", kServerExtra, http_extra);
  if (!site->nginx_) return nullptr;
  fs::remove_all(root);
  MaterializeSite(root, site->nginx_->port());
  return site;
}

std::string SchoolSite::WwwUrl(const std::string& path) const {
  return nginx_->Url(path, "www.school.localhost");
}

int SchoolSite::CountTarget(const std::string& target) const {
  int n = 0;
  for (const LoggedRequest& r : nginx_->Log()) n += r.target == target;
  return n;
}

}  // namespace domex::testing
