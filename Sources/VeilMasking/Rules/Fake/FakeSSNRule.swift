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
        let parts = [Self.padded(area, 3), Self.padded(group, 2), Self.padded(serial, 4)]
        let bytes = Array(input.utf8)
        if bytes.count == 9 && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return parts.joined() }
        if bytes.count == 11 && bytes[3] == 0x20 && bytes[6] == 0x20 { return parts.joined(separator: " ") }
        return parts.joined(separator: "-")
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
