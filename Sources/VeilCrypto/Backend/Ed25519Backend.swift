internal import COpenSSL

/// The OpenSSL calls behind ``Ed25519PrivateKey`` and ``Ed25519PublicKey`` (pure Ed25519, RFC 8032, through
/// `EVP_DigestSign` / `EVP_DigestVerify` with no digest). Each call builds its own `EVP_PKEY` and frees it before
/// returning; OpenSSL wipes a private key's copy when it frees it.
enum Ed25519Backend {
    /// Derives the public key of the 32-byte private key `seed` into `publicKey` (32 bytes).
    static func publicKey(seed: UnsafeRawBufferPointer, into publicKey: UnsafeMutableRawBufferPointer)
        throws(CryptoError)
    {
        let key = try privateKey(seed)
        defer { EVP_PKEY_free(key) }
        var length = publicKey.count
        guard
            EVP_PKEY_get_raw_public_key(key, publicKey.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
                == 1, length == publicKey.count
        else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "Ed25519 public key derivation failed")
        }
    }

    /// Signs `message` under the private key `seed`, writing the 64-byte signature into `signature`.
    static func sign(
        seed: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into signature: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        let key = try privateKey(seed)
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        var length = signature.count
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
            EVP_DigestSign(
                context, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                bytePointer(message), message.count) == 1,
            length == signature.count
        else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "Ed25519 signing failed")
        }
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under the 32-byte `publicKey`. Any failure —
    /// a malformed key, a wrong length, a non-canonical or wrong signature — is `false`.
    static func verify(
        publicKey: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer
    ) -> Bool {
        guard
            let key = EVP_PKEY_new_raw_public_key(
                EVP_PKEY_ED25519, nil, bytePointer(publicKey), publicKey.count)
        else {
            LibCrypto.clearErrors()
            return false
        }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else {
            LibCrypto.clearErrors()
            return false
        }
        defer { EVP_MD_CTX_free(context) }
        let valid =
            EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(
                context, bytePointer(signature), signature.count, bytePointer(message), message.count) == 1
        LibCrypto.clearErrors()
        return valid
    }

    private static func privateKey(_ seed: UnsafeRawBufferPointer) throws(CryptoError) -> OpaquePointer {
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, bytePointer(seed), seed.count) else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "OpenSSL refused the Ed25519 private key")
        }
        return key
    }

    /// OpenSSL wants a non-NULL pointer even for zero bytes; an empty buffer may have none.
    private static func bytePointer(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        if let base = buffer.baseAddress { return base.assumingMemoryBound(to: UInt8.self) }
        return UnsafeRawPointer(emptyByte).assumingMemoryBound(to: UInt8.self)
    }

    /// A static byte for empty messages (an Ed25519 message may be empty, RFC 8032 test 1).
    private nonisolated(unsafe) static let emptyByte: UnsafeMutableRawPointer = {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        pointer.storeBytes(of: 0, as: UInt8.self)
        return pointer
    }()
}
