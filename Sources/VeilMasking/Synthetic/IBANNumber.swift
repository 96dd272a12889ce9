/// The IBAN formats of the SWIFT IBAN registry (ISO 13616) that Veil knows, and the mod-97 check.
///
/// Each country's BBAN (the part after the country code and check digits) is described in the
/// registry's notation: `n` digits, `a` upper-case letters, `c` letters or digits, with a count before
/// each letter (`4a14n` for the United Kingdom). The total IBAN length is 4 plus the BBAN length.
enum IBANRegistry {
    /// BBAN structure by country code.
    static let bbanFormats: [String: String] = [
        "AD": "8n12c", "AE": "19n", "AL": "8n16c", "AT": "16n", "AZ": "4a20c", "BA": "16n", "BE": "12n",
        "BG": "4a6n8c", "BH": "4a14c", "BR": "23n1a1c", "CH": "5n12c", "CR": "18n", "CY": "8n16c", "CZ": "20n",
        "DE": "18n", "DK": "14n", "DO": "4c20n", "EE": "16n", "ES": "20n", "FI": "14n", "FO": "14n",
        "FR": "10n11c2n", "GB": "4a14n", "GE": "2a16n", "GI": "4a15c", "GL": "14n", "GR": "7n16c", "HR": "17n",
        "HU": "24n", "IE": "4a14n", "IL": "19n", "IS": "22n", "IT": "1a10n12c", "JO": "4a4n18c", "KW": "4a22c",
        "KZ": "3n13c", "LB": "4n20c", "LI": "5n12c", "LT": "16n", "LU": "3n13c", "LV": "4a13c", "MC": "10n11c2n",
        "MD": "20c", "ME": "18n", "MK": "3n10c2n", "MR": "23n", "MT": "4a5n18c", "MU": "4a19n3a", "NL": "4a10n",
        "NO": "11n", "PK": "4a16c", "PL": "24n", "PS": "4a21c", "PT": "21n", "QA": "4a21c", "RO": "4a16c",
        "RS": "18n", "SA": "2n18c", "SE": "20n", "SI": "15n", "SK": "20n", "SM": "1a10n12c", "TN": "20n",
        "TR": "6n16c", "UA": "6n19c", "VG": "4a16n", "XK": "16n",
    ]

    /// Country codes in a fixed order (for drawing one at random).
    static let countries: [String] = bbanFormats.keys.sorted()

    /// One character class of a BBAN: `n` digit, `a` letter, `c` letter or digit.
    enum CharacterClass: Character {
        case digit = "n"
        case letter = "a"
        case alphanumeric = "c"
    }

    /// The BBAN's character classes, one per position, for `country` (upper case), or `nil` when unknown.
    static func bbanClasses(_ country: String) -> [CharacterClass]? {
        guard let format = bbanFormats[country] else { return nil }
        var classes: [CharacterClass] = []
        var count = 0
        for character in format {
            if let digit = character.wholeNumberValue {
                count = count * 10 + digit
            } else if let characterClass = CharacterClass(rawValue: character) {
                classes += Array(repeating: characterClass, count: count)
                count = 0
            }
        }
        return classes
    }

    /// The full IBAN length (country code, check digits and BBAN) for `country`, or `nil` when unknown.
    static func length(_ country: String) -> Int? {
        lengths[country]
    }

    private static let lengths: [String: Int] = Dictionary(
        uniqueKeysWithValues: countries.map { ($0, (bbanClasses($0)?.count ?? 0) + 4) })

    /// ``length(_:)`` by the two upper-case ASCII letters of the code: a table of 26 × 26 (0 when unknown).
    private static let lengthTable: [Int] = {
        var table = [Int](repeating: 0, count: 26 * 26)
        for (country, length) in lengths {
            let bytes = Array(country.utf8)
            table[Int(bytes[0] - 0x41) * 26 + Int(bytes[1] - 0x41)] = length
        }
        return table
    }()

    /// The full IBAN length for the country whose code is these two upper-case ASCII letters.
    static func length(code first: UInt8, _ second: UInt8) -> Int? {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        let length = lengthTable[Int(first - 0x41) * 26 + Int(second - 0x41)]
        return length > 0 ? length : nil
    }
}

/// The ISO 7064 mod 97-10 arithmetic of IBAN check digits.
enum IBANChecksum {
    /// The remainder mod 97 of the number formed by `characters` (upper-case ASCII letters and digits),
    /// letters counting as two digits `A` = 10 ... `Z` = 35, continuing from `start`.
    static func remainder(_ characters: [UInt8], from start: Int = 0) -> Int {
        var remainder = start
        var index = 0
        while index < characters.count {
            let byte = characters[index]
            if byte >= 0x30 && byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte) - 0x41 + 10) % 97
            }
            index += 1
        }
        return remainder
    }

    /// The check digits (2...98) of an IBAN with this country code and BBAN, both upper case.
    static func checkDigits(country: [UInt8], bban: [UInt8]) -> Int {
        98 - remainder([0x30, 0x30], from: remainder(country, from: remainder(bban)))
    }

    /// True when `iban` (compact, upper case) passes the mod-97 check: rearranged, its remainder is 1.
    static func isValid(_ iban: [UInt8]) -> Bool {
        guard iban.count >= 5 else { return false }
        return remainder(Array(iban[..<4]), from: remainder(Array(iban[4...]))) == 1
    }

    /// True when `text` is an IBAN in print or electronic form (spaces ignored) that passes the check.
    static func isValid(_ text: String) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte != 0x20 {
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            guard (upper >= 0x30 && upper <= 0x39) || (upper >= 0x41 && upper <= 0x5A) else { return false }
            compact.append(upper)
        }
        return isValid(compact)
    }

    /// Carries the input's check-digit error to new check digits: check digits 02...98 (a complete
    /// residue system mod 97) keep their offset from the computed ones, mod 97, within 02...98, so a
    /// valid IBAN stays valid and a wrong one stays wrong by the same amount; 00, 01 and 99 (never
    /// produced by a correct IBAN) are kept as they are. A permutation of 00...99 for each pair of
    /// computed values, so it is undone by swapping them.
    static func carry(_ actual: Int, from computed: Int, to newComputed: Int) -> Int {
        guard (2...98).contains(actual) else { return actual }
        let offset = actual - computed
        return 2 + ((newComputed - 2 + offset) % 97 + 97) % 97
    }
}

/// An IBAN within its text: where its characters are, its country, check digits and BBAN, and how its
/// BBAN splits into kept characters, digits and letters.
///
/// Accepts the electronic form (`GB82WEST12345698765432`) and the print form with spaces or dashes
/// between groups, in either case. Needs two letters (the country), two digits (the check digits) and
/// a BBAN of letters and digits; a country of ``IBANRegistry`` must have its registered length, any
/// other country 8 to 34 characters in all.
struct IBANText {
    private var bytes: [UInt8]
    /// Offsets in `bytes` of the IBAN's letters and digits, in order.
    private let positions: [Int]
    /// The country code, upper case.
    let country: [UInt8]
    /// The check digits as written, 00...99.
    let checkDigits: Int
    /// How many leading BBAN characters are kept.
    let kept: Int
    /// The BBAN, upper case.
    private(set) var bban: [UInt8]
    /// Offsets within the BBAN of the free digits and free letters.
    private let freeDigits: [Int]
    private let freeLetters: [Int]

    /// - Throws: a reason (never the value) when `value` is not an IBAN.
    init(_ value: String, keepBank: Bool) throws(ValueError) {
        // Plain index loops: this runs once per value, and stays quick in debug builds too.
        let bytes = Array(value.utf8)
        self.bytes = bytes
        var positions: [Int] = []
        var upper: [UInt8] = []
        positions.reserveCapacity(bytes.count)
        upper.reserveCapacity(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if Self.isAlphanumeric(byte) {
                positions.append(offset)
                upper.append(Self.upper(byte))
            } else if byte != 0x20 && byte != 0x2D {
                throw ValueError("not an IBAN: only letters, digits, spaces and dashes are allowed")
            }
            offset += 1
        }
        self.positions = positions
        guard positions.count >= 5, positions.count <= 34 else { throw ValueError("not an IBAN: wrong length") }
        guard Self.isLetter(upper[0]), Self.isLetter(upper[1]), Self.isDigit(upper[2]), Self.isDigit(upper[3]) else {
            throw ValueError("not an IBAN: it must start with a country code and two check digits")
        }
        country = [upper[0], upper[1]]
        checkDigits = Int(upper[2] - 0x30) * 10 + Int(upper[3] - 0x30)
        if let length = IBANRegistry.length(code: upper[0], upper[1]) {
            guard positions.count == length else {
                throw ValueError("not an IBAN: the length does not match the country's IBAN length")
            }
        } else if positions.count < 8 {
            throw ValueError("not an IBAN: too short")
        }
        let kept = keepBank ? min(4, positions.count - 4) : 0
        self.kept = kept
        var bban: [UInt8] = []
        var freeDigits: [Int] = []
        var freeLetters: [Int] = []
        var digits: [UInt16] = []
        var letters: [UInt16] = []
        var index = 0
        while index + 4 < upper.count {
            let byte = upper[index + 4]
            bban.append(byte)
            if index >= kept {
                if Self.isDigit(byte) {
                    freeDigits.append(index)
                    digits.append(UInt16(byte - 0x30))
                } else {
                    freeLetters.append(index)
                    letters.append(UInt16(byte - 0x41))
                }
            }
            index += 1
        }
        self.bban = bban
        self.freeDigits = freeDigits
        self.freeLetters = freeLetters
        groups = [NumeralGroup(radix: 10, numerals: digits), NumeralGroup(radix: 26, numerals: letters)]
    }

    /// The free BBAN characters as two groups: digits (radix 10) and letters (radix 26, case ignored).
    let groups: [NumeralGroup]

    /// What the encryption keeps and is bound to: the country, which BBAN positions are digits, and the
    /// kept bank code.
    var context: [UInt8] {
        var bytes = country
        bytes.append(0xFF)
        var index = 0
        while index < bban.count {
            bytes.append(Self.isDigit(bban[index]) ? 0x6E : 0x61)
            index += 1
        }
        bytes.append(0xFF)
        bytes += bban[..<kept]
        return bytes
    }

    /// The FF1 tweak base: the country and the kept bank code. The layout reaches FF1 through the
    /// whitening of ``GroupedFormatCipher`` when the BBAN mixes digits and letters; an all-digit free
    /// part has its country's one layout.
    var tweak: [UInt8] {
        var bytes = country
        bytes.append(0xFF)
        bytes += bban[..<kept]
        return bytes
    }

    /// The check digits the current BBAN would need.
    var computedCheckDigits: Int { IBANChecksum.checkDigits(country: country, bban: bban) }

    /// Puts new free digits and letters in place (each letter in its position's case) and writes check
    /// digits carrying `checkDigits`' error from `computed` (the input's computed check digits).
    mutating func finish(_ groups: [NumeralGroup], carryingFrom computed: Int) {
        let digits = groups[0].numerals
        var index = 0
        while index < digits.count {
            let offset = freeDigits[index]
            bban[offset] = 0x30 + UInt8(digits[index])
            bytes[positions[4 + offset]] = bban[offset]
            index += 1
        }
        let letters = groups[1].numerals
        index = 0
        while index < letters.count {
            let offset = freeLetters[index]
            let position = positions[4 + offset]
            bban[offset] = 0x41 + UInt8(letters[index])
            bytes[position] = (Self.isLower(bytes[position]) ? 0x61 : 0x41) + UInt8(letters[index])
            index += 1
        }
        let check = IBANChecksum.carry(checkDigits, from: computed, to: computedCheckDigits)
        bytes[positions[2]] = 0x30 + UInt8(check / 10)
        bytes[positions[3]] = 0x30 + UInt8(check % 10)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || isLower(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    private static func upper(_ byte: UInt8) -> UInt8 { isLower(byte) ? byte - 0x20 : byte }
}
