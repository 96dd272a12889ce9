import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import VeilFiles

/// The staff side of `veil serve` (AsyncHTTPClient): login, then detokenize with the session it gave. Plain HTTP
/// goes only to loopback (``checkedEndpoint()``); the server's error text is shown only made printable.
public struct DetokenizationClient: Sendable {
    /// Why a call failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// 401: the login was refused, or the session is missing or expired.
            case unauthenticated
            /// 403 or 429: not granted, over a limit, or too many requests.
            case denied
            /// The server could not be reached, TLS failed (an untrusted certificate, a protocol or suite outside
            /// ``TLSPolicy``), it cannot answer now (503) or it answered something unexpected.
            case unavailable
            /// The request was refused as malformed (400) or the URL is unusable.
            case usage
        }

        public var kind: Kind
        public var message: String

        public init(_ kind: Kind, _ message: String) {
            self.kind = kind
            self.message = message
        }

        public var description: String { message }
    }

    public let server: String
    public let caFile: String?

    /// - Parameters:
    ///   - server: the service's base URL, e.g. `https://veil.internal:8443`.
    ///   - caFile: a PEM file of the CA(s) to trust instead of the system's.
    public init(server: String, caFile: String? = nil) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.caFile = caFile
    }

    public struct Login: Sendable {
        public var session: String
        public var expires: Date
    }

    public func login(user: String, apiKey: String, otp: String) async throws -> Login {
        // The request's JSON keys.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        struct Body: Encodable {
            var user: String
            var api_key: String
            var otp: String
        }
        struct Answer: Decodable {
            var session: String
            var expires: String
        }
        let answer: Answer = try await post("/v1/login", Body(user: user, api_key: apiKey, otp: otp), session: nil)
        guard let expires = ISO8601DateFormatter().date(from: answer.expires) else {
            throw Failure(.unavailable, "the server's answer is not a Veil login")
        }
        return Login(session: answer.session, expires: expires)
    }

    public func detokenize(
        session: String, domain: String, tokens: [String], reason: String, keyVersion: Int? = nil,
        encoding: Int? = nil
    ) async throws -> [String?] {
        // The request's JSON keys.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        struct Body: Encodable {
            var domain: String
            var tokens: [String]
            var reason: String
            var key_version: Int?
            var encoding: Int?
        }
        struct Answer: Decodable {
            var originals: [String?]
        }
        let answer: Answer = try await post(
            "/v1/detokenize",
            Body(domain: domain, tokens: tokens, reason: reason, key_version: keyVersion, encoding: encoding),
            session: session)
        guard answer.originals.count == tokens.count else {
            throw Failure(
                .unavailable, "the server answered \(answer.originals.count) originals for \(tokens.count) tokens")
        }
        return answer.originals
    }

    private struct ErrorAnswer: Decodable {
        var error: String
    }

    private func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, session: String?) async throws
        -> Answer
    {
        _ = try checkedEndpoint()
        var tls = TLSPolicy.restrict(TLSConfiguration.makeClientConfiguration())
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw Failure(.usage, "cannot read the CA file \(caFile)")
            }
            tls.trustRoots = .file(caFile)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result: Answer = try await exchange(client, path, body, session: session)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func exchange<Body: Encodable, Answer: Decodable>(
        _ client: HTTPClient, _ path: String, _ body: Body, session: String?
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: server + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let session { request.headers.add(name: "Authorization", value: "Bearer \(session)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let status: UInt
        let data: Data
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            status = response.status.code
            data = Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView)
        } catch {
            throw Failure(.unavailable, "cannot reach \(server) (connection or TLS failure: \(Self.describe(error)))")
        }
        let message = (try? JSONDecoder().decode(ErrorAnswer.self, from: data)).map {
            PrintableText.sanitized($0.error)
        }
        switch status {
        case 200:
            guard let answer = try? JSONDecoder().decode(Answer.self, from: data) else {
                throw Failure(.unavailable, "the server's answer is not Veil's")
            }
            return answer
        case 401: throw Failure(.unauthenticated, message ?? "not logged in")
        case 403, 429: throw Failure(.denied, message ?? "denied")
        case 400: throw Failure(.usage, message ?? "malformed request")
        default: throw Failure(.unavailable, "the server answered HTTP \(status)\(message.map { ": \($0)" } ?? "")")
        }
    }

    /// A short, value-free, printable description of a transport error.
    static func describe(_ error: any Error) -> String {
        PrintableText.sanitized(String(describing: error))
    }
}

/// The client's session file: server URL, session token and expiry, JSON, mode 0600. At `$VEIL_SESSION_FILE` or
/// else `~/.veil/session`.
public struct SessionFile: Codable, Sendable, Equatable {
    public var server: String
    public var session: String
    public var expires: Date

    public init(server: String, session: String, expires: Date) {
        self.server = server
        self.session = session
        self.expires = expires
    }

    public static var defaultPath: String {
        if let path = ProcessInfo.processInfo.environment["VEIL_SESSION_FILE"], !path.isEmpty { return path }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".veil/session").path
    }

    /// Writes the file with mode 0600 (its directory, when created, 0700), replacing any previous one atomically
    /// (``AtomicFileWriter``).
    public func write(to path: String = SessionFile.defaultPath) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(self)
        let file = try AtomicFileWriter(path: path, bufferSize: max(data.count, 4096))
        try data.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }

    /// Reads the file; nil when it does not exist.
    public static func read(from path: String = SessionFile.defaultPath) throws -> SessionFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(SessionFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
