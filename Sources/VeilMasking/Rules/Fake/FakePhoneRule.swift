/// `fake.phone`: a phone number with the input's shape and new digits.
///
/// Every digit is replaced by a keyed pseudo-random digit; `+`, spaces, dashes, dots, parentheses
/// and letters (`ext.`) stay where they are, so `+44 20 7946 0958` becomes, say,
/// `+81 53 2207 4416` and a column's check constraints and lengths keep holding. A leading zero
/// stays a zero and a leading non-zero digit stays non-zero (trunk prefixes and country codes keep
/// their look), unless the value has a single digit. An input without digits gets a number in the
/// fictional `+1-555-01xx` range. One-way; use `fpe` for reversible phone numbers. No parameters.
public enum FakePhoneRule {
    public static let definition = FakeRule.definition(
        kind: "phone", summary: "deterministic synthetic phone number in the input's shape",
        generator: PhoneGenerator())
}

struct PhoneGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var bytes = Array(input.utf8)
        let digitCount = bytes.count { (0x30...0x39).contains($0) }
        var seenDigit = false
        for index in bytes.indices where (0x30...0x39).contains(bytes[index]) {
            if seenDigit || digitCount == 1 {
                bytes[index] = 0x30 + UInt8(random.next(below: 10))
            } else {
                bytes[index] = bytes[index] == 0x30 ? 0x30 : 0x31 + UInt8(random.next(below: 9))
            }
            seenDigit = true
        }
        guard seenDigit else {
            return "+1-555-01" + String(random.next(below: 10)) + String(random.next(below: 10))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
