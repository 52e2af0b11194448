#include "app/huge_pages.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace aquifer::app {

void request_huge_pages(char** argv) {
  const char* setting = std::getenv("AQUIFER_HUGE_PAGES");
  if (setting != nullptr && std::strcmp(setting, "0") == 0) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;  // set (by us)
  std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(mode_file, mode);
  if (mode.find("[madvise]") == std::string::npos) return;  // "always": no need; "never": no use
  const std::string value =
      tunables != nullptr && *tunables != '\0' ? std::string(tunables) + ":glibc.malloc.hugetlb=1" : "glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);  // returns only on failure: go on with normal pages
}

void log_huge_pages() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb=1") != nullptr)
    spdlog::debug("malloc asks for transparent huge pages (GLIBC_TUNABLES={})", tunables);
  else
    spdlog::debug("malloc uses the kernel's default pages (no glibc.malloc.hugetlb in GLIBC_TUNABLES)");
}

}  // namespace aquifer::app
