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

    /// ``prefixes`` as digit values, by card length.
    private static let prefixDigits: [Int: [[UInt8]]] = prefixes.mapValues { $0.map { $0.utf8.map { $0 - 0x30 } } }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var input = input
        return input.withUTF8 { bytes in
            let inputDigits = bytes.count { $0 >= 0x30 && $0 <= 0x39 }
            let choices = Self.prefixDigits[inputDigits]
            let length = choices != nil ? inputDigits : 16
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { digits in
                let prefix = random.pick(choices ?? Self.prefixDigits[16]!)
                if prefix == [2, 2, 2, 1] {
                    // Mastercard's 2-series: 2221...2720.
                    let start = 2221 + random.next(below: 500)
                    for (index, divisor) in [1000, 100, 10, 1].enumerated() {
                        digits[index] = UInt8(start / divisor % 10)
                    }
                } else {
                    for (index, digit) in prefix.enumerated() { digits[index] = digit }
                }
                var sum = 0
                for index in 0..<(length - 1) {
                    if index >= prefix.count { digits[index] = UInt8(random.next(below: 10)) }
                    sum += Self.luhnContribution(digits[index], doubled: (length - 1 - index) % 2 == 1)
                }
                // A digit is drawn for the check position too, and replaced (the stream stays as it was).
                _ = random.next(below: 10)
                digits[length - 1] = UInt8((10 - sum % 10) % 10)
                guard inputDigits == length else {
                    return String(unsafeUninitializedCapacity: length) { output in
                        for index in 0..<length { output[index] = 0x30 + digits[index] }
                        return length
                    }
                }
                return String(unsafeUninitializedCapacity: bytes.count) { output in
                    var next = 0
                    for (index, byte) in bytes.enumerated() {
                        guard byte >= 0x30 && byte <= 0x39 else {
                            output[index] = byte
                            continue
                        }
                        output[index] = 0x30 + digits[next]
                        next += 1
                    }
                    return bytes.count
                }
            }
        }
    }

    private static func luhnContribution(_ digit: UInt8, doubled: Bool) -> Int {
        guard doubled else { return Int(digit) }
        let twice = Int(digit) * 2
        return twice > 9 ? twice - 9 : twice
    }
}
