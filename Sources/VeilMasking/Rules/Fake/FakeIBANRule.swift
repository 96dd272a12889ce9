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

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let country = Self.country(of: input) ?? random.pick(IBANRegistry.countries)
        let classes = IBANRegistry.bbanClasses(country) ?? []
        let bban: [UInt8] = classes.map { characterClass in
            switch characterClass {
            case .digit: 0x30 + UInt8(random.next(below: 10))
            case .letter: 0x41 + UInt8(random.next(below: 26))
            case .alphanumeric: random.pick(Self.alphanumerics)
            }
        }
        let countryBytes = Array(country.utf8)
        let check = IBANChecksum.checkDigits(country: countryBytes, bban: bban)
        let compact = countryBytes + [0x30 + UInt8(check / 10), 0x30 + UInt8(check % 10)] + bban
        guard input.utf8.contains(0x20) else { return String(decoding: compact, as: UTF8.self) }
        var printed: [UInt8] = []
        for (index, byte) in compact.enumerated() {
            if index > 0 && index % 4 == 0 { printed.append(0x20) }
            printed.append(byte)
        }
        return String(decoding: printed, as: UTF8.self)
    }

    /// The registry country code an input starts with, if any.
    static func country(of input: String) -> String? {
        let letters = input.utf8.lazy.filter { $0 != 0x20 }.prefix(2).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        let code = String(decoding: Array(letters), as: UTF8.self)
        return IBANRegistry.bbanFormats[code] != nil ? code : nil
    }
}
