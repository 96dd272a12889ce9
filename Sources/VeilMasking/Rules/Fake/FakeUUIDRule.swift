/// `fake.uuid`: a synthetic version-4 UUID.
///
/// 122 keyed pseudo-random bits with the version nibble `4` and the RFC 4122 variant bits `10`. The form
/// follows the input when it is a UUID (hyphens or not, braces, upper case when all its letters are);
/// otherwise lower-case and hyphenated. Writes `uuid` and text columns. Distinct inputs collide with
/// probability about n²/2^123, so it suits unique columns. One-way; use `uuid` for reversible
/// UUIDs. No parameters.
public enum FakeUUIDRule {
    public static let definition = FakeRule.definition(
        kind: "uuid", summary: "deterministic synthetic version-4 UUID in the input's form",
        generator: UUIDGenerator(), outputBits: 122, writesUUIDColumns: true
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

struct UUIDGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var nibbles: [UInt8] = []
        for _ in 0..<2 {
            let word = random.next()
            for shift in stride(from: 60, through: 0, by: -4) { nibbles.append(UInt8((word >> UInt64(shift)) & 0xF)) }
        }
        nibbles[UUIDText.versionIndex] = 4
        nibbles[UUIDText.variantIndex] = 0x8 | (nibbles[UUIDText.variantIndex] & 0x3)
        let form = try? UUIDText(input)
        let upper = form?.isUpperCase ?? false
        let text = Array(input.utf8)
        let hyphenated = form == nil || text.contains(0x2D)
        let braced = form != nil && text.first == 0x7B
        var bytes: [UInt8] = braced ? [0x7B] : []
        for (index, nibble) in nibbles.enumerated() {
            if hyphenated && [8, 12, 16, 20].contains(index) { bytes.append(0x2D) }
            bytes.append(nibble < 10 ? 0x30 + nibble : (upper ? 0x41 : 0x61) + nibble - 10)
        }
        if braced { bytes.append(0x7D) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
