internal import CLibC

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The process-wide system calls behind ``ProcessHardening``, in one place.
enum SystemCalls {
    /// Sets both the soft and the hard core-file size limit to zero (so it cannot be raised again).
    static func forbidCoreFiles() -> Bool {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
            return setrlimit(Int32(RLIMIT_CORE.rawValue), &limit) == 0
        #else
            return setrlimit(RLIMIT_CORE, &limit) == 0
        #endif
    }

    /// The soft core-file size limit.
    static func coreFileLimit() -> UInt64? {
        var limit = rlimit()
        #if os(Linux)
            guard getrlimit(Int32(RLIMIT_CORE.rawValue), &limit) == 0 else { return nil }
        #else
            guard getrlimit(RLIMIT_CORE, &limit) == 0 else { return nil }
        #endif
        return UInt64(limit.rlim_cur)
    }

    /// `prctl(PR_SET_DUMPABLE, 0)`; true elsewhere than Linux, where there is no such flag.
    static func markNotDumpable() -> Bool {
        #if os(Linux)
            return veil_prctl_set_not_dumpable() == 0
        #else
            return true
        #endif
    }

    /// `prctl(PR_GET_DUMPABLE)`: nil elsewhere than Linux.
    static func isDumpable() -> Bool? {
        #if os(Linux)
            let value = veil_prctl_get_dumpable()
            return value < 0 ? nil : value != 0
        #else
            return nil
        #endif
    }
}
