import Testing

@testable import VeilCrypto

/// Ed25519 against RFC 8032 section 7.1 (tests 1–3), both directions, and rejection of anything altered.
@Suite("Ed25519")
struct Ed25519Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let seed: String
        let publicKey: String
        let message: String
        let signature: String
        var testDescription: String { name }
    }

    /// RFC 8032, 7.1: TEST 1 (empty message), TEST 2 (one byte), TEST 3 (two bytes).
    static let vectors = [
        Vector(
            name: "RFC 8032 test 1",
            seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", message: "",
            signature:
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        Vector(
            name: "RFC 8032 test 2",
            seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", message: "72",
            signature:
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        Vector(
            name: "RFC 8032 test 3",
            seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", message: "af82",
            signature:
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        ),
    ]

    @Test("signing: the seed gives the RFC's public key and signature", arguments: vectors)
    func signs(_ vector: Vector) throws {
        let key = try Ed25519PrivateKey(seed: SecureBytes(hexBytes(vector.seed)))
        #expect(key.publicKey.hexString == vector.publicKey)
        #expect(try key.signature(for: hexBytes(vector.message)) == hexBytes(vector.signature))
    }

    @Test("verifying: the RFC's public key accepts the RFC's signature", arguments: vectors)
    func verifies(_ vector: Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        #expect(key.isValidSignature(hexBytes(vector.signature), for: hexBytes(vector.message)))
        #expect(Ed25519PublicKey(hexString: vector.publicKey) == key)
        #expect(Ed25519PublicKey(hexString: vector.publicKey.uppercased()) == key)
    }

    @Test("every single-bit change of signature, message or key is rejected", arguments: vectors)
    func rejectsTampering(_ vector: Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        let signature = hexBytes(vector.signature)
        let message = hexBytes(vector.message)
        for index in signature.indices {
            for bit in 0..<8 {
                var altered = signature
                altered[index] ^= 1 << bit
                #expect(!key.isValidSignature(altered, for: message), "signature byte \(index) bit \(bit)")
            }
        }
        for index in message.indices {
            var altered = message
            altered[index] ^= 0x01
            #expect(!key.isValidSignature(signature, for: altered))
        }
        #expect(!key.isValidSignature(signature, for: message + [0]))
        #expect(!key.isValidSignature(signature.dropLast(), for: message))
        #expect(!key.isValidSignature(signature + [0], for: message))
        var otherKey = hexBytes(vector.publicKey)
        otherKey[0] ^= 0x01
        #expect(!(try Ed25519PublicKey(rawRepresentation: otherKey)).isValidSignature(signature, for: message))
        // Another vector's key does not accept this vector's signature.
        let foreign = try #require(Self.vectors.first { $0.name != vector.name })
        #expect(
            !(try Ed25519PublicKey(rawRepresentation: hexBytes(foreign.publicKey)))
                .isValidSignature(signature, for: message))
    }

    @Test("random keys sign and verify longer messages; wrong sizes are refused; nothing secret is printed")
    func roundTrip() throws {
        let key = Ed25519PrivateKey.random()
        let message = Array("{\"format\":\"veil-manifest\"}".utf8)
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(try key.signature(for: message) == signature, "Ed25519 signatures are deterministic")
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!Ed25519PrivateKey.random().publicKey.isValidSignature(signature, for: message))
        let large = [UInt8](repeating: 0x5a, count: 1 << 20)
        #expect(key.publicKey.isValidSignature(try key.signature(for: large), for: large))
        #expect(throws: CryptoError.invalidKeySize) { try Ed25519PrivateKey(seed: SecureBytes.random(count: 31)) }
        #expect(throws: CryptoError.invalidKeySize) { try Ed25519PublicKey(rawRepresentation: [1, 2, 3]) }
        #expect(Ed25519PublicKey(hexString: "zz") == nil)
        #expect(Ed25519PublicKey(hexString: String(repeating: "g", count: 64)) == nil)
        #expect(key.description.contains(key.publicKey.hexString))
        #expect(key.publicKey.fingerprint.count == 39)
    }
}
