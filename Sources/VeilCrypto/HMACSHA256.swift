/// HMAC-SHA256 (RFC 2104) with the keyed inner and outer SHA-256 states precomputed at `init`.
///
/// A value can be shared between threads; each call works on its own copy of the keyed states.
public struct HMACSHA256: Sendable {
    private let schedule: HMACKeySchedule

    /// Prepares HMAC-SHA256 with `key` (any length; keys over 64 bytes are hashed first, as RFC 2104 says).
    public init(key: SecureBytes) {
        schedule = key.withBytes { HMACKeySchedule(key: $0) }
    }

    /// The MAC of a byte collection.
    public func authenticationCode<M: Collection>(for message: M) -> Digest256 where M.Element == UInt8 {
        if let code = message.withContiguousStorageIfAvailable({ buffer in
            schedule.authenticationCode(buffer.baseAddress, count: buffer.count)
        }) {
            return code
        }
        return Array(message).withUnsafeBufferPointer {
            schedule.authenticationCode($0.baseAddress, count: $0.count)
        }
    }

    /// The MAC of raw bytes: the hot path, with no heap allocation.
    public func authenticationCode(for message: UnsafeRawBufferPointer) -> Digest256 {
        schedule.authenticationCode(message.baseAddress, count: message.count)
    }

    /// The MAC of `prefix` followed by `message`, with no buffer allocated to join them.
    public func authenticationCode(prefix: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Digest256 {
        schedule.authenticationCode(prefix: prefix, message.baseAddress, count: message.count)
    }

    /// The MAC of `prefix` followed by the UTF-8 bytes of `message`: the same as the MAC of the two joined, with no
    /// buffer allocated to join them (the keyed digests of the masking rules put a label before every value).
    public func authenticationCode(prefix: UnsafeRawBufferPointer, message: String) -> Digest256 {
        if let code = message.utf8.withContiguousStorageIfAvailable({ buffer in
            schedule.authenticationCode(prefix: prefix, buffer.baseAddress, count: buffer.count)
        }) {
            return code
        }
        var copy = message
        return copy.withUTF8 { schedule.authenticationCode(prefix: prefix, $0.baseAddress, count: $0.count) }
    }

    /// The MAC of the UTF-8 bytes of `message` (no copy for native strings).
    public func authenticationCode(for message: String) -> Digest256 {
        if let code = message.utf8.withContiguousStorageIfAvailable({ buffer in
            schedule.authenticationCode(buffer.baseAddress, count: buffer.count)
        }) {
            return code
        }
        var copy = message
        return copy.withUTF8 { schedule.authenticationCode($0.baseAddress, count: $0.count) }
    }
}

/// SHA-256 helpers.
public enum SHA256Hash {
    /// The SHA-256 digest of `message`.
    public static func hash<M: Collection>(_ message: M) -> Digest256 where M.Element == UInt8 {
        Array(message).withUnsafeBytes { HMACKeySchedule.sha256($0) }
    }
}
