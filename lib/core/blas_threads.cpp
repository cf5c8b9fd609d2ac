#include "core/blas_threads.hpp"

#include <algorithm>

extern "C" {
// OpenBLAS extensions, declared weak: they resolve to null with another BLAS
// (and this avoids depending on one cblas.h).
void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
int blas_thread_shutdown_(void) __attribute__((weak));
}

namespace nf {

namespace {

bool have_openblas() { return openblas_set_num_threads != nullptr && openblas_get_num_threads != nullptr; }

}  // namespace

void park_blas_threads() {
  if (!have_openblas() || blas_thread_shutdown_ == nullptr) return;
  openblas_set_num_threads(1);
  blas_thread_shutdown_();
}

int blas_threads() { return have_openblas() ? openblas_get_num_threads() : 1; }

// Only a change of the count is passed on: OpenBLAS may start threads on any call.
BlasThreadsGuard::BlasThreadsGuard(int threads) : previous_(blas_threads()) {
  if (have_openblas() && std::max(1, threads) != previous_) openblas_set_num_threads(std::max(1, threads));
}

BlasThreadsGuard::~BlasThreadsGuard() {
  if (have_openblas() && blas_threads() != previous_) openblas_set_num_threads(previous_);
}

}  // namespace nf
