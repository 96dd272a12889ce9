import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// `iban`'s packed path (``IBANPackedDigits``: IBANs whose free part is all digits) against its general path
/// (``IBANText`` through ``GroupedFormatCipher``): the same outputs and the same errors, for every registry country
/// and form, with and without `keep_bank`, on values of every kind the rule meets.
@Suite("iban packed path")
struct IBANPackedDigitsTests {
    /// Values of every kind: valid IBANs (all countries, electronic, print and lower-case forms, dashes), wrong and
    /// out-of-range check digits, all-digit countries written with letters where digits belong, unlisted countries,
    /// short ones, wrong lengths and characters, empty and NULL.
    static func values(count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let allDigits = ["DE", "ES", "PL", "AT", "BE", "PT", "HU", "CZ", "SE", "NO", "DK", "FI", "SI", "RS"]
        return (0..<count).map { index -> Field in
            let country = index % 3 == 0 ? random.pick(allDigits) : nil
            var iban = FormatSamples.iban(&random, country: country, printForm: random.chance(1, in: 3))
            switch index % 17 {
            case 0: return nil
            case 1: return ""
            case 2: iban = iban.lowercased()
            case 3: iban = iban.replacingOccurrences(of: " ", with: "-")
            case 4:
                // Wrong or out-of-range check digits.
                var bytes = Array(iban.utf8)
                bytes[2] = random.pick(Array("0123456789".utf8))
                bytes[3] = random.pick(Array("0129".utf8))
                iban = String(decoding: bytes, as: UTF8.self)
            case 5: iban = String(iban.dropLast())
            case 6: iban += "7"
            case 7: iban = iban.replacingOccurrences(of: "1", with: "X")
            case 8: iban = "ZZ12" + Fixtures.digits(4 + random.next(below: 20), &random)
            case 9: iban = "ZZ12" + Fixtures.digits(random.next(below: 6), &random)
            case 10: iban = iban + "."
            case 11: iban = "12" + iban.dropFirst(2)
            case 12: iban = "DE12 " + Fixtures.digits(18, &random) + "é"
            default: break
            }
            return iban
        }
    }

    @Test("same outputs and errors as the general path", arguments: [false, true])
    func sameAsTheGeneralPath(keepBank: Bool) throws {
        let transformer = try IBANRuleTests.transformer(["keep_bank": .boolean(keepBank)])
        let values = Self.values(count: 4_000, seed: keepBank ? 81 : 80)
        // One batch at a time, in small slices too, so an error (the first bad row) is compared per slice.
        for (offset, size) in [(0, values.count), (0, 7), (7, 50), (57, 300)] {
            let slice = Array(values[offset..<(offset + size)])
            BothPaths.expectSame(slice, "keep_bank \(keepBank), rows \(offset)..<\(offset + size)") {
                values, fast throws(MaskingError) in try transformer.transform(&values, takingPackedPath: fast)
            }
        }
        // Valid values alone (no error stops the batch): every one masked, outputs equal.
        let valid = values.filter { value in
            guard let value, !value.isEmpty else { return false }
            var single: [Field] = [value]
            return (try? transformer.transform(&single, takingPackedPath: false)) != nil
        }
        #expect(valid.count > 1_500)
        BothPaths.expectSame(valid, "valid values, keep_bank \(keepBank)") { values, fast throws(MaskingError) in
            try transformer.transform(&values, takingPackedPath: fast)
        }
        var masked = valid
        try transformer.transform(&masked, related: [])
        for (value, output) in zip(valid, masked) {
            let output = try #require(output)
            #expect(IBANRuleTests.shape(output) == IBANRuleTests.shape(value!))
            let compact = IBANRuleTests.compact(value!)
            if (2...98).contains(Int(compact[2] - 0x30) * 10 + Int(compact[3] - 0x30)) {
                #expect(IBANRuleTests.checkOffset(output) == IBANRuleTests.checkOffset(value!))
            }
            // Values with too few free characters for FF1 are mapped one way; the others reveal.
            if GroupedFormatCipher.isReversible(try IBANText(value!, keepBank: keepBank).groups) {
                #expect(try transformer.reveal(output) == value)
            }
        }
    }
}
