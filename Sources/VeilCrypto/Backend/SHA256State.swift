internal import COpenSSL

/// An incremental SHA-256 state (OpenSSL's `SHA256_CTX`), for ``SHA256Hasher``.
final class SHA256State {
    private var context = SHA256_CTX()

    init() {
        SHA256_Init(&context)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        SHA256_Update(&context, bytes.baseAddress, bytes.count)
    }

    /// The digest of everything added; the state must not be used afterwards.
    func finalize() -> Digest256 {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { digest in
            _ = SHA256_Final(digest.baseAddress!.assumingMemoryBound(to: UInt8.self), &context)
        }
        return Digest256(bigEndianWords: words)
    }
}
