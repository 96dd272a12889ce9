import Foundation

@testable import VeilMasking

/// The `fake.*` generators and text helpers as they were before they wrote their values' bytes directly (6ab6c05
/// and earlier), kept as the oracles that the byte-writing versions must equal draw for draw.
enum FakeGeneratorOracles {
    static func uuid(_ input: String, _ random: inout SeededRandom) -> String {
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

    static func formatIPv4(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }

    static func formatIPv6(_ groups: [UInt16]) -> String {
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:" + formatIPv4(UInt32(groups[6]) << 16 | UInt32(groups[7]))
        }
        var best: Range<Int>?
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index >= 2 && end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }
        func hex(_ slice: ArraySlice<UInt16>) -> String {
            slice.map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard let best else { return hex(groups[...]) }
        return hex(groups[..<best.lowerBound]) + "::" + hex(groups[best.upperBound...])
    }

    static func ipv4(_ input: String, _ random: inout SeededRandom) -> String {
        var address: UInt32
        repeat {
            address = UInt32(truncatingIfNeeded: random.next())
        } while IPv4Generator.isReserved(address)
        guard let prefix = IPAddressText.splitPrefix(input, maximumPrefix: 32)?.prefix else {
            return formatIPv4(address)
        }
        let mask: UInt32 = prefix == 0 ? 0 : UInt32.max << (32 - prefix)
        return formatIPv4(address & mask) + "/\(prefix)"
    }

    static func ipv6(_ input: String, _ random: inout SeededRandom) -> String {
        var groups: [UInt16] = [0x2001, 0x0DB8]
        for _ in 0..<6 { groups.append(UInt16(truncatingIfNeeded: random.next())) }
        guard let prefix = IPAddressText.splitPrefix(input, maximumPrefix: 128)?.prefix else {
            return formatIPv6(groups)
        }
        var bits = AddressBits.bits(of: groups)
        for index in prefix..<128 { bits[index] = 0 }
        return formatIPv6(AddressBits.groups(of: bits)) + "/\(prefix)"
    }

    static func formatDecimal(_ units: Int, scale: Int) -> String {
        let magnitude = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded =
            magnitude.count > scale ? magnitude : String(repeating: "0", count: scale + 1 - magnitude.count) + magnitude
        return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
    }

    static func number(
        _ input: String, _ random: inout SeededRandom, _ draw: (inout SeededRandom) -> String
    ) -> String {
        let original = ScaledDecimal.canonical(input)
        var candidate = draw(&random)
        for _ in 0..<16 where original != nil && ScaledDecimal.canonical(candidate) == original {
            candidate = draw(&random)
        }
        return candidate
    }

    static func ssn(_ input: String, _ random: inout SeededRandom) -> String {
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let areaIndex = random.next(below: 898)
        let area = areaIndex < 665 ? areaIndex + 1 : areaIndex + 2
        let group = 1 + random.next(below: 99)
        let serial = 1 + random.next(below: 9999)
        let parts = [padded(area, 3), padded(group, 2), padded(serial, 4)]
        let bytes = Array(input.utf8)
        if bytes.count == 9 && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return parts.joined() }
        if bytes.count == 11 && bytes[3] == 0x20 && bytes[6] == 0x20 { return parts.joined(separator: " ") }
        return parts.joined(separator: "-")
    }

    static func card(_ input: String, _ random: inout SeededRandom) -> String {
        let inputDigits = input.utf8.count { $0 >= 0x30 && $0 <= 0x39 }
        let length = CardGenerator.prefixes[inputDigits] != nil ? inputDigits : 16
        let prefix = random.pick(CardGenerator.prefixes[length] ?? ["4"])
        var digits = prefix.utf8.map { $0 - 0x30 }
        if prefix == "2221" {
            let start = 2221 + random.next(below: 500)
            digits = String(start).utf8.map { $0 - 0x30 }
        }
        while digits.count < length { digits.append(UInt8(random.next(below: 10))) }
        digits[length - 1] = Luhn.digit(at: length - 1, in: digits, makingSum: 0)
        guard inputDigits == length else { return String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self) }
        var bytes = Array(input.utf8)
        var next = digits.makeIterator()
        for index in bytes.indices where bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            bytes[index] = 0x30 + (next.next() ?? 0)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func isoDate(_ date: CivilDate) -> String {
        pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }

    static func isoTime(_ seconds: Int) -> String {
        pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
    }

    static func isoDateTime(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return isoDate(CivilDate(daysSinceEpoch: days)) + " " + isoTime(seconds - days * 86_400)
    }

    static func time(_ input: String, _ random: inout SeededRandom) -> String {
        let seconds = random.next(below: 86_400)
        let time = isoTime(seconds)
        let shortInput = input.utf8.count == 5 && SyntheticTime.secondsOfDay(Array(input.utf8)) != nil
        return shortInput ? String(time.prefix(5)) : time
    }

    static func formattedDate(_ text: DateText, with newDate: CivilDate) -> String {
        var output: [UInt8] = []
        let isBC = newDate.year <= 0
        let year = isBC ? 1 - newDate.year : newDate.year
        let yearDigits = Array(String(year).utf8)
        if yearDigits.count < 4 { output.append(contentsOf: repeatElement(0x30, count: 4 - yearDigits.count)) }
        output.append(contentsOf: yearDigits)
        output.append(0x2D)
        output.append(contentsOf: pad(newDate.month, 2).utf8)
        output.append(0x2D)
        output.append(contentsOf: pad(newDate.day, 2).utf8)
        output.append(contentsOf: text.rest)
        if isBC { output.append(contentsOf: " BC".utf8) }
        return String(decoding: output, as: UTF8.self)
    }

    static func url(_ random: inout SeededRandom) -> String {
        let host = random.pick(URLGenerator.subdomains) + random.pick(EmailGenerator.domains)
        let section = random.pick(LoremText.words).lowercased()
        let slug = (0..<(2 + random.next(below: 3))).map { _ in random.pick(LoremText.words).lowercased() }
        let number = random.chance(1, in: 2) ? 1000 + random.next(below: 9000) : 10_000 + random.next(below: 90_000)
        return "https://\(host)/\(section)/\(slug.joined(separator: "-"))-\(number)"
    }

    static func iban(_ input: String, _ random: inout SeededRandom) -> String {
        let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        let letters = input.utf8.lazy.filter { $0 != 0x20 }.prefix(2).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        let code = String(decoding: Array(letters), as: UTF8.self)
        let country = IBANRegistry.bbanFormats[code] != nil ? code : random.pick(IBANRegistry.countries)
        let classes = IBANRegistry.bbanClasses(country) ?? []
        let bban: [UInt8] = classes.map { characterClass in
            switch characterClass {
            case .digit: 0x30 + UInt8(random.next(below: 10))
            case .letter: 0x41 + UInt8(random.next(below: 26))
            case .alphanumeric: random.pick(alphanumerics)
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

    static func postcode(_ input: String, _ random: inout SeededRandom) -> String {
        var bytes = Array(input.utf8)
        var changed = false
        for index in bytes.indices {
            switch bytes[index] {
            case 0x30...0x39: bytes[index] = 0x30 + UInt8(random.next(below: 10))
            case 0x41...0x5A: bytes[index] = 0x41 + UInt8(random.next(below: 26))
            case 0x61...0x7A: bytes[index] = 0x61 + UInt8(random.next(below: 26))
            default: continue
            }
            changed = true
        }
        guard changed else { return (0..<5).map { _ in String(random.next(below: 10)) }.joined() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func phone(_ input: String, _ random: inout SeededRandom) -> String {
        var bytes = Array(input.utf8)
        let digitCount = bytes.count { (0x30...0x39).contains($0) }
        var seenDigit = false
        for index in bytes.indices where (0x30...0x39).contains(bytes[index]) {
            if seenDigit || digitCount == 1 {
                bytes[index] = 0x30 + UInt8(random.next(below: 10))
            } else {
                bytes[index] = bytes[index] == 0x30 ? 0x30 : 0x31 + UInt8(random.next(below: 9))
            }
            seenDigit = true
        }
        guard seenDigit else { return "+1-555-01" + String(random.next(below: 10)) + String(random.next(below: 10)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func jobTitle(_ random: inout SeededRandom) -> String {
        if random.chance(2, in: 5) { return random.pick(WordLists.jobTitles) }
        let title = "\(random.pick(WordLists.jobAreas)) \(random.pick(JobTitleGenerator.roles))"
        return random.chance(1, in: 2) ? "\(random.pick(WordLists.jobLevels)) \(title)" : title
    }

    static func company(_ random: inout SeededRandom) -> String {
        switch random.next(below: 5) {
        case 0:
            return "\(random.pick(WordLists.companyBrands)) \(random.pick(WordLists.companySectors)) "
                + random.pick(WordLists.companySuffixes)
        case 1: return "\(random.pick(WordLists.lastNames)) \(random.pick(WordLists.companySectors))"
        case 2: return "\(random.pick(WordLists.lastNames)) & \(random.pick(WordLists.lastNames))"
        case 3: return "\(random.pick(WordLists.companyBrands)) \(random.pick(WordLists.companySuffixes))"
        default:
            return "\(random.pick(WordLists.lastNames))-\(random.pick(WordLists.lastNames)) "
                + random.pick(WordLists.companySuffixes)
        }
    }

    static func streetAddress(_ random: inout SeededRandom) -> String {
        "\(1 + random.next(below: 9999)) \(random.pick(WordLists.streetNames)) \(random.pick(WordLists.streetSuffixes))"
    }

    static func username(_ random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(WordLists.foldedFirstNames)
        let last = random.pick(WordLists.foldedLastNames)
        var name: String
        switch random.next(below: 6) {
        case 0: name = "\(first).\(last)"
        case 1: name = "\(first)_\(last)"
        case 2: name = first + last
        case 3: name = first.prefix(1) + last
        case 4: name = "\(first).\(last.prefix(1))"
        default: name = last + first
        }
        let digits: String
        switch random.next(below: 3) {
        case 0: digits = String(random.next(below: 10)) + String(random.next(below: 10))
        case 1: digits = String(1950 + random.next(below: 63))
        default: digits = String(100 + random.next(below: 900))
        }
        if let maximumLength, name.utf8.count + digits.utf8.count > maximumLength {
            name = String(name.prefix(max(1, maximumLength - digits.utf8.count)))
            while name.last == "." || name.last == "_" { name.removeLast() }
        }
        return name + digits
    }

    static func domain(_ random: inout SeededRandom) -> String {
        let first = random.pick(LoremText.words).lowercased()
        let second = random.pick(LoremText.words).lowercased()
        let separator = random.chance(1, in: 2) ? "-" : ""
        return "\(first)\(separator)\(second).\(random.pick(DomainGenerator.suffixes))"
    }

    /// `PersonNames` before it looked its locales up once: the locale by its code on every name.
    struct Names {
        let locale: String
        let gender: PersonNames.Gender

        static let weightedSources: [String?] =
            Array(repeating: nil, count: 4) + Array(repeating: "en", count: 4)
            + PersonNames.locales.filter { $0 != "en" }.map { Optional($0) }
        static let allFemale = WordLists.unique(
            PersonNames.locales.flatMap { WordLists.localeNames[$0]?.female ?? [] })
        static let allMale = WordLists.unique(PersonNames.locales.flatMap { WordLists.localeNames[$0]?.male ?? [] })

        func source(_ random: inout SeededRandom) -> String? {
            locale == "any" ? random.pick(Self.weightedSources) : locale
        }

        func isFemale(_ random: inout SeededRandom) -> Bool {
            switch gender {
            case .female: true
            case .male: false
            case .any: random.chance(1, in: 2)
            }
        }

        func first(in source: String?, female: Bool, _ random: inout SeededRandom) -> String {
            guard let source, let names = WordLists.localeNames[source] else {
                switch gender {
                case .any: return random.pick(WordLists.firstNames)
                case .female: return random.pick(Self.allFemale)
                case .male: return random.pick(Self.allMale)
                }
            }
            return random.pick(female ? names.female : names.male)
        }

        func last(in source: String?, female: Bool, _ random: inout SeededRandom) -> String {
            guard let source, let names = WordLists.localeNames[source] else {
                return random.pick(WordLists.lastNames)
            }
            let surname = random.pick(names.last)
            return female ? PersonNames.feminine(surname, locale: source) : surname
        }

        func lastName(_ random: inout SeededRandom) -> String {
            let source = source(&random)
            return last(in: source, female: isFemale(&random), &random)
        }

        func fullName(_ random: inout SeededRandom) -> String {
            let initials = Array("ABCDEFGHIJKLMNOPRSTVW")
            let source = source(&random)
            let female = isFemale(&random)
            let first = first(in: source, female: female, &random)
            let last = last(in: source, female: female, &random)
            switch source {
            case "ja": return "\(last) \(first)"
            case "zh": return last + first
            case "ru": return "\(first) \(last)"
            case "es", "pt":
                return random.chance(1, in: 2)
                    ? "\(first) \(last) \(self.last(in: source, female: female, &random))" : "\(first) \(last)"
            default:
                switch random.next(below: 20) {
                case 0, 1: return "\(first) \(random.pick(initials)). \(last)"
                case 2: return "\(first) \(last)-\(self.last(in: source, female: female, &random))"
                default: return "\(first) \(last)"
                }
            }
        }
    }
}
