/// `fake.ssn`: a synthetic US Social Security number in the issued ranges.
///
/// Area 001...899 except 666, group 01...99, serial 0001...9999, keyed pseudo-random. The layout
/// follows the input: nine bare digits stay bare, `AAA GG SSSS` keeps its spaces, anything else gets
/// `AAA-GG-SSSS`. About 2^29.7 possible values, so collisions are common in large columns: use `ssn`
/// for a unique or reversible column. No parameters.
public enum FakeSSNRule {
    public static let definition = FakeRule.definition(
        kind: "ssn", summary: "deterministic synthetic US SSN in the issued ranges", generator: SSNGenerator()
    )
    .withOutputSpace(.digits)
}

struct SSNGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let areaIndex = random.next(below: 898)
        let area = areaIndex < 665 ? areaIndex + 1 : areaIndex + 2
        let group = 1 + random.next(below: 99)
        let serial = 1 + random.next(below: 9999)
        // The input's separators: none for nine digits, spaces for `123 45 6789`, else dashes.
        var input = input
        let separator: UInt8? = input.withUTF8 { bytes in
            if bytes.count == 9 && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return nil }
            return bytes.count == 11 && bytes[3] == 0x20 && bytes[6] == 0x20 ? 0x20 : 0x2D
        }
        return ComposedText.compose(capacity: 11) { text in
            text.append(decimal: area, width: 3)
            if let separator { text.append(ascii: separator) }
            text.append(decimal: group, width: 2)
            if let separator { text.append(ascii: separator) }
            text.append(decimal: serial, width: 4)
        }
    }
}
