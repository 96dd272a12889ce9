internal import COpenSSL

/// HMAC-SHA256 with the inner and outer SHA-256 states computed once per key.
///
/// Uses OpenSSL's low-level `SHA256_CTX` API (deprecated in OpenSSL 3 but still the fastest route: a
/// keyed state is a plain struct that is copied per message, so a MAC costs two compressions and no
/// allocation). The states are wiped in `deinit`.
final class HMACKeySchedule: @unchecked Sendable {
    /// The inner state, then the outer one. Written only in `init`: behind a pointer, reading them costs no
    /// exclusivity check per message (as a class's `var` would).
    private let states: UnsafeMutablePointer<SHA256_CTX>

    init(key: UnsafeRawBufferPointer) {
        states = .allocate(capacity: 2)
        states.initialize(repeating: SHA256_CTX(), count: 2)
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            var context = SHA256_CTX()
            SHA256_Init(&context)
            SHA256_Update(&context, key.baseAddress, key.count)
            block.withUnsafeMutableBufferPointer { _ = SHA256_Final($0.baseAddress, &context) }
            LibCrypto.cleanse(&context, count: MemoryLayout<SHA256_CTX>.size)
        } else if key.count > 0 {
            block.withUnsafeMutableBytes { $0.copyMemory(from: key) }
        }
        for index in 0..<64 { block[index] ^= 0x36 }
        SHA256_Init(states)
        SHA256_Update(states, block, 64)
        for index in 0..<64 { block[index] ^= 0x36 ^ 0x5c }
        SHA256_Init(states + 1)
        SHA256_Update(states + 1, block, 64)
        block.withUnsafeMutableBytes { LibCrypto.cleanse($0.baseAddress!, count: 64) }
    }

    deinit {
        LibCrypto.cleanse(states, count: 2 * MemoryLayout<SHA256_CTX>.size)
        states.deallocate()
    }

    /// HMAC of `count` bytes at `message` (which may be nil when `count` is 0).
    func authenticationCode(_ message: UnsafeRawPointer?, count: Int) -> Digest256 {
        authenticationCode(prefix: UnsafeRawBufferPointer(start: nil, count: 0), message, count: count)
    }

    /// HMAC of `prefix` followed by `count` bytes at `message`, without joining them in one buffer first.
    func authenticationCode(prefix: UnsafeRawBufferPointer, _ message: UnsafeRawPointer?, count: Int) -> Digest256 {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { digest in
            let digestPointer = digest.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var context = states[0]
            if prefix.count > 0 { SHA256_Update(&context, prefix.baseAddress, prefix.count) }
            if count > 0 { SHA256_Update(&context, message, count) }
            SHA256_Final(digestPointer, &context)
            context = states[1]
            SHA256_Update(&context, digestPointer, 32)
            SHA256_Final(digestPointer, &context)
        }
        return Digest256(bigEndianWords: words)
    }

    /// Plain SHA-256 of a message (used by tests and key handling).
    static func sha256(_ message: UnsafeRawBufferPointer) -> Digest256 {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { digest in
            let digestPointer = digest.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var context = SHA256_CTX()
            SHA256_Init(&context)
            if message.count > 0 { SHA256_Update(&context, message.baseAddress, message.count) }
            SHA256_Final(digestPointer, &context)
        }
        return Digest256(bigEndianWords: words)
    }
}
