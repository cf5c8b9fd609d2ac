#include "core/blas_threads.hpp"

#include <algorithm>

extern "C" {
// OpenBLAS extensions, declared weak: they resolve to null with another BLAS
// (and this avoids depending on one cblas.h).
void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
}

namespace nf {

namespace {

bool have_openblas() { return openblas_set_num_threads != nullptr && openblas_get_num_threads != nullptr; }

}  // namespace

int blas_threads() { return have_openblas() ? openblas_get_num_threads() : 1; }

BlasThreadsGuard::BlasThreadsGuard(int threads) : previous_(blas_threads()) {
  if (have_openblas()) openblas_set_num_threads(std::max(1, threads));
}

BlasThreadsGuard::~BlasThreadsGuard() {
  if (have_openblas()) openblas_set_num_threads(previous_);
}

}  // namespace nf
