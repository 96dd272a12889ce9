internal import COpenSSL

/// Owns an `EVP_KDF_CTX` for HKDF-SHA256 and frees it in `deinit`.
final class HKDFContext {
    private let context: OpaquePointer

    init() throws(CryptoError) {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "HKDF is not available")
        }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "EVP_KDF_CTX_new failed")
        }
        self.context = context
    }

    deinit {
        EVP_KDF_CTX_free(context)
    }

    /// Extract-then-expand HKDF-SHA256 into `output`.
    func derive(
        key: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer,
        output: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        // OpenSSL rejects NULL buffers; an empty salt or info is passed as a zero-length non-NULL buffer.
        var empty: UInt8 = 0
        let status = withUnsafeMutablePointer(to: &empty) { emptyPointer -> Int32 in
            func octets(_ name: StaticString, _ buffer: UnsafeRawBufferPointer) -> OSSL_PARAM {
                OSSL_PARAM_construct_octet_string(
                    LibCrypto.cName(name),
                    UnsafeMutableRawPointer(mutating: buffer.baseAddress) ?? UnsafeMutableRawPointer(emptyPointer),
                    buffer.count)
            }
            var digestName: [CChar] = Array("SHA256".utf8CString)
            return digestName.withUnsafeMutableBufferPointer { digest in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(LibCrypto.cName("digest"), digest.baseAddress, 0),
                    octets("key", key),
                    octets("salt", salt),
                    octets("info", info),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_KDF_derive(
                    context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count, &parameters)
            }
        }
        guard status == 1 else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "HKDF derivation failed")
        }
    }
}

/// The scrypt call (RFC 7914) through `EVP_PBE_scrypt`.
enum ScryptBackend {
    static func derive(
        passphrase: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer, n: UInt64, r: UInt64, p: UInt64,
        maximumMemory: UInt64, output: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        var empty: UInt8 = 0
        let status = withUnsafeMutablePointer(to: &empty) { emptyPointer -> Int32 in
            let passPointer =
                passphrase.baseAddress?.assumingMemoryBound(to: CChar.self)
                ?? UnsafeRawPointer(emptyPointer).assumingMemoryBound(to: CChar.self)
            let saltPointer = salt.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
            return EVP_PBE_scrypt(
                passPointer, passphrase.count, saltPointer, salt.count, n, r, p, maximumMemory,
                output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count)
        }
        guard status == 1 else {
            LibCrypto.clearErrors()
            throw CryptoError(.libraryFailure, "scrypt derivation failed")
        }
    }
}
