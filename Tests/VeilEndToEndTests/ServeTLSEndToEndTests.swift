import Foundation
import Testing
import VeilTestSupport

/// The TLS of `veil serve` and of its staff client, probed with `openssl`: only TLS 1.2 with ECDHE + AEAD suites,
/// or TLS 1.3, on both sides; every refused probe is first shown to succeed against a deliberately permissive
/// `openssl s_server`, so a refusal proves Veil's policy, not the probe's. And a TLS key others can read is refused.
@Suite(
    "TLS policy end to end", .serialized,
    .enabled(if: ProcessRunner.which("openssl") != nil, "openssl is needed"))
struct ServeTLSEndToEndTests {
    /// What this machine's `openssl` needs before it offers old protocols and suites at all.
    static let permissive = "DEFAULT:@SECLEVEL=0"

    struct Probe: Sendable, CustomStringConvertible {
        var description: String
        var client: [String]
        var accepted: Bool
    }

    static let probes: [Probe] = [
        Probe(description: "TLS 1.0", client: ["-tls1", "-cipher", permissive], accepted: false),
        Probe(description: "TLS 1.1", client: ["-tls1_1", "-cipher", permissive], accepted: false),
        Probe(description: "TLS 1.2 static RSA", client: ["-tls1_2", "-cipher", "kRSA:@SECLEVEL=0"], accepted: false),
        Probe(description: "TLS 1.2 CBC-SHA1", client: ["-tls1_2", "-cipher", "SHA1:@SECLEVEL=0"], accepted: false),
        Probe(
            description: "TLS 1.2 ECDHE CBC-SHA256", client: ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256"],
            accepted: false),
        Probe(
            description: "TLS 1.2 ECDHE-RSA-AES128-GCM", client: ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"],
            accepted: true),
        Probe(
            description: "TLS 1.2 ECDHE-RSA-AES256-GCM", client: ["-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"],
            accepted: true),
        Probe(
            description: "TLS 1.2 ECDHE-RSA-CHACHA20", client: ["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"],
            accepted: true),
        Probe(description: "TLS 1.3", client: ["-tls1_3"], accepted: true),
    ]

    @Test("a TLS scan of veil serve: 1.0, 1.1, static RSA and CBC fail; 1.2 ECDHE-GCM and 1.3 succeed")
    func scan() throws {
        let setup = try ServeEndToEndTests.Setup()
        let certificates = try #require(setup.certificates)
        let server = try setup.serve()
        defer { server.stop() }
        let port = Int(server.url.split(separator: ":").last!)!
        for probe in Self.probes {
            // Positive control: the same client settings reach a server that allows everything.
            let control = try OpenSSLProbe.Server(
                certificate: certificates.certificate, key: certificates.key, ["-cipher", Self.permissive])
            let reached = try OpenSSLProbe.handshake(port: control.port, probe.client)
            #expect(reached.succeeded, "control for \(probe): \(reached)")
            control.stop()

            let answer = try OpenSSLProbe.handshake(port: port, probe.client)
            #expect(answer.succeeded == probe.accepted, "\(probe): \(answer)")
        }
        // A client that offers everything gets TLS 1.3.
        let best = try OpenSSLProbe.handshake(port: port, ["-cipher", Self.permissive])
        #expect(best.protocolVersion == "TLSv1.3", "\(best)")
    }

    @Test("veil login refuses a server that offers only TLS 1.0, 1.1, static RSA or CBC; it reaches 1.2 ECDHE-GCM")
    func clientPolicy() throws {
        let directory = TemporaryDirectory("veil-tls-client")
        let certificates = try TestCertificates.make(in: directory)
        let servers: [(String, [String], Bool)] = [
            ("TLS 1.0", ["-tls1", "-cipher", Self.permissive], false),
            ("TLS 1.1", ["-tls1_1", "-cipher", Self.permissive], false),
            ("TLS 1.2 static RSA", ["-tls1_2", "-cipher", "kRSA:@SECLEVEL=0"], false),
            ("TLS 1.2 CBC-SHA1", ["-tls1_2", "-cipher", "SHA1:@SECLEVEL=0"], false),
            ("TLS 1.2 ECDHE-RSA-AES128-GCM", ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"], true),
            ("TLS 1.3", ["-tls1_3"], true),
        ]
        for (name, flags, reachable) in servers {
            // Control: openssl's own client completes a handshake with this server.
            let control = try OpenSSLProbe.Server(certificate: certificates.certificate, key: certificates.key, flags)
            let reached = try OpenSSLProbe.handshake(port: control.port, ["-cipher", Self.permissive])
            #expect(reached.succeeded, "control for \(name): \(reached)")
            #expect(control.handshakeCompleted(), "control for \(name)")
            control.stop()

            let server = try OpenSSLProbe.Server(certificate: certificates.certificate, key: certificates.key, flags)
            let errors = Pipe()
            let login = try VeilBinary.launch(
                [
                    "login", "--server", "https://127.0.0.1:\(server.port)", "--user", "alice", "--otp", "123456",
                    "--ca-file", certificates.authority,
                ],
                environment: ["VEIL_API_KEY": "veil_test", "VEIL_SESSION_FILE": directory.file("session")],
                standardError: errors)
            // s_server never answers: once it says whether the handshake completed, it is stopped.
            let completed = server.handshakeCompleted(within: 30)
            server.stop()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            login.waitUntilExit()
            #expect(login.terminationStatus == 69, "\(name): \(message)")
            #expect(completed == reachable, "\(name): handshake completed: \(completed); \(message)")
        }
    }

    @Test("a --tls-key readable by group or others is refused with exit 77, like the key store")
    func keyPermissions() throws {
        let setup = try ServeEndToEndTests.Setup()
        let key = setup.scenario.directory.file("server.key")
        for mode in [0o640, 0o604] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: key)
            let errors = Pipe()
            let serve = try VeilBinary.launch(
                [
                    "serve", setup.profile, "--listen", "127.0.0.1:0", "--tls-cert",
                    setup.scenario.directory.file("server.crt"), "--tls-key", key,
                ],
                environment: setup.scenario.environment, standardError: errors)
            // It must stop at once; one that serves is stopped after 30 s (and fails below).
            let deadline = Date().addingTimeInterval(30)
            while serve.isRunning, Date() < deadline { usleep(100_000) }
            let served = serve.isRunning
            if served { serve.terminate() }
            serve.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!served, "mode \(String(mode, radix: 8)): the server started")
            #expect(serve.terminationStatus == 77, "mode \(String(mode, radix: 8)): \(message)")
            #expect(message.contains("accessible by group or others"), "\(message)")
            #expect(message.contains("chmod 600"), "\(message)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        let server = try setup.serve()
        defer { server.stop() }
        #expect(try setup.login("alice", server: server.url).status == 0)
    }
}
