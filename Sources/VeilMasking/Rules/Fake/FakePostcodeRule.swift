/// `fake.postcode`: a postcode with the input's shape: digits become digits, ASCII letters become
/// letters of the same case, everything else stays.
///
/// So `90210` stays five digits, `SW1A 1AA` stays `LLDL DLL`, `75008` stays five digits and
/// `H3Z 2Y7` keeps its Canadian shape. An input without letters or digits gets five digits.
/// No parameters.
public enum FakePostcodeRule {
    public static let definition = FakeRule.definition(
        kind: "postcode", summary: "deterministic synthetic postcode in the input's shape",
        generator: PostcodeGenerator()
    )
    .withOutputSpace(.shapes([.digits, .mixed, .words]))
}

struct PostcodeGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var input = input
        return input.withUTF8 { bytes in
            // Each ASCII letter and digit replaced by a random one of its kind; five digits when there is none.
            guard bytes.contains(where: Self.isReplaced) else {
                return ComposedText.compose(capacity: 5) { text in
                    for _ in 0..<5 { text.append(ascii: 0x30 + UInt8(random.next(below: 10))) }
                }
            }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                for (index, byte) in bytes.enumerated() {
                    switch byte {
                    case 0x30...0x39: output[index] = 0x30 + UInt8(random.next(below: 10))
                    case 0x41...0x5A: output[index] = 0x41 + UInt8(random.next(below: 26))
                    case 0x61...0x7A: output[index] = 0x61 + UInt8(random.next(below: 26))
                    default: output[index] = byte
                    }
                }
                return bytes.count
            }
        }
    }

    private static func isReplaced(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
