import Foundation
import Hummingbird

/// Where `veil serve` takes a request's client address from (for login throttling and the audit log): the TCP
/// peer, or — only when the peer is one of `trustedProxies` — the last value of `header`, which that proxy sets.
/// A header from any other peer is ignored, so a client cannot choose its own address.
public struct ClientAddress: Sendable, Equatable {
    /// The header a trusted reverse proxy sets (e.g. `X-Forwarded-For`, `X-Real-IP`); nil: always the peer.
    public var header: String?
    /// Peers (IP addresses, as written) whose `header` is believed.
    public var trustedProxies: Set<String>

    public init(header: String? = nil, trustedProxies: Set<String> = []) {
        self.header = header
        self.trustedProxies = trustedProxies
    }

    /// The client's address: the peer's IP, or the trusted proxy's header value (its last comma-separated
    /// element, the one the proxy appended) when that is an IP address. Nil without a peer address.
    public func resolve(peer: String?, headers: HTTPFields) -> String? {
        guard let peer else { return nil }
        guard let header, trustedProxies.contains(peer) else { return peer }
        let name = header.lowercased()
        let values = headers.filter { $0.name.canonicalName == name }.flatMap { $0.value.split(separator: ",") }
        guard let last = values.last?.trimmingCharacters(in: .whitespaces), Self.isAddress(last) else { return peer }
        return last
    }

    /// Whether `text` looks like an IPv4 or IPv6 address (digits, hex letters, `.` and `:`; 2 to 45 characters).
    static func isAddress(_ text: String) -> Bool {
        (2...45).contains(text.utf8.count)
            && text.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" }
    }
}

/// The request context of `veil serve`'s router: Hummingbird's basic one plus the TCP peer's address.
public struct ClientRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, if the channel has one.
    public let peer: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress
    }
}
