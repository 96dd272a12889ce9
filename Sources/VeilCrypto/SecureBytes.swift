/// Secret bytes (keys, passphrases) held in storage that is wiped with `OPENSSL_cleanse` when released.
///
/// The storage is in pages locked in RAM and left out of core dumps (``SecureMemory``), so a key is neither
/// swapped out nor written into a crash dump.
///
/// The bytes are immutable after creation. Equality is decided in constant time for equal lengths, and
/// `description` shows only the length.
public struct SecureBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Owns the allocation (from ``SecureMemory``); wipes and frees it in `deinit`. Immutable after `init`, hence
    /// Sendable.
    final class Storage: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let count: Int

        init(count: Int) {
            precondition(count >= 0, "SecureBytes count must not be negative")
            self.count = count
            self.base = SecureMemory.allocate(byteCount: count)
            self.base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        }

        deinit {
            LibCrypto.cleanse(base, count: max(count, 1))
            SecureMemory.deallocate(base, byteCount: count)
        }

        var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    }

    let storage: Storage

    /// Copies `bytes` into wiped-on-release storage.
    /// - Parameter bytes: The secret bytes. The caller remains responsible for its own copy.
    public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let count = bytes.count
        storage = Storage(count: count)
        let target = UnsafeMutableRawBufferPointer(start: storage.base, count: count)
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            if count > 0 { target.copyMemory(from: UnsafeRawBufferPointer(source)) }
        }
        if copied == nil {
            for (offset, byte) in bytes.enumerated() { target[offset] = byte }
        }
    }

    /// Creates `zeroedCount` zero bytes.
    public init(zeroedCount: Int) {
        storage = Storage(count: zeroedCount)
    }

    /// Fills storage of `count` bytes through `body` (used to write secrets straight into wiped storage).
    init(count: Int, initializingWith body: (UnsafeMutableRawBufferPointer) throws(CryptoError) -> Void)
        throws(CryptoError)
    {
        storage = Storage(count: count)
        try body(UnsafeMutableRawBufferPointer(start: storage.base, count: count))
    }

    /// `count` bytes from the OpenSSL CSPRNG, written directly into wiped storage.
    public static func random(count: Int) -> SecureBytes {
        let bytes = SecureBytes(zeroedCount: count)
        LibCrypto.randomBytes(UnsafeMutableRawBufferPointer(start: bytes.storage.base, count: count))
        return bytes
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Calls `body` with the bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(storage.buffer)
    }

    /// Typed-throws variant of ``withUnsafeBytes(_:)`` for internal callers.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(storage) {} }
        return try body(storage.buffer)
    }

    /// Constant-time comparison (for equal lengths) with `CRYPTO_memcmp`.
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storage === rhs.storage { return true }
        return LibCrypto.constantTimeEqual(lhs.storage.base, rhs.storage.base, count: lhs.count)
    }

    public var description: String { "SecureBytes(\(count) bytes)" }
    public var debugDescription: String { description }
}
