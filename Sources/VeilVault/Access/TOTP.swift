import Foundation
import VeilCrypto

/// Time-based one-time passwords (RFC 6238 over the HOTP truncation of RFC 4226), as authenticator apps
/// compute them: HMAC-SHA1 by default (SHA-256 and SHA-512 available), 6 or 8 digits, 30-second steps
/// counted from the Unix epoch.
///
/// Verification accepts the current step and one step either side (clock drift), and never accepts a
/// step at or before the last one already accepted for the user, so a code cannot be used twice: the
/// caller persists the step ``verify(_:at:lastAcceptedStep:)`` returns and passes it back next time.
///
/// The secret stays in ``SecureBytes``; `description` shows only the parameters.
public struct TOTP: Sendable, CustomStringConvertible {
    /// Bytes of a secret from ``generateSecret()``: 160 bits, RFC 4226's recommendation and the size
    /// authenticator apps expect.
    public static let generatedSecretByteCount = 20
    /// The smallest secret accepted: RFC 4226's minimum of 128 bits.
    public static let minimumSecretByteCount = 16
    /// How many steps either side of the current one a code may come from.
    public static let allowedDrift: Int64 = 1

    /// The HMAC hash function.
    public let algorithm: HMACAlgorithm
    /// Digits per code: 6 or 8.
    public let digits: Int
    /// Seconds per step.
    public let period: Int
    private let secret: SecureBytes
    private let hmac: HMACDigest

    /// A generator for `secret`.
    /// - Parameters:
    ///   - secret: The shared secret (raw bytes, not base32), at least 16 bytes.
    ///   - algorithm: The HMAC hash; authenticator apps default to SHA-1.
    ///   - digits: 6 or 8.
    ///   - period: Seconds per step, 30 by default.
    /// - Throws: ``TOTPError`` for a short secret or unsupported parameters.
    public init(
        secret: SecureBytes, algorithm: HMACAlgorithm = .sha1, digits: Int = 6, period: Int = 30
    ) throws(TOTPError) {
        guard secret.count >= Self.minimumSecretByteCount else { throw .secretTooShort }
        guard digits == 6 || digits == 8 else { throw .unsupportedDigits }
        guard period > 0 else { throw .invalidPeriod }
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.hmac = HMACDigest(algorithm: algorithm, key: secret)
    }

    /// A new random secret of ``generatedSecretByteCount`` bytes from the CSPRNG.
    public static func generateSecret() -> SecureBytes {
        SecureBytes.random(count: generatedSecretByteCount)
    }

    /// The step counter at `date`: whole periods since the Unix epoch.
    /// - Throws: ``TOTPError/timeOutOfRange`` before 1970 or beyond a 64-bit counter.
    public func step(at date: Date) throws(TOTPError) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds < 9.0e18 else { throw .timeOutOfRange }
        return Int64(seconds) / Int64(period)
    }

    /// The code at `date`, zero-padded to ``digits`` digits.
    public func code(at date: Date) throws(TOTPError) -> String {
        try code(forStep: step(at: date))
    }

    /// The code for step counter `step` (the HOTP value of RFC 4226 with counter = step).
    public func code(forStep step: Int64) throws(TOTPError) -> String {
        String(decoding: try codeBytes(forStep: step), as: UTF8.self)
    }

    /// Checks `code` against the steps around `date` and returns the step it matched, which the caller
    /// must persist as the user's new last accepted step; nil refuses the code.
    ///
    /// Refused: anything but exactly ``digits`` ASCII digits, a code from outside the current step ±1, and
    /// a code whose step is less than or equal to `lastAcceptedStep` (a replay, or an older code after a
    /// newer one was used). All candidate steps are computed and compared in constant time whatever the
    /// input, and a library failure refuses (fails closed).
    /// - Parameters:
    ///   - code: The digits the user typed.
    ///   - date: The server's current time.
    ///   - lastAcceptedStep: The step returned by the user's previous successful verification, if any.
    public func verify(_ code: String, at date: Date, lastAcceptedStep: Int64?) -> Int64? {
        let typed = Array(code.utf8)
        guard typed.count == digits, typed.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let current = try? step(at: date)
        else { return nil }
        let presented = SecureBytes(typed)
        var matched: Int64?
        for candidate in (current - Self.allowedDrift)...(current + Self.allowedDrift) where candidate >= 0 {
            guard let expected = try? codeBytes(forStep: candidate) else { return nil }
            let equal = SecureBytes(expected) == presented
            if equal, candidate > (lastAcceptedStep ?? -1) { matched = candidate }
        }
        return matched
    }

    /// The `otpauth://` enrolment URI authenticator apps read (usually from a QR code):
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`, with
    /// the issuer and account percent-encoded and the secret in unpadded uppercase base32.
    ///
    /// The URI contains the secret: show it once to the user being enrolled, never log or store it.
    public func otpauthURI(accountName: String, issuer: String = "Veil") -> String {
        let encodedSecret = secret.withUnsafeBytes { Base32.encode($0, padding: false) }
        let encodedIssuer = PercentEncoding.encode(issuer)
        return "otpauth://totp/\(encodedIssuer):\(PercentEncoding.encode(accountName))"
            + "?secret=\(encodedSecret)&issuer=\(encodedIssuer)&algorithm=\(algorithm.rawValue)"
            + "&digits=\(digits)&period=\(period)"
    }

    public var description: String { "TOTP(\(algorithm), \(digits) digits, \(period) s)" }

    /// The ASCII digits of the code for `step`: HMAC of the big-endian counter, dynamic truncation
    /// (RFC 4226 section 5.3), modulo 10^digits.
    private func codeBytes(forStep step: Int64) throws(TOTPError) -> [UInt8] {
        guard step >= 0 else { throw .timeOutOfRange }
        let counter = withUnsafeBytes(of: UInt64(step).bigEndian) { Array($0) }
        var mac: [UInt8]
        do { mac = try hmac.authenticationCode(for: counter) } catch { throw .libraryFailure }
        defer { for index in mac.indices { mac[index] = 0 } }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        var value =
            UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var output = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        for index in stride(from: digits - 1, through: 0, by: -1) {
            output[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        return output
    }
}
