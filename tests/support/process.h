// Child processes for tests: started with arguments, output captured to a file, always ended
// (SIGKILL at the latest) when the owner goes away, even when a test fails.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <time.h>

#include <chrono>
#include <string>
#include <vector>

namespace ksink::test {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Starts `argv`; stdout and stderr go to `log_path` (appended).
  void start(const std::vector<std::string>& argv, const std::string& log_path);
  // Sends `sig` and waits up to `timeout` for the exit; returns the exit code (128+signal when
  // killed by a signal), or -1 when it had to be killed.
  int stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Waits for the process to exit by itself; -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  bool running();
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_; }
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  std::string log_;
};

// A TCP port on 127.0.0.1 nobody listens on right now.
int free_port();
// One for a Redis Cluster node: at most 55535 with its bus port (+10000) free too, since Redis
// refuses a higher port even with cluster-port set (redis 7.0's startup check).
int free_cluster_port();

// A fresh directory under /tmp, removed by the caller when it wants.
std::string temp_dir(const std::string& prefix);

// Polls `predicate` every 50 ms until it holds or `timeout` passes.
template <typename F>
bool eventually(F predicate, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    struct timespec ts {0, 50'000'000};
    nanosleep(&ts, nullptr);
  }
  return predicate();
}

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

}  // namespace ksink::test
