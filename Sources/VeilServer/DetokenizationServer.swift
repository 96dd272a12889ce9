import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import VeilCore

/// The HTTPS front of ``DetokenizationService`` (Hummingbird 2): JSON in, JSON out, nothing else.
///
/// - `POST /v1/login` `{user, api_key, otp}` → 200 `{session, expires}` (expires: ISO 8601)
/// - `POST /v1/detokenize`, `Authorization: Bearer SESSION`, `{domain, tokens: [...], reason, key_version?,
///   encoding?}`
///   → 200 `{originals: [string|null]}`
/// - a ``ServiceDenial`` → 401 / 403 / 429 (also: too many failed logins) / 503 `{error: message}`; malformed
///   JSON → 400; a body over 1 MiB → 413; any other path → 404. Refusals are audited, boundedly (``AuditBudget``,
///   ``AuditField``), with the client's address (``ClientAddress``: the peer, or a trusted proxy's header).
///
/// Connections are held to ``ConnectionLimits`` (handshake, head, body and idle deadlines; a connection cap), and TLS
/// to ``TLSPolicy``.
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
    public let limits: ConnectionLimits
    /// Where a request's client address comes from (the peer, or a trusted proxy's header).
    public var clientAddress = ClientAddress()

    public init(
        service: DetokenizationService, listen: Listen, transport: Transport, limits: ConnectionLimits = .init()
    ) throws {
        if case .insecureHTTP = transport, !listen.isLoopback {
            throw VeilError(
                .usage, "plain HTTP is refused except on a loopback address (127.0.0.1, ::1, localhost); use TLS")
        }
        if case .tls(_, let keyFile) = transport { try TLSPolicy.checkPrivate(keyFile) }
        self.service = service
        self.listen = listen
        self.transport = transport
        self.limits = limits
    }

    /// Serves until SIGINT or SIGTERM (or, with `handlingSignals` false, until the task is cancelled).
    /// `onListening` gets the bound port (useful with port 0). The summary of refusals not logged one by one is
    /// written each minute and at the end.
    public func run(handlingSignals: Bool = true, onListening: @escaping @Sendable (Int) -> Void = { _ in })
        async throws
    {
        let tlsConfiguration: TLSConfiguration?
        if case .tls(let certificateFile, let keyFile) = transport {
            tlsConfiguration = try TLSPolicy.server(certificateFile: certificateFile, keyFile: keyFile)
        } else {
            tlsConfiguration = nil
        }
        var logger = Logger(label: "veil.serve")
        logger.logLevel = .error
        let limits = self.limits
        let server = HTTPServerBuilder { responder in
            let http = HTTP1Channel(
                responder: responder, configuration: .init(additionalChannelHandlers: [RequestProgressObserver()]))
            if let tlsConfiguration {
                return GuardedChannel(
                    base: try TLSChannel(http, tlsConfiguration: tlsConfiguration), limits: limits, tls: true)
            }
            return GuardedChannel(base: http, limits: limits, tls: false)
        }
        let application = Application(
            router: Self.router(service, clientAddress: clientAddress),
            server: server,
            configuration: .init(
                address: .hostname(listen.host, port: listen.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let service = self.service
        let summaries = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                service.flushRefusalSummary()
            }
        }
        defer {
            summaries.cancel()
            service.flushRefusalSummary(force: true)
        }
        try await application.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [])
    }

    // MARK: Routes

    // The request's JSON keys.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct LoginRequest: Decodable {
        var user: String
        var api_key: String
        var otp: String
    }

    struct LoginResponse: Encodable {
        var session: String
        var expires: String
    }

    // The request's JSON keys.
    // swift-format-ignore: AlwaysUseLowerCamelCase
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

    static func router(_ service: DetokenizationService, clientAddress: ClientAddress = ClientAddress())
        -> Router<ClientRequestContext>
    {
        let router = Router(context: ClientRequestContext.self)
        router.post("/v1/login") { request, context -> Response in
            let address = clientAddress.resolve(peer: context.peer, headers: request.headers)
            let body: LoginRequest
            switch await decode(LoginRequest.self, request) {
            case .success(let decoded): body = decoded
            case .failure(let refusal): return unread(refusal, request, address, service)
            }
            return answer {
                let login = try service.login(user: body.user, apiKey: body.api_key, code: body.otp, address: address)
                return LoginResponse(
                    session: login.sessionToken, expires: ISO8601DateFormatter().string(from: login.expires))
            }
        }
        router.post("/v1/detokenize") { request, context -> Response in
            let address = clientAddress.resolve(peer: context.peer, headers: request.headers)
            let session = bearer(request.headers[.authorization])
            let body: DetokenizeRequest
            switch await decode(DetokenizeRequest.self, request) {
            case .success(let decoded): body = decoded
            case .failure(let refusal): return unread(refusal, request, address, service)
            }
            return answer {
                DetokenizeResponse(
                    originals: try service.detokenize(
                        session: session ?? "", domain: body.domain, tokens: body.tokens, reason: body.reason,
                        keyVersion: body.key_version, encoding: body.encoding, address: address))
            }
        }
        return router
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Why a body was not read: malformed (400) or over ``maximumBodyBytes`` (413).
    enum Unread: Error {
        case malformed
        case oversize
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async -> Result<T, Unread> {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodyBytes {
            return .failure(.oversize)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            return .failure(.oversize)
        } catch {
            return .failure(.malformed)
        }
        guard let decoded = try? JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) else {
            return .failure(.malformed)
        }
        return .success(decoded)
    }

    static func answer(_ body: () throws -> some Encodable) -> Response {
        do {
            return json(.ok, try body())
        } catch let denial as ServiceDenial {
            return refusal(denial)
        } catch {
            // Unreachable: the service answers every failure as a ServiceDenial. Say nothing about values.
            return json(.internalServerError, ErrorResponse(error: "internal error"))
        }
    }

    static func refusal(_ denial: ServiceDenial) -> Response {
        let status: HTTPResponse.Status
        switch denial.kind {
        case .unauthenticated: status = .unauthorized
        case .forbidden: status = .forbidden
        case .rateLimited: status = .tooManyRequests
        case .auditUnavailable, .unavailable: status = .serviceUnavailable
        }
        return json(status, ErrorResponse(error: denial.message))
    }

    /// A request whose body was not read: audited (within the budget for requests from nobody accountable), then
    /// 400 or 413 — or 503 when the audit log cannot record it.
    static func unread(_ why: Unread, _ request: Request, _ address: String?, _ service: DetokenizationService)
        -> Response
    {
        do {
            try service.refuseUnread(
                path: request.uri.path, why: why == .malformed ? "malformed request" : "body over 1 MiB",
                address: address)
        } catch let denial as ServiceDenial {
            return refusal(denial)
        } catch {
            return json(.internalServerError, ErrorResponse(error: "internal error"))
        }
        switch why {
        case .malformed:
            return json(
                .badRequest,
                ErrorResponse(error: "malformed request: a JSON body with the documented fields is required"))
        case .oversize:
            return json(.contentTooLarge, ErrorResponse(error: "the request body is over 1 MiB"))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
