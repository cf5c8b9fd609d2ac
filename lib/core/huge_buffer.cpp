#include "core/huge_buffer.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace nf {

void* allocate_huge(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (bytes < kHugeThreshold) {
    void* p = std::malloc(bytes);
    if (!p) throw std::bad_alloc();
    return p;
  }
  if (bytes > std::size_t(-1) - kHugePage) throw std::bad_alloc();
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);  // advice only: ordinary pages when refused
#endif
  return p;
}

void release_huge(void* p) noexcept { std::free(p); }

}  // namespace nf
