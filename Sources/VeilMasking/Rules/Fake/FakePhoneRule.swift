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
        var input = input
        return input.withUTF8 { bytes in
            let digitCount = bytes.count { (0x30...0x39).contains($0) }
            guard digitCount > 0 else {
                return ComposedText.compose(capacity: 11) { text in
                    for byte in "+1-555-01".utf8 { text.append(ascii: byte) }
                    text.append(ascii: 0x30 + UInt8(random.next(below: 10)))
                    text.append(ascii: 0x30 + UInt8(random.next(below: 10)))
                }
            }
            // Every digit drawn, except that the first keeps a 0 (a trunk or international prefix) and is never
            // made one.
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var seenDigit = false
                for (index, byte) in bytes.enumerated() {
                    guard (0x30...0x39).contains(byte) else {
                        output[index] = byte
                        continue
                    }
                    if seenDigit || digitCount == 1 {
                        output[index] = 0x30 + UInt8(random.next(below: 10))
                    } else {
                        output[index] = byte == 0x30 ? 0x30 : 0x31 + UInt8(random.next(below: 9))
                    }
                    seenDigit = true
                }
                return bytes.count
            }
        }
    }
}
