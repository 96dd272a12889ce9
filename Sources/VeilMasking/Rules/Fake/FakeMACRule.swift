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
        let hexCount = input.count(where: \.isHexDigit)
        let byteCount = hexCount == 16 ? 8 : 6
        var bytes = (0..<byteCount).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes[0] = bytes[0] & 0xFC | 0x02
        let upper = input.contains { ("A"..."F").contains($0) }
        let digits = bytes.map { byte in
            let text = String(byte, radix: 16, uppercase: upper)
            return text.count == 1 ? "0" + text : text
        }.joined()
        // The notation of the input: where its separators fall, when it has the right digit count.
        guard hexCount == 2 * byteCount else { return Self.grouped(digits, every: 2, separator: ":") }
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
