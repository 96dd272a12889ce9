/// Why a TOTP generator cannot be made or cannot produce a code. Never carries the secret or a code.
public enum TOTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The secret is shorter than RFC 4226's minimum of 128 bits.
    case secretTooShort
    /// The number of digits is not 6 or 8.
    case unsupportedDigits
    /// The period is not a positive number of seconds.
    case invalidPeriod
    /// The time is before 1970 or too far in the future for a 64-bit step counter.
    case timeOutOfRange
    /// The cryptographic library failed to compute the HMAC.
    case libraryFailure

    public var description: String {
        switch self {
        case .secretTooShort: "TOTP: the secret must be at least 16 bytes"
        case .unsupportedDigits: "TOTP: codes must have 6 or 8 digits"
        case .invalidPeriod: "TOTP: the period must be a positive number of seconds"
        case .timeOutOfRange: "TOTP: the time is outside the supported range"
        case .libraryFailure: "TOTP: the HMAC computation failed"
        }
    }
}
