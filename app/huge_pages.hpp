// Transparent huge pages for the solver's large arrays.
//
// The `aquifer` launcher (app/launcher/aquifer_launcher.cpp) starts this program with
// glibc.malloc.hugetlb=1 in GLIBC_TUNABLES where the kernel gives transparent huge pages only
// on request; the reasons and the rules are there. This program only reports what it got.
#pragma once

namespace aquifer::app {

// Debug log line saying whether malloc asks for huge pages in this process (call once logging
// is set up).
void log_huge_pages();

}  // namespace aquifer::app
