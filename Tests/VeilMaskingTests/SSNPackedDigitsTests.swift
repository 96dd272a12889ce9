import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// `ssn` masks values laid out as SSNs through ``SSNPackedDigits``; its outputs and errors equal the general path's
/// (``SSNTransformer/transformGenerally(_:)``), batch for batch.
@Suite("ssn packed path")
struct SSNPackedDigitsTests {
    /// SSNs in the three layouts, issuable or not (area 000, 666 or 9xx, group 00, serial 0000), NULLs and empty
    /// strings among them.
    static func values(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let valid = SSNRuleTests.valid(count: count, seed: seed)
        return valid.enumerated().map { index, ssn -> Field in
            switch index % 29 {
            case 0: return nil
            case 1: return ""
            case 2: return "000-" + Fixtures.digits(2, &random) + "-" + Fixtures.digits(4, &random)
            case 3: return "666 " + Fixtures.digits(2, &random) + " " + Fixtures.digits(4, &random)
            case 4: return "9" + Fixtures.digits(8, &random)
            case 5: return Fixtures.digits(3, &random) + "-00-" + Fixtures.digits(4, &random)
            case 6: return Fixtures.digits(3, &random) + Fixtures.digits(2, &random) + "0000"
            default: return ssn
            }
        }
    }

    @Test("the same outputs as the general path, batch for batch", arguments: ["encrypt", "error"])
    func sameOutputs(invalid: String) throws {
        let transformer = try SSNRuleTests.transformer(["invalid": .string(invalid)])
        for seed in 0..<4 {
            var values = Self.values(4096, seed: 950 + UInt64(seed))
            if invalid == "error" {
                // Issuable ones only, else the first invalid row ends the batch.
                values = values.map { value -> Field in
                    guard let value, SSNRanges.isValid(SSNRuleTests.digits(value)) else { return nil }
                    return value
                }
            }
            BothPaths.expectSame(transformer, values, "seed \(seed)")
        }
    }

    @Test(
        "a value that is not an SSN, or not issuable where that is refused, is the general path's error on its row",
        arguments: [
            ("123-45-678", "encrypt"), ("123-45 6789", "encrypt"), ("12a-45-6789", "encrypt"),
            ("١٢٣-45-6789", "encrypt"),
            ("123_45_6789", "encrypt"), (" 123456789", "encrypt"), ("123-45-67890", "encrypt"),
            ("000-12-3456", "error"),
        ])
    func refusedValues(value: String, invalid: String) throws {
        let transformer = try SSNRuleTests.transformer(["invalid": .string(invalid)])
        var values = Self.values(100, seed: 4).map { value in
            value.map { SSNRanges.isValid(SSNRuleTests.digits($0)) ? $0 : "123-45-6789" }
        }
        values[61] = value
        BothPaths.expectSame(transformer, values, value)
        #expect {
            try transformer.transform(&values, related: [])
        } throws: { error in
            (error as? MaskingError)?.rowIndex == 61
        }
    }

    @Test("an output outside its input's class is encrypted again, as in the general path")
    func cycleWalk() throws {
        let transformer = try SSNRuleTests.transformer()
        let cipher = transformer.batcher.cipher
        // Issuable inputs whose first encryption is not issuable, and the other way round.
        var walking: [Field] = []
        var random = Fixtures.random(13)
        var kinds = (valid: 0, invalid: 0)
        while kinds.valid < 4 || kinds.invalid < 4 {
            let output = (0..<9).map { _ in UInt16(random.next(below: 10)) }
            let input = try cipher.decrypt(output, tweak: [])
            let inputValid = SSNRanges.isValid(input)
            guard inputValid != SSNRanges.isValid(output) else { continue }
            if inputValid ? kinds.valid >= 4 : kinds.invalid >= 4 { continue }
            if inputValid { kinds.valid += 1 } else { kinds.invalid += 1 }
            let digits = String(input.map { Character(String($0)) })
            walking.append(walking.count % 2 == 0 ? digits : SSNText.hyphenated(digits))
        }
        BothPaths.expectSame(transformer, walking + Self.values(40, seed: 5), "walk")
        var masked = walking
        try transformer.transform(&masked, related: [])
        for (input, output) in zip(walking, masked) {
            let (a, b) = (SSNRuleTests.digits(input!), SSNRuleTests.digits(output!))
            #expect(SSNRanges.isValid(a) == SSNRanges.isValid(b))
            #expect(SSNRuleTests.layout(input!) == SSNRuleTests.layout(output!))
        }
    }
}

extension SSNTransformer: HasGeneralPath {}

extension SSNText {
    /// Nine digits as `AAA-GG-SSSS`.
    fileprivate static func hyphenated(_ digits: String) -> String {
        let characters = Array(digits)
        return String(characters[0..<3]) + "-" + String(characters[3..<5]) + "-" + String(characters[5...])
    }
}
