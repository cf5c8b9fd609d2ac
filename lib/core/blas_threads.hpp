// OpenBLAS's own thread count, set for a scope.  The engines either run BLAS
// from several pool workers at once (then each BLAS call must stay on one
// thread: BlasThreadsGuard(1)) or run one large BLAS call (then it may use the
// requested cores).  With a BLAS other than OpenBLAS the guard does nothing.
#pragma once

namespace nf {

// Stops OpenBLAS's worker threads.  OpenBLAS starts them when it is loaded,
// and an idle worker spins on sched_yield for about 2^28 cycles (a tenth of a
// second) before it sleeps: a whole short run of a tool, on a core its own
// threads need.  The next BLAS call that uses several threads starts them
// again.  Only at the start of a process (arguments()), never while another
// thread may be inside a BLAS call.
void park_blas_threads();

// OpenBLAS's current thread count; 1 with another BLAS.
int blas_threads();

// Sets OpenBLAS's thread count to max(1, threads) and restores the previous
// count on destruction (also when an exception leaves the scope).  The count
// is process-wide: guards on several threads at once restore in any order.
class BlasThreadsGuard {
 public:
  explicit BlasThreadsGuard(int threads);
  ~BlasThreadsGuard();
  BlasThreadsGuard(const BlasThreadsGuard&) = delete;
  BlasThreadsGuard& operator=(const BlasThreadsGuard&) = delete;

 private:
  int previous_;
};

}  // namespace nf
