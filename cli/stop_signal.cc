#include "cli/stop_signal.h"

#include <csignal>

namespace domex::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

}  // namespace

void InstallStopHandlers() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

const std::atomic<bool>& StopFlag() { return g_stop; }

}  // namespace domex::cli
