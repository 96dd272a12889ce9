import Foundation
import Testing
import VeilTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// What another local user or a crash could read from a running `veil serve` (Linux only: read through
/// `/proc/PID`): its environment, a core dump, swapped key pages; and what `veil login` sends where.
@Suite(
    "The server process keeps its secrets", .serialized,
    .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/environ")))
struct ServerProcessEndToEndTests {
    /// A profile with a key store, a SQLite vault, an audit log and a policy: all `veil serve` needs.
    final class Setup: @unchecked Sendable {
        let scenario = Scenario(passphrase: "hygiene-\(UUID().uuidString)-passphrase")
        let profile: String

        init() throws {
            let policy = scenario.directory.write(
                "roles:\n  support: { domains: [person.email], tokens_per_request: 5, tokens_per_day: 50 }\n",
                to: "policy.yaml")
            profile = try scenario.writeProfile(
                base: "shop.yaml", source: PackagePaths.fixture("shop/prod.sql"),
                extra: """
                    vault: \(scenario.directory.file("vault.sqlite"))
                    audit: \(scenario.directory.file("audit.log"))
                    policy: \(policy)
                    """)
            let initialized = try scenario.veil(["keys", "init", profile])
            try #require(initialized.status == 0, "\(initialized.standardError)")
        }

        /// Starts `veil serve --insecure-http` on loopback with the passphrase in its environment and core dumps
        /// allowed when it starts (its soft core limit raised to the hard one, so a server that kept the limit it
        /// was given would show it), and waits until it listens.
        func serve() throws -> ServeEndToEndTests.RunningServer {
            var limit = rlimit()
            getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
            let original = limit
            try #require(limit.rlim_max != 0, "the test needs a core limit above 0 to start the server with")
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
            defer { withUnsafePointer(to: original) { _ = setrlimit(Int32(RLIMIT_CORE.rawValue), $0) } }
            return try ServeEndToEndTests.RunningServer(
                ["serve", profile, "--listen", "127.0.0.1:0", "--insecure-http"], environment: scenario.environment,
                scheme: "http")
        }
    }

    /// A /proc file read to its end (Foundation's whole-file readers stop after 4 KiB there: the size reads as 0).
    static func read(_ path: String) throws -> Data {
        let handle = try #require(FileHandle(forReadingAtPath: path), "cannot open \(path)")
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    @Test("a running veil serve: passphrase gone from /proc/PID/environ, no core dumps, key pages locked")
    func runningServer() throws {
        let setup = try Setup()
        let server = try setup.serve()
        defer { server.stop() }
        let pid = server.process.processIdentifier

        let environment = try Self.read("/proc/\(pid)/environ")
        #expect(environment.range(of: Data(setup.scenario.passphrase.utf8)) == nil, "the passphrase is readable")
        #expect(environment.range(of: Data("-passphrase".utf8)) == nil, "part of the passphrase is readable")
        // Other variables are untouched.
        #expect(environment.range(of: Data("PATH=".utf8)) != nil)

        let limits = String(decoding: try Self.read("/proc/\(pid)/limits"), as: UTF8.self)
        let core = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        let values = core.dropFirst("Max core file size".count).split(separator: " ")
        #expect(values.first == "0", "\(core)")

        let status = String(decoding: try Self.read("/proc/\(pid)/status"), as: UTF8.self)
        let locked = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmLck:") })
        let kilobytes = Int(locked.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        #expect((kilobytes ?? 0) > 0, "\(locked)")
    }

    @Test("veil login refuses plain HTTP to a host that is not loopback (exit 64) and sends nothing")
    func loginRefusesPlainHTTPOffLoopback() throws {
        let setup = try Setup()
        let server = try setup.serve()
        defer { server.stop() }
        // 0.0.0.0 reaches the loopback server: a login that were sent would be answered and audited.
        let port = server.url.split(separator: ":").last!
        let session = setup.scenario.directory.file("session")
        for command in [
            ["login", "--server", "http://0.0.0.0:\(port)", "--user", "alice", "--otp", "123456"],
            ["detokenize", "--server", "http://0.0.0.0:\(port)", "--domain", "person.email", "--reason", "t", "tok"],
        ] {
            let outcome = try VeilBinary.run(
                command, environment: ["VEIL_API_KEY": "veil_not_a_real_key", "VEIL_SESSION_FILE": session])
            #expect(outcome.status == 64, "\(command[0]): \(outcome.status) \(outcome.standardError)")
            #expect(outcome.standardError.contains("loopback"), "\(outcome.standardError)")
        }
        let log = (try? String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)) ?? ""
        #expect(!log.contains("login"), "the server received a login")
        // Positive control: the same login over loopback reaches the server and is refused there (77, audited).
        let reached = try VeilBinary.run(
            ["login", "--server", server.url, "--user", "alice", "--otp", "123456"],
            environment: ["VEIL_API_KEY": "veil_not_a_real_key", "VEIL_SESSION_FILE": session])
        #expect(reached.status == 77, "\(reached.standardError)")
        let after = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        #expect(after.contains("login_denied"))
    }
}
