import VeilCrypto

extension Digest256 {
    /// Parses 64 hex digits (either case) into a digest; nil for anything else.
    init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = ByteaHex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }
}
