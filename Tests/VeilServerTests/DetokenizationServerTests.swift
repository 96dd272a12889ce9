import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import VeilCore
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// The HTTP front in process, on plain HTTP on loopback, over the same real vault, accounts and audit log as
/// ``DetokenizationServiceTests``: status codes, JSON shapes, and the client's reading of them.
@Suite("Detokenization server (HTTP)")
struct DetokenizationServerTests {
    /// Runs the server on 127.0.0.1:0 while `body` runs, then cancels it.
    static func withServer(
        _ setup: DetokenizationServiceTests.Setup, limits: ConnectionLimits = .init(),
        _ body: @Sendable (String) async throws -> Void
    ) async throws {
        let server = try DetokenizationServer(
            service: setup.service, listen: .init(host: "127.0.0.1", port: 0), transport: .insecureHTTP, limits: limits)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(handlingSignals: false) { port in continuation.yield(port) }
        }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body("http://127.0.0.1:\(port)")
        task.cancel()
        _ = await task.result
    }

    /// A raw POST (or GET) with AsyncHTTPClient: status and body text.
    static func raw(_ url: String, get: Bool = false, body: String? = nil, bearer: String? = nil)
        async throws -> (UInt, String)
    {
        var request = HTTPClientRequest(url: url)
        request.method = get ? .GET : .POST
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (response.status.code, text)
    }

    @Test("login and detokenize through HTTP; denials become 401/403/429 with the service's message")
    func statusCodes() async throws {
        let setup = try DetokenizationServiceTests.Setup()
        try await Self.withServer(setup) { url in
            let client = DetokenizationClient(server: url)
            let alice = try await client.login(
                user: "alice", apiKey: setup.apiKeys["alice"]!, otp: try setup.code("alice"))
            let originals = try await client.detokenize(
                session: alice.session, domain: "person.email", tokens: Array(setup.tokens.prefix(20)), reason: "t")
            #expect(originals == setup.emails.prefix(20).map { Optional($0) })
            #expect(
                try await client.detokenize(
                    session: alice.session, domain: "person.email", tokens: ["zzzzzz.zzzz@zzzzzzz.zzz"], reason: "t")
                    == [nil])

            let bob = try await client.login(user: "bob", apiKey: setup.apiKeys["bob"]!, otp: try setup.code("bob"))
            await #expect {
                _ = try await client.detokenize(
                    session: bob.session, domain: "person.email", tokens: [setup.tokens[0]], reason: "t")
            } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .denied }

            // A replayed code, a bogus session.
            await #expect {
                _ = try await client.login(user: "bob", apiKey: setup.apiKeys["bob"]!, otp: try setup.code("bob"))
            } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .unauthenticated }
            let bogus = try await Self.raw(
                url + "/v1/detokenize", body: #"{"domain":"person.email","tokens":["a"],"reason":"t"}"#, bearer: "nope")
            #expect(bogus.0 == 401 && bogus.1 == #"{"error":"no valid session: log in again"}"#)

            // Malformed JSON is 400; other paths and methods 404.
            #expect(try await Self.raw(url + "/v1/login", body: "{not json").0 == 400)
            #expect(
                try await Self.raw(url + "/v1/detokenize", body: #"{"domain":"x"}"#, bearer: alice.session).0 == 400)
            #expect(try await Self.raw(url + "/v1/login", get: true).0 == 404)
            #expect(try await Self.raw(url + "/v1/other", body: "{}").0 == 404)

            // Six requests a minute for support: the next one is 429.
            var statuses: [UInt] = []
            for _ in 0..<5 {
                statuses.append(
                    try await Self.raw(
                        url + "/v1/detokenize", body: #"{"domain":"person.email","tokens":["a"],"reason":"t"}"#,
                        bearer: alice.session
                    ).0)
            }
            #expect(statuses.last == 429)
            #expect(statuses.dropLast().allSatisfy { $0 == 200 })
        }
        #expect(try setup.audit.verify().isClean)
    }

    /// A format domain whose rule reveals each token as `TOKEN vVERSION eENCODING` (`e-` when the request names no
    /// encoding): what the request asked for, as the recorded rule would be rebuilt for it.
    static func taggingReverser(_ vault: TokenVault) -> any TokenReverser {
        CompositeReverser(
            format: FormatReverser { domain, version, encoding in
                guard domain == "person.email" else { return nil }
                let tag = "v\(version ?? 1) e\(encoding.map(String.init) ?? "-")"
                return FormatReverser.Resolution(identity: tag) { { token in "\(token) \(tag)" } }
            },
            vault: VaultReverser(vault: vault))
    }

    @Test("a request's encoding reaches the rebuilt rule and the audit log; without one, the recorded encoding")
    func encodingPassesThrough() async throws {
        let setup = try DetokenizationServiceTests.Setup(reverser: Self.taggingReverser)
        try await Self.withServer(setup) { url in
            let client = DetokenizationClient(server: url)
            let alice = try await client.login(
                user: "alice", apiKey: setup.apiKeys["alice"]!, otp: try setup.code("alice"))
            let asked = try await client.detokenize(
                session: alice.session, domain: "person.email", tokens: ["a", "b"], reason: "t", encoding: 1)
            #expect(asked == ["a v1 e1", "b v1 e1"])
            // A rule rebuilt for one encoding is not reused for another request.
            let recorded = try await client.detokenize(
                session: alice.session, domain: "person.email", tokens: ["a"], reason: "t", keyVersion: 1)
            #expect(recorded == ["a v1 e-"])
        }
        let log = try String(contentsOfFile: setup.audit.path, encoding: .utf8)
        #expect(log.split(separator: "\n").filter { $0.contains(#""encoding":"1""#) }.count == 1)
    }

    @Test("the client reports an unreachable server as unavailable")
    func unreachable() async throws {
        let client = DetokenizationClient(server: "http://127.0.0.1:1")
        await #expect {
            _ = try await client.login(user: "a", apiKey: "k", otp: "1")
        } throws: { ($0 as? DetokenizationClient.Failure)?.kind == .unavailable }
    }

    @Test("listen addresses: HOST:PORT parsing, loopback only for plain HTTP")
    func listen() throws {
        #expect(try DetokenizationServer.Listen.parse("127.0.0.1:8443") == .init(host: "127.0.0.1", port: 8443))
        #expect(try DetokenizationServer.Listen.parse("[::1]:0") == .init(host: "::1", port: 0))
        #expect(throws: VeilError.self) { try DetokenizationServer.Listen.parse("127.0.0.1") }
        #expect(throws: VeilError.self) { try DetokenizationServer.Listen.parse("host:99999") }
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST"] {
            #expect(DetokenizationServer.Listen(host: host, port: 1).isLoopback, "\(host)")
        }
        for host in ["0.0.0.0", "10.0.0.1", "127.evil.example", "::", "example.org"] {
            #expect(!DetokenizationServer.Listen(host: host, port: 1).isLoopback, "\(host)")
        }
        let setup = try DetokenizationServiceTests.Setup()
        #expect(throws: VeilError.self) {
            try DetokenizationServer(
                service: setup.service, listen: .init(host: "0.0.0.0", port: 0), transport: .insecureHTTP)
        }
    }
}
