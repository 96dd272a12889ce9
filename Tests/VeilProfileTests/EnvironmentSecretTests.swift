import Foundation
import Testing
import VeilCore
import VeilProfile

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An `env:NAME` secret is taken out of the environment once read: its bytes are overwritten where they were and
/// the variable is unset, so neither this process nor a child it starts sees it again. (That the initial
/// environment block, `/proc/PID/environ`, loses it too is checked end to end on the real binary.)
@Suite("Secrets taken from the environment", .serialized)
struct EnvironmentSecretTests {
    @Test("resolving env:NAME returns the value, then the variable is gone and its bytes are zero")
    func takenOnce() throws {
        let name = "VEIL_PROFILE_TAKEN_\(UUID().uuidString.prefix(8))"
        setenv(name, "s3cret passphrase", 1)
        defer { unsetenv(name) }
        let stored = try #require(getenv(name))
        #expect(try SecretReference.environment(name).resolve() == Array("s3cret passphrase".utf8))
        #expect(getenv(name) == nil)
        #expect(ProcessInfo.processInfo.environment[name] == nil)
        #if os(Linux)
            // glibc keeps the strings setenv made (it never frees them), so the old bytes can be looked at.
            let bytes = UnsafeRawBufferPointer(start: stored, count: "s3cret passphrase".utf8.count)
            #expect(bytes.allSatisfy { $0 == 0 })
        #endif
        #expect(throws: VeilError.self) { try SecretReference.environment(name).resolve() }
    }

    @Test("other variables are left alone")
    func othersKept() throws {
        let name = "VEIL_PROFILE_TAKEN_\(UUID().uuidString.prefix(8))"
        let neighbour = name + "_NEIGHBOUR"
        setenv(name, "one", 1)
        setenv(neighbour, "two", 1)
        defer { unsetenv(neighbour) }
        #expect(try SecretReference.environment(name).resolve() == Array("one".utf8))
        #expect(getenv(neighbour).map { String(cString: $0) } == "two")
    }
}
