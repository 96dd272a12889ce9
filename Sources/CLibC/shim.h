// Linux process controls that Swift cannot call directly. No library to link: these are libc.
#ifndef VEIL_CLIBC_SHIM_H
#define VEIL_CLIBC_SHIM_H

#if defined(__linux__)
#include <sys/prctl.h>

// prctl(2) is variadic, and Swift does not import variadic C functions: one fixed-argument wrapper per use.

/// Marks the process not dumpable: no core dump whatever the core limit or pattern, and no ptrace attach or
/// /proc/PID/mem, environ or maps for other processes of the same user. Returns 0, or -1 with errno.
static inline int veil_prctl_set_not_dumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/// Whether the process is dumpable (1), not (0), or -1 with errno.
static inline int veil_prctl_get_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}
#endif

#endif
