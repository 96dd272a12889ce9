@testable import VeilMasking

/// Sample inputs for iban, ssn, uuid and their fake.* counterparts (and fake.card), for the catalogue contract tests.
enum FormatSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        case "iban", "fake.iban":
            Fixtures.distinct(count, seed: 51) { random in iban(&random, printForm: random.chance(1, in: 2)) }
        case "ssn", "fake.ssn":
            Fixtures.distinct(count, seed: 52) { random in ssn(&random) }
        case "uuid", "fake.uuid":
            Fixtures.distinct(count, seed: 53) { random in uuid(&random) }
        case "fake.card":
            Fixtures.distinct(count, seed: 54) { random in Fixtures.cardNumber(length: 16, prefix: "4", &random) }
        default: nil
        }
    }

    /// A random valid IBAN of a registry country (or of `country`), electronic or print form.
    static func iban(_ random: inout SeededRandom, country: String? = nil, printForm: Bool = false) -> String {
        let code = country ?? random.pick(IBANRegistry.countries)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        let bban: [UInt8] = (IBANRegistry.bbanClasses(code) ?? []).map { characterClass in
            switch characterClass {
            case .digit: 0x30 + UInt8(random.next(below: 10))
            case .letter: random.pick(letters)
            case .alphanumeric: random.chance(1, in: 2) ? 0x30 + UInt8(random.next(below: 10)) : random.pick(letters)
            }
        }
        let check = IBANChecksum.checkDigits(country: Array(code.utf8), bban: bban)
        let compact = code + String(format2: check) + String(decoding: bban, as: UTF8.self)
        guard printForm else { return compact }
        var printed = ""
        for (index, character) in compact.enumerated() {
            if index > 0 && index % 4 == 0 { printed += " " }
            printed.append(character)
        }
        return printed
    }

    /// A random SSN in the issued ranges, as `AAA-GG-SSSS`.
    static func ssn(_ random: inout SeededRandom) -> String {
        var area = 1 + random.next(below: 899)
        if area == 666 { area = 665 }
        let group = 1 + random.next(below: 99)
        let serial = 1 + random.next(below: 9999)
        return "\(pad(area, 3))-\(pad(group, 2))-\(pad(serial, 4))"
    }

    /// A random version-4 UUID, lower case and hyphenated.
    static func uuid(_ random: inout SeededRandom) -> String {
        let hex = Array("0123456789abcdef")
        var characters = (0..<32).map { _ in hex[random.next(below: 16)] }
        characters[12] = "4"
        characters[16] = hex[8 + random.next(below: 4)]
        var text = ""
        for (index, character) in characters.enumerated() {
            if [8, 12, 16, 20].contains(index) { text += "-" }
            text.append(character)
        }
        return text
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    /// Two decimal digits, zero-padded.
    init(format2 number: Int) {
        self = (number < 10 ? "0" : "") + String(number)
    }
}
