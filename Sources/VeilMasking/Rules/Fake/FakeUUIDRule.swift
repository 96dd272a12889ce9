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
        let high = random.next()
        let low = random.next()
        var input = input
        let form = input.withUTF8 { UUIDLayout($0) }
        let hyphenated = form.map(\.isHyphenated) ?? true
        let braced = form?.isBraced ?? false
        return ComposedText.compose(capacity: 38) { text in
            if braced { text.append(ascii: 0x7B) }
            for index in 0..<32 {
                if hyphenated && (index == 8 || index == 12 || index == 16 || index == 20) { text.append(ascii: 0x2D) }
                var nibble = UInt8((index < 16 ? high : low) >> UInt64(60 - 4 * (index & 15)) & 0xF)
                if index == UUIDText.versionIndex { nibble = 4 }
                if index == UUIDText.variantIndex { nibble = 0x8 | nibble & 0x3 }
                text.append(hexDigit: nibble, upperCase: form?.isUpperCase ?? false)
            }
            if braced { text.append(ascii: 0x7D) }
        }
    }
}
