import Foundation

/// A private CA and a server certificate for localhost and 127.0.0.1 signed by it, made with `openssl` (as
/// `.ci/start-postgres` makes its own), for tests of TLS servers and clients.
public struct TestCertificates: Sendable {
    /// The CA's certificate (PEM): what a client trusts.
    public let authority: String
    /// The server's certificate (PEM).
    public let certificate: String
    /// The server's private key (PEM), mode 0600.
    public let key: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Makes `ca.crt`, `server.crt` and `server.key` (RSA 2048, valid two days) in `directory`.
    public static func make(in directory: TemporaryDirectory) throws -> TestCertificates {
        guard let openssl = ProcessRunner.which("openssl") else { throw Failure(description: "openssl is needed") }
        _ = try directory.file("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=veil-test-ca",
                "-keyout", "ca.key", "-out", "ca.crt",
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr",
            ],
            [
                "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.crt",
            ],
        ]
        for step in steps {
            let outcome = try ProcessRunner.run(openssl, step, currentDirectory: directory.path)
            guard outcome.status == 0 else {
                throw Failure(description: "openssl \(step[0]): \(outcome.standardError)")
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.file("server.key"))
        return TestCertificates(
            authority: directory.file("ca.crt"), certificate: directory.file("server.crt"),
            key: directory.file("server.key"))
    }
}
