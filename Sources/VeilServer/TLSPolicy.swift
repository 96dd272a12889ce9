import Foundation
import NIOSSL
import VeilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one TLS policy of `veil serve` and its staff client: TLS 1.2 or 1.3 only (1.3 whenever both ends have it),
/// and in TLS 1.2 only ECDHE key exchange with an AEAD cipher (AES-GCM, ChaCha20-Poly1305): forward secrecy, no
/// TLS 1.0/1.1, no static RSA, no CBC. TLS 1.3's own suites are all ECDHE/AEAD.
public enum TLSPolicy {
    /// The TLS 1.2 suites allowed, in order of preference (OpenSSL names).
    public static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ]

    /// `configuration` restricted to the policy.
    public static func restrict(_ configuration: TLSConfiguration) -> TLSConfiguration {
        var restricted = configuration
        restricted.minimumTLSVersion = .tlsv12
        restricted.maximumTLSVersion = nil
        restricted.cipherSuites = tls12CipherSuites.joined(separator: ":")
        return restricted
    }

    /// The server's configuration from PEM files; refuses a key file group or others can read or write (like the key
    /// store: a `.keyStore` ``VeilError``, exit 77) and unreadable files (usage).
    public static func server(certificateFile: String, keyFile: String) throws -> TLSConfiguration {
        try checkPrivate(keyFile)
        do {
            let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            return restrict(
                TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) },
                    privateKey: .privateKey(key)))
        } catch {
            throw VeilError(.usage, "cannot read the TLS certificate \(certificateFile) or key \(keyFile) (PEM)")
        }
    }

    /// Fails unless only the owner of `keyFile` can read or write it (a missing file is left to the PEM reader).
    static func checkPrivate(_ keyFile: String) throws {
        var info = stat()
        guard stat(keyFile, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0 {
            throw VeilError(
                .keyStore,
                "the TLS key \(keyFile) is accessible by group or others (mode "
                    + "\(String(info.st_mode & 0o777, radix: 8))); run `chmod 600 \(keyFile)`")
        }
    }
}
