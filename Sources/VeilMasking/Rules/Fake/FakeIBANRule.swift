/// `fake.iban`: a synthetic IBAN that passes the mod-97 check.
///
/// The country is the input's when the input starts with the country code of an IBAN in
/// ``IBANRegistry`` (spaces and case ignored), otherwise one drawn from the registry table; the BBAN
/// follows that country's registered structure (digits, upper-case letters, letters or digits) with
/// keyed pseudo-random characters, and the check digits are computed. An input containing a space gets
/// the print form (groups of four), any other the electronic form. National check digits inside the
/// BBAN are not computed. One-way; use `iban` for reversible IBANs. No parameters.
public enum FakeIBANRule {
    public static let definition = FakeRule.definition(
        kind: "iban", summary: "deterministic synthetic mod-97-valid IBAN (the input's country when it has one)",
        generator: IBANGenerator(), outputBits: 36
    )
    .withOutputSpace(.shapes([.mixed, .digits]))
}

struct IBANGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    private static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// Each registry country's code and BBAN character classes, in ``IBANRegistry/countries`` order.
    private static let countries: [(code: [UInt8], classes: [IBANRegistry.CharacterClass])] =
        IBANRegistry.countries.map { (Array($0.utf8), IBANRegistry.bbanClasses($0) ?? []) }

    /// The index in ``countries`` of each code, keyed by its two bytes.
    private static let countryIndex: [UInt16: Int] = Dictionary(
        uniqueKeysWithValues: countries.enumerated().map { (UInt16($1.code[0]) << 8 | UInt16($1.code[1]), $0) })

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var input = input
        return input.withUTF8 { bytes in
            let country = Self.countries[Self.countryIndex(of: bytes) ?? random.next(below: Self.countries.count)]
            let length = 4 + country.classes.count
            let spaced = bytes.contains(0x20)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { compact in
                compact[0] = country.code[0]
                compact[1] = country.code[1]
                var remainder = 0
                for (offset, characterClass) in country.classes.enumerated() {
                    let byte: UInt8
                    switch characterClass {
                    case .digit: byte = 0x30 + UInt8(random.next(below: 10))
                    case .letter: byte = 0x41 + UInt8(random.next(below: 26))
                    case .alphanumeric: byte = random.pick(Self.alphanumerics)
                    }
                    compact[4 + offset] = byte
                    remainder = Self.remainder(remainder, appending: byte)
                }
                // ISO 7064 mod 97-10 over the BBAN, the country code and "00".
                for byte in country.code { remainder = Self.remainder(remainder, appending: byte) }
                remainder = Self.remainder(Self.remainder(remainder, appending: 0x30), appending: 0x30)
                let check = 98 - remainder
                compact[2] = 0x30 + UInt8(check / 10)
                compact[3] = 0x30 + UInt8(check % 10)
                let printed = spaced ? length + (length - 1) / 4 : length
                return String(unsafeUninitializedCapacity: printed) { output in
                    var position = 0
                    for index in 0..<length {
                        if spaced && index > 0 && index % 4 == 0 {
                            output[position] = 0x20
                            position += 1
                        }
                        output[position] = compact[index]
                        position += 1
                    }
                    return position
                }
            }
        }
    }

    private static func remainder(_ remainder: Int, appending byte: UInt8) -> Int {
        byte &- 0x30 < 10 ? (remainder * 10 + Int(byte &- 0x30)) % 97 : (remainder * 100 + Int(byte) - 0x41 + 10) % 97
    }

    /// The index in ``countries`` of the input's country: its first two characters besides spaces, upper-cased.
    private static func countryIndex(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var code: UInt16 = 0
        var count = 0
        for byte in bytes where byte != 0x20 {
            code = code << 8 | UInt16(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            count += 1
            if count == 2 { return countryIndex[code] }
        }
        return nil
    }
}
