import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import VeilCore

/// The HTTPS front of ``DetokenizationService`` (Hummingbird 2): JSON in, JSON out, nothing else.
///
/// - `POST /v1/login` `{user, api_key, otp}` → 200 `{session, expires}` (expires: ISO 8601)
/// - `POST /v1/detokenize`, `Authorization: Bearer SESSION`, `{domain, tokens: [...], reason, key_version?,
///   encoding?}`
///   → 200 `{originals: [string|null]}`
/// - a ``ServiceDenial`` → 401 / 403 / 429 / 503 `{error: message}`; malformed JSON → 400; any other path → 404.
///
/// Request bodies, tokens, originals and keys are never logged: the server logs only its own start and stop.
public struct DetokenizationServer: Sendable {
    /// Where to listen and how.
    public struct Listen: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Parses `HOST:PORT` (`[::1]:PORT` for IPv6). A usage ``VeilError`` otherwise.
        public static func parse(_ text: String) throws -> Listen {
            let host: Substring
            let port: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                    throw VeilError(.usage, "--listen takes HOST:PORT (e.g. 127.0.0.1:8443 or [::1]:8443)")
                }
                host = text[text.index(after: text.startIndex)..<close]
                port = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":") else {
                    throw VeilError(.usage, "--listen takes HOST:PORT (e.g. 127.0.0.1:8443)")
                }
                host = text[..<colon]
                port = text[text.index(after: colon)...]
            }
            guard !host.isEmpty, let number = Int(port), (0...65535).contains(number) else {
                throw VeilError(.usage, "--listen takes HOST:PORT with a port from 0 to 65535")
            }
            return Listen(host: String(host), port: number)
        }

        /// True for 127.0.0.1 (any 127/8), ::1 and localhost: the only places plain HTTP is allowed.
        public var isLoopback: Bool {
            let lowered = host.lowercased()
            if lowered == "localhost" || lowered == "::1" { return true }
            let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }
    }

    /// Transport security: TLS from PEM files, or plain HTTP (loopback only, for tests).
    public enum Transport: Sendable {
        case tls(certificateFile: String, keyFile: String)
        case insecureHTTP
    }

    public static let maximumBodyBytes = 1 << 20

    public let service: DetokenizationService
    public let listen: Listen
    public let transport: Transport

    public init(service: DetokenizationService, listen: Listen, transport: Transport) throws {
        if case .insecureHTTP = transport, !listen.isLoopback {
            throw VeilError(
                .usage, "plain HTTP is refused except on a loopback address (127.0.0.1, ::1, localhost); use TLS")
        }
        self.service = service
        self.listen = listen
        self.transport = transport
    }

    /// Serves until SIGINT or SIGTERM (or, with `handlingSignals` false, until the task is cancelled).
    /// `onListening` gets the bound port (useful with port 0).
    public func run(handlingSignals: Bool = true, onListening: @escaping @Sendable (Int) -> Void = { _ in })
        async throws
    {
        var tlsConfiguration: TLSConfiguration?
        if case .tls(let certificateFile, let keyFile) = transport {
            do {
                let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
                tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) },
                    privateKey: .privateKey(key))
            } catch {
                throw VeilError(.usage, "cannot read the TLS certificate \(certificateFile) or key \(keyFile) (PEM)")
            }
        }
        var logger = Logger(label: "veil.serve")
        logger.logLevel = .error
        let application = Application(
            router: Self.router(service),
            server: try tlsConfiguration.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await application.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [])
    }

    // MARK: Routes

    struct LoginRequest: Decodable {
        var user: String
        var api_key: String
        var otp: String
    }

    struct LoginResponse: Encodable {
        var session: String
        var expires: String
    }

    struct DetokenizeRequest: Decodable {
        var domain: String
        var tokens: [String]
        var reason: String
        var key_version: Int?
        var encoding: Int?
    }

    struct DetokenizeResponse: Encodable {
        var originals: [String?]
    }

    struct ErrorResponse: Encodable {
        var error: String
    }

    static func router(_ service: DetokenizationService) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/login") { request, _ -> Response in
            guard let body = await decode(LoginRequest.self, request) else { return malformed() }
            return answer {
                let login = try service.login(user: body.user, apiKey: body.api_key, code: body.otp)
                return LoginResponse(
                    session: login.sessionToken, expires: ISO8601DateFormatter().string(from: login.expires))
            }
        }
        router.post("/v1/detokenize") { request, _ -> Response in
            let session = bearer(request.headers[.authorization])
            guard let body = await decode(DetokenizeRequest.self, request) else { return malformed() }
            return answer {
                DetokenizeResponse(
                    originals: try service.detokenize(
                        session: session ?? "", domain: body.domain, tokens: body.tokens, reason: body.reason,
                        keyVersion: body.key_version, encoding: body.encoding))
            }
        }
        return router
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async -> T? {
        guard let buffer = try? await request.body.collect(upTo: maximumBodyBytes) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    static func answer(_ body: () throws -> some Encodable) -> Response {
        do {
            return json(.ok, try body())
        } catch let denial as ServiceDenial {
            let status: HTTPResponse.Status
            switch denial.kind {
            case .unauthenticated: status = .unauthorized
            case .forbidden: status = .forbidden
            case .rateLimited: status = .tooManyRequests
            case .auditUnavailable: status = .serviceUnavailable
            }
            return json(status, ErrorResponse(error: denial.message))
        } catch {
            // A vault or key failure: say nothing about values.
            return json(.internalServerError, ErrorResponse(error: "internal error"))
        }
    }

    static func malformed() -> Response {
        json(.badRequest, ErrorResponse(error: "malformed request: a JSON body with the documented fields is required"))
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
