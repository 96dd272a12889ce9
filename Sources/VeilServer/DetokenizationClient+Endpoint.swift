import Foundation

extension DetokenizationClient {
    /// The server URL, checked before anything is sent: `https://`, or plain `http://` only to a loopback host
    /// (127.0.0.0/8, ::1, localhost), as `veil serve --insecure-http` itself allows. An API key, a TOTP code or a
    /// session never crosses a network in clear text.
    /// - Throws: ``Failure/Kind/usage`` for any other URL.
    public func checkedEndpoint() throws -> URL {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw Failure(.usage, "--server takes a URL such as https://veil.internal:8443")
        }
        if scheme == "http" {
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            guard DetokenizationServer.Listen(host: bare, port: 0).isLoopback else {
                throw Failure(
                    .usage,
                    "plain http:// is refused for \(PrintableText.sanitized(bare)): only to a loopback address "
                        + "(127.0.0.1, ::1, localhost); use https://")
            }
        }
        return url
    }
}
