import Testing

@testable import VeilCrypto

/// Known-answer tests for HMAC-SHA256, HKDF-SHA256 and AES-GCM from Wycheproof.
@Suite("Wycheproof HMAC, HKDF and AES-GCM vectors")
struct PrimitiveWycheproofTests {
    struct File<Group: Decodable>: Decodable {
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct MACGroup: Decodable {
        let tagSize: Int
        let tests: [MACCase]
    }

    struct MACCase: Decodable {
        let tcId: Int
        let key: String
        let msg: String
        let tag: String
        let result: String
    }

    @Test("HMAC-SHA256: valid tags match, invalid tags differ (truncated tags compared on their prefix)")
    func hmac() throws {
        let file = try TestVectors.load(File<MACGroup>.self, "wycheproof/hmac_sha256_test.json")
        var (valid, invalid) = (0, 0)
        for group in file.testGroups {
            for test in group.tests {
                let mac = HMACSHA256(key: SecureBytes(hexBytes(test.key)))
                let message = hexBytes(test.msg)
                let full = mac.authenticationCode(for: message)
                let tag = Array(full.bytes.prefix(group.tagSize / 8))
                let matches = tag == hexBytes(test.tag)
                // The raw-buffer hot path must agree with the collection path.
                #expect(message.withUnsafeBytes { mac.authenticationCode(for: $0) } == full)
                if test.result == "valid" {
                    #expect(matches, "tcId \(test.tcId)")
                    if matches { valid += 1 }
                } else {
                    #expect(!matches, "tcId \(test.tcId)")
                    if !matches { invalid += 1 }
                }
            }
        }
        print("hmac_sha256: \(valid) valid ok, \(invalid) rejected")
        #expect(valid > 0 && invalid > 0)
        #expect(valid + invalid == file.numberOfTests)
    }

    struct HKDFGroup: Decodable {
        let tests: [HKDFCase]
    }

    struct HKDFCase: Decodable {
        let tcId: Int
        let ikm: String
        let salt: String
        let info: String
        let size: Int
        let okm: String
        let result: String
    }

    @Test("HKDF-SHA256: valid outputs match, too-large sizes are rejected")
    func hkdf() throws {
        let file = try TestVectors.load(File<HKDFGroup>.self, "wycheproof/hkdf_sha256_test.json")
        var (valid, invalid) = (0, 0)
        for test in file.testGroups.flatMap(\.tests) {
            do {
                let output = try HKDF.deriveKey(
                    inputKeyMaterial: SecureBytes(hexBytes(test.ikm)), salt: hexBytes(test.salt),
                    info: hexBytes(test.info), outputByteCount: test.size)
                #expect(test.result == "valid", "tcId \(test.tcId) accepted")
                #expect(output == SecureBytes(hexBytes(test.okm)), "tcId \(test.tcId)")
                if test.result == "valid" && output == SecureBytes(hexBytes(test.okm)) { valid += 1 }
            } catch {
                #expect(test.result == "invalid", "tcId \(test.tcId) rejected: \(error)")
                #expect(error.code == .invalidLength)
                if test.result == "invalid" { invalid += 1 }
            }
        }
        print("hkdf_sha256: \(valid) valid ok, \(invalid) rejected")
        #expect(valid > 0 && invalid > 0)
        #expect(valid + invalid == file.numberOfTests)
    }

    struct GCMGroup: Decodable {
        let ivSize: Int
        let tagSize: Int
        let tests: [GCMCase]
    }

    struct GCMCase: Decodable {
        let tcId: Int
        let key: String
        let iv: String
        let aad: String
        let msg: String
        let ct: String
        let tag: String
        let result: String
    }

    /// Veil only uses 12-byte nonces and 16-byte tags; other IV sizes are skipped (and counted), except that
    /// an invalid case with another IV size must still be refused when the box is built.
    @Test("AES-GCM with 12-byte nonces: valid seal and open match, invalid open fails")
    func gcm() throws {
        let file = try TestVectors.load(File<GCMGroup>.self, "wycheproof/aes_gcm_test.json")
        var (valid, invalid, skipped) = (0, 0, 0)
        for group in file.testGroups {
            for test in group.tests {
                let key = SecureBytes(hexBytes(test.key))
                let (nonce, aad, message) = (hexBytes(test.iv), hexBytes(test.aad), hexBytes(test.msg))
                guard group.ivSize == 96, group.tagSize == 128 else {
                    if test.result == "invalid" {
                        #expect(throws: CryptoError.invalidInput) {
                            try AESGCM.SealedBox(nonce: nonce, ciphertext: hexBytes(test.ct), tag: hexBytes(test.tag))
                        }
                        invalid += 1
                    } else {
                        skipped += 1
                    }
                    continue
                }
                let box = try AESGCM.SealedBox(nonce: nonce, ciphertext: hexBytes(test.ct), tag: hexBytes(test.tag))
                if test.result == "valid" {
                    let sealed = try AESGCM.seal(message, using: key, nonce: nonce, authenticating: aad)
                    #expect(sealed == box, "tcId \(test.tcId) seal")
                    #expect(try AESGCM.open(box, using: key, authenticating: aad) == message, "tcId \(test.tcId)")
                    #expect(
                        try AESGCM.open(AESGCM.SealedBox(combined: box.combined), using: key, authenticating: aad)
                            == message)
                    valid += 1
                } else {
                    #expect(throws: CryptoError.authenticationFailed, "tcId \(test.tcId)") {
                        try AESGCM.open(box, using: key, authenticating: aad)
                    }
                    invalid += 1
                }
            }
        }
        print("aes_gcm: \(valid) valid ok, \(invalid) rejected, \(skipped) skipped (IV size other than 12 bytes)")
        #expect(valid > 0 && invalid > 0)
        #expect(valid + invalid + skipped == file.numberOfTests)
    }
}
