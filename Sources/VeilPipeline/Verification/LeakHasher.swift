/// Keyed 64-bit fingerprints for leak verification, under a random 32-byte key drawn for one check.
///
/// Whole values are fingerprinted with SipHash-1-3 under the key's first 16 bytes; 8-byte windows (the first
/// eight bytes of a source value, every eight consecutive bytes of an output field) with a keyed multiply-xorshift
/// mix under the other 16. The key lives only in memory for the length of one check, so the filters built from
/// these fingerprints reveal nothing about the values: without the key one cannot test a guess against them.
package struct LeakHasher: Sendable {
    private let k0: UInt64
    private let k1: UInt64
    private let w0: UInt64
    private let w1: UInt64

    /// A hasher under a fresh random key (from the system's CSPRNG).
    init() {
        var generator = SystemRandomNumberGenerator()
        self.init(key: (0..<4).map { _ in generator.next() })
    }

    /// A hasher under a given key of four 64-bit words (32 bytes); tests use a fixed one.
    init(key: [UInt64]) {
        precondition(key.count == 4, "a leak check key is 32 bytes")
        k0 = key[0]
        k1 = key[1]
        w0 = key[2]
        w1 = key[3] | 1
    }

    /// The keyed fingerprint of a whole value's UTF-8 bytes.
    func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 = v0 &+ v1
            v1 = (v1 << 13) | (v1 >> 51)
            v1 ^= v0
            v0 = (v0 << 32) | (v0 >> 32)
            v2 = v2 &+ v3
            v3 = (v3 << 16) | (v3 >> 48)
            v3 ^= v2
            v0 = v0 &+ v3
            v3 = (v3 << 21) | (v3 >> 43)
            v3 ^= v0
            v2 = v2 &+ v1
            v1 = (v1 << 17) | (v1 >> 47)
            v1 ^= v2
            v2 = (v2 << 32) | (v2 >> 32)
        }
        let count = bytes.count
        var offset = 0
        while offset + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            v3 ^= word
            round()
            v0 ^= word
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while offset < count {
            last |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        v3 ^= last
        round()
        v0 ^= last
        v2 ^= 0xff
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// The keyed fingerprint of a string's UTF-8 bytes.
    func fingerprint(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { fingerprint(UnsafeRawBufferPointer($0)) }
    }

    /// The keyed fingerprint of eight bytes read as one little-endian word (a window of a field).
    @inline(__always)
    func window(_ word: UInt64) -> UInt64 {
        var x = (word ^ w0) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        x = x &* w1
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 31)
    }
}
