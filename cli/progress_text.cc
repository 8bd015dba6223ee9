#include "cli/progress_text.h"

#include <cmath>
#include <cstdio>

namespace domex::cli {
namespace {

// Items per second, once there is enough to measure; 0 before.
double Rate(double items, double elapsed_s) {
  return elapsed_s >= 0.5 && items > 0 ? items / elapsed_s : 0;
}

std::string RateText(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof buf, rate >= 10 ? "%.0f/s" : "%.1f/s", rate);
  return buf;
}

std::string Left(double remaining, double rate) {
  if (rate <= 0 || remaining <= 0) return "";
  return ", ~" + Clock(remaining / rate) + " left";
}

}  // namespace

std::string Clock(double seconds) {
  const long s = seconds > 0 ? static_cast<long>(std::lround(seconds)) : 0;
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
                  s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

std::string CrawlProgressText(const std::string& what,
                              const crawler::CrawlProgress& p,
                              double elapsed_s) {
  const double rate = Rate(p.pages_done, elapsed_s);
  std::string out = what + ": " + std::to_string(p.pages_done) + " pages";
  if (rate > 0) out += " (" + RateText(rate) + ")";
  out +=
      ", " + std::to_string(p.pages_queued) + " queued, " +
      std::to_string(p.addresses) +
      (p.addresses >= crawler::CrawlProgress::kMaxCountedAddresses ? "+" : "") +
      (p.addresses == 1 ? " address" : " addresses");
  if (p.failed > 0) out += ", " + std::to_string(p.failed) + " not checked";
  return out + ", " + Clock(elapsed_s) +
         Left(p.pages_queued + p.in_flight, rate);
}

std::string LookalikeProgressText(const std::string& what, size_t done,
                                  size_t total, size_t exist, size_t unknown,
                                  double elapsed_s) {
  const double rate = Rate(static_cast<double>(done), elapsed_s);
  std::string out =
      what + ": " + std::to_string(done) + "/" + std::to_string(total);
  if (total > 0) out += " (" + std::to_string(done * 100 / total) + "%)";
  if (rate > 0) out += ", " + RateText(rate);
  out += ", " + std::to_string(exist) + " exist";
  if (unknown > 0) out += ", " + std::to_string(unknown) + " unknown";
  return out + ", " + Clock(elapsed_s) +
         Left(static_cast<double>(total - std::min(done, total)), rate);
}

}  // namespace domex::cli
