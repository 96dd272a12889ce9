/// `fake.card`: a synthetic payment card number that passes the Luhn check.
///
/// The length follows the input's digit count when it is one the generator draws (15: American Express
/// `34`/`37`; 16: Visa `4`, Mastercard `51`-`55` and `2221`-`2720`, Discover `6011`; 19: Visa `4`,
/// UnionPay `62`), else 16; the network prefix is drawn among that length's, the other digits are keyed
/// pseudo-random and the last one is the Luhn check digit. When the input has that many digits its
/// spaces, dashes and other characters stay in place (`4111 1111 1111 1111` gives `5274 0193 ...`),
/// otherwise the output is plain digits. One-way; use `card` for reversible numbers. No parameters.
public enum FakeCardRule {
    public static let definition = FakeRule.definition(
        kind: "card", summary: "deterministic synthetic Luhn-valid card number with a network prefix",
        generator: CardGenerator(), outputBits: 40
    )
    .withOutputSpace(.digits)
}

struct CardGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    /// Network prefixes by card length.
    static let prefixes: [Int: [String]] = [
        15: ["34", "37"],
        16: ["4", "51", "52", "53", "54", "55", "2221", "2720", "6011"],
        19: ["4", "62"],
    ]

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let inputDigits = input.utf8.count { $0 >= 0x30 && $0 <= 0x39 }
        let length = Self.prefixes[inputDigits] != nil ? inputDigits : 16
        let prefix = random.pick(Self.prefixes[length] ?? ["4"])
        var digits = prefix.utf8.map { $0 - 0x30 }
        if prefix == "2221" {
            // Mastercard's 2-series: 2221...2720.
            let start = 2221 + random.next(below: 500)
            digits = String(start).utf8.map { $0 - 0x30 }
        }
        while digits.count < length { digits.append(UInt8(random.next(below: 10))) }
        digits[length - 1] = Luhn.digit(at: length - 1, in: digits, makingSum: 0)
        guard inputDigits == length else { return String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self) }
        var bytes = Array(input.utf8)
        var next = digits.makeIterator()
        for index in bytes.indices where bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            bytes[index] = 0x30 + (next.next() ?? 0)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
