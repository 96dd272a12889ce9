import Testing

@testable import VeilCrypto

/// Unit and property tests of SecureBytes, SecureRandom, AES-GCM, scrypt, HMAC, Digest256 and FPEAlphabet.
@Suite("Primitives")
struct PrimitiveTests {
    @Test("SecureBytes equality compares contents and length; description hides the bytes")
    func secureBytes() {
        let a = SecureBytes([1, 2, 3])
        #expect(a == SecureBytes([1, 2, 3]))
        #expect(a != SecureBytes([1, 2, 4]))
        #expect(a != SecureBytes([1, 2]))
        #expect(SecureBytes([]) == SecureBytes(zeroedCount: 0))
        #expect(SecureBytes(zeroedCount: 4) == SecureBytes([0, 0, 0, 0]))
        #expect(SecureBytes([5, 6][...]).count == 2)
        #expect(a.withUnsafeBytes { Array($0) } == [1, 2, 3])
        #expect(a.description == "SecureBytes(3 bytes)")
        #expect(!"\(a)".contains("1, 2"))
        let random = SecureBytes.random(count: 32)
        #expect(random.count == 32)
        #expect(random != SecureBytes.random(count: 32))
    }

    @Test("SecureRandom.uniform stays below its bound and covers it")
    func uniform() {
        for bound: UInt64 in [1, 2, 3, 10, 1000, UInt64.max] {
            for _ in 0..<500 { #expect(SecureRandom.uniform(below: bound) < bound) }
        }
        var seen = Set<UInt64>()
        for _ in 0..<2000 { seen.insert(SecureRandom.uniform(below: 7)) }
        #expect(seen == Set(0..<7))
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        #expect(SecureRandom.bytes(count: 64) != SecureRandom.bytes(count: 64))
    }

    @Test("AES-GCM: round trip, fresh nonces, tampering detected")
    func gcm() throws {
        let key = SecureBytes.random(count: 32)
        let message = Array("token vault entry".utf8)
        let aad = Array("domain=ssn".utf8)
        let box = try AESGCM.seal(message, using: key, authenticating: aad)
        #expect(box.nonce.count == 12 && box.tag.count == 16 && box.ciphertext.count == message.count)
        #expect(try AESGCM.open(box, using: key, authenticating: aad) == message)
        #expect(try AESGCM.open(AESGCM.SealedBox(combined: box.combined), using: key, authenticating: aad) == message)
        let nonces = try (0..<100).map { _ in try AESGCM.seal(message, using: key).nonce }
        #expect(Set(nonces).count == 100)

        var ciphertext = box.ciphertext
        ciphertext[0] ^= 1
        var tag = box.tag
        tag[15] ^= 0x80
        var nonce = box.nonce
        nonce[0] ^= 1
        let tampered = [
            try AESGCM.SealedBox(nonce: box.nonce, ciphertext: ciphertext, tag: box.tag),
            try AESGCM.SealedBox(nonce: box.nonce, ciphertext: box.ciphertext, tag: tag),
            try AESGCM.SealedBox(nonce: nonce, ciphertext: box.ciphertext, tag: box.tag),
            try AESGCM.SealedBox(nonce: box.nonce, ciphertext: Array(box.ciphertext.dropLast()), tag: box.tag),
        ]
        for candidate in tampered {
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(candidate, using: key, authenticating: aad)
            }
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(box, using: key, authenticating: Array("domain=card".utf8))
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(box, using: .random(count: 32), authenticating: aad)
        }
        #expect(throws: CryptoError.invalidInput) { try AESGCM.SealedBox(combined: Array(repeating: 0, count: 27)) }
        #expect(throws: CryptoError.invalidKeySize) { try AESGCM.seal(message, using: .random(count: 31)) }
        let empty = try AESGCM.seal([], using: key)
        #expect(try AESGCM.open(empty, using: key).isEmpty)
    }

    @Test("scrypt matches RFC 7914 test vectors")
    func scrypt() throws {
        let first = try Scrypt.deriveKey(
            passphrase: SecureBytes([]), salt: [], parameters: .init(n: 16, r: 1, p: 1), outputByteCount: 64)
        #expect(
            first
                == SecureBytes(
                    hexBytes(
                        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")))
        let second = try Scrypt.deriveKey(
            passphrase: SecureBytes(Array("password".utf8)), salt: Array("NaCl".utf8),
            parameters: .init(n: 1024, r: 8, p: 16), outputByteCount: 64)
        #expect(
            second
                == SecureBytes(
                    hexBytes(
                        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")))
        #expect(throws: CryptoError.invalidInput) {
            try Scrypt.deriveKey(
                passphrase: SecureBytes([1]), salt: [], parameters: .init(n: 1000, r: 8, p: 1),
                outputByteCount: 32)
        }
        #expect(throws: CryptoError.invalidLength) {
            try Scrypt.deriveKey(
                passphrase: SecureBytes([1]), salt: [], parameters: .init(n: 16, r: 1, p: 1),
                outputByteCount: 0)
        }
        #expect(Scrypt.Parameters.standard == .init(n: 1 << 17, r: 8, p: 1))
    }

    @Test("scrypt runs with the standard parameters (N = 2^17, r = 8)")
    func scryptStandard() throws {
        let key = try Scrypt.deriveKey(
            passphrase: SecureBytes(Array("correct horse".utf8)), salt: SecureRandom.bytes(count: 16),
            parameters: .standard, outputByteCount: 32)
        #expect(key.count == 32)
    }

    @Test("HMAC-SHA256 matches RFC 4231 case 2; all entry points agree")
    func hmac() {
        let mac = HMACSHA256(key: SecureBytes(Array("Jefe".utf8)))
        let message = "what do ya want for nothing?"
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(mac.authenticationCode(for: message).hexString == expected)
        #expect(mac.authenticationCode(for: Array(message.utf8)).hexString == expected)
        #expect(mac.authenticationCode(for: message.utf8).hexString == expected)
        #expect(Array(message.utf8).withUnsafeBytes { mac.authenticationCode(for: $0) }.hexString == expected)
        let bridged = String(decoding: Array(message.utf8), as: UTF8.self)
        #expect(mac.authenticationCode(for: bridged).hexString == expected)
        #expect(mac.authenticationCode(for: "") != mac.authenticationCode(for: "a"))
    }

    @Test("HMAC-SHA256 of a prefix and a string equals the MAC of the two joined, across block boundaries")
    func hmacWithPrefix() {
        let mac = HMACSHA256(key: SecureBytes(Array("a domain key of 32 bytes exactly".utf8)))
        var generator = SystemRandomNumberGenerator()
        let pieces = ["", "a", "é", "陽菜", "Анастасия", "x@y.example", "4111 1111 1111 1111", "🧪"]
        // Prefix lengths around SHA-256's 64-byte block and its 55-byte padding limit; messages up to 200 bytes.
        for prefixLength in [0, 1, 20, 54, 55, 56, 63, 64, 65, 119, 128, 130] {
            for _ in 0..<20 {
                let prefix = (0..<prefixLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let length = Int.random(in: 0...200, using: &generator)
                var message = ""
                while message.utf8.count < length {
                    message += pieces.randomElement(using: &generator)!
                }
                let joined = mac.authenticationCode(for: prefix + Array(message.utf8))
                #expect(prefix.withUnsafeBytes { mac.authenticationCode(prefix: $0, message: message) } == joined)
                // A bridged, non-native string takes the copying path and agrees too.
                let bridged = String(decoding: Array(message.utf8), as: UTF8.self)
                #expect(prefix.withUnsafeBytes { mac.authenticationCode(prefix: $0, message: bridged) } == joined)
            }
        }
    }

    @Test("Digest256 words, bytes and hex agree")
    func digest() throws {
        let bytes = (0..<32).map { UInt8($0) }
        let digest = try #require(Digest256(bytes: bytes))
        #expect(digest.bytes == bytes)
        #expect(digest[31] == 31)
        #expect(digest.word(0) == 0x0001_0203_0405_0607)
        #expect(digest.word(3) == 0x1819_1A1B_1C1D_1E1F)
        #expect(digest.hexString.hasPrefix("000102"))
        #expect(Digest256(bytes: [1, 2]) == nil)
        #expect(
            SHA256Hash.hash(Array("abc".utf8)).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("FPEAlphabet maps characters to numerals and back")
    func alphabet() throws {
        #expect(FPEAlphabet.digits.radix == 10)
        #expect(FPEAlphabet.alphanumeric.radix == 62)
        #expect(FPEAlphabet.letters.radix == 52)
        #expect(FPEAlphabet.lowercase.numeral(for: "c") == 2)
        #expect(try FPEAlphabet.uppercase.numerals("AZ") == [0, 25])
        #expect(FPEAlphabet.alphanumeric.string([0, 10, 61]) == "0Az")
        #expect(throws: CryptoError.invalidNumeral) { try FPEAlphabet.digits.numerals("12a") }
        #expect(throws: CryptoError.invalidNumeral) { try FPEAlphabet.digits.numerals("1é") }
        #expect(throws: CryptoError.invalidAlphabet) { try FPEAlphabet("a") }
        #expect(throws: CryptoError.invalidAlphabet) { try FPEAlphabet("abca") }
        let greek = try FPEAlphabet("αβγδ")
        #expect(try greek.numerals("δα") == [3, 0])
        #expect(greek.string([1, 2]) == "βγ")
        #expect(throws: CryptoError.invalidNumeral) { try greek.numerals("a") }
        #expect(greek == (try FPEAlphabet("αβγδ")))
    }

    @Test("errors have stable codes and descriptions without data")
    func errors() {
        let error = CryptoError(.invalidNumeral, "a numeral is not below the radix")
        #expect(error == .invalidNumeral)
        #expect(error.description == "crypto error: invalidNumeral: a numeral is not below the radix")
        #expect(CryptoError.Code.allCases.count == 9)
    }
}
