import Testing
import VeilTestSupport

@testable import VeilCrypto

/// Property tests of the legacy FF3-1 mode (known answers are in NISTSampleTests).
@Suite("FF3-1 properties")
struct FF3_1Tests {
    @Test("round trip over radices and lengths", arguments: [10, 26, 64, 65536])
    func roundTrip(radix: Int) throws {
        var generator = SeededGenerator(seed: UInt64(radix))
        let cipher = try FF3_1(key: .random(count: 32), radix: radix)
        #expect(cipher.maximumLength == 2 * FF3_1.largestExponent(radix: radix))
        for length in [cipher.minimumLength, cipher.minimumLength + 1, cipher.maximumLength] {
            for _ in 0..<50 {
                let tweak = (0..<7).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let value = randomNumerals(count: length, radix: radix, using: &generator)
                let encrypted = try cipher.encrypt(value, tweak: tweak)
                #expect(encrypted.count == length && encrypted.allSatisfy { Int($0) < radix })
                #expect(try cipher.decrypt(encrypted, tweak: tweak) == value)
            }
        }
    }

    @Test("length bounds follow 2 * floor(log_radix(2^96))")
    func bounds() throws {
        #expect(FF3_1.largestExponent(radix: 10) == 28)
        #expect(FF3_1.largestExponent(radix: 2) == 96)
        #expect(FF3_1.largestExponent(radix: 65536) == 6)
        let cipher = try FF3_1(key: .random(count: 16), radix: 10)
        #expect(throws: CryptoError.invalidLength) {
            try cipher.encrypt(Array(repeating: 1, count: 57), tweak: [0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: CryptoError.invalidLength) {
            try cipher.encrypt([1, 2, 3, 4, 5], tweak: [0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: CryptoError.invalidTweak) {
            try cipher.encrypt([1, 2, 3, 4, 5, 6], tweak: [0, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: CryptoError.invalidNumeral) {
            try cipher.encrypt([1, 2, 3, 4, 5, 16], tweak: [0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: CryptoError.invalidKeySize) { try FF3_1(key: .random(count: 8), radix: 10) }
    }
}
