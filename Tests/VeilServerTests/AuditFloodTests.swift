import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import VeilCore
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// What requests from nobody accountable can make the audit log write: bounded fields, a few lines per client
/// address per minute, and one summary line for the rest — while logins and grants are still audited one by one.
@Suite("Audit log under an unauthenticated flood")
struct AuditFloodTests {
    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func entries(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// POSTs `body` to `url` and returns the status.
    static func post(_ url: String, _ body: [UInt8]) async throws -> UInt {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }

    @Test("a flood of refused logins, sessionless requests, malformed and oversize bodies grows the log boundedly")
    func flood() async throws {
        let setup = try DetokenizationServiceTests.Setup()
        // Every refused login checked and answered 401: the flood comes from one address, which the per-address
        // login throttle (tested on its own) would answer with 429 and keep alice out of below.
        setup.staff.throttle = LoginThrottle(addressFree: 1_000_000)
        let long = String(repeating: "x", count: 60_000)
        let login = Array(#"{"user":"\#(long)","api_key":"veil_x","otp":"123456"}"#.utf8)
        let sessionless = Array(#"{"domain":"\#(long)","tokens":["a"],"reason":"\#(long)"}"#.utf8)
        let malformed = Array(repeating: UInt8(ascii: "{"), count: 500_000)
        let oversize = Array(repeating: UInt8(ascii: " "), count: 2 << 20)
        let requests: [(String, [UInt8], Int)] = [
            ("/v1/login", login, 200), ("/v1/detokenize", sessionless, 200), ("/v1/login", malformed, 30),
            ("/v1/detokenize", oversize, 10),
        ]
        let total = requests.map(\.2).reduce(0, +)
        let before = Self.fileSize(setup.audit.path)
        try await DetokenizationServerTests.withServer(setup) { url in
            for (path, body, count) in requests {
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    var statuses: [UInt] = []
                    for index in 0..<count {
                        if index >= 8, let status = try await group.next() { statuses.append(status) }
                        group.addTask { try await Self.post(url + path, body) }
                    }
                    for try await status in group { statuses.append(status) }
                    return statuses
                }
                #expect(statuses.count == count)
                #expect(statuses.allSatisfy { [400, 401, 413].contains($0) }, "\(path): \(Set(statuses))")
            }
            // Staff are still served and audited.
            let client = DetokenizationClient(server: url)
            let alice = try await client.login(
                user: "alice", apiKey: setup.apiKeys["alice"]!, otp: try setup.code("alice"))
            let originals = try await client.detokenize(
                session: alice.session, domain: "person.email", tokens: [setup.tokens[0]], reason: "ticket")
            #expect(originals == [setup.emails[0]])
        }
        let growth = Self.fileSize(setup.audit.path) - before
        #expect(growth < 24 * 1024, "the flood grew the audit log by \(growth) bytes")
        let entries = try Self.entries(setup.audit.path)
        #expect(entries.allSatisfy { (try? JSONSerialization.data(withJSONObject: $0).count) ?? 0 < 1024 })
        let events = entries.map { $0["event"] as! String }
        #expect(events.filter { $0 == "login" }.count == 1)
        #expect(events.filter { $0 == "grant" }.count == 1)
        // One summary accounts for every refusal that was not written on its own line.
        let written = events.filter { $0 == "login_denied" || $0 == "denial" }.count
        let summaries = entries.filter { $0["event"] as? String == "refusals_not_logged" }
        #expect(summaries.count == 1)
        let details = summaries.first?["details"] as? [String: String]
        #expect(details.flatMap { Int($0["count"] ?? "") } == total - written)
        #expect(details?["busiest"]?.hasPrefix("127.0.0.1 ") == true)
        #expect(try setup.audit.verify().isClean)
    }
}
