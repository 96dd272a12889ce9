import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("grouped format cipher")
struct GroupedFormatCipherTests {
    static let cipher = try! GroupedFormatCipher(
        fpeKey: SecureBytes(Array(repeating: 3, count: 32)),
        hmac: HMACSHA256(key: SecureBytes(Array(repeating: 4, count: 32))), label: "test", radices: [10, 26])

    /// A large digit group (10^6) with two small groups (26^2 and 10^1), some values sharing parts.
    static func values(count: Int, seed: UInt64) -> [[NumeralGroup]] {
        var random = Fixtures.random(seed)
        var seen = Set<[[UInt16]]>()
        var values: [[NumeralGroup]] = []
        while values.count < count {
            let digits = (0..<6).map { _ in UInt16(random.next(below: 10)) }
            let letters = (0..<2).map { _ in UInt16(random.next(below: 3)) }
            let small = [UInt16(random.next(below: 10))]
            guard seen.insert([digits, letters, small]).inserted else { continue }
            values.append([
                NumeralGroup(radix: 10, numerals: digits), NumeralGroup(radix: 26, numerals: letters),
                NumeralGroup(radix: 10, numerals: small),
            ])
        }
        return values
    }

    @Test func encryptsOneToOneKeepsRadicesAndDecryptsBack() throws {
        let inputs = Self.values(count: 5000, seed: 121)
        let contexts = inputs.map { _ in [UInt8(7)] }
        var outputs = inputs
        try Self.cipher.run(&outputs, contexts: contexts)
        #expect(Set(outputs.map { $0.map(\.numerals) }).count == inputs.count)
        for (input, output) in zip(inputs, outputs) {
            #expect(output.map(\.radix) == input.map(\.radix))
            #expect(output.map(\.numerals.count) == input.map(\.numerals.count))
            for group in output { #expect(group.numerals.allSatisfy { Int($0) < group.radix }) }
        }
        // Equal digits next to different letters encrypt unrelatedly (the whitening).
        let byDigits = Dictionary(grouping: zip(inputs, outputs), by: { $0.0[0].numerals })
        let sameDigits = byDigits.values.filter { $0.count > 1 }
        #expect(!sameDigits.isEmpty)
        for pairs in sameDigits {
            #expect(Set(pairs.map { $0.1[0].numerals }).count > 1)
        }
        var decrypted = outputs
        try Self.cipher.run(&decrypted, contexts: contexts, decrypting: true)
        #expect(decrypted == inputs)
        // One value at a time gives the same as the batch.
        for index in 0..<50 {
            var single = [inputs[index]]
            try Self.cipher.run(&single, contexts: [contexts[index]])
            #expect(single[0] == outputs[index])
        }
    }

    @Test func onlySmallGroupsAreNotReversible() {
        #expect(
            !GroupedFormatCipher.isReversible([
                NumeralGroup(radix: 10, numerals: [1, 2, 3, 4, 5]), NumeralGroup(radix: 26, numerals: [1, 2, 3, 4]),
            ]))
        #expect(GroupedFormatCipher.isReversible([NumeralGroup(radix: 26, numerals: [1, 2, 3, 4, 5])]))
        #expect(NumeralGroup(radix: 16, numerals: Array(repeating: 0, count: 5)).isLarge)
        #expect(NumeralGroup(radix: 4, numerals: [3]).smallSize == 4)
    }
}
