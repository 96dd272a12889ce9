/// `fake.mac`: a locally administered unicast MAC address in the input's notation.
///
/// Six bytes (eight for an EUI-64 input of 16 hex digits, as `macaddr8` holds) are drawn from the keyed
/// digest of the input; the first byte has the locally administered bit set and the multicast bit clear,
/// so the address can belong to no manufactured device. The input's notation is kept: separator
/// (`aa:bb:cc:dd:ee:ff`, `aa-bb-...`, Cisco `aabb.ccdd.eeff`, or none) and upper or lower case; an
/// input in no recognisable notation gets `aa:bb:cc:dd:ee:ff` in lower case. One-way, 2^46 outputs.
/// No parameters. Writes text, `macaddr` and `macaddr8` columns.
public enum FakeMACRule {
    public static let definition = FakeRule.definition(
        kind: "mac", summary: "deterministic synthetic locally administered unicast MAC address",
        generator: MACGenerator(), outputBits: 46
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

struct MACGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }
    var columnTypes: Set<String> { ["macaddr", "macaddr8"] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var input = input
        if let text = input.withUTF8({ Self.generateASCII($0, random: &random) }) { return text }
        return Self.generateUnicode(input, random: &random)
    }

    /// The MAC for an ASCII input, written byte by byte; nil (nothing drawn) for any other input.
    private static func generateASCII(_ input: UnsafeBufferPointer<UInt8>, random: inout SeededRandom) -> String? {
        var hexCount = 0
        var upper = false
        for byte in input {
            guard byte < 0x80 else { return nil }
            if isHexDigit(byte) { hexCount += 1 }
            if byte >= 0x41 && byte <= 0x46 { upper = true }
        }
        let byteCount = hexCount == 16 ? 8 : 6
        var drawn: UInt64 = 0
        for index in 0..<byteCount { drawn |= UInt64(UInt8(truncatingIfNeeded: random.next())) << UInt64(8 * index) }
        drawn = drawn & ~0x03 | 0x02
        func digit(_ index: Int) -> UInt8 {
            UInt8(truncatingIfNeeded: drawn >> UInt64(8 * (index / 2) + (index % 2 == 0 ? 4 : 0))) & 0x0F
        }
        // The notation of the input: where its separators fall, when it has the right digit count.
        guard hexCount == 2 * byteCount else {
            return ComposedText.compose(capacity: 3 * byteCount) { text in
                for index in 0..<2 * byteCount {
                    if index > 0 && index % 2 == 0 { text.append(ascii: 0x3A) }
                    text.append(hexDigit: digit(index), upperCase: upper)
                }
            }
        }
        return String(unsafeUninitializedCapacity: input.count) { output in
            var next = 0
            for (index, byte) in input.enumerated() {
                guard isHexDigit(byte) else {
                    output[index] = byte
                    continue
                }
                let nibble = digit(next)
                output[index] = nibble < 10 ? 0x30 + nibble : (upper ? 0x37 : 0x57) + nibble
                next += 1
            }
            return input.count
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    /// The MAC for any input, read by `Character`s: the general path, taken for inputs with non-ASCII characters,
    /// whose hex digits may be full-width forms (`Character.isHexDigit`). The ASCII path gives the same values.
    static func generateUnicode(_ input: String, random: inout SeededRandom) -> String {
        let hexCount = input.count(where: \.isHexDigit)
        let byteCount = hexCount == 16 ? 8 : 6
        var bytes = (0..<byteCount).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes[0] = bytes[0] & 0xFC | 0x02
        let upper = input.contains { ("A"..."F").contains($0) }
        let digits = bytes.map { byte in
            let text = String(byte, radix: 16, uppercase: upper)
            return text.count == 1 ? "0" + text : text
        }.joined()
        guard hexCount == 2 * byteCount else { return grouped(digits, every: 2, separator: ":") }
        var output = ""
        var next = digits.makeIterator()
        for character in input {
            if character.isHexDigit, let digit = next.next() {
                output.append(digit)
            } else {
                output.append(character)
            }
        }
        return output
    }

    static func grouped(_ digits: String, every size: Int, separator: String) -> String {
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && index % size == 0 { result += separator }
            result.append(digit)
        }
        return result
    }
}
