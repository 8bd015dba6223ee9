// The c-ares DnsChecker: one ares_channel driven by epoll.
//
// c-ares tells us which sockets to watch through the socket-state callback
// (-> epoll_ctl) and how long to sleep through ares_timeout; ares_process_fd
// reads answers and expires tries. We keep the number of queries handed to
// c-ares bounded (see DnsOptions::max_in_flight) and queue the rest; a
// RateGovernor moves that bound and the send rate with how queries end.
// Failed queries wait out a retry delay, then queue again. Every reply
// passes through AresSockets (resolver/ares_sockets.h) before c-ares sees it,
// and every answer c-ares hands over is checked again (CheckReply) before
// its RCODE is believed.
#include "resolver/dns_checker.h"

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <random>

#include "resolver/ares_sockets.h"
#include "resolver/dns_message.h"
#include "resolver/dns_reply.h"
#include "resolver/rate_governor.h"

namespace domex::resolver {
namespace {

using Rcode = DnsAnswer::Rcode;
using Clock = std::chrono::steady_clock;

// RFC 9715 / DNS Flag Day 2020: 1232 octets avoids IP fragmentation.
constexpr int kEdnsUdpSize = 1232;
constexpr int kMaxEventsPerWait = 64;
constexpr int kMaxWaitMs = 1000;
constexpr int kStopCheckMs = 100;
// What the kernel charges per queued UDP datagram of up to kEdnsUdpSize
// (payload plus sk_buff overhead), measured generously.
constexpr int kBufferBytesPerAnswer = 4096;
constexpr int kMinReceiveBuffer = 256 * 1024;
constexpr std::chrono::milliseconds kMaxRetryDelay{5000};
constexpr std::chrono::seconds kPruneInterval{1};

// c-ares reads one UDP socket per server. A burst of max_in_flight answers
// can arrive before we read any of them; with the default buffer (208 KiB
// on Linux) about half of 500 were dropped and cost a retry each. The
// kernel caps the size at net.core.rmem_max.
int ReceiveBufferBytes(size_t max_in_flight) {
  const size_t want = max_in_flight * kBufferBytesPerAnswer;
  return static_cast<int>(std::clamp<size_t>(want, kMinReceiveBuffer, 1 << 26));
}

// The one place c-ares status codes become answers. ARES_ENODATA is NOERROR
// without records of the asked type (NODATA, RFC 2308 §2.2), both as a query
// status and from the parsers.
Rcode FromAresStatus(int status) {
  switch (status) {
    case ARES_SUCCESS:
    case ARES_ENODATA:
      return Rcode::kNoError;
    case ARES_ENOTFOUND:
      return Rcode::kNxDomain;
    case ARES_ESERVFAIL:
      return Rcode::kServFail;
    case ARES_EREFUSED:
      return Rcode::kRefused;
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:
      return Rcode::kTimeout;
    default:
      return Rcode::kOther;
  }
}

enum class Kind { kA, kAaaa, kMx, kNs };

int QueryType(Kind kind) {
  switch (kind) {
    case Kind::kA:
      return ns_t_a;
    case Kind::kAaaa:
      return ns_t_aaaa;
    case Kind::kMx:
      return ns_t_mx;
    case Kind::kNs:
      return ns_t_ns;
  }
  return ns_t_a;
}

DnsAnswer* AnswerFor(DomainRecords* r, Kind kind) {
  switch (kind) {
    case Kind::kA:
      return &r->a;
    case Kind::kAaaa:
      return &r->aaaa;
    case Kind::kMx:
      return &r->mx;
    case Kind::kNs:
      return &r->ns;
  }
  return &r->a;
}

// Addresses of an A or AAAA answer (CNAME targets' addresses included, as
// c-ares follows the chain inside the answer section).
int ParseAddresses(Kind kind, const unsigned char* buf, int len,
                   std::vector<std::string>* out) {
  hostent* host = nullptr;
  int status = kind == Kind::kA
                   ? ares_parse_a_reply(buf, len, &host, nullptr, nullptr)
                   : ares_parse_aaaa_reply(buf, len, &host, nullptr, nullptr);
  if (status != ARES_SUCCESS) return status;
  char text[INET6_ADDRSTRLEN];
  for (char** p = host->h_addr_list; *p != nullptr; ++p) {
    if (inet_ntop(host->h_addrtype, *p, text, sizeof text) != nullptr) {
      out->push_back(text);
    }
  }
  ares_free_hostent(host);
  return ARES_SUCCESS;
}

// The root name expands to "": write it "." so a null MX (RFC 7505) reads
// "0 .".
std::string HostText(const char* host) {
  return (host == nullptr || *host == '\0') ? "." : host;
}

int ParseMx(const unsigned char* buf, int len, std::vector<std::string>* out) {
  ares_mx_reply* mx = nullptr;
  int status = ares_parse_mx_reply(buf, len, &mx);
  if (status != ARES_SUCCESS) return status;
  for (ares_mx_reply* m = mx; m != nullptr; m = m->next) {
    out->push_back(std::to_string(m->priority) + " " + HostText(m->host));
  }
  ares_free_data(mx);
  return ARES_SUCCESS;
}

int ParseNs(const unsigned char* buf, int len, std::vector<std::string>* out) {
  hostent* host = nullptr;
  int status = ares_parse_ns_reply(buf, len, &host);
  if (status != ARES_SUCCESS) return status;
  for (char** p = host->h_aliases; *p != nullptr; ++p) out->push_back(*p);
  ares_free_hostent(host);
  return ARES_SUCCESS;
}

int ParseRecords(Kind kind, const unsigned char* buf, int len,
                 std::vector<std::string>* out) {
  switch (kind) {
    case Kind::kA:
    case Kind::kAaaa:
      return ParseAddresses(kind, buf, len, out);
    case Kind::kMx:
      return ParseMx(buf, len, out);
    case Kind::kNs:
      return ParseNs(buf, len, out);
  }
  return ARES_EBADRESP;
}

// RFC 6604 §3: with a CNAME chain the RCODE describes the last name, so
// NXDOMAIN plus answer records (the CNAME) means the asked name does exist.
bool DanglingAlias(int status, const unsigned char* buf, int len) {
  constexpr int kAnswerCountOffset = 6;  // RFC 1035 §4.1.1 header: ANCOUNT
  if (status != ARES_ENOTFOUND || buf == nullptr || len < 12) return false;
  return (buf[kAnswerCountOffset] << 8 | buf[kAnswerCountOffset + 1]) > 0;
}

// Whether `buf` is a well-formed response to our question (RFC 1035 §4.1,
// RFC 5452 §9.1). UDP replies were checked before c-ares saw them; TCP
// replies are checked only here.
bool AnswersOurQuery(const unsigned char* buf, int len,
                     const std::string& domain, Kind kind) {
  std::optional<WireQuestion> asked = MakeQuestion(domain, QueryType(kind));
  return asked.has_value() && len >= 0 &&
         CheckReply(std::string_view(reinterpret_cast<const char*>(buf),
                                     static_cast<size_t>(len)),
                    *asked, true) == ReplyFault::kNone;
}

// A query that ended without a reply. Only a try that was lost or refused
// by the network is a timeout; a status naming an RCODE (ARES_ENOTFOUND,
// ARES_SUCCESS...) with no reply behind it came from c-ares itself, which
// answers some names without asking anyone (".onion" in ares_search and
// ares_getaddrinfo, RFC 7686 §2; "localhost" and search/ndots rules in
// newer versions). Nobody denied the name: it is no NXDOMAIN.
//
// SERVFAIL and REFUSED come without a reply when every server answered so
// (c-ares skips such servers unless ARES_FLAG_NOCHECKRESP); sockets_
// checked each of those replies before c-ares saw it.
Rcode WithoutReply(int status) {
  switch (status) {
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:
      return Rcode::kTimeout;
    case ARES_ESERVFAIL:
      return Rcode::kServFail;
    case ARES_EREFUSED:
      return Rcode::kRefused;
    default:
      return Rcode::kOther;
  }
}

// Fills `answer` from a finished query. Only a reply that is a response to
// our question says anything, whatever its RCODE.
void FillAnswer(int status, const unsigned char* buf, int len,
                const std::string& domain, Kind kind, DnsAnswer* answer) {
  if (buf == nullptr) {
    answer->rcode = WithoutReply(status);
    return;
  }
  if (!AnswersOurQuery(buf, len, domain, kind)) {
    answer->rcode = Rcode::kBadReply;
    return;
  }
  // c-ares 1.18 maps RCODEs 0-5 to statuses and leaves any other (YXDOMAIN,
  // NOTAUTH, ... RFC 6895 §2.3) as success: records carried beside such an
  // RCODE are no answer.
  if (MessageRcode(std::string_view(reinterpret_cast<const char*>(buf),
                                    static_cast<size_t>(len))) > 5) {
    answer->rcode = Rcode::kOther;
    return;
  }
  if (DanglingAlias(status, buf, len)) status = ARES_ENODATA;
  answer->rcode = FromAresStatus(status);
  if (status != ARES_SUCCESS) return;
  answer->truncated_retried = len > kEdnsUdpSize;
  answer->rcode =
      FromAresStatus(ParseRecords(kind, buf, len, &answer->records));
  if (answer->rcode != Rcode::kNoError) answer->records.clear();
}

Status ParsePort(std::string_view text, std::string_view whole,
                 uint16_t* port) {
  unsigned value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      value == 0 || value > 65535) {
    return Status::InvalidArgument("nameserver \"" + std::string(whole) +
                                   "\": bad port \"" + std::string(text) +
                                   "\"");
  }
  *port = static_cast<uint16_t>(value);
  return Status::Ok();
}

// An ares_channel, destroyed with its owner. Destroying it calls back every
// pending query with ARES_EDESTRUCTION.
class Channel {
 public:
  Channel() = default;
  ~Channel() { Reset(); }
  void Reset() {
    if (channel_ != nullptr) ares_destroy(channel_);
    channel_ = nullptr;
  }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ares_channel* out() { return &channel_; }
  ares_channel get() const { return channel_; }

 private:
  ares_channel channel_ = nullptr;
};

// Per-domain state shared by its queries.
struct Job {
  DomainRecords records;
  DnsChecker::Callback done;
  int outstanding = 0;  // queries queued, waiting to retry or in flight
};

class AresChecker;

struct PendingQuery {
  std::shared_ptr<Job> job;
  Kind kind;
  int attempt = 0;  // 0: first; n: the n-th retry
};

struct InFlight {
  AresChecker* checker;
  PendingQuery query;
  Clock::time_point sent;
};

// Answers that may come out differently a moment later: a lost query, an
// upstream failure, a rate limit that turns us away, a reply that was no
// answer (forged, or broken on the way).
bool Retryable(Rcode rcode) {
  return rcode == Rcode::kTimeout || rcode == Rcode::kServFail ||
         rcode == Rcode::kRefused || rcode == Rcode::kBadReply;
}

bool Useful(Rcode rcode) {
  return rcode == Rcode::kNoError || rcode == Rcode::kNxDomain;
}

// The longest c-ares works on one query: `tries` rounds over the servers,
// the timeout doubling each round (ares__send_query). The system's
// resolv.conf may list up to 3 servers.
std::chrono::milliseconds QueryLifetime(const DnsOptions& options) {
  const int servers =
      std::max<int>(3, static_cast<int>(options.nameservers.size()));
  int64_t ms = 0;
  for (int round = 0; round < options.tries; ++round) {
    ms += static_cast<int64_t>(servers) * options.timeout_ms
          << std::min(round, 20);
  }
  return std::chrono::milliseconds(ms + 1000);
}

GovernorOptions GovernorFor(const DnsOptions& options) {
  GovernorOptions g;
  g.max_in_flight = std::max<size_t>(1, options.max_in_flight);
  g.qps = options.qps;
  return g;
}

int MsUntil(Clock::time_point when, Clock::time_point now) {
  if (when <= now) return 0;
  // Round up: waking a moment early would spin until the deadline.
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(when - now);
  return static_cast<int>((us.count() + 999) / 1000);
}

class AresChecker : public DnsChecker {
 public:
  explicit AresChecker(const DnsOptions& options)
      : options_(options),
        governor_(GovernorFor(options)),
        sockets_(ReceiveBufferBytes(options.max_in_flight),
                 QueryLifetime(options), kEdnsUdpSize) {}
  ~AresChecker() override;
  Status Init();

  void Check(std::string domain, Callback done) override;
  void Run() override;
  void Cancel() override;
  Stats stats() const override;
  void set_stop_flag(const std::atomic<bool>* flag) override {
    stop_flag_ = flag;
  }

 private:
  static void OnSocketState(void* self, ares_socket_t fd, int readable,
                            int writable);
  static void OnAnswer(void* arg, int status, int timeouts, unsigned char* buf,
                       int len);
  Status SetServers();
  void Enqueue(const std::shared_ptr<Job>& job, Kind kind);
  bool Unfinished() const;
  void Pump();
  bool RateAllows();
  int WaitMs();
  void HandleEvents(const epoll_event* events, int count);
  void Account(const PendingQuery& query, Rcode rcode, int status, int timeouts,
               Clock::time_point sent);
  bool Useless() const;
  void Finished(PendingQuery query, DnsAnswer answer);
  void Retry(PendingQuery query);
  void SkipAfterNxDomain(const std::shared_ptr<Job>& job);
  void Complete(const std::shared_ptr<Job>& job);
  void DropAll();
  Clock::duration SilenceLimit() const;

  DnsOptions options_;
  RateGovernor governor_;
  int epoll_fd_ = -1;
  AresSockets sockets_;
  Channel channel_;  // declared after both: destroyed first
  std::deque<PendingQuery> queue_;
  // Failed queries by the time their retry delay is over.
  std::multimap<Clock::time_point, PendingQuery> retry_wait_;
  size_t in_flight_ = 0;
  bool running_ = false;           // inside Run
  bool cancel_requested_ = false;  // Cancel from a callback; Run drops all
  bool dropping_ = false;          // answers are discarded, not reported
  Clock::time_point next_send_ = Clock::now();
  std::minstd_rand random_{std::random_device{}()};
  Stats stats_;
  const std::atomic<bool>* stop_flag_ = nullptr;
  Clock::time_point last_heard_;  // the last answer that was not a timeout
  uint64_t useful_ = 0;           // NOERROR and NXDOMAIN answers
  uint64_t failed_ = 0;           // failures that were not silence
  uint64_t final_ended_ = 0;      // queries ended, retries done
};

AresChecker::~AresChecker() {
  dropping_ = true;
  // Pending callbacks (ARES_EDESTRUCTION) and socket closes need epoll_fd_
  // and this object: destroy the channel first.
  channel_.Reset();
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

Status AresChecker::Init() {
  static const int library = ares_library_init(ARES_LIB_INIT_ALL);
  if (library != ARES_SUCCESS) {
    return Status::IoError(std::string("c-ares: ") + ares_strerror(library));
  }
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Status::IoError("epoll_create1 failed");
  ares_options opts{};
  opts.sock_state_cb = &AresChecker::OnSocketState;
  opts.sock_state_cb_data = this;
  opts.timeout = options_.timeout_ms;
  opts.tries = options_.tries;
  // EDNS (RFC 6891) lets answers up to kEdnsUdpSize arrive over UDP; bigger
  // ones come back truncated and c-ares retries them over TCP (RFC 7766 §5;
  // ARES_FLAG_IGNTC stays off).
  opts.flags = ARES_FLAG_EDNS;
  opts.ednspsz = kEdnsUdpSize;
  // The receive buffer is set by sockets_, which opens every socket.
  int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
             ARES_OPT_FLAGS | ARES_OPT_EDNSPSZ;
  if (options_.nameservers.size() > 1) {
    // Several servers: each gets its share of first tries (without ROTATE
    // c-ares sends everything to the first, so a second that refuses us is
    // never seen and a first that refuses us hides a good second), and a
    // server that answers SERVFAIL or REFUSED is skipped for that query,
    // the next one asked. Each server's RCODEs are counted by sockets_.
    mask |= ARES_OPT_ROTATE;
  } else {
    // One server: hand SERVFAIL/REFUSED back at once instead of asking it
    // again within the query, so that a rate limiter's REFUSED slows us down
    // and a retry waits out its delay.
    opts.flags |= ARES_FLAG_NOCHECKRESP;
  }
  int status = ares_init_options(channel_.out(), &opts, mask);
  if (status != ARES_SUCCESS) {
    return Status::IoError(std::string("c-ares init: ") +
                           ares_strerror(status));
  }
  sockets_.Install(channel_.get());
  return SetServers();
}

Status AresChecker::SetServers() {
  if (options_.nameservers.empty()) return Status::Ok();
  std::vector<ares_addr_port_node> nodes(options_.nameservers.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    Result<Nameserver> ns = ParseNameserver(options_.nameservers[i]);
    if (!ns.ok()) return ns.status();
    ares_addr_port_node& n = nodes[i];
    n.next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
    n.family = ns->ipv6 ? AF_INET6 : AF_INET;
    void* dst = ns->ipv6 ? static_cast<void*>(&n.addr.addr6)
                         : static_cast<void*>(&n.addr.addr4);
    inet_pton(n.family, ns->host.c_str(), dst);  // validated by the parser
    n.udp_port = n.tcp_port = ns->port;
  }
  int status = ares_set_servers_ports(channel_.get(), nodes.data());
  if (status != ARES_SUCCESS) {
    return Status::InvalidArgument(std::string("c-ares servers: ") +
                                   ares_strerror(status));
  }
  return Status::Ok();
}

void AresChecker::OnSocketState(void* self, ares_socket_t fd, int readable,
                                int writable) {
  int epoll_fd = static_cast<AresChecker*>(self)->epoll_fd_;
  if (!readable && !writable) {  // c-ares is closing the socket
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    return;
  }
  epoll_event ev{};
  ev.events = (readable ? EPOLLIN : 0u) | (writable ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT) {
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
}

void AresChecker::Check(std::string domain, Callback done) {
  auto job = std::make_shared<Job>();
  job->records.domain = std::move(domain);
  job->done = std::move(done);
  // A goes first alone: most lookalike candidates do not exist, and an
  // NXDOMAIN for the name answers every type (RFC 8020), saving 3 queries.
  Enqueue(job, Kind::kA);
}

void AresChecker::Enqueue(const std::shared_ptr<Job>& job, Kind kind) {
  ++job->outstanding;
  queue_.push_back(PendingQuery{job, kind});
}

bool AresChecker::Unfinished() const {
  return in_flight_ > 0 || !queue_.empty() || !retry_wait_.empty();
}

bool AresChecker::RateAllows() {
  const double qps = governor_.qps();
  if (qps <= 0) return true;
  const auto now = Clock::now();
  if (now < next_send_) return false;
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / qps));
  // No credit for idle time: a burst after a pause would exceed the rate.
  next_send_ = std::max(next_send_, now - interval) + interval;
  return true;
}

void AresChecker::Pump() {
  // Retries whose delay is over queue behind the queries already waiting.
  const auto now = Clock::now();
  while (!retry_wait_.empty() && retry_wait_.begin()->first <= now) {
    queue_.push_back(std::move(retry_wait_.begin()->second));
    retry_wait_.erase(retry_wait_.begin());
  }
  // ares_query may call back at once (a send error), and that callback may
  // Cancel.
  while (!cancel_requested_ && !queue_.empty() &&
         in_flight_ < governor_.max_in_flight() && RateAllows()) {
    auto* flight = new InFlight{this, std::move(queue_.front()), Clock::now()};
    queue_.pop_front();
    ++in_flight_;
    governor_.Sent(flight->sent);
    ++stats_.queries_sent;
    if (flight->query.attempt > 0) ++stats_.retries;
    ares_query(channel_.get(), flight->query.job->records.domain.c_str(),
               ns_c_in, QueryType(flight->query.kind), &AresChecker::OnAnswer,
               flight);
  }
}

void AresChecker::OnAnswer(void* arg, int status, int timeouts,
                           unsigned char* buf, int len) {
  std::unique_ptr<InFlight> flight(static_cast<InFlight*>(arg));
  AresChecker* self = flight->checker;
  --self->in_flight_;
  // Destroyed or cancelled: the caller wants no more callbacks.
  if (self->dropping_ || self->cancel_requested_) return;
  DnsAnswer answer;
  FillAnswer(status, buf, len, flight->query.job->records.domain,
             flight->query.kind, &answer);
  self->Account(flight->query, answer.rcode, status, timeouts, flight->sent);
  self->Finished(std::move(flight->query), std::move(answer));
}

// The governor judges first attempts only: a retry is of a query already
// known to fail, and a name that always fails would count three times. A try
// lost on the way (timeouts > 0) tells of a limit as a final timeout does,
// even when a later try was answered. SERVFAIL does not: the server
// answered, something behind it failed. Nor does a refused connection or a
// reply that answers nothing. REFUSED tells of a rate limit only from a
// server that has answered usefully before - that server, not any: one that
// refuses everything is refusing us (no recursion for this host), and
// slowing down would only make a run that cannot succeed last longer.
void AresChecker::Account(const PendingQuery& query, Rcode rcode, int status,
                          int timeouts, Clock::time_point sent) {
  ++stats_.answers[static_cast<size_t>(rcode)];
  stats_.try_timeouts += static_cast<uint64_t>(std::max(timeouts, 0));
  const bool refused_connection = status == ARES_ECONNREFUSED;
  if (rcode != Rcode::kTimeout) last_heard_ = Clock::now();
  if (Useful(rcode)) {
    ++useful_;
  } else if (rcode != Rcode::kTimeout || refused_connection) {
    ++failed_;
  }
  if (!options_.adaptive_backoff || query.attempt > 0) return;
  if (rcode == Rcode::kBadReply || (refused_connection && timeouts == 0)) {
    return;
  }
  const bool lost = status == ARES_ETIMEOUT || timeouts > 0;
  const NameserverStats* replier = sockets_.LastReplier();
  const bool turned_away =
      rcode == Rcode::kRefused && replier != nullptr && replier->Useful() > 0;
  governor_.Record(lost || turned_away ? RateGovernor::Outcome::kOverloaded
                                       : RateGovernor::Outcome::kAnswered,
                   sent, Clock::now());
}

// Not one useful answer, useless_limit queries ended for good (retries
// done: one burst of failures, such as c-ares resending everything when a
// server's TCP fails, is not enough), and the servers did more than keep
// silent (silence has its own limit, in time).
bool AresChecker::Useless() const {
  return options_.useless_limit > 0 && useful_ == 0 &&
         final_ended_ >= static_cast<uint64_t>(options_.useless_limit) &&
         (failed_ > 0 || sockets_.FaultSeen());
}

void AresChecker::Finished(PendingQuery query, DnsAnswer answer) {
  if (Retryable(answer.rcode) && query.attempt < options_.retries) {
    Retry(std::move(query));
    return;
  }
  ++final_ended_;
  const std::shared_ptr<Job>& job = query.job;
  DnsAnswer* final_answer = AnswerFor(&job->records, query.kind);
  *final_answer = std::move(answer);
  if (query.kind == Kind::kA) {
    if (final_answer->rcode == Rcode::kNxDomain) {
      SkipAfterNxDomain(job);
    } else {
      for (Kind k : {Kind::kAaaa, Kind::kMx, Kind::kNs}) Enqueue(job, k);
    }
  }
  if (--job->outstanding == 0) Complete(job);
}

void AresChecker::Retry(PendingQuery query) {
  ++query.attempt;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto delay = RetryDelay(
      query.attempt, std::chrono::milliseconds(options_.retry_delay_ms),
      kMaxRetryDelay, unit(random_));
  retry_wait_.emplace(Clock::now() + delay, std::move(query));
}

// NXDOMAIN means no data of any type exists at or below the name (RFC 8020
// §2), so the other answers would be NXDOMAIN too.
void AresChecker::SkipAfterNxDomain(const std::shared_ptr<Job>& job) {
  for (Kind k : {Kind::kAaaa, Kind::kMx, Kind::kNs}) {
    AnswerFor(&job->records, k)->rcode = Rcode::kNxDomain;
  }
}

void AresChecker::Complete(const std::shared_ptr<Job>& job) {
  Callback done = std::move(job->done);
  done(std::move(job->records));
}

int AresChecker::WaitMs() {
  timeval max{0, kMaxWaitMs * 1000};
  timeval buf{};
  timeval* tv = ares_timeout(channel_.get(), &max, &buf);
  // Round up: waking a moment early would spin until the deadline.
  int ms = static_cast<int>(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
  const auto now = Clock::now();
  // Only when a slot is free: at the cap, an answer is what we wait for.
  if (!queue_.empty() && governor_.qps() > 0 &&
      in_flight_ < governor_.max_in_flight()) {
    ms = std::min(ms, MsUntil(next_send_, now));
  }
  if (!retry_wait_.empty()) {
    ms = std::min(ms, MsUntil(retry_wait_.begin()->first, now));
  }
  // A signal ends the wait at once (EINTR), but a flag set by another
  // thread is only seen when the wait ends.
  if (stop_flag_ != nullptr) ms = std::min(ms, kStopCheckMs);
  return ms;
}

void AresChecker::HandleEvents(const epoll_event* events, int count) {
  for (int i = 0; i < count; ++i) {
    const int fd = events[i].data.fd;
    const uint32_t ev = events[i].events;
    // Errors and hang-ups are read: c-ares then sees the failure itself.
    ares_socket_t r =
        (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) ? fd : ARES_SOCKET_BAD;
    ares_socket_t w = (ev & EPOLLOUT) ? fd : ARES_SOCKET_BAD;
    ares_process_fd(channel_.get(), r, w);
  }
  // Expires tries whose time has come even when no socket was ready.
  ares_process_fd(channel_.get(), ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

Clock::duration AresChecker::SilenceLimit() const {
  int ms = options_.silence_limit_ms;
  if (ms <= 0) {
    int delays = 0;
    for (int i = 0; i < options_.retries; ++i) {
      delays += options_.retry_delay_ms << std::min(i, 10);
    }
    ms = 4 * options_.timeout_ms * options_.tries + delays;
  }
  return std::chrono::milliseconds(ms);
}

void AresChecker::Run() {
  running_ = true;
  last_heard_ = Clock::now();
  const Clock::duration silence_limit = SilenceLimit();
  epoll_event events[kMaxEventsPerWait];
  Clock::time_point last_prune = Clock::now();
  while (!cancel_requested_ && Unfinished()) {
    if (stop_flag_ != nullptr && stop_flag_->load()) {
      stats_.stopped = true;
      break;
    }
    const auto now = Clock::now();
    if (now - last_heard_ > silence_limit || Useless()) {
      stats_.gave_up = true;
      break;
    }
    if (now - last_prune >= kPruneInterval) {
      sockets_.Prune(now);
      last_prune = now;
    }
    Pump();
    if (cancel_requested_) break;
    int n = epoll_wait(epoll_fd_, events, kMaxEventsPerWait, WaitMs());
    if (n < 0 && errno != EINTR) break;  // only EBADF/EINVAL: a bug
    HandleEvents(events, std::max(n, 0));
  }
  running_ = false;
  if (cancel_requested_ || stats_.stopped || stats_.gave_up) DropAll();
}

// Inside Run, ares_cancel would call back into c-ares from its own callback;
// Run drops everything once the callback has returned instead.
void AresChecker::Cancel() {
  cancel_requested_ = true;
  if (!running_) DropAll();
}

void AresChecker::DropAll() {
  dropping_ = true;
  ares_cancel(channel_.get());  // each in-flight query: ARES_ECANCELLED
  dropping_ = false;
  queue_.clear();
  retry_wait_.clear();
  cancel_requested_ = false;
}

DnsChecker::Stats AresChecker::stats() const {
  Stats s = stats_;
  s.backoffs = governor_.backoffs();
  s.lowest_in_flight = governor_.lowest_in_flight();
  s.lowest_qps = governor_.lowest_qps();
  s.nameservers = sockets_.servers();
  return s;
}

}  // namespace

const char* RcodeName(Rcode rcode) {
  switch (rcode) {
    case Rcode::kNoError:
      return "NOERROR";
    case Rcode::kNxDomain:
      return "NXDOMAIN";
    case Rcode::kServFail:
      return "SERVFAIL";
    case Rcode::kRefused:
      return "REFUSED";
    case Rcode::kTimeout:
      return "TIMEOUT";
    case Rcode::kOther:
      return "OTHER";
    case Rcode::kBadReply:
      return "BADREPLY";
  }
  return "OTHER";
}

Result<Nameserver> ParseNameserver(std::string_view text) {
  const std::string whole(text);
  auto error = [&whole](const std::string& what) {
    return Status::InvalidArgument("nameserver \"" + whole + "\": " + what);
  };
  Nameserver ns;
  std::string_view host = text;
  std::optional<std::string_view> port;  // absent: 53
  const bool bracketed = !text.empty() && text.front() == '[';
  if (bracketed) {  // "[v6]:port", as in URIs (RFC 3986 §3.2.2)
    size_t close = text.find(']');
    if (close == std::string_view::npos) return error("missing ]");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return error("junk after ]");
    if (!rest.empty()) port = rest.substr(1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    size_t colon = text.find(':');  // more colons: a bare IPv6 address
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty()) return error("missing host");
  if (port.has_value()) {
    Status s = ParsePort(*port, text, &ns.port);
    if (!s.ok()) return s;
  }
  ns.host = std::string(host);
  unsigned char addr[sizeof(in6_addr)];
  ns.ipv6 = inet_pton(AF_INET6, ns.host.c_str(), addr) == 1;
  if (ns.ipv6 ||
      (!bracketed && inet_pton(AF_INET, ns.host.c_str(), addr) == 1)) {
    return ns;
  }
  return error("\"" + ns.host + "\" is not an " +
               (bracketed ? "IPv6 address" : "IP address"));
}

Result<std::unique_ptr<DnsChecker>> NewAresChecker(const DnsOptions& options) {
  if (options.timeout_ms <= 0 || options.tries <= 0 || options.qps < 0 ||
      options.retries < 0 || options.retry_delay_ms < 0) {
    return Status::InvalidArgument(
        "dns options: timeout_ms and tries must be positive, qps, retries "
        "and retry_delay_ms >= 0");
  }
  auto checker = std::make_unique<AresChecker>(options);
  Status s = checker->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<DnsChecker>(std::move(checker));
}

namespace internal {

DnsAnswer AnswerFromReply(int ares_status, std::string_view domain, int type,
                          std::string_view reply) {
  Kind kind = Kind::kA;
  for (Kind k : {Kind::kA, Kind::kAaaa, Kind::kMx, Kind::kNs}) {
    if (QueryType(k) == type) kind = k;
  }
  DnsAnswer answer;
  FillAnswer(ares_status,
             reply.empty() ? nullptr
                           : reinterpret_cast<const unsigned char*>(reply.data()),
             static_cast<int>(reply.size()), std::string(domain), kind,
             &answer);
  return answer;
}

}  // namespace internal
}  // namespace domex::resolver
