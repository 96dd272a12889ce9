/// HKDF-SHA256 (RFC 5869), extract then expand, via OpenSSL's `EVP_KDF` "HKDF".
public enum HKDF {
    /// The largest output HKDF-SHA256 can produce: 255 blocks of 32 bytes.
    public static let maximumOutputByteCount = 255 * 32

    /// Derives `outputByteCount` bytes of key material.
    /// - Parameters:
    ///   - inputKeyMaterial: The secret input (IKM).
    ///   - salt: Optional salt; empty means a string of zero bytes, as RFC 5869 says.
    ///   - info: Context and application specific information.
    ///   - outputByteCount: 1...8160.
    /// - Throws: `invalidLength` when `outputByteCount` is out of range.
    public static func deriveKey(
        inputKeyMaterial: SecureBytes, salt: [UInt8], info: [UInt8], outputByteCount: Int
    ) throws(CryptoError) -> SecureBytes {
        guard outputByteCount >= 1, outputByteCount <= maximumOutputByteCount else {
            throw CryptoError(.invalidLength, "HKDF-SHA256 output must be 1 to 8160 bytes")
        }
        let context = try HKDFContext()
        return try SecureBytes(count: outputByteCount) { (output) throws(CryptoError) in
            try inputKeyMaterial.withBytes { (key) throws(CryptoError) in
                try salt.withRawBytes { (saltBytes) throws(CryptoError) in
                    try info.withRawBytes { (infoBytes) throws(CryptoError) in
                        try context.derive(key: key, salt: saltBytes, info: infoBytes, output: output)
                    }
                }
            }
        }
    }
}
