// A private network for tests that must prove domex never resolves or
// fetches a host it should not: the test process moves into a network
// namespace of its own, where only loopback exists (and is up), and a mount
// namespace where /etc/resolv.conf names 127.0.0.1 as the only nameserver.
// Nothing the test or a domex child does can reach another machine, and
// every DNS question asked through the system resolver arrives at a
// DnsQueryLog in the test.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace domex::testing {

// Enters the private network (root, or a user namespace that allows it).
// Must be called while the process has one thread: unshare(CLONE_NEWNS)
// refuses otherwise (a gtest Environment's SetUp is such a place). Returns
// "" on success, or why it could not (the process is then unchanged, or at
// worst in a network namespace with nothing but loopback).
std::string EnterPrivateNetwork();

// Enters the private network before the first test of a binary, while the
// process still has one thread. Register it once per test binary:
//   [[maybe_unused]] ::testing::Environment* const kPrivateNetwork =
//       ::testing::AddGlobalTestEnvironment(
//           new testing::PrivateNetworkEnvironment);
class PrivateNetworkEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    error_ = EnterPrivateNetwork();
    if (!error_.empty()) std::cerr << "no private network (" << error_ << ")\n";
  }
  // "" once entered; else why not ("not set up" before SetUp ran).
  static const std::string& error() { return error_; }

 private:
  static inline std::string error_ = "not set up";
};

// A DNS responder on 127.0.0.1:53 (UDP) that records the name of every
// question and answers REFUSED, so a resolver gives up at once. Only
// useful inside EnterPrivateNetwork(), where that port is ours.
class DnsQueryLog {
 public:
  // nullptr (after printing why) when the port cannot be bound.
  static std::unique_ptr<DnsQueryLog> Start();
  ~DnsQueryLog();
  DnsQueryLog(const DnsQueryLog&) = delete;
  DnsQueryLog& operator=(const DnsQueryLog&) = delete;

  // Lowercase question names, in arrival order.
  std::vector<std::string> Names() const;

 private:
  DnsQueryLog() = default;
  void Loop();
  int fd_ = -1;
  int wake_[2] = {-1, -1};  // a pipe that ends Loop()
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<std::string> names_;
};

}  // namespace domex::testing
