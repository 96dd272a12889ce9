internal import COpenSSL

/// The small OpenSSL primitives used everywhere: wiping, constant-time comparison, randomness, and the
/// process-wide cache of fetched cipher implementations.
enum LibCrypto {
    /// Wipes `count` bytes in a way the optimiser cannot remove.
    static func cleanse(_ pointer: UnsafeMutableRawPointer, count: Int) {
        OPENSSL_cleanse(pointer, count)
    }

    /// Whether the `count` bytes at `lhs` and `rhs` are equal, in time independent of their contents.
    static func constantTimeEqual(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, count: Int) -> Bool {
        count == 0 || CRYPTO_memcmp(lhs, rhs, count) == 0
    }

    /// Fills `buffer` from the CSPRNG. A CSPRNG failure is unrecoverable, so it stops the process.
    static func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
        guard var pointer = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let chunk = min(remaining, 1 << 30)
            guard RAND_bytes(pointer, Int32(chunk)) == 1 else { fatalError("OpenSSL RAND_bytes failed") }
            pointer += chunk
            remaining -= chunk
        }
    }

    /// A parameter name with static storage: an `OSSL_PARAM` keeps the name pointer, so a temporary C string
    /// bridged from a Swift `String` would dangle.
    static func cName(_ name: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Drops any queued OpenSSL error so that it cannot be misattributed later.
    static func clearErrors() {
        ERR_clear_error()
    }
}

/// Cipher implementations fetched once per process (`EVP_CIPHER_fetch` is costly), kept for the life of the
/// process and never freed. The pointers are immutable and OpenSSL's fetched objects are thread-safe.
final class FetchedCiphers: @unchecked Sendable {
    static let shared = FetchedCiphers()

    let ecb: [Int: OpaquePointer]
    let gcm: [Int: OpaquePointer]

    private init() {
        var ecb: [Int: OpaquePointer] = [:]
        var gcm: [Int: OpaquePointer] = [:]
        for bits in [128, 192, 256] {
            ecb[bits / 8] = EVP_CIPHER_fetch(nil, "AES-\(bits)-ECB", nil)
            gcm[bits / 8] = EVP_CIPHER_fetch(nil, "AES-\(bits)-GCM", nil)
        }
        self.ecb = ecb
        self.gcm = gcm
    }

    /// The AES-ECB implementation for a key of `keyCount` bytes, if that is an AES key size.
    func aesECB(keyCount: Int) -> OpaquePointer? { ecb[keyCount] }

    /// The AES-GCM implementation for a key of `keyCount` bytes, if that is an AES key size.
    func aesGCM(keyCount: Int) -> OpaquePointer? { gcm[keyCount] }
}
