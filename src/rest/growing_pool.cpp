#include "rest/growing_pool.h"

#include <algorithm>
#include <chrono>

namespace ksink::rest {

void GrowingPool::enqueue(std::function<void()> fn) {
  std::vector<std::thread> ended;
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(fn));
    // Threads that ended on their own are joined here, on the accepting thread.
    for (auto id : finished_) {
      auto it = std::find_if(threads_.begin(), threads_.end(),
                             [&](const std::thread& t) { return t.get_id() == id; });
      if (it == threads_.end()) continue;
      ended.push_back(std::move(*it));
      threads_.erase(it);
    }
    finished_.clear();
    if (idle_ < jobs_.size() && live_ < max_) {
      ++live_;
      threads_.emplace_back([this] { run(); });
    }
  }
  cv_.notify_one();
  for (auto& t : ended) t.join();
}

void GrowingPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  std::vector<std::thread> all;
  {
    std::lock_guard lock(mu_);
    all.swap(threads_);
  }
  for (auto& t : all) t.join();
}

void GrowingPool::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    const bool woken = cv_.wait_for(lock, std::chrono::minutes(1),
                                    [&] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty() && (stopping_ || (!woken && live_ > kept_))) break;
    if (jobs_.empty()) continue;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
  --live_;
  if (!stopping_) finished_.push_back(std::this_thread::get_id());
}

}  // namespace ksink::rest
