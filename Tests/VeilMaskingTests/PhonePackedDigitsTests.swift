import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// `phone` masks ASCII numbers with enough free digits through ``PhonePackedDigits``; its outputs and errors equal the
/// general path's (``PhoneTransformer/transformGenerally(_:)``), batch for batch.
@Suite("phone packed path")
struct PhonePackedDigitsTests {
    /// Numbers of several countries and layouts, with short ones (one-way), international `00` prefixes, non-ASCII
    /// digits, NULLs and empty strings among them.
    static func values(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let phones = NetworkSamples.phones(count, seed: seed)
        return phones.enumerated().map { index, phone -> Field in
            switch index % 31 {
            case 0: return nil
            case 1: return ""
            case 2: return "ext. " + Fixtures.digits(1 + random.next(below: 6), &random)
            case 3: return "0049 30 " + Fixtures.digits(7, &random)
            case 4: return "00 1 " + Fixtures.digits(10, &random)
            case 5: return "٠٢٠ " + Fixtures.digits(8, &random)
            case 6: return "(+7) " + Fixtures.digits(10, &random)
            case 7: return "0" + Fixtures.digits(70, &random)
            default: return phone
            }
        }
    }

    @Test("the same outputs as the general path, batch for batch", arguments: [0, 1, 3])
    func sameOutputs(keepPrefix: Int) throws {
        let transformer = try PhoneRuleTests.transformer(["keep_prefix": .integer(keepPrefix)])
        for seed in 0..<4 {
            BothPaths.expectSame(transformer, Self.values(4096, seed: 900 + UInt64(seed)), "seed \(seed)")
        }
    }

    @Test("a value with no digit is the general path's error, naming its row")
    func noDigits() throws {
        let transformer = try PhoneRuleTests.transformer()
        var values = Self.values(100, seed: 4)
        values[77] = "n/a"
        BothPaths.expectSame(transformer, values, "no digits")
        #expect(throws: MaskingError(rowIndex: 77, reason: "not a phone number (no digits)")) {
            try transformer.transform(&values, related: [])
        }
    }

    @Test("a national number whose encryption starts with 0 is encrypted again, as in the general path")
    func cycleWalk() throws {
        let transformer = try PhoneRuleTests.transformer()
        let cipher = transformer.batcher.cipher
        // Ten-digit national numbers (no trunk prefix: nothing kept) whose first encryption starts with 0.
        var walking: [Field] = []
        var random = Fixtures.random(12)
        while walking.count < 5 {
            let output = [0] + (0..<9).map { _ in UInt16(random.next(below: 10)) }
            let input = try cipher.decrypt(output, tweak: [10, 0xFF])
            guard input[0] != 0 else { continue }
            walking.append(String(input.map { Character(String($0)) }))
        }
        BothPaths.expectSame(transformer, walking + Self.values(40, seed: 5), "walk")
        var masked = walking
        try transformer.transform(&masked, related: [])
        #expect(masked.allSatisfy { $0?.first != "0" })
    }
}
