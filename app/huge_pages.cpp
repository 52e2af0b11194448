#include "app/huge_pages.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>

namespace aquifer::app {

void log_huge_pages() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb=1") != nullptr)
    spdlog::debug("malloc asks for transparent huge pages (GLIBC_TUNABLES={})", tunables);
  else
    spdlog::debug("malloc uses the kernel's default pages (no glibc.malloc.hugetlb in GLIBC_TUNABLES)");
}

}  // namespace aquifer::app
