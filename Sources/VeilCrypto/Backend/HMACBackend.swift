internal import COpenSSL

/// The one-shot HMAC call behind ``HMACDigest``: `EVP_Q_mac` with the "HMAC" MAC and a named digest.
enum HMACBackend {
    /// HMAC of `message` under `key` with the digest `digestName` ("SHA1", "SHA256", "SHA512"), which must
    /// produce `byteCount` bytes.
    static func authenticationCode(
        digestName: String, key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, byteCount: Int
    ) throws(CryptoError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: byteCount)
        var written = 0
        // OpenSSL treats a NULL key as "no key set"; an empty key or message is passed as a zero-length
        // non-NULL buffer.
        var empty: UInt8 = 0
        let result = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Q_mac(
                    nil, "HMAC", nil, digestName, nil,
                    key.baseAddress ?? UnsafeRawPointer(emptyPointer), key.count,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer),
                    message.count,
                    out.baseAddress, out.count, &written)
            }
        }
        guard result != nil, written == byteCount else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "HMAC computation failed")
        }
        return output
    }
}
