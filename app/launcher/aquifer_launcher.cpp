// The `aquifer` command: a small launcher that starts the real program, aquifer-core, with
// transparent huge pages for malloc where the kernel gives them only on request.
//
// Why: on large grids a run spends a good part of its set-up in page faults, one for every
// fresh 4 KiB page of the per-cell arrays, the matrix and the multigrid hierarchy (1M-cell
// benchmark: ~79,000 faults, about a quarter of the run; bench/README.md). glibc's malloc asks
// for 2 MiB pages when its tunable glibc.malloc.hugetlb=1 is set, and a tunable must be in the
// environment when a program starts. aquifer-core used to re-execute itself to add it, which
// loaded its ~115 shared libraries twice (0.12-0.14 s a launch at 2 ranks; bench/README.md);
// this launcher links only the C library, so adding the tunable here costs about a millisecond.
//
// The tunable is added to GLIBC_TUNABLES (keeping the user's own) unless it is there already,
// the kernel mode (/sys/kernel/mm/transparent_hugepage/enabled) is "always" (huge pages
// without asking) or "never", or AQUIFER_HUGE_PAGES=0. Then the launcher execs aquifer-core
// with the same arguments: from its own folder (build tree) or from <libexecdir>/aquifer
// (installed; the relative path comes from CMakeLists.txt). Exit status 127 when the program
// is not found, 126 when it cannot be started (as a shell says). Under valgrind run
// aquifer-core itself (valgrind follows an exec only with --trace-children=yes).
#include <linux/limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool kernel_gives_huge_pages_on_request() {
  std::FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (f == nullptr) return false;
  char mode[128] = {0};
  const bool read = std::fgets(mode, sizeof mode, f) != nullptr;
  std::fclose(f);
  return read && std::strstr(mode, "[madvise]") != nullptr;
}

void request_huge_pages() {
  const char* setting = std::getenv("AQUIFER_HUGE_PAGES");
  if (setting != nullptr && std::strcmp(setting, "0") == 0) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;
  if (!kernel_gives_huge_pages_on_request()) return;
  static const char kTunable[] = "glibc.malloc.hugetlb=1";
  if (tunables == nullptr || *tunables == '\0') {
    setenv("GLIBC_TUNABLES", kTunable, 1);
    return;
  }
  const std::size_t n = std::strlen(tunables) + 1 + sizeof kTunable;
  char* value = static_cast<char*>(std::malloc(n));
  if (value == nullptr) return;
  std::snprintf(value, n, "%s:%s", tunables, kTunable);
  setenv("GLIBC_TUNABLES", value, 1);
  std::free(value);
}

#ifndef AQUIFER_INSTALLED_CORE_DIR
#define AQUIFER_INSTALLED_CORE_DIR "../libexec/aquifer"
#endif

// The folder of this executable, with a trailing '/': from /proc/self/exe, or without /proc
// (a chroot, a minimal container) from argv[0] when that names a path.
bool own_folder(const char* argv0, char (&dir)[PATH_MAX]) {
  const ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
  if (n > 0 && n < static_cast<ssize_t>(sizeof dir - 1)) {
    dir[n] = '\0';
  } else {
    if (argv0 == nullptr || std::strchr(argv0, '/') == nullptr || std::strlen(argv0) >= sizeof dir) return false;
    std::strcpy(dir, argv0);
  }
  char* slash = std::strrchr(dir, '/');
  if (slash == nullptr) return false;
  slash[1] = '\0';
  return true;
}

}  // namespace

int main(int /*argc*/, char** argv) {
  char dir[PATH_MAX];
  if (!own_folder(argv[0], dir)) {
    std::fprintf(stderr, "aquifer: cannot find its own folder (neither /proc/self/exe nor a path in argv[0])\n");
    return 127;
  }
  request_huge_pages();
  static const char* const kCandidates[] = {"aquifer-core", AQUIFER_INSTALLED_CORE_DIR "/aquifer-core"};
  char core[PATH_MAX];
  for (const char* relative : kCandidates) {
    if (std::snprintf(core, sizeof core, "%s%s", dir, relative) >= static_cast<int>(sizeof core)) continue;
    if (access(core, F_OK) != 0) continue;
    execv(core, argv);
    std::fprintf(stderr, "aquifer: cannot start %s: %s\n", core, std::strerror(errno));
    return 126;
  }
  std::fprintf(stderr, "aquifer: aquifer-core not found next to %s or in %s%s/\n", dir, dir,
               AQUIFER_INSTALLED_CORE_DIR);
  return 127;
}
