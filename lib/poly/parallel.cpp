#include "poly/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

extern "C" {
// OpenBLAS extensions (declared here to avoid depending on one cblas.h).
void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
}

namespace nf {

unsigned resolve_threads(unsigned threads) {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

void parallel_tasks(std::size_t count, unsigned workers, const std::function<void(std::size_t, unsigned)>& body) {
  workers = std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  if (workers == 1) {
    for (std::size_t t = 0; t < count; ++t) body(t, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_lock;
  auto run = [&](unsigned worker) {
    try {
      for (;;) {
        if (failed.load()) return;
        const std::size_t t = next.fetch_add(1);
        if (t >= count) return;
        body(t, worker);
      }
    } catch (...) {
      std::lock_guard<std::mutex> guard(error_lock);
      if (!error) error = std::current_exception();
      failed.store(true);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

void parallel_ranges(std::size_t count, unsigned workers,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body) {
  workers = std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  parallel_tasks(workers, workers, [&](std::size_t w, unsigned worker) {
    const std::size_t begin = count * w / workers, end = count * (w + 1) / workers;
    body(begin, end, worker);
  });
}

int set_blas_threads(int threads) {
  if (!openblas_set_num_threads || !openblas_get_num_threads) return 1;
  const int previous = openblas_get_num_threads();
  openblas_set_num_threads(std::max(1, threads));
  return previous;
}

}  // namespace nf
