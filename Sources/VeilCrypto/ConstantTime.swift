/// Comparison of secrets (MACs, keys, codes) whose time does not depend on where they first differ, so that
/// timing a refusal reveals nothing about how close a forgery came.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. Only their lengths (public for a MAC) may shorten the work:
    /// for equal lengths every byte is compared (`CRYPTO_memcmp`).
    public static func equal<L: Collection, R: Collection>(_ lhs: L, _ rhs: R) -> Bool
    where L.Element == UInt8, R.Element == UInt8 {
        let left = Array(lhs)
        let right = Array(rhs)
        guard left.count == right.count else { return false }
        return left.withUnsafeBytes { left in
            right.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
                return LibCrypto.constantTimeEqual(leftBase, rightBase, count: left.count)
            }
        }
    }

    /// Whether the UTF-8 bytes of two strings (hex MACs) are the same, as ``equal(_:_:)`` decides.
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        equal(lhs.utf8, rhs.utf8)
    }
}
