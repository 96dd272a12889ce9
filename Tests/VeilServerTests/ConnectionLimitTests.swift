import Foundation
import Testing
import VeilTestSupport

@testable import VeilServer

/// Connection deadlines and the connection cap of the real server on loopback (plain HTTP; the TLS handshake
/// deadline is covered end to end): 200 idle connections are closed within the idle timeout while 20 clients make
/// 200 requests each, all answered correctly; beyond the cap a client waits until a connection closes.
@Suite("Connection limits", .serialized)
struct ConnectionLimitTests {
    static let loadPolicy = """
        roles:
          support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 100000000, requests_per_minute: 10000000 }
          billing: { domains: [person.phone], tokens_per_request: 5, tokens_per_day: 10 }
        """

    @Test("200 idle connections are closed within the idle timeout while 20 clients × 200 requests are all correct")
    func idleFloodUnderLoad() async throws {
        let setup = try DetokenizationServiceTests.Setup(policy: Self.loadPolicy)
        let idle: TimeInterval = 3
        let limits = ConnectionLimits(idleTimeout: idle)
        try await DetokenizationServerTests.withServer(setup, limits: limits) { url in
            let port = Int(url.split(separator: ":").last!)!
            let client = DetokenizationClient(server: url)
            let login = try await client.login(
                user: "alice", apiKey: setup.apiKeys["alice"]!, otp: try setup.code("alice"))
            let (tokens, emails) = (setup.tokens, setup.emails)
            let started = Date()
            async let idleClosed = onOwnThread { () -> [TimeInterval?] in
                let connections = try (0..<200).map { _ in try RawConnection(port: port) }
                return connections.map { $0.secondsUntilClosed(within: idle + 30) }
            }
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        var correct = 0
                        for request in 0..<200 {
                            let index = (worker * 200 + request) % tokens.count
                            let originals = try await DetokenizationServerTests.raw(
                                url + "/v1/detokenize",
                                body: #"{"domain":"person.email","tokens":["\#(tokens[index])"],"reason":"load"}"#,
                                bearer: login.session)
                            if originals.0 == 200, originals.1.contains(emails[index]) { correct += 1 }
                        }
                        return correct
                    }
                }
                return try await group.reduce(0, +)
            }
            let loadSeconds = Date().timeIntervalSince(started)
            let closes = try await idleClosed
            #expect(answered == 20 * 200, "\(answered) of 4000 requests answered correctly")
            let open = closes.filter { $0 == nil }.count
            #expect(open == 0, "\(open) idle connections still open after \(idle + 30) s")
            let seconds = closes.compactMap { $0 }
            let latest = seconds.max() ?? 0
            #expect(seconds.allSatisfy { $0 >= idle - 0.5 }, "closed too early: \(seconds.min() ?? 0) s")
            #expect(latest <= idle + 4, "the last idle connection closed after \(latest) s")
            print(
                "connection limits: 4000 requests by 20 clients in \(String(format: "%.1f", loadSeconds)) s while 200 "
                    + "idle connections closed after \(String(format: "%.1f", seconds.min() ?? 0))–"
                    + "\(String(format: "%.1f", latest)) s (idle timeout \(Int(idle)) s)")
        }
        #expect(try setup.events().filter { $0 == "grant" }.count == 4000)
    }

    @Test("beyond the connection cap a client waits in the backlog until a connection closes, then is served")
    func cap() async throws {
        let setup = try DetokenizationServiceTests.Setup()
        let limits = ConnectionLimits(idleTimeout: 3, maximumConnections: 4)
        try await DetokenizationServerTests.withServer(setup, limits: limits) { url in
            let port = Int(url.split(separator: ":").last!)!
            let held = try (0..<4).map { _ in try RawConnection(port: port) }
            // Let the server accept them.
            try await Task.sleep(for: .milliseconds(500))
            let started = Date()
            let (status, _) = try await DetokenizationServerTests.raw(url + "/v1/login", body: "{}")
            let waited = Date().timeIntervalSince(started)
            #expect(status == 400)
            // Served only once the held connections reached their idle timeout.
            #expect(waited >= 2, "served after \(waited) s with 4 connections open at a cap of 4")
            // The first held connection to reach its idle timeout freed the slot; the others, opened together, reach
            // theirs a moment later (checking them all at once raced with those closes).
            #expect(held.contains { $0.isClosed })
            #expect(held.allSatisfy { $0.secondsUntilClosed(within: 2) != nil })
        }
    }
}
