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
        let form = input.withUTF8(UUIDForm.init)
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

/// How a UUID input is written, read from its bytes as ``UUIDText`` reads them: thirty-two hex digits, plain or
/// hyphenated 8-4-4-4-12, optionally in braces.
private struct UUIDForm {
    var isUpperCase: Bool
    var isHyphenated: Bool
    var isBraced: Bool

    /// - Returns: nil when `bytes` is not a UUID.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var body = 0..<bytes.count
        isBraced = bytes.count >= 2 && bytes[0] == 0x7B && bytes[bytes.count - 1] == 0x7D
        if isBraced { body = 1..<(bytes.count - 1) }
        switch body.count {
        case 32: isHyphenated = false
        case 36: isHyphenated = true
        default: return nil
        }
        var upper = false
        var lower = false
        for (offset, position) in body.enumerated() {
            let byte = bytes[position]
            if isHyphenated && (offset == 8 || offset == 13 || offset == 18 || offset == 23) {
                guard byte == 0x2D else { return nil }
                continue
            }
            switch byte {
            case 0x30...0x39: break
            case 0x41...0x46: upper = true
            case 0x61...0x66: lower = true
            default: return nil
            }
        }
        isUpperCase = upper && !lower
    }
}
