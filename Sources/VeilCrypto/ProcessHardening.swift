/// Keeps a long-running process that holds keys (`veil serve`) from leaving them where others can read them:
/// no core dump (core-file limit 0, soft and hard) and, on Linux, not dumpable (`PR_SET_DUMPABLE` 0), which
/// also stops other processes of the same user from attaching a debugger or reading `/proc/PID/mem` or
/// `/proc/PID/environ`. Key bytes themselves live in locked, not-dumped pages (``SecureBytes``).
public enum ProcessHardening {
    /// What could not be applied; empty when everything held.
    public struct Outcome: Sendable, Equatable {
        public var failures: [String]
    }

    /// Applies both measures to the calling process. Call it before reading any secret.
    @discardableResult
    public static func apply() -> Outcome {
        var failures: [String] = []
        if !SystemCalls.forbidCoreFiles() { failures.append("cannot set the core file size limit to 0") }
        if !SystemCalls.markNotDumpable() { failures.append("cannot mark the process not dumpable") }
        return Outcome(failures: failures)
    }

    /// How many mappings of key bytes could not be locked in RAM (`RLIMIT_MEMLOCK` reached or no privilege):
    /// they work, but may be swapped out. Zero when every key page is locked.
    public static var unlockedKeyMappings: Int { SecureMemory.lockFailures }

    /// Whether this process can leave a core dump: false once ``apply()`` has run.
    public static var coreDumpsPossible: Bool {
        if SystemCalls.isDumpable() == false { return false }
        return SystemCalls.coreFileLimit() != 0
    }
}
