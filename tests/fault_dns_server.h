// A fault-injecting DNS responder for tests: UDP and TCP on one free
// loopback port, where a script decides, query by query, which raw messages
// go back (none, several, late, malformed, from another port). It does what
// NSD and unbound never do: QR=0 replies, wrong IDs and questions, bad
// compression pointers, records running past the message, 5 KB datagrams,
// truncation with no TCP behind it.
//
// The server runs on a thread of its own from Start to destruction; the
// script runs on that thread (it must not block). It parses queries with its
// own few lines, independent of the resolver under test.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace domex::testing {

// One query as the server received it.
struct DnsQuery {
  std::string raw;  // the whole message (without TCP's length prefix)
  uint16_t id = 0;
  std::string name;       // the question's name, lowercase, "mx.army.mil"
  std::string wire_name;  // as sent: length-prefixed labels and the root
  uint16_t type = 0;
  uint16_t qclass = 0;
  bool tcp = false;
  int index = 0;  // 0 for the first query received, over either transport
};

// One message to send back: `message` (TCP's length prefix is added), after
// `delay_ms`. UDP only: `from` another port of 127.0.0.1, or from
// 127.0.0.2, as an off-path spoofer would.
enum class DnsFrom { kServer, kOtherPort, kOtherAddress };
struct DnsSend {
  std::string message;
  int delay_ms = 0;
  DnsFrom from = DnsFrom::kServer;
};

// What to send for a query; nothing is silence.
using DnsScript = std::function<std::vector<DnsSend>(const DnsQuery&)>;

enum class TcpMode {
  kServe,        // TCP queries go to the script too
  kRefuse,       // nothing listens: connections are refused (RST)
  kCloseAtOnce,  // accepts, then closes without reading
  kSilent,       // accepts and reads, never answers
};

class FaultDnsServer {
 public:
  // Returns nullptr (after printing why) when it cannot bind.
  static std::unique_ptr<FaultDnsServer> Start(DnsScript script,
                                               TcpMode tcp = TcpMode::kServe);
  ~FaultDnsServer();
  FaultDnsServer(const FaultDnsServer&) = delete;
  FaultDnsServer& operator=(const FaultDnsServer&) = delete;

  int port() const { return port_; }
  std::string Address() const;  // "127.0.0.1:<port>"
  int udp_queries() const { return udp_queries_.load(); }
  int tcp_queries() const { return tcp_queries_.load(); }
  // UDP messages sent (by the time it counts them, loopback has queued
  // each in the receiver's socket buffer or dropped it).
  int udp_sent() const { return udp_sent_.load(); }
  int tcp_connections() const { return tcp_connections_.load(); }

 private:
  struct Impl;
  FaultDnsServer() = default;
  void Loop();

  int port_ = 0;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> stop_{false};
  std::atomic<int> udp_queries_{0};
  std::atomic<int> tcp_queries_{0};
  std::atomic<int> udp_sent_{0};
  std::atomic<int> tcp_connections_{0};
  std::thread thread_;
};

// Building replies, field by field, so a test can get any of them wrong.
struct DnsRecordSpec {
  std::string owner;  // wire form (see WireName), or a pointer (Pointer)
  uint16_t type = 1;  // A
  uint16_t rclass = 1;
  uint32_t ttl = 300;
  std::string rdata;
  int rdlength = -1;  // -1: rdata.size()
};

struct DnsMessageSpec {
  uint16_t id = 0;
  bool qr = true;
  int opcode = 0;
  bool aa = false;
  bool tc = false;
  bool rd = true;
  bool ra = true;
  int rcode = 0;
  std::vector<std::string> questions;  // each QNAME+QTYPE+QCLASS, raw
  std::vector<DnsRecordSpec> answers, authority, additional;
  // -1: the number of entries above; anything else is written as is.
  int qdcount = -1, ancount = -1, nscount = -1, arcount = -1;
  std::string trailing;  // raw octets after the last record

  std::string Encode() const;
};

// "a.b" -> "\1a\1b\0"; labels are taken as they are (any octets but '.').
std::string WireName(std::string_view dotted);
// A compression pointer to `offset` (RFC 1035 §4.1.4).
std::string Pointer(int offset);
// QNAME + QTYPE + QCLASS.
std::string QuestionBytes(const std::string& wire_name, uint16_t type,
                          uint16_t qclass = 1);
// An A record's RDATA from "192.0.2.1".
std::string ARdata(const std::string& dotted_quad);
// The usual reply to `q`: same ID and question, QR=1, RD and RA, `rcode`.
DnsMessageSpec ReplyTo(const DnsQuery& q, int rcode = 0);

}  // namespace domex::testing
