// A minimal fork-join helper for the fast engines: tasks 0..count-1 handed
// out dynamically to `threads` workers (std::thread), the first exception
// rethrown in the caller.  threads = 0 means every core
// (std::thread::hardware_concurrency()).
#pragma once

#include <cstddef>
#include <functional>

namespace nf {

// The worker count for a request of `threads` (0 = all cores), at least 1.
unsigned resolve_threads(unsigned threads);

// Runs body(task, worker) for every task in [0, count), worker in
// [0, workers); tasks are taken in increasing order.  Blocks until all finish.
void parallel_tasks(std::size_t count, unsigned workers, const std::function<void(std::size_t, unsigned)>& body);

// Runs body(begin, end, worker) over [0, count) split into `workers` nearly
// equal contiguous ranges.
void parallel_ranges(std::size_t count, unsigned workers,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body);

// OpenBLAS's own thread count (no effect with another BLAS); returns the previous value.
int set_blas_threads(int threads);

}  // namespace nf
