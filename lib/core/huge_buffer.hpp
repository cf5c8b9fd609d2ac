// Large scratch arrays (matrices modulo p, moment sums, BLAS panels) on
// transparent huge pages where the kernel offers them.  A fresh array is
// mapped a page at a time on first touch; with 4 KiB pages a 512 MiB matrix
// takes 131,072 page faults (a third of a whole rank computation on a
// virtual machine), with 2 MiB pages 256.  Arrays of at least kHugeThreshold
// bytes are aligned to 2 MiB and advised MADV_HUGEPAGE; smaller ones, or a
// kernel without transparent huge pages, get ordinary memory.  Only for
// trivially copyable element types; contents are uninitialized unless a fill
// value is given.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace nf {

inline constexpr std::size_t kHugePage = std::size_t(2) << 20;
inline constexpr std::size_t kHugeThreshold = std::size_t(1) << 20;

// Raw allocation: at least `bytes` bytes (throws std::bad_alloc), released by release_huge.
void* allocate_huge(std::size_t bytes);
void release_huge(void* p) noexcept;

template <class T>
class HugeBuffer {
  static_assert(std::is_trivially_copyable_v<T>, "HugeBuffer holds trivially copyable elements only");

 public:
  HugeBuffer() = default;
  // `count` uninitialized elements.
  explicit HugeBuffer(std::size_t count) { reset(count); }
  HugeBuffer(std::size_t count, T fill) {
    reset(count);
    for (std::size_t k = 0; k < count; ++k) data_[k] = fill;
  }
  HugeBuffer(HugeBuffer&& other) noexcept { swap(other); }
  HugeBuffer& operator=(HugeBuffer&& other) noexcept {
    HugeBuffer(std::move(other)).swap(*this);
    return *this;
  }
  HugeBuffer(const HugeBuffer&) = delete;
  HugeBuffer& operator=(const HugeBuffer&) = delete;
  ~HugeBuffer() { release_huge(data_); }

  // Discards the contents and holds `count` uninitialized elements (no
  // reallocation when the capacity suffices).
  void reset(std::size_t count) {
    if (count > capacity_) {
      release_huge(data_);
      data_ = nullptr;
      capacity_ = 0;
      data_ = static_cast<T*>(allocate_huge(count * sizeof(T)));
      capacity_ = count;
    }
    size_ = count;
  }
  // Frees the memory.
  void clear() noexcept { HugeBuffer().swap(*this); }
  void swap(HugeBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t k) { return data_[k]; }
  const T& operator[](std::size_t k) const { return data_[k]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace nf
