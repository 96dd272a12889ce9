import Foundation
import Testing
import VeilTestSupport

@testable import VeilServer

/// The service under load: 8 concurrent clients on loopback detokenizing for 20 seconds. Every request must
/// succeed and leave exactly one audit entry; the run prints tokens/s and p50/p99 latency (numbers to compare, not
/// asserted).
@Suite("Detokenization under load")
struct DetokenizationLoadTests {
    static let clients = 8
    static let duration: TimeInterval = 20
    static let tokensPerRequest = 20

    @Test("8 clients for 20 s: no error, one audit entry per request; prints tokens/s and p50/p99")
    func load() async throws {
        let setup = try DetokenizationServiceTests.Setup(
            policy: """
                roles:
                  support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 100000000, requests_per_minute: 10000000 }
                  billing: { domains: [person.phone], tokens_per_request: 5, tokens_per_day: 10 }
                """)
        let latencies = LatencyBox()
        try await DetokenizationServerTests.withServer(setup) { url in
            let client = DetokenizationClient(server: url)
            let login = try await client.login(
                user: "alice", apiKey: setup.apiKeys["alice"]!, otp: try setup.code("alice"))
            let deadline = Date().addingTimeInterval(Self.duration)
            let tokens = setup.tokens
            let emails = setup.emails
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<Self.clients {
                    group.addTask {
                        var offset = worker
                        // At least one request per client, however slow a loaded machine makes them.
                        repeat {
                            let batch = (0..<Self.tokensPerRequest).map { tokens[(offset + $0) % tokens.count] }
                            let started = DispatchTime.now()
                            let originals = try await client.detokenize(
                                session: login.session, domain: "person.email", tokens: batch, reason: "load test")
                            latencies.add(
                                Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6)
                            let expected = (0..<Self.tokensPerRequest).map { emails[(offset + $0) % emails.count] }
                            guard originals == expected.map(Optional.init) else {
                                throw LoadFailure(message: "a request returned wrong originals")
                            }
                            offset += Self.tokensPerRequest
                        } while Date() < deadline
                    }
                }
                try await group.waitForAll()
            }
        }
        let sorted = latencies.values.sorted()
        let requests = sorted.count
        try #require(requests > 0)
        let events = try setup.events()
        #expect(events.filter { $0 == "grant" }.count == requests, "one audit entry per request")
        #expect(events.count == requests + 1)
        #expect(try setup.audit.verify().isClean)
        let p50 = sorted[requests / 2]
        let p99 = sorted[min(requests - 1, requests * 99 / 100)]
        print(
            "detokenize load: \(Self.clients) clients, \(Int(Self.duration)) s, \(requests) requests, "
                + String(
                    format: "%.0f tokens/s, p50 %.2f ms, p99 %.2f ms",
                    Double(requests * Self.tokensPerRequest) / Self.duration, p50, p99))
    }
}

struct LoadFailure: Error {
    let message: String
}

final class LatencyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [Double] = []
    func add(_ value: Double) { lock.withLock { samples.append(value) } }
    var values: [Double] { lock.withLock { samples } }
}
