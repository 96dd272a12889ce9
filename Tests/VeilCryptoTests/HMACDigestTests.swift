import Testing

@testable import VeilCrypto

/// HMAC-SHA1/256/512 through ``HMACDigest`` against the published vectors: RFC 2202 (SHA-1) and
/// RFC 4231 (SHA-256, SHA-512).
@Suite("HMACDigest")
struct HMACDigestTests {
    /// One published vector: key, message, expected MAC (possibly truncated, as in RFC 4231 test case 5).
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let message: [UInt8]
        let expected: String
        var testDescription: String { name }
    }

    static let longKeyText =
        "Test Using Larger Than Block-Size Key - Hash Key First"

    /// RFC 2202 section 3, all seven HMAC-SHA-1 test cases.
    static let sha1Vectors: [Vector] = [
        Vector(
            name: "RFC 2202 #1", key: Array(repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
            expected: "b617318655057264e28bc0b6fb378c8ef146be00"),
        Vector(
            name: "RFC 2202 #2", key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8),
            expected: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        Vector(
            name: "RFC 2202 #3", key: Array(repeating: 0xaa, count: 20), message: Array(repeating: 0xdd, count: 50),
            expected: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        Vector(
            name: "RFC 2202 #4", key: Array(1...25), message: Array(repeating: 0xcd, count: 50),
            expected: "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        Vector(
            name: "RFC 2202 #5", key: Array(repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8),
            expected: "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
        Vector(
            name: "RFC 2202 #6", key: Array(repeating: 0xaa, count: 80), message: Array(longKeyText.utf8),
            expected: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        Vector(
            name: "RFC 2202 #7", key: Array(repeating: 0xaa, count: 80),
            message: Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
            expected: "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
    ]

    /// RFC 4231 section 4: the keys and messages of test cases 1 to 7.
    static let rfc4231Inputs: [(key: [UInt8], message: [UInt8])] = [
        (Array(repeating: 0x0b, count: 20), Array("Hi There".utf8)),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)),
        (Array(repeating: 0xaa, count: 20), Array(repeating: 0xdd, count: 50)),
        (Array(1...25), Array(repeating: 0xcd, count: 50)),
        (Array(repeating: 0x0c, count: 20), Array("Test With Truncation".utf8)),
        (Array(repeating: 0xaa, count: 131), Array(longKeyText.utf8)),
        (
            Array(repeating: 0xaa, count: 131),
            Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8)
        ),
    ]

    /// RFC 4231 HMAC-SHA-256 results for test cases 1 to 7 (case 5 truncated to 128 bits).
    static let sha256Expected = [
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        "a3b6167473100ee06e0c796c2955552b",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    ]

    /// RFC 4231 HMAC-SHA-512 results for test cases 1 to 7 (case 5 truncated to 128 bits).
    static let sha512Expected = [
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
            + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
            + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        "415fad6271580a531d4179bc891d87a6",
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
            + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
            + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
    ]

    static func rfc4231(_ expected: [String]) -> [Vector] {
        zip(rfc4231Inputs, expected).enumerated().map { index, pair in
            Vector(name: "RFC 4231 #\(index + 1)", key: pair.0.key, message: pair.0.message, expected: pair.1)
        }
    }

    static let sha256Vectors = rfc4231(sha256Expected)
    static let sha512Vectors = rfc4231(sha512Expected)

    /// Checks `vector` with `algorithm`, comparing a prefix when the RFC gives a truncated result.
    func check(_ vector: Vector, _ algorithm: HMACAlgorithm) throws {
        let mac = try HMACDigest(algorithm: algorithm, key: SecureBytes(vector.key))
            .authenticationCode(for: vector.message)
        #expect(mac.count == algorithm.byteCount)
        let expected = hexBytes(vector.expected)
        #expect(Array(mac.prefix(expected.count)) == expected)
    }

    @Test("HMAC-SHA1 matches RFC 2202", arguments: sha1Vectors)
    func sha1(_ vector: Vector) throws { try check(vector, .sha1) }

    @Test("HMAC-SHA256 matches RFC 4231", arguments: sha256Vectors)
    func sha256(_ vector: Vector) throws { try check(vector, .sha256) }

    @Test("HMAC-SHA512 matches RFC 4231", arguments: sha512Vectors)
    func sha512(_ vector: Vector) throws { try check(vector, .sha512) }

    @Test("HMAC-SHA256 agrees with the precomputed-state HMACSHA256, including empty key and message")
    func agreesWithHMACSHA256() throws {
        let long = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let cases: [([UInt8], [UInt8])] = [([], []), ([1, 2, 3], []), ([], [4, 5]), (Array(long.prefix(200)), long)]
        for (key, message) in cases {
            let secret = SecureBytes(key)
            let oneShot = try HMACDigest.authenticationCode(.sha256, key: secret, message: message)
            #expect(oneShot == HMACSHA256(key: secret).authenticationCode(for: message).bytes)
        }
    }

    @Test("String messages are MACed as UTF-8; sizes are 20, 32 and 64 bytes")
    func stringAndSizes() throws {
        let key = SecureBytes(Array("Jefe".utf8))
        let mac = try HMACDigest(algorithm: .sha1, key: key).authenticationCode(for: "what do ya want for nothing?")
        #expect(mac == hexBytes("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"))
        #expect(HMACAlgorithm.allCases.map(\.byteCount) == [20, 32, 64])
        #expect(HMACAlgorithm.allCases.map(\.rawValue) == ["SHA1", "SHA256", "SHA512"])
    }
}
