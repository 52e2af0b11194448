// Whole-file reading and pre-faulted reservations for the observation ingest of large files
// (~GB): page faults, not parsing, dominated the time on the development machine. Internal to
// sensors/.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aquifer::sensors {

// Asks for transparent huge pages on the 2 MiB-aligned inside of [p, p + bytes).
void advise_huge_pages(const void* p, std::size_t bytes);
// Pre-faults the whole pages inside [p, p + bytes) in one system call (MADV_POPULATE_WRITE,
// Linux 5.14+; nothing happens where unknown).
void populate_pages(const void* p, std::size_t bytes);

// Reserves n elements; large reservations are pre-faulted (one trap per 4 KiB page cost ~40%
// of the ingest time of a 600 MB file).
template <class T>
void reserve_populated(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  const std::size_t bytes = n * sizeof(T);
  if (bytes < (256u << 10)) return;
  if (bytes >= (8u << 20)) advise_huge_pages(v.data(), bytes);
  populate_pages(v.data(), bytes);
}

// The whole file in an anonymous buffer, read() in 64 MiB blocks. Throws params::InputError
// (file:0:0) when it cannot be opened or read.
class WholeFile final {
 public:
  explicit WholeFile(const std::string& path);
  ~WholeFile();
  WholeFile(const WholeFile&) = delete;
  WholeFile& operator=(const WholeFile&) = delete;
  [[nodiscard]] std::string_view text() const { return {data_ ? data_ : "", size_}; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace aquifer::sensors
