#include "core/thread_pool.hpp"

#include <flint/flint.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace nf {

namespace {

thread_local bool t_in_task = false;

// Marks the calling thread as running a task for its lifetime.
class InTask {
 public:
  InTask() : previous_(t_in_task) { t_in_task = true; }
  ~InTask() { t_in_task = previous_; }
  InTask(const InTask&) = delete;
  InTask& operator=(const InTask&) = delete;

 private:
  bool previous_;
};

// One call of parallel_tasks.  Slots (worker indices) are handed out under
// the pool's mutex; tasks through `next`.
struct Job {
  const std::function<void(std::size_t, unsigned)>* body = nullptr;
  std::size_t count = 0;
  unsigned workers = 0;
  unsigned slots = 1;      // slot 0 is the caller's
  unsigned helping = 0;    // pool threads inside run()
  bool closed = false;     // the caller is done: no more helpers may join
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_lock;
  std::exception_ptr error;

  // Takes tasks until none is left or one has failed.
  void run(unsigned worker) {
    try {
      for (;;) {
        if (failed.load()) return;
        const std::size_t t = next.fetch_add(1);
        if (t >= count) return;
        (*body)(t, worker);
      }
    } catch (...) {
      std::lock_guard<std::mutex> guard(error_lock);
      if (!error) error = std::current_exception();
      failed.store(true);
    }
  }
};

class ThreadPool {
 public:
  ThreadPool() = default;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    work_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  // Runs the job with the caller as worker 0 and up to workers - 1 pool threads.
  void run(Job& job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (threads_.size() + 1 < job.workers) threads_.emplace_back([this] { serve(); });
      queue_.push_back(&job);
    }
    work_.notify_all();
    {
      InTask in_task;
      job.run(0);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    close(job);
    done_.wait(lock, [&] { return job.helping == 0; });
  }

 private:
  // Removes the job from the queue (under mutex_).
  void close(Job& job) {
    job.closed = true;
    queue_.erase(std::remove(queue_.begin(), queue_.end(), &job), queue_.end());
  }

  // A pool thread: joins queued jobs as their next worker until the pool stops.
  void serve() {
    InTask in_task;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      Job& job = *queue_.front();
      const unsigned worker = job.slots++;
      if (job.slots >= job.workers) close(job);
      ++job.helping;
      lock.unlock();
      job.run(worker);
      lock.lock();
      if (--job.helping == 0 && job.closed) done_.notify_all();
    }
    lock.unlock();
    flint_cleanup();  // this thread's FLINT caches (FLINT 2.9 keeps them thread-local)
  }

  std::mutex mutex_;
  std::condition_variable work_, done_;
  std::deque<Job*> queue_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

ThreadPool& pool() {
  static ThreadPool instance;
  return instance;
}

}  // namespace

unsigned resolve_threads(unsigned threads) {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

bool in_parallel_task() { return t_in_task; }

void parallel_tasks(std::size_t count, unsigned workers, const std::function<void(std::size_t, unsigned)>& body) {
  workers = static_cast<unsigned>(std::min<std::size_t>(resolve_threads(workers), std::max<std::size_t>(count, 1)));
  if (workers == 1 || t_in_task) {
    for (std::size_t t = 0; t < count; ++t) body(t, 0);
    return;
  }
  Job job;
  job.body = &body;
  job.count = count;
  job.workers = workers;
  pool().run(job);
  if (job.error) std::rethrow_exception(job.error);
}

void parallel_ranges(std::size_t count, unsigned workers,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body) {
  workers = static_cast<unsigned>(std::min<std::size_t>(resolve_threads(workers), std::max<std::size_t>(count, 1)));
  parallel_tasks(workers, workers, [&](std::size_t w, unsigned worker) {
    const std::size_t begin = count * w / workers, end = count * (w + 1) / workers;
    body(begin, end, worker);
  });
}

}  // namespace nf
