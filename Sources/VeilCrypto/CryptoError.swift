/// The error thrown by every VeilCrypto operation.
///
/// `code` is stable and meant for programs; `description` is a fixed, human-readable sentence. Neither ever
/// contains key bytes, plaintext, ciphertext or any numeral of the data being processed.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The key is not 16, 24 or 32 bytes long (or otherwise the wrong size for the algorithm).
        case invalidKeySize
        /// The radix is outside 2...65536 (or the alphabet's size is outside that range).
        case invalidRadix
        /// A length is out of range: too few or too many numerals, a too small domain, an output size.
        case invalidLength
        /// A numeral is not below the radix, or a character is not in the alphabet.
        case invalidNumeral
        /// The tweak has the wrong length.
        case invalidTweak
        /// An alphabet has repeated characters or is too small or too large.
        case invalidAlphabet
        /// Authenticated decryption failed: the ciphertext, tag, nonce or associated data were altered.
        case authenticationFailed
        /// Some other input is malformed (for example a sealed box too short to hold a nonce and tag).
        case invalidInput
        /// OpenSSL reported an unexpected failure.
        case libraryFailure

        public var description: String { rawValue }
    }

    /// The stable kind of failure.
    public let code: Code
    /// A fixed explanation chosen at the throw site; never contains data.
    public let reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: A fixed explanation. Must not contain key bytes or data values.
    public init(_ code: Code, _ reason: String = "") {
        self.code = code
        self.reason = reason
    }

    public var description: String {
        reason.isEmpty ? "crypto error: \(code)" : "crypto error: \(code): \(reason)"
    }

    /// Errors are equal when their codes are equal; the reason is only explanatory.
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }

    public static let invalidKeySize = CryptoError(.invalidKeySize)
    public static let invalidRadix = CryptoError(.invalidRadix)
    public static let invalidLength = CryptoError(.invalidLength)
    public static let invalidNumeral = CryptoError(.invalidNumeral)
    public static let invalidTweak = CryptoError(.invalidTweak)
    public static let invalidAlphabet = CryptoError(.invalidAlphabet)
    public static let authenticationFailed = CryptoError(.authenticationFailed)
    public static let invalidInput = CryptoError(.invalidInput)
    public static let libraryFailure = CryptoError(.libraryFailure)
}
