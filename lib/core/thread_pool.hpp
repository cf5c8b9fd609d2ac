// The library's one thread pool: fork-join over tasks 0..count-1, handed out
// dynamically to `workers` workers, the first exception rethrown in the caller.
//
// The pool's threads start on first use and live until the process exits
// (each calls flint_cleanup() then, freeing its FLINT caches).  The caller is
// worker 0 and pool threads join as workers 1, 2, ...; a call made from
// inside a task (nested) runs inline in the calling thread, so it can never
// wait for threads that are busy with the outer call.  Calls from several
// threads at once are allowed.
#pragma once

#include <cstddef>
#include <functional>

namespace nf {

// The worker count for a request of `threads` (0 = every core,
// std::thread::hardware_concurrency()), at least 1.
unsigned resolve_threads(unsigned threads);

// Runs body(task, worker) for every task in [0, count), each exactly once
// unless a task throws; worker is in [0, min(workers, count)) and no two
// tasks run at the same time with the same worker index, so per-worker state
// indexed by it needs no lock.  Tasks are taken in increasing order.
// workers = 0 means every core.  Blocks until every task taken has finished;
// after an exception no new task starts and the first one is rethrown here.
void parallel_tasks(std::size_t count, unsigned workers, const std::function<void(std::size_t, unsigned)>& body);

// Runs body(begin, end, worker) over [0, count) split into min(workers,
// count) nearly equal contiguous ranges (workers = 0: every core).
void parallel_ranges(std::size_t count, unsigned workers,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body);

// Whether the calling thread is running a task of parallel_tasks (a nested
// call then runs inline).
bool in_parallel_task();

}  // namespace nf
