// The library's thread pool (core/thread_pool.hpp) and BLAS-thread guard
// (core/blas_threads.hpp).
#include <doctest/doctest.h>

#include <flint/fmpz.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/blas_threads.hpp"
#include "core/thread_pool.hpp"
#include "test_support.hpp"

using namespace nf;

namespace {

// Runs parallel_tasks and checks that every task ran exactly once and that no
// worker index was used by two threads at the same time.
void require_each_task_once(std::size_t count, unsigned workers) {
  std::vector<std::atomic<int>> runs(count);
  const unsigned slots = workers == 0 ? resolve_threads(0) : workers;
  std::vector<std::atomic<int>> busy(slots);
  std::atomic<bool> overlap{false}, out_of_range{false};
  parallel_tasks(count, workers, [&](std::size_t t, unsigned w) {
    if (w >= slots) {
      out_of_range = true;
      return;
    }
    if (busy[w].fetch_add(1) != 0) overlap = true;
    runs[t].fetch_add(1);
    busy[w].fetch_sub(1);
  });
  CHECK_FALSE(out_of_range.load());
  CHECK_FALSE(overlap.load());
  std::size_t wrong = 0;
  for (const std::atomic<int>& r : runs) wrong += r.load() != 1;
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("parallel_tasks runs every index exactly once, whatever the worker count") {
  for (unsigned workers : {1u, 2u, 3u, 8u, 33u})
    for (std::size_t count : {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(1000)}) {
      CAPTURE(workers);
      CAPTURE(count);
      require_each_task_once(count, workers);
    }
}

TEST_CASE("workers = 0 means every core") {
  CHECK(resolve_threads(0) >= 1);
  CHECK(resolve_threads(5) == 5);
  require_each_task_once(500, 0);
  // With more tasks than cores, every core's worker index can appear.
  std::mutex lock;
  std::set<unsigned> seen;
  parallel_tasks(64, 0, [&](std::size_t, unsigned w) {
    std::lock_guard<std::mutex> guard(lock);
    seen.insert(w);
  });
  CHECK(*seen.rbegin() < resolve_threads(0));
}

TEST_CASE("the first exception reaches the caller, and the pool still works afterwards") {
  for (unsigned workers : {1u, 4u}) {
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH_AS(parallel_tasks(1000, workers,
                                        [&](std::size_t t, unsigned) {
                                          ran.fetch_add(1);
                                          if (t == 17) throw std::runtime_error("task 17");
                                        }),
                         "task 17", std::runtime_error);
    CHECK(ran.load() >= 18);
    require_each_task_once(100, workers);
  }
}

TEST_CASE("a nested call from inside a task runs inline and does not deadlock") {
  CHECK_FALSE(in_parallel_task());
  require_each_task_once(64, 16);  // idle pool threads that a nested call could wrongly recruit
  std::atomic<long> total{0};
  std::atomic<bool> outside{false}, not_in_task{false};
  parallel_tasks(2, 2, [&](std::size_t, unsigned) {
    if (!in_parallel_task()) not_in_task = true;
    const std::thread::id outer = std::this_thread::get_id();
    parallel_tasks(40, 4, [&](std::size_t u, unsigned inner) {
      // Inline: the calling thread, as worker 0.
      if (inner != 0 || std::this_thread::get_id() != outer) outside = true;
      std::this_thread::sleep_for(std::chrono::microseconds(500));
      total.fetch_add(static_cast<long>(u));
    });
    parallel_ranges(10, 3, [&](std::size_t lo, std::size_t hi, unsigned) {
      if (std::this_thread::get_id() != outer) outside = true;
      for (std::size_t u = lo; u < hi; ++u) total.fetch_add(1);
    });
  });
  CHECK_FALSE(not_in_task.load());
  CHECK_FALSE(outside.load());
  CHECK(total.load() == 2 * (39 * 40 / 2 + 10));
  CHECK_FALSE(in_parallel_task());
}

TEST_CASE("many small calls, also from several threads at once") {
  for (int i = 0; i < test::scaled(2000); ++i) {
    std::atomic<int> sum{0};
    parallel_tasks(3, 3, [&](std::size_t t, unsigned) { sum.fetch_add(static_cast<int>(t) + 1); });
    REQUIRE(sum.load() == 6);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&] {
      for (int i = 0; i < test::scaled(200); ++i) {
        std::atomic<int> sum{0};
        parallel_tasks(10, 3, [&](std::size_t t, unsigned) { sum.fetch_add(static_cast<int>(t)); });
        if (sum.load() != 45) failures.fetch_add(1);
      }
    });
  for (std::thread& t : callers) t.join();
  CHECK(failures.load() == 0);
}

TEST_CASE("parallel_ranges covers [0, count) with disjoint ranges") {
  for (std::size_t count : {std::size_t(0), std::size_t(5), std::size_t(1001)}) {
    std::vector<std::atomic<int>> hits(count);
    parallel_ranges(count, 4, [&](std::size_t lo, std::size_t hi, unsigned) {
      for (std::size_t i = lo; i < hi; ++i) hits[i].fetch_add(1);
    });
    std::size_t wrong = 0;
    for (const std::atomic<int>& h : hits) wrong += h.load() != 1;
    CHECK(wrong == 0);
  }
}

TEST_CASE("pool tasks may use FLINT integers") {
  std::vector<std::string> out(16);
  parallel_tasks(out.size(), 4, [&](std::size_t t, unsigned) {
    fmpz_t x;
    fmpz_init(x);
    fmpz_set_ui(x, 3);
    fmpz_pow_ui(x, x, 200 + static_cast<ulong>(t));
    char* s = fmpz_get_str(nullptr, 10, x);
    out[t] = s;
    flint_free(s);
    fmpz_clear(x);
  });
  fmpz_t y;
  fmpz_init(y);
  fmpz_set_ui(y, 3);
  fmpz_pow_ui(y, y, 215);
  char* s = fmpz_get_str(nullptr, 10, y);
  CHECK(out[15] == s);
  flint_free(s);
  fmpz_clear(y);
}

TEST_CASE("BlasThreadsGuard sets OpenBLAS's thread count for its scope") {
  const int before = blas_threads();
  {
    const BlasThreadsGuard one(1);
    CHECK(blas_threads() == 1);
    {
      const BlasThreadsGuard two(2);
      CHECK(blas_threads() >= 1);  // OpenBLAS caps it at its own maximum
    }
    CHECK(blas_threads() == 1);
  }
  CHECK(blas_threads() == before);
  try {
    const BlasThreadsGuard one(1);
    throw std::runtime_error("leave the scope");
  } catch (const std::runtime_error&) {
  }
  CHECK(blas_threads() == before);
}
