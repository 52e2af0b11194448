// Transparent huge pages for the solver's large arrays.
//
// On large grids a run spends a good part of its set-up in page faults: every fresh 4 KiB
// page of the per-cell arrays, the matrix and the multigrid hierarchy costs one (measured on
// the 1M-cell benchmark: ~84,000 faults, about a quarter of the run; bench/README.md). Where
// the kernel gives transparent huge pages only on request (/sys/kernel/mm/transparent_hugepage/
// enabled = "madvise", as on this project's machines), glibc's malloc asks for them when its
// tunable glibc.malloc.hugetlb=1 is set, and a tunable must be in the environment when the
// program starts. request_huge_pages() therefore re-executes the program once with it added to
// GLIBC_TUNABLES, before MPI or PETSc start. Nothing happens when the tunable is already set,
// when the kernel mode is "always" (huge pages without asking) or "never", or when
// AQUIFER_HUGE_PAGES=0; if the re-execution fails the run goes on with normal pages. Set
// AQUIFER_HUGE_PAGES=0 under valgrind and similar tools: the re-executed program would run
// outside them (valgrind does not follow an exec unless --trace-children=yes).
#pragma once

namespace aquifer::app {

void request_huge_pages(char** argv);
// Debug log line saying whether malloc asks for huge pages in this process (call once logging
// is set up).
void log_huge_pages();

}  // namespace aquifer::app
