/// Cryptographically secure random numbers from OpenSSL's `RAND_bytes`.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "count must not be negative")
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { LibCrypto.randomBytes($0) }
        return result
    }

    /// A uniformly distributed random value in `0..<upperBound`, without modulo bias (rejection sampling).
    /// - Parameter upperBound: The exclusive upper bound; must be greater than zero.
    public static func uniform(below upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0, "upperBound must be greater than zero")
        // Values below `threshold` would make some residues more likely; 2^64 mod upperBound of them.
        let threshold = (0 &- upperBound) % upperBound
        while true {
            let value = randomWord()
            if value >= threshold { return value % upperBound }
        }
    }

    /// One random 64-bit word.
    static func randomWord() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { LibCrypto.randomBytes($0) }
        return value
    }
}
