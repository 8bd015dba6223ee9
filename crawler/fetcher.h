// Fetcher: asynchronous HTTP(S) transfers driven by the caller's loop.
//
// The crawl engine owns scheduling and politeness; a Fetcher only moves bytes.
// Redirects are not followed (the engine re-checks scope and robots for every
// hop), only http and https are spoken, and every transfer is bounded in
// header size, body size and time. No cookies, credentials or
// Authorization headers are ever sent: the cookie engine stays off and
// URLs with userinfo never reach a Fetcher (ParseUrl refuses them). Not thread-safe: one thread calls Start and Poll, and
// callbacks run inside Poll on that thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace domex::crawler {

struct FetchRequest {
  std::string url;
  std::string user_agent;
  std::string if_none_match;      // ETag from the previous fetch, or ""
  std::string if_modified_since;  // Last-Modified from the previous fetch
  size_t max_body_bytes = 10u << 20;
  // When the body is larger: false refuses it outright (a declared
  // Content-Length over the limit aborts before any byte is read); true
  // reads the first max_body_bytes and stops there (robots.txt: RFC 9309
  // §2.5 asks for the first 500 KiB whatever the file's size). Either way
  // too_large is set.
  bool keep_truncated = false;
  long timeout_ms = 30000;
  long connect_timeout_ms = 10000;
  // PEM file of CA certificates to trust ("" = the system bundle). It
  // replaces libcurl's CA bundle file; Debian's libcurl still consults its
  // CA directory (/etc/ssl/certs), so the system CAs stay trusted too.
  // Certificates are always verified.
  std::string ca_file;
};

struct FetchResponse {
  int status = 0;     // HTTP status; 0 when the transfer failed
  std::string error;  // why the transfer failed or was cut short
  bool too_large = false;  // the body passed max_body_bytes (aborted)
  // The response headers passed the fetcher's bounds (one line over
  // 100 KiB, or 256 KiB in all, as Chromium refuses them): the transfer
  // was aborted, status is 0, and a retry would only repeat it.
  bool headers_too_large = false;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string location;     // Location header, as sent
  std::string retry_after;  // Retry-After header, as sent
  std::string body;         // content-decoded (gzip, br, deflate)
  double seconds = 0;       // total transfer time
};

class Fetcher {
 public:
  using Callback = std::function<void(FetchResponse)>;
  virtual ~Fetcher() = default;

  // Queues a transfer. `done` runs exactly once, from a later Poll().
  virtual void Start(FetchRequest request, Callback done) = 0;

  // Waits up to `timeout_ms` for network activity (0: do not block), drives
  // transfers and runs the callbacks of those that finished.
  virtual void Poll(int timeout_ms) = 0;

  // Transfers started and not yet called back.
  virtual size_t InFlight() const = 0;

  // Abandons every transfer without calling its callback (the caller is
  // about to drop the state the callbacks refer to).
  virtual void CancelAll() = 0;
};

// The real Fetcher: libcurl's multi interface over epoll (socket and timer
// callbacks). Fails only if libcurl cannot be initialised (nullptr).
std::unique_ptr<Fetcher> NewCurlFetcher();

}  // namespace domex::crawler
