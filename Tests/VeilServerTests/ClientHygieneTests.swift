import Foundation
import Hummingbird
import Testing

@testable import VeilServer

/// The staff client against a stand-in server (Hummingbird, plain HTTP, listening on every address): it sends
/// nothing over plain HTTP to a host that is not loopback, and it never prints the server's error text raw.
@Suite("Staff client hygiene")
struct ClientHygieneTests {
    /// Counts the requests it receives; answers every POST with `status` and `{"error": error}`.
    final class StandIn: @unchecked Sendable {
        private let lock = NSLock()
        private var received = 0
        var requests: Int { lock.withLock { received } }
        let status: HTTPResponse.Status
        let error: String

        init(status: HTTPResponse.Status = .unauthorized, error: String = "login refused") {
            self.status = status
            self.error = error
        }

        /// Runs on 0.0.0.0 with a free port while `body` runs (given the port).
        func run(_ body: @Sendable (Int) async throws -> Void) async throws {
            let router = Router()
            router.post("/v1/{path}") { _, _ -> Response in
                self.lock.withLock { self.received += 1 }
                let data = try JSONEncoder().encode(["error": self.error])
                return Response(
                    status: self.status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: router, configuration: .init(address: .hostname("0.0.0.0", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
            let task = Task { try await application.runService(gracefulShutdownSignals: []) }
            defer { task.cancel() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            task.cancel()
            _ = await task.result
        }
    }

    @Test("plain http:// to a host that is not loopback is refused as usage before anything is sent")
    func plainHTTPOffLoopback() async throws {
        let standIn = StandIn()
        try await standIn.run { port in
            // 0.0.0.0 reaches this machine, so a request that were sent would arrive here.
            for server in ["http://0.0.0.0:\(port)", "HTTP://0.0.0.0:\(port)/"] {
                let client = DetokenizationClient(server: server)
                await #expect {
                    _ = try await client.login(user: "alice", apiKey: "veil_secret", otp: "123456")
                } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .usage }
                await #expect {
                    _ = try await client.detokenize(session: "s", domain: "d", tokens: ["t"], reason: "r")
                } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .usage }
            }
            #expect(standIn.requests == 0)
            for server in ["http://10.255.255.1:9", "http://example.org", "http://127.evil.example:9"] {
                await #expect {
                    _ = try await DetokenizationClient(server: server).login(user: "a", apiKey: "k", otp: "1")
                } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .usage }
            }
            // Positive control: the same stand-in over loopback is reached (and refuses the login).
            for server in ["http://127.0.0.1:\(port)", "http://localhost:\(port)"] {
                await #expect {
                    _ = try await DetokenizationClient(server: server).login(user: "a", apiKey: "k", otp: "1")
                } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .unauthenticated }
            }
            #expect(standIn.requests == 2)
        }
    }

    /// An error text built to rewrite the terminal: OSC title, clear screen, cursor moves, a forged line, bidi
    /// override, bell, DEL and a C1 CSI, then far more text than a message needs.
    static let hostileText =
        "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[1;1Hdenied\r\nveil: logged in as admin\u{202E}txt.exe\u{7F}\u{9B}31m"
        + String(repeating: "A", count: 10_000)

    @Test(
        "the server's error text reaches the user without control or format characters and at most 300 characters",
        arguments: [HTTPResponse.Status.unauthorized, .forbidden, .tooManyRequests, .badRequest, .internalServerError])
    func serverTextIsMadePrintable(status: HTTPResponse.Status) async throws {
        let standIn = StandIn(status: status, error: Self.hostileText)
        try await standIn.run { port in
            let client = DetokenizationClient(server: "http://127.0.0.1:\(port)")
            do {
                _ = try await client.login(user: "alice", apiKey: "k", otp: "1")
                Issue.record("the stand-in refuses every login")
            } catch let failure as DetokenizationClient.Failure {
                let scalars = failure.message.unicodeScalars
                #expect(!scalars.contains { Self.isUnprintable($0) }, "\(failure.message.debugDescription)")
                #expect(failure.message.count <= 300 + 60, "\(failure.message.count) characters")
                #expect(failure.message.contains("denied"))
            }
        }
    }

    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
