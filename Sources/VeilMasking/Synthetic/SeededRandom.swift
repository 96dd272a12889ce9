import VeilCrypto

/// A deterministic pseudo-random stream (xoshiro256**) seeded from a keyed digest.
///
/// Synthetic rules seed one stream per value from the HMAC of that value under the domain's key, so
/// the same value always draws the same numbers, on every machine and in every Swift version. The
/// stream deliberately does not conform to `RandomNumberGenerator`: the standard library's
/// `random(in:using:)` and `shuffled(using:)` algorithms are not guaranteed stable across releases,
/// so every draw goes through ``next(below:)`` instead.
struct SeededRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the stream with the digest's 32 bytes, read as four little-endian words.
    init(digest: Digest256) {
        // Bytes 8i..<8i+8 read little-endian are the big-endian word i with its bytes swapped.
        self.init(
            words: (
                digest.word(0).byteSwapped, digest.word(1).byteSwapped, digest.word(2).byteSwapped,
                digest.word(3).byteSwapped
            ))
    }

    /// Seeds the stream with four words; an all-zero state (never reached from a digest in practice)
    /// is replaced by a fixed non-zero one, since xoshiro would only ever produce zeros from it.
    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        if words == (0, 0, 0, 0) {
            (s0, s1, s2, s3) = (0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB, 1)
        } else {
            (s0, s1, s2, s3) = words
        }
    }

    /// The next 64 pseudo-random bits.
    mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A uniformly distributed integer in `0..<bound` (Lemire's multiply-and-reject, no modulo bias).
    /// - Parameter bound: the exclusive upper bound; must be positive.
    mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        next(below: denominator) < numerator
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[next(below: elements.count)]
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
