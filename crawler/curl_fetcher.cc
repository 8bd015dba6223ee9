// The libcurl Fetcher: the multi "socket" interface driven by epoll.
//
// The event loop is the shape of libcurl's multi-event example: curl tells us
// which sockets to watch (socket callback -> epoll_ctl) and when it next needs
// a timeout tick (timer callback -> a deadline); Poll() waits on both, hands
// the readiness back with curl_multi_socket_action, then drains
// curl_multi_info_read. Each transfer's state lives in a Transfer reachable
// from its easy handle through CURLOPT_PRIVATE.
#include <curl/curl.h>
#include <strings.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/fetcher.h"

namespace domex::crawler {
namespace {

using Clock = std::chrono::steady_clock;

// Header lines past these bounds are ignored: a hostile server must not make
// us store megabytes of headers.
constexpr size_t kMaxHeaderLines = 100;
constexpr size_t kMaxHeaderLineBytes = 8 * 1024;
// A response whose headers (every block: 1xx interim ones too) pass this is
// refused, as Chromium refuses one over 256 KiB: an endless header stream
// would otherwise last until the request's timeout, and then be retried.
constexpr size_t kMaxHeaderBytes = 256 * 1024;
// curl's own limit on one header line (CURL_MAX_HTTP_HEADER): past it the
// transfer fails with CURLE_OUT_OF_MEMORY before we see the line.
constexpr size_t kCurlMaxHeaderLine = 100 * 1024;
// Slowloris guard: below 100 bytes/s for 15 s is a stall, not a slow page.
// The request's timeout_ms stays the hard cap on the whole transfer.
constexpr long kLowSpeedBytesPerSecond = 100;
constexpr long kLowSpeedSeconds = 15;
// Idle keep-alive connections kept for reuse across transfers.
constexpr long kMaxCachedConnections = 64;
constexpr int kMaxEventsPerWait = 64;

bool InitCurlOnce() {
  static std::once_flag once;
  static CURLcode result = CURLE_FAILED_INIT;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result == CURLE_OK;
}

// The one place a CURLcode becomes text: curl's generic message plus the
// transfer-specific detail from CURLOPT_ERRORBUFFER when it adds something.
std::string DescribeCurlError(CURLcode code, const char* detail) {
  std::string text = curl_easy_strerror(code);
  if (detail != nullptr && detail[0] != '\0' && text != detail) {
    text += ": ";
    text += detail;
  }
  return text;
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::string Trim(std::string text) {
  const char* space = " \t\r\n";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

// A header value we echo back to the server must not smuggle in a new line.
bool SafeHeaderValue(const std::string& value) {
  return value.find_first_of("\r\n") == std::string::npos;
}

// One transfer: the request, its easy handle and what has arrived so far.
struct Transfer {
  FetchRequest request;
  Fetcher::Callback done;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers;  // must outlive `easy` use
  FetchResponse response;
  size_t header_lines = 0;  // in the current response's header block
  size_t header_bytes = 0;  // in every header block so far
  bool body_started = false;
  char error_detail[CURL_ERROR_SIZE] = {};
  std::optional<CURLcode> setup_error;  // failed before reaching curl_multi
};

void ResetHeaders(Transfer* t) {
  FetchResponse& r = t->response;
  r.content_type.clear();
  r.etag.clear();
  r.last_modified.clear();
  r.location.clear();
  r.retry_after.clear();
  t->header_lines = 0;
}

// Stores the value of a header we report, if `line` is one.
void CaptureHeader(FetchResponse* r, const std::string& line) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return;  // the blank line ending the block
  const std::string name = line.substr(0, colon);
  const std::pair<const char*, std::string*> fields[] = {
      {"Content-Type", &r->content_type},
      {"ETag", &r->etag},
      {"Last-Modified", &r->last_modified},
      {"Location", &r->location},
      {"Retry-After", &r->retry_after}};
  for (const auto& [field, dest] : fields) {
    if (strcasecmp(name.c_str(), field) == 0) *dest = Trim(line.substr(colon + 1));
  }
}

// Keeps only headers of the last response: curl hands us every block
// (1xx interim responses, a proxy's CONNECT reply), each starting with its
// status line. Lines after the body has begun are chunked trailers, which
// must not override the real headers.
size_t HeaderCallback(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->header_bytes += n;
  if (t->header_bytes > kMaxHeaderBytes) {
    t->response.headers_too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  if (n >= 5 && strncasecmp(data, "HTTP/", 5) == 0) {
    ResetHeaders(t);
  } else if (!t->body_started && ++t->header_lines <= kMaxHeaderLines &&
             n <= kMaxHeaderLineBytes) {
    CaptureHeader(&t->response, std::string(data, n));
  }
  return n;
}

// Returning less than `n` makes curl abort with CURLE_WRITE_ERROR; that is
// how a body past max_body_bytes is cut short.
size_t WriteCallback(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->body_started = true;
  if (t->response.body.size() + n > t->request.max_body_bytes) {
    t->response.too_large = true;
    if (t->request.keep_truncated) {
      t->response.body.append(
          data, t->request.max_body_bytes - t->response.body.size());
    }
    return 0;
  }
  t->response.body.append(data, n);
  return n;
}

// Appends "name: value" to the transfer's request headers; values that could
// inject another header line are dropped.
bool AddHeader(Transfer* t, const char* name, const std::string& value) {
  if (value.empty() || !SafeHeaderValue(value)) return true;
  std::string line = std::string(name) + ": " + value;
  curl_slist* grown = curl_slist_append(t->headers.get(), line.c_str());
  if (grown == nullptr) return false;
  (void)t->headers.release();  // the list is now owned through `grown`
  t->headers.reset(grown);
  return true;
}

// Every option of a transfer; the first failure wins (e.g. a libcurl built
// without a feature we ask for).
CURLcode Configure(Transfer* t) {
  CURL* e = t->easy.get();
  const FetchRequest& q = t->request;
  if (!AddHeader(t, "If-None-Match", q.if_none_match) ||
      !AddHeader(t, "If-Modified-Since", q.if_modified_since)) {
    return CURLE_OUT_OF_MEMORY;
  }
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption opt, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, value);
  };
  set(CURLOPT_URL, q.url.c_str());
  set(CURLOPT_PRIVATE, static_cast<void*>(t));
  set(CURLOPT_ERRORBUFFER, t->error_detail);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);  // the engine vets every hop itself
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  set(CURLOPT_NOSIGNAL, 1L);
  if (!q.user_agent.empty()) set(CURLOPT_USERAGENT, q.user_agent.c_str());
  if (!q.ca_file.empty()) set(CURLOPT_CAINFO, q.ca_file.c_str());
  set(CURLOPT_TIMEOUT_MS, q.timeout_ms);
  set(CURLOPT_CONNECTTIMEOUT_MS, q.connect_timeout_ms);
  set(CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytesPerSecond);
  set(CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
  if (!q.keep_truncated) {
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(q.max_body_bytes));
  }
  if (t->headers) set(CURLOPT_HTTPHEADER, t->headers.get());
  set(CURLOPT_HEADERFUNCTION, &HeaderCallback);
  set(CURLOPT_HEADERDATA, static_cast<void*>(t));
  set(CURLOPT_WRITEFUNCTION, &WriteCallback);
  set(CURLOPT_WRITEDATA, static_cast<void*>(t));
  return rc;
}

// Fills status/error/seconds once curl is done with the transfer.
void Finish(Transfer* t, CURLcode result) {
  FetchResponse& r = t->response;
  CURL* e = t->easy.get();
  long code = 0;
  char* content_type = nullptr;
  if (e != nullptr) {
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &r.seconds);
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type) ==
            CURLE_OK &&
        content_type != nullptr) {
      r.content_type = content_type;
    }
  }
  // MAXFILESIZE trips on a declared Content-Length; the write callback on
  // what actually arrives (chunked or decoded bodies).
  if (result == CURLE_FILESIZE_EXCEEDED) r.too_large = true;
  // curl reports a header line over its limit as CURLE_OUT_OF_MEMORY; while
  // headers are still arriving that is what it means (a real allocation
  // failure there is not worth telling apart).
  if (result == CURLE_OUT_OF_MEMORY && !t->body_started) {
    r.headers_too_large = true;
  }
  if (r.headers_too_large) {
    r.status = 0;
    r.error = "response headers too large (a line over " +
              std::to_string(kCurlMaxHeaderLine / 1024) + " KiB or " +
              std::to_string(kMaxHeaderBytes / 1024) + " KiB in all)";
  } else if (r.too_large) {
    r.status = static_cast<int>(code);
    r.error = "body larger than " + std::to_string(t->request.max_body_bytes) +
              " bytes";
  } else if (result == CURLE_OK) {
    r.status = static_cast<int>(code);
  } else {
    r.status = 0;
    r.error = DescribeCurlError(result, t->error_detail);
  }
}

// The one CURLM, cleaned up on destruction.
class MultiHandle {
 public:
  MultiHandle() : multi_(curl_multi_init()) {}
  ~MultiHandle() { Reset(); }
  MultiHandle(const MultiHandle&) = delete;
  MultiHandle& operator=(const MultiHandle&) = delete;
  CURLM* get() const { return multi_; }
  void Reset() {
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    multi_ = nullptr;
  }

 private:
  CURLM* multi_;
};

class CurlFetcher : public Fetcher {
 public:
  // Call Init() before use (NewCurlFetcher does): it can fail.
  CurlFetcher() = default;
  ~CurlFetcher() override;
  bool Init();

  void Start(FetchRequest request, Callback done) override;
  void Poll(int timeout_ms) override;
  size_t InFlight() const override {
    return transfers_.size() + setup_failed_.size();
  }
  void CancelAll() override;

 private:
  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self,
                      void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);

  int WaitMillis(int timeout_ms) const;
  void HandleEvents(const epoll_event* events, int count);
  void FireTimerIfDue();
  std::vector<std::unique_ptr<Transfer>> CollectFinished();

  // The destructor closes epoll_fd_ only after resetting multi_: curl calls
  // OnSocket while the multi handle tears down its cached connections.
  int epoll_fd_ = -1;
  MultiHandle multi_;
  std::optional<Clock::time_point> timer_deadline_;  // none: no timer
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> transfers_;
  std::vector<std::unique_ptr<Transfer>> setup_failed_;  // for the next Poll
};

bool CurlFetcher::Init() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  CURLM* m = multi_.get();
  if (epoll_fd_ < 0 || m == nullptr) return false;
  CURLMcode rc = CURLM_OK;
  auto set = [&](CURLMoption opt, auto value) {
    if (rc == CURLM_OK) rc = curl_multi_setopt(m, opt, value);
  };
  set(CURLMOPT_SOCKETFUNCTION, &CurlFetcher::OnSocket);
  set(CURLMOPT_SOCKETDATA, static_cast<void*>(this));
  set(CURLMOPT_TIMERFUNCTION, &CurlFetcher::OnTimer);
  set(CURLMOPT_TIMERDATA, static_cast<void*>(this));
  // The crawl engine enforces per-host concurrency; curl must not queue.
  set(CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
  set(CURLMOPT_MAXCONNECTS, kMaxCachedConnections);
  return rc == CURLM_OK;
}

// Outstanding transfers are cancelled silently: their callbacks never run,
// since the objects they would report to may already be gone.
void CurlFetcher::CancelAll() {
  for (auto& [raw, transfer] : transfers_) {
    curl_multi_remove_handle(multi_.get(), transfer->easy.get());
  }
  transfers_.clear();
  setup_failed_.clear();
}

CurlFetcher::~CurlFetcher() {
  CancelAll();
  multi_.Reset();  // may still call OnSocket: keep epoll_fd_ open until after
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

int CurlFetcher::OnSocket(CURL* easy, curl_socket_t fd, int what, void* self,
                          void* socket_data) {
  int epoll_fd = static_cast<CurlFetcher*>(self)->epoll_fd_;
  if (what == CURL_POLL_REMOVE) {
    // Fails harmlessly if curl already closed the fd (closing deregisters).
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    return 0;
  }
  epoll_event ev{};
  ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) |
              ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT) {
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
  return 0;
}

int CurlFetcher::OnTimer(CURLM* multi, long timeout_ms, void* self) {
  auto* fetcher = static_cast<CurlFetcher*>(self);
  if (timeout_ms < 0) {
    fetcher->timer_deadline_.reset();
  } else {
    fetcher->timer_deadline_ =
        Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void CurlFetcher::Start(FetchRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  t->easy.reset(curl_easy_init());
  CURLcode rc = t->easy ? Configure(t.get()) : CURLE_FAILED_INIT;
  // Adding the handle makes curl arm a 0 ms timer: the next Poll(), even
  // Poll(0), fires it and the transfer starts.
  if (rc == CURLE_OK &&
      curl_multi_add_handle(multi_.get(), t->easy.get()) != CURLM_OK) {
    rc = CURLE_FAILED_INIT;
  }
  if (rc != CURLE_OK) {
    t->setup_error = rc;
    setup_failed_.push_back(std::move(t));
    return;
  }
  Transfer* key = t.get();
  transfers_.emplace(key, std::move(t));
}

// Never sleeps past curl's next timeout, nor at all when callbacks are due.
int CurlFetcher::WaitMillis(int timeout_ms) const {
  int wait = std::max(timeout_ms, 0);
  if (!setup_failed_.empty()) return 0;
  if (timer_deadline_) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*timer_deadline_ -
                                                             Clock::now());
    wait = std::min<long long>(wait, std::max<long long>(left.count(), 0));
  }
  return wait;
}

void CurlFetcher::HandleEvents(const epoll_event* events, int count) {
  int running = 0;
  for (int i = 0; i < count; ++i) {
    uint32_t ev = events[i].events;
    int flags = ((ev & (EPOLLIN | EPOLLHUP)) ? CURL_CSELECT_IN : 0) |
                ((ev & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                ((ev & EPOLLERR) ? CURL_CSELECT_ERR : 0);
    curl_multi_socket_action(multi_.get(), events[i].data.fd, flags, &running);
  }
}

void CurlFetcher::FireTimerIfDue() {
  if (!timer_deadline_ || Clock::now() < *timer_deadline_) return;
  timer_deadline_.reset();  // curl re-arms it from inside socket_action
  int running = 0;
  curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
}

// Detaches finished transfers from curl before any callback runs, so a
// callback that calls Start() never meets a half-drained multi handle.
std::vector<std::unique_ptr<Transfer>> CurlFetcher::CollectFinished() {
  std::vector<std::unique_ptr<Transfer>> finished;
  finished.swap(setup_failed_);
  for (auto& t : finished) Finish(t.get(), *t->setup_error);
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode result = msg->data.result;  // msg dies with remove_handle
    char* raw = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
    auto it = transfers_.find(reinterpret_cast<Transfer*>(raw));
    if (it == transfers_.end()) continue;  // not ours: cannot happen
    curl_multi_remove_handle(multi_.get(), easy);
    Finish(it->second.get(), result);
    finished.push_back(std::move(it->second));
    transfers_.erase(it);
  }
  return finished;
}

void CurlFetcher::Poll(int timeout_ms) {
  epoll_event events[kMaxEventsPerWait];
  int n = epoll_wait(epoll_fd_, events, kMaxEventsPerWait,
                     WaitMillis(timeout_ms));
  if (n > 0) HandleEvents(events, n);
  FireTimerIfDue();
  for (auto& t : CollectFinished()) {
    Callback done = std::move(t->done);
    FetchResponse response = std::move(t->response);
    t.reset();  // free the easy handle before user code runs
    if (done) done(std::move(response));
  }
}

}  // namespace

std::unique_ptr<Fetcher> NewCurlFetcher() {
  if (!InitCurlOnce()) return nullptr;
  auto fetcher = std::make_unique<CurlFetcher>();
  if (!fetcher->Init()) return nullptr;
  return fetcher;
}

}  // namespace domex::crawler
