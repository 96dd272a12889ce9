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
        var bytes = Array(input.utf8)
        var changed = false
        for index in bytes.indices {
            switch bytes[index] {
            case 0x30...0x39: bytes[index] = 0x30 + UInt8(random.next(below: 10))
            case 0x41...0x5A: bytes[index] = 0x41 + UInt8(random.next(below: 26))
            case 0x61...0x7A: bytes[index] = 0x61 + UInt8(random.next(below: 26))
            default: continue
            }
            changed = true
        }
        guard changed else {
            return (0..<5).map { _ in String(random.next(below: 10)) }.joined()
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
