import Foundation
import Testing
import VeilTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Slow and silent clients against a real `veil serve` over TLS on loopback: no ClientHello, a ClientHello one byte
/// at a time, headers one line at a time (slowloris), half a body, and an idle connection are each closed within
/// their timeout, while staff keep being served throughout.
@Suite(
    "Connection timeouts end to end", .serialized,
    .enabled(if: ProcessRunner.which("openssl") != nil, "openssl is needed"))
struct ServeTimeoutEndToEndTests {
    /// Deadlines short enough for a test: handshake, head and body 2 s, idle 4 s.
    static let options = [
        "--handshake-timeout", "2", "--header-timeout", "2", "--body-timeout", "2", "--idle-timeout", "4",
    ]
    /// Room for a loaded machine.
    static let slack: TimeInterval = 4

    /// An `openssl s_client` whose standard input the test writes slowly: a TLS client that completes the
    /// handshake and then sends (or withholds) its request.
    final class SlowTLSClient: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let started = Date()

        init(port: Int, authority: String) throws {
            signal(SIGPIPE, SIG_IGN)
            process.executableURL = URL(fileURLWithPath: try #require(ProcessRunner.which("openssl")))
            process.arguments = [
                "s_client", "-quiet", "-connect", "127.0.0.1:\(port)", "-servername", "localhost", "-CAfile",
                authority,
            ]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ text: String) {
            try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        }

        /// Seconds from start until the server closed the connection (s_client exits), or nil after `timeout`;
        /// `meanwhile` runs every 0.25 s.
        func secondsUntilClosed(within timeout: TimeInterval, meanwhile: () -> Void = {}) -> TimeInterval? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline {
                meanwhile()
                usleep(250_000)
            }
            if process.isRunning {
                process.terminate()
                return nil
            }
            return Date().timeIntervalSince(started)
        }
    }

    @Test("no ClientHello, a trickled ClientHello, trickled headers, half a body and idling are closed in time")
    func slowClients() async throws {
        let setup = try ServeEndToEndTests.Setup()
        let server = try setup.serve(Self.options)
        defer { server.stop() }
        let port = Int(server.url.split(separator: ":").last!)!
        let authority = setup.scenario.directory.file("ca.crt")
        let slack = Self.slack

        async let silent = onOwnThread { () -> TimeInterval? in
            try RawConnection(port: port).secondsUntilClosed(within: 20)
        }
        async let trickledHello = onOwnThread { () -> TimeInterval? in
            let connection = try RawConnection(port: port)
            connection.transmit([0x16, 0x03, 0x01, 0x02])  // a handshake record's header, then one byte at a time
            return connection.secondsUntilClosed(within: 20) { connection.transmit([0x00]) }
        }
        async let trickledHeaders = onOwnThread { () -> TimeInterval? in
            let client = try SlowTLSClient(port: port, authority: authority)
            client.send("POST /v1/login HTTP/1.1\r\nHost: localhost\r\n")
            var line = 0
            return client.secondsUntilClosed(within: 20) {
                line += 1
                client.send("X-Slow-\(line): y\r\n")
            }
        }
        async let halfBody = onOwnThread { () -> TimeInterval? in
            let client = try SlowTLSClient(port: port, authority: authority)
            client.send(
                "POST /v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"user\":")
            return client.secondsUntilClosed(within: 20) { client.send(" ") }
        }
        async let idle = onOwnThread { () -> TimeInterval? in
            try SlowTLSClient(port: port, authority: authority).secondsUntilClosed(within: 20)
        }
        // Staff are served while the slow connections are open.
        async let served = onOwnThread { () -> [Int32] in
            var statuses: [Int32] = []
            let login = try setup.login("alice", server: server.url)
            statuses.append(login.status)
            for index in 0..<3 {
                let revealed = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[index]])
                statuses.append(
                    revealed.status == 0 && revealed.standardOutput == setup.originals[index] + "\n" ? 0 : 1)
            }
            return statuses
        }

        let results = try await [
            ("no ClientHello", silent, 2.0), ("trickled ClientHello", trickledHello, 2.0),
            ("trickled headers", trickledHeaders, 2.0), ("half a body", halfBody, 2.0), ("idle", idle, 4.0),
        ]
        for (name, seconds, timeout) in results {
            guard let closed = seconds else {
                Issue.record("\(name): still open after 20 s")
                continue
            }
            #expect(closed >= timeout - 0.5 && closed <= timeout + slack, "\(name): closed after \(closed) s")
        }
        #expect(try await served == [0, 0, 0, 0])
        // And after them.
        let after = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[5]])
        #expect(after.status == 0 && after.standardOutput == setup.originals[5] + "\n", "\(after.standardError)")
        print(
            "slow clients closed after: "
                + results.map { "\($0.0) \($0.1.map { String(format: "%.1f s", $0) } ?? "never")" }
                .joined(separator: ", "))

        // A connection that stays open does not keep SIGTERM from stopping the server: it is closed at its deadline.
        let lingering = try RawConnection(port: port)
        let stopping = Date()
        #expect(server.stop(grace: 20), "veil serve did not stop within 20 s of SIGTERM with a connection open")
        #expect(Date().timeIntervalSince(stopping) <= 4 + slack)
        #expect(lingering.isClosed)
    }
}
