#include "sensors/bulk_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "params/load_scenario.hpp"

namespace aquifer::sensors {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& message) {
  throw params::InputError({params::InputProblem{file, 0, 0, message}});
}

}  // namespace

void advise_huge_pages(const void* p, std::size_t bytes) {
  constexpr std::uintptr_t huge = 2u << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

void populate_pages(const void* p, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  constexpr int populate_write = MADV_POPULATE_WRITE;
#else
  constexpr int populate_write = 23;
#endif
  constexpr std::uintptr_t page = 4096;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, populate_write);
}

WholeFile::WholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) fail(path, std::string("cannot open the observation file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, "cannot read the observation file: not a regular file");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      fail(path, "cannot allocate memory for the observation file (" +
                     std::to_string(size_ >> 20) + " MiB)");
    }
    data_ = static_cast<char*>(p);
    advise_huge_pages(data_, size_);
  }
  std::size_t done = 0;
  while (done < size_) {
    const ssize_t n = ::read(fd, data_ + done, std::min<std::size_t>(size_ - done, 64u << 20));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = n < 0 ? std::strerror(errno) : "the file shrank while read";
      ::close(fd);
      ::munmap(data_, size_);
      data_ = nullptr;
      fail(path, "cannot read the observation file: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

WholeFile::~WholeFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace aquifer::sensors
