// Runs an HTTP server's accept loop (cpp-httplib's listen_after_bind) on a thread of its own.
#pragma once

#include <chrono>
#include <thread>

namespace ksink {

// Starts `server.listen_after_bind()` on a new thread and returns it once the loop runs.
// Waiting matters: httplib's stop() does nothing until the loop has started, so a stop() that
// comes too early is lost and joining the thread then hangs for ever.
template <class Server>
std::thread listen_in_background(Server& server) {
  std::thread thread([&server] { server.listen_after_bind(); });
  for (int i = 0; i < 5000 && !server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return thread;
}

}  // namespace ksink
