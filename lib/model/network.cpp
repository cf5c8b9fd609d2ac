#include "model/network.hpp"

#include <string>

#include "core/error.hpp"

namespace nf {

namespace {

std::uint64_t hash_mpz(mpz_srcptr z, std::uint64_t h) {
  const std::size_t limbs = mpz_size(z);
  h ^= static_cast<std::uint64_t>(mpz_sgn(z) + 1) * 0x9e3779b97f4a7c15ull;
  for (std::size_t k = 0; k < limbs; ++k) {
    h ^= static_cast<std::uint64_t>(mpz_getlimbn(z, static_cast<mp_size_t>(k)));
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
  }
  return h;
}

std::uint64_t hash_mpq(const mpq_class& q) {
  std::uint64_t h = hash_mpz(q.get_num_mpz_t(), 0x12345678ull);
  h = hash_mpz(q.get_den_mpz_t(), h);
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

unsigned width_for(std::size_t distinct) {
  if (distinct <= 2) return 1;
  if (distinct <= 256) return 8;
  if (distinct <= 65536) return 16;
  return 32;
}

}  // namespace

CodedRow::CodedRow(const std::vector<mpq_class>& values) : CodedRow(values.begin(), values.size()) {}

CodedRow::CodedRow(std::vector<mpq_class>::const_iterator first, std::size_t count) {
  build([&](std::size_t j) -> const mpq_class& { return first[static_cast<std::ptrdiff_t>(j)]; }, count,
        [](const mpq_class& v) { return v; });
}

CodedRow CodedRow::taking(std::vector<mpq_class>::iterator first, std::size_t count) {
  CodedRow row;
  row.build([&](std::size_t j) -> mpq_class& { return first[static_cast<std::ptrdiff_t>(j)]; }, count,
            [](mpq_class& v) { return std::move(v); });
  return row;
}

// Dictionary-encodes entry(0..count-1): open addressing over dictionary
// indices, each slot holding the value's hash (compared first, so that
// values are compared only on a hash match) and its index + 1 (0 = empty).
template <class Entry, class Keep>
void CodedRow::build(Entry entry, std::size_t count, Keep keep) {
  struct Slot {
    std::uint64_t hash;
    std::uint32_t index;
  };
  std::vector<std::uint32_t> codes(count);
  std::vector<mpq_class> dict;
  std::vector<std::uint64_t> hashes;
  std::size_t capacity = 16;
  std::vector<Slot> table(capacity, Slot{0, 0});
  for (std::size_t j = 0; j < count; ++j) {
    auto&& v = entry(j);
    if (2 * (dict.size() + 1) > capacity) {
      capacity *= 2;
      table.assign(capacity, Slot{0, 0});
      for (std::size_t t = 0; t < dict.size(); ++t) {
        std::size_t slot = hashes[t] & (capacity - 1);
        while (table[slot].index != 0) slot = (slot + 1) & (capacity - 1);
        table[slot] = Slot{hashes[t], static_cast<std::uint32_t>(t + 1)};
      }
    }
    const std::uint64_t h = hash_mpq(v);
    std::size_t slot = h & (capacity - 1);
    while (table[slot].index != 0 && (table[slot].hash != h || dict[table[slot].index - 1] != v))
      slot = (slot + 1) & (capacity - 1);
    if (table[slot].index == 0) {
      dict.push_back(keep(v));
      hashes.push_back(h);
      table[slot] = Slot{h, static_cast<std::uint32_t>(dict.size())};
    }
    codes[j] = table[slot].index - 1;
  }
  init(std::move(dict), count);
  for (std::size_t j = 0; j < count; ++j) set_code(j, codes[j]);
}

void CodedRow::init(std::vector<mpq_class> dictionary, std::size_t size) {
  dict_ = std::move(dictionary);
  size_ = size;
  width_ = width_for(dict_.size());
  switch (width_) {
    case 1: bits_.assign((size + 63) / 64, 0); break;
    case 8: bytes_.assign(size, 0); break;
    case 16: shorts_.assign(size, 0); break;
    default: words_.assign(size, 0); break;
  }
}

void CodedRow::set_code(std::size_t j, std::uint32_t c) {
  if (c >= dict_.size())
    throw InputError("coded row: code " + std::to_string(c) + " at entry " + std::to_string(j) +
                     " exceeds the dictionary of " + std::to_string(dict_.size()) + " values");
  switch (width_) {
    case 1:
      if (c) bits_[j >> 6] |= std::uint64_t(1) << (j & 63);
      break;
    case 8: bytes_[j] = static_cast<std::uint8_t>(c); break;
    case 16: shorts_[j] = static_cast<std::uint16_t>(c); break;
    default: words_[j] = c; break;
  }
}

void CodedRow::check_codes() const {
  // A repeated dictionary value would make two codes name one value.
  for (std::size_t s = 0; s < dict_.size() && dict_.size() <= 64; ++s)
    for (std::size_t t = s + 1; t < dict_.size(); ++t)
      if (dict_[s] == dict_[t]) throw InputError("coded row: the dictionary holds a value twice");
  if (dict_.size() > 64) {
    CodedRow check(dict_);
    if (check.dictionary().size() != dict_.size()) throw InputError("coded row: the dictionary holds a value twice");
  }
}

std::uint64_t CodedRow::bytes() const {
  std::uint64_t b = bits_.size() * 8 + bytes_.size() + shorts_.size() * 2 + words_.size() * 4;
  for (const mpq_class& v : dict_)
    b += sizeof(mpq_class) + 8 * (mpz_size(v.get_num_mpz_t()) + mpz_size(v.get_den_mpz_t()) + 2);
  return b;
}

bool CodedRow::operator==(const CodedRow& o) const {
  if (size_ != o.size_) return false;
  for (std::size_t j = 0; j < size_; ++j)
    if ((*this)[j] != o[j]) return false;
  return true;
}

void Network::check_shape() const {
  if (n_ == 0) throw InputError("a network needs at least one input (n >= 1)");
  if (m_ == 0) throw InputError("a network needs at least one neuron (m >= 1)");
}

void Network::init_biases(CodedRow b) {
  if (b.size() == 0) {
    b_ = CodedRow::from_codes({mpq_class(0)}, m_, [](std::size_t) { return 0u; });
  } else if (b.size() != m_) {
    throw InputError("biases: expected " + std::to_string(m_) + " entries, got " + std::to_string(b.size()));
  } else {
    b_ = std::move(b);
  }
}

bool Network::has_biases() const {
  if (c_ != 0) return true;
  for (const mpq_class& v : b_.dictionary())
    if (v != 0) return true;
  return false;
}

Network::Network(std::size_t n, std::size_t m, std::vector<mpq_class> a, std::vector<mpq_class> w,
                 std::vector<mpq_class> b, mpq_class c)
    : n_(n), m_(m), c_(std::move(c)), expanded_(std::make_shared<Expanded>()) {
  check_shape();
  if (a.size() != n_ * m_)
    throw InputError("input weights: expected " + std::to_string(n_ * m_) + " entries, got " +
                     std::to_string(a.size()));
  if (w.size() != m_)
    throw InputError("output weights: expected " + std::to_string(m_) + " entries, got " +
                     std::to_string(w.size()));
  rows_.reserve(n_);
  for (std::size_t i = 0; i < n_; ++i) rows_.push_back(CodedRow::taking(a.begin() + static_cast<std::ptrdiff_t>(i * m_), m_));
  w_ = CodedRow::taking(w.begin(), w.size());
  init_biases(b.empty() ? CodedRow() : CodedRow::taking(b.begin(), b.size()));
}

Network::Network(std::size_t n, std::size_t m, std::vector<CodedRow> rows, CodedRow w, CodedRow b, mpq_class c)
    : n_(n), m_(m), rows_(std::move(rows)), w_(std::move(w)), c_(std::move(c)), expanded_(std::make_shared<Expanded>()) {
  check_shape();
  if (rows_.size() != n_)
    throw InputError("input weights: expected " + std::to_string(n_) + " rows, got " + std::to_string(rows_.size()));
  for (std::size_t i = 0; i < n_; ++i)
    if (rows_[i].size() != m_)
      throw InputError("input weights: row " + std::to_string(i + 1) + " has " + std::to_string(rows_[i].size()) +
                       " entries, expected " + std::to_string(m_));
  if (w_.size() != m_)
    throw InputError("output weights: expected " + std::to_string(m_) + " entries, got " + std::to_string(w_.size()));
  init_biases(std::move(b));
}

const std::vector<mpq_class>& Network::a_row_major() const {
  std::call_once(expanded_->a_once, [this] {
    std::vector<mpq_class> a;
    a.reserve(n_ * m_);
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t j = 0; j < m_; ++j) a.push_back(rows_[i][j]);
    expanded_->a = std::move(a);
  });
  return expanded_->a;
}

const std::vector<mpq_class>& Network::w_all() const {
  std::call_once(expanded_->w_once, [this] {
    std::vector<mpq_class> w;
    w.reserve(m_);
    for (std::size_t j = 0; j < m_; ++j) w.push_back(w_[j]);
    expanded_->w = std::move(w);
  });
  return expanded_->w;
}

std::uint64_t Network::storage_bytes() const {
  std::uint64_t b = w_.bytes() + b_.bytes();
  for (const CodedRow& r : rows_) b += r.bytes();
  return b;
}

}  // namespace nf
