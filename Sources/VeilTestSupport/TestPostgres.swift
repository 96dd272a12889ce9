import Foundation

/// A throwaway PostgreSQL server for integration tests, configured by the environment the way
/// postgres-nio's tests are: `VEIL_TEST_PG` holds a superuser conninfo URL
/// (`.ci/start-postgres` prints one). Tests that need it are `.enabled(if: TestPostgres.isAvailable)`.
public enum TestPostgres {
    public static var url: String? {
        ProcessInfo.processInfo.environment["VEIL_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isAvailable: Bool { url != nil && ProcessRunner.which("psql") != nil }

    /// The conninfo URL of `database` on the test server.
    public static func url(database: String) -> String {
        guard let url, let slash = url.range(of: "/", options: .backwards), !url[..<slash.lowerBound].hasSuffix("/")
        else { return url ?? "" }
        let base = url[..<slash.lowerBound]
        let query = url.range(of: "?").map { String(url[$0.lowerBound...]) } ?? ""
        return base + "/" + database + query
    }

    /// The CA certificate the test server's TLS certificate is signed with (`VEIL_TEST_PG_CA`, which `.ci/run`
    /// sets), for `sslmode=verify-full` tests.
    public static var certificateAuthority: String? {
        ProcessInfo.processInfo.environment["VEIL_TEST_PG_CA"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL of `database` with `sslmode=verify-full` against `rootCertificate` (default: the test CA).
    public static func verifiedTLSURL(database: String, rootCertificate: String? = nil) -> String {
        let plain = url(database: database)
        let separator = plain.contains("?") ? "&" : "?"
        let root = rootCertificate ?? certificateAuthority ?? ""
        return plain + separator + "sslmode=verify-full&sslrootcert=" + root
    }

    /// Makes a self-signed CA certificate that did not sign the test server's certificate (with `openssl`), for
    /// tests that a wrong root certificate is refused; returns its path inside `directory`.
    public static func unrelatedCertificateAuthority(in directory: TemporaryDirectory) throws -> String {
        let certificate = directory.file("unrelated-ca.crt")
        let made = try ProcessRunner.run(
            ProcessRunner.which("openssl") ?? "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=not-the-test-ca",
                "-keyout", directory.file("unrelated-ca.key"), "-out", certificate,
            ])
        guard made.status == 0 else { throw TestPostgresError(message: made.standardError) }
        return certificate
    }

    /// Creates a fresh, empty database with a unique name and returns that name.
    public static func createDatabase(prefix: String = "veil_test") throws -> String {
        let name = "\(prefix)_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try psql(database: "postgres", "CREATE DATABASE \(name)")
        return name
    }

    public static func dropDatabase(_ name: String) {
        _ = try? psql(database: "postgres", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs SQL with `psql -v ON_ERROR_STOP=1 -At` and returns its output; throws on failure.
    @discardableResult
    public static func psql(database: String, _ sql: String) throws -> String {
        let outcome = try ProcessRunner.run(
            ProcessRunner.which("psql") ?? "/usr/bin/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url(database: database), "-c", sql])
        guard outcome.status == 0 else { throw TestPostgresError(message: outcome.standardError) }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Restores a plain SQL dump with `psql -v ON_ERROR_STOP=1 -f FILE`.
    public static func restore(_ file: String, into database: String) throws -> ProcessOutcome {
        try ProcessRunner.run(
            ProcessRunner.which("psql") ?? "/usr/bin/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(database: database), "-f", file])
    }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
