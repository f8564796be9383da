// The REST listener's connection threads: cpp-httplib gives every connection a thread for as
// long as it lasts, and its own pool has a fixed handful, so a few slow clients used to starve
// every other request. This pool starts a thread whenever none is free, up to a bound, and lets
// threads beyond the few it keeps end after a minute without work.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ksink::rest {

class GrowingPool final : public httplib::TaskQueue {
 public:
  GrowingPool(size_t kept, size_t max) : kept_(kept), max_(max) {}
  ~GrowingPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void run();

  const size_t kept_, max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::vector<std::thread::id> finished_;  // threads that ended, to join
  size_t idle_ = 0;
  size_t live_ = 0;
  bool stopping_ = false;
};

}  // namespace ksink::rest
