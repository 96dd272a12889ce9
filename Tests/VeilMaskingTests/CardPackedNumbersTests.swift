import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// `card` masks through ``CardPackedNumbers``; each output equals the value masked alone through ``CardNumber`` and
/// FF1's one-value call, for every keep setting, layout and length.
@Suite("card packed path")
struct CardPackedNumbersTests {
    static let settings: [[String: ParameterValue]] = [
        [:], ["keep_bin": .boolean(true)], ["keep_last4": .boolean(true)],
        ["keep_bin": .boolean(true), "keep_last4": .boolean(true)],
    ]

    /// `value` masked on its own: the card's digits through FF1's one-value call (or the one-way mapping).
    static func reference(_ value: String, _ transformer: CardTransformer) throws -> String {
        var card = CardNumber(value, keepBIN: transformer.keepBIN, keepLast4: transformer.keepLast4)
        guard card.encrypted.count >= transformer.minimumEncrypted else {
            var single: [Field] = [value]
            try transformer.transform(&single, related: [])
            return try #require(single[0])
        }
        card.finish(
            encrypted: try transformer.batcher.cipher.encrypt(card.encryptedNumerals, tweak: card.tweak))
        return card.string
    }

    @Test("each output is the value masked alone", arguments: settings.indices)
    func sameAsOneAtATime(setting: Int) throws {
        let transformer = try CardRuleTests.transformer(Self.settings[setting])
        var random = Fixtures.random(UInt64(40 + setting))
        let values: [Field] = (0..<800).map { index in
            switch index % 9 {
            case 0: return nil
            case 1: return ""
            case 2: return "12-34"
            case 3: return "card: " + Fixtures.digits(8 + random.next(below: 4), &random)
            default:
                let digits = Fixtures.cardNumber(
                    length: random.pick([13, 15, 16, 19]), prefix: random.pick(["4", "51", "37"]), &random)
                return random.chance(1, in: 2)
                    ? digits
                    : stride(from: 0, to: digits.count, by: 4).map { offset in
                        String(digits.dropFirst(offset).prefix(4))
                    }.joined(separator: random.pick([" ", "-"]))
            }
        }
        var masked = values
        try transformer.transform(&masked, related: [])
        for (value, output) in zip(values, masked) {
            guard let value, !value.isEmpty else {
                #expect(output == value)
                continue
            }
            #expect(try output == Self.reference(value, transformer), "setting \(setting)")
        }
    }
}
