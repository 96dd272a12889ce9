internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX` and frees it (OpenSSL wipes the key schedule) in `deinit`.
///
/// Not thread-safe: one context serves one thread at a time (see ``CipherContextPool``).
final class CipherContext {
    private let context: OpaquePointer

    private init() throws(CryptoError) {
        guard let context = EVP_CIPHER_CTX_new() else {
            throw CryptoError(.libraryFailure, "EVP_CIPHER_CTX_new failed")
        }
        self.context = context
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    // MARK: AES-ECB (the block function of FF1 and FF3-1)

    /// A context keyed for AES-ECB encryption without padding.
    /// - Parameter key: 16, 24 or 32 bytes.
    static func aesECB(key: UnsafeRawBufferPointer) throws(CryptoError) -> CipherContext {
        guard let cipher = FetchedCiphers.shared.aesECB(keyCount: key.count) else {
            throw CryptoError(.invalidKeySize, "AES keys are 16, 24 or 32 bytes")
        }
        let result = try CipherContext()
        let keyPointer = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard EVP_EncryptInit_ex2(result.context, cipher, keyPointer, nil, nil) == 1,
            EVP_CIPHER_CTX_set_padding(result.context, 0) == 1
        else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "AES-ECB initialisation failed")
        }
        return result
    }

    /// Encrypts `blocks` 16-byte blocks from `input` to `output` (which may be the same buffer) in one call,
    /// so that AES-NI pipelines them.
    func encryptBlocks(_ input: UnsafeRawPointer, _ output: UnsafeMutableRawPointer, blocks: Int) {
        var offset = 0
        var remaining = blocks * 16
        while remaining > 0 {
            let chunk = min(remaining, 1 << 26)
            var written: Int32 = 0
            let status = EVP_EncryptUpdate(
                context, (output + offset).assumingMemoryBound(to: UInt8.self), &written,
                (input + offset).assumingMemoryBound(to: UInt8.self), Int32(chunk))
            // With a valid key, ECB over whole blocks cannot fail; anything else is a broken library.
            precondition(status == 1 && Int(written) == chunk, "AES-ECB encryption failed")
            offset += chunk
            remaining -= chunk
        }
    }

    // MARK: AES-GCM

    /// Encrypts `plaintext` with AES-GCM and a 12-byte nonce, writing `ciphertext` and a 16-byte `tag`.
    static func gcmSeal(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer, ciphertext: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        let context = try gcmContext(key: key, nonce: nonce, encrypting: true)
        try context.gcmUpdate(aad: aad, input: plaintext, output: ciphertext, encrypting: true)
        var written: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptFinal_ex(context.context, &scratch, &written) == 1,
            EVP_CIPHER_CTX_ctrl(context.context, EVP_CTRL_AEAD_GET_TAG, Int32(tag.count), tag.baseAddress) == 1
        else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "AES-GCM encryption failed")
        }
    }

    /// Decrypts and authenticates; throws `authenticationFailed` when the tag does not verify.
    static func gcmOpen(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, plaintext: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        let context = try gcmContext(key: key, nonce: nonce, encrypting: false)
        try context.gcmUpdate(aad: aad, input: ciphertext, output: plaintext, encrypting: false)
        var tagCopy = [UInt8](tag)
        guard EVP_CIPHER_CTX_ctrl(context.context, EVP_CTRL_AEAD_SET_TAG, Int32(tagCopy.count), &tagCopy) == 1
        else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "AES-GCM tag setup failed")
        }
        var written: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(context.context, &scratch, &written) == 1 else {
            LibCrypto.clearErrors()
            if let base = plaintext.baseAddress { LibCrypto.cleanse(base, count: plaintext.count) }
            throw CryptoError(.authenticationFailed, "the authentication tag did not verify")
        }
    }

    private static func gcmContext(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, encrypting: Bool
    ) throws(CryptoError) -> CipherContext {
        guard let cipher = FetchedCiphers.shared.aesGCM(keyCount: key.count) else {
            throw CryptoError(.invalidKeySize, "AES keys are 16, 24 or 32 bytes")
        }
        let result = try CipherContext()
        let keyPointer = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let noncePointer = nonce.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var ivLength = nonce.count
        let ok = withUnsafeMutablePointer(to: &ivLength) { ivLengthPointer in
            var parameters = [
                OSSL_PARAM_construct_size_t(LibCrypto.cName("ivlen"), ivLengthPointer),
                OSSL_PARAM_construct_end(),
            ]
            return encrypting
                ? EVP_EncryptInit_ex2(result.context, cipher, keyPointer, noncePointer, &parameters) == 1
                : EVP_DecryptInit_ex2(result.context, cipher, keyPointer, noncePointer, &parameters) == 1
        }
        guard ok else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "AES-GCM initialisation failed")
        }
        return result
    }

    private func gcmUpdate(
        aad: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer,
        encrypting: Bool
    ) throws(CryptoError) {
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        var written: Int32 = 0
        if aad.count > 0 {
            guard aad.count <= Int(Int32.max),
                update(context, nil, &written, aad.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(aad.count))
                    == 1
            else {
                LibCrypto.clearErrors()
                throw CryptoError(.invalidInput, "associated data could not be processed")
            }
        }
        if input.count > 0 {
            guard input.count <= Int(Int32.max) - 16,
                update(
                    context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written,
                    input.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(input.count)) == 1,
                Int(written) == input.count
            else {
                LibCrypto.clearErrors()
                throw CryptoError(.invalidInput, "the message could not be processed")
            }
        }
    }
}
