import ArgumentParser
import Foundation
import VeilApp
import VeilCore
import VeilCrypto
import VeilPipeline
import VeilServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTPS detokenization service for staff, until SIGINT or SIGTERM.",
        discussion: """
            POST /v1/login {user, api_key, otp} → {session, expires}; POST /v1/detokenize (Authorization: Bearer \
            SESSION) {domain, tokens, reason, key_version?} → {originals}. Needs the profile's vault, audit log and \
            an access policy. TLS 1.2 (ECDHE + AEAD suites) or 1.3 only; the --tls-key file must be readable by \
            its owner only (exit 77 otherwise). Connections that do not complete their handshake, headers or body, \
            or stay idle, within their timeouts are closed. Plain HTTP only with --insecure-http on a loopback \
            address.
            """)

    @Argument(help: "The profile (YAML): key store, vault, audit log, and optionally the policy.")
    var profile: String

    @Option(help: "The access policy (YAML); default: the profile's `policy:`.")
    var policy: String?

    @Option(help: "Where to listen: HOST:PORT (port 0 picks a free one).")
    var listen: String

    @Option(name: .customLong("tls-cert"), help: "The server certificate chain (PEM).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "The server's private key (PEM).")
    var tlsKey: String?

    @Option(
        name: .customLong("client-address-header"),
        help: ArgumentHelp(
            "Behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For; its last "
                + "value is used), believed only from --trusted-proxy peers."))
    var clientAddressHeader: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "The IP address of a reverse proxy whose --client-address-header is believed (repeatable).")
    var trustedProxies: [String] = []

    @Option(name: .customLong("handshake-timeout"), help: "Seconds from accept to a completed TLS handshake.")
    var handshakeTimeout: Double = ConnectionLimits().handshakeTimeout

    @Option(name: .customLong("header-timeout"), help: "Seconds from a request's first byte to the end of its headers.")
    var headerTimeout: Double = ConnectionLimits().headerTimeout

    @Option(
        name: .customLong("body-timeout"), help: "Seconds from the end of a request's headers to the end of its body.")
    var bodyTimeout: Double = ConnectionLimits().bodyTimeout

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may wait for its next request.")
    var idleTimeout: Double = ConnectionLimits().idleTimeout

    @Option(name: .customLong("max-connections"), help: "Connections open at once; more wait in the listen backlog.")
    var maxConnections: Int = ConnectionLimits().maximumConnections

    @Flag(name: .customLong("insecure-http"), help: "Plain HTTP, for tests: only on 127.0.0.1, ::1 or localhost.")
    var insecureHTTP = false

    func run() async throws {
        let transport: DetokenizationServer.Transport =
            insecureHTTP ? .insecureHTTP : .tls(certificateFile: tlsCert ?? "", keyFile: tlsKey ?? "")
        if insecureHTTP, tlsCert != nil || tlsKey != nil {
            try reportingErrors { () throws -> Void in
                throw VeilError(.usage, "--insecure-http and --tls-cert/--tls-key exclude each other")
            }
        }
        if (clientAddressHeader == nil) != trustedProxies.isEmpty {
            try reportingErrors { () throws -> Void in
                throw VeilError(.usage, "--client-address-header and --trusted-proxy go together")
            }
        }
        let limits = ConnectionLimits(
            handshakeTimeout: handshakeTimeout, headerTimeout: headerTimeout, bodyTimeout: bodyTimeout,
            idleTimeout: idleTimeout, maximumConnections: maxConnections)
        let server = try reportingErrors {
            guard [handshakeTimeout, headerTimeout, bodyTimeout, idleTimeout].allSatisfy({ $0 > 0 && $0 <= 3600 }),
                maxConnections > 0
            else {
                throw VeilError(.usage, "timeouts take 0 < SECONDS <= 3600 and --max-connections a positive number")
            }
            var serve = ServeDetokenization(
                profilePath: profile, policyPath: policy, listen: listen, transport: transport, limits: limits)
            serve.clientAddress = ClientAddress(header: clientAddressHeader, trustedProxies: Set(trustedProxies))
            return try serve.prepare()
        }
        let scheme = insecureHTTP ? "http" : "https"
        let host = server.listen.host.contains(":") ? "[\(server.listen.host)]" : server.listen.host
        do {
            try await server.run { port in
                FileHandle.standardError.write(Data("veil serve: listening on \(scheme)://\(host):\(port)\n".utf8))
                if ProcessHardening.unlockedKeyMappings > 0 {
                    FileHandle.standardError.write(
                        Data("veil serve: warning: some key pages could not be locked in RAM (RLIMIT_MEMLOCK)\n".utf8))
                }
            }
        } catch let error as VeilError {
            try reportingErrors { () throws -> Void in throw error }
        } catch {
            try reportingErrors { () throws -> Void in
                throw VeilError(.unavailable, "cannot serve on \(listen): \(String(describing: error).prefix(200))")
            }
        }
        FileHandle.standardError.write(Data("veil serve: stopped\n".utf8))
    }
}
