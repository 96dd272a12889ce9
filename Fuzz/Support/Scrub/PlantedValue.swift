// Well-formed values of each kind scrub detects, made from a few input bytes, written apart from the detectors (the
// Luhn and mod-97 check digits are computed here), in the layouts the detectors document.

@testable import VeilMasking

enum PlantedValue {
    /// How many input bytes choose the value.
    static let choiceBytes = 24

    static func make(_ kind: PIIKind, from choice: [UInt8]) -> String {
        var bytes = choice.makeIterator()
        func next() -> Int { Int(bytes.next() ?? 0) }
        func digits(_ count: Int) -> [Int] { (0..<count).map { _ in next() % 10 } }
        switch kind {
        case .email: return email(next)
        case .card:
            var number = [4] + digits(14)
            number.append(luhnCheckDigit(number))
            return grouped(number.map(String.init).joined(), size: 4, separator: ["", " ", "-"][next() % 3])
        case .ssn:
            let d = digits(9).map(String.init)
            return d[0..<3].joined() + "-" + d[3..<5].joined() + "-" + d[5..<9].joined()
        case .phone:
            let country = String(1 + next() % 99)
            let separator = [" ", "-"][next() % 2]
            let groups = [3, 3, 4].map { digits($0).map(String.init).joined() }
            return "+" + country + " " + groups.joined(separator: separator)
        case .iban:
            let account = digits(18).map(String.init).joined()
            return grouped(
                "DE" + ibanCheckDigits(country: "DE", account: account) + account, size: 4,
                separator: ["", " "][next() % 2])
        case .ipv4:
            return (0..<4).map { _ in String(next()) }.joined(separator: ".")
        case .ipv6:
            let groups = (0..<8).map { _ in String((next() << 8 | next()) & 0xFFFF, radix: 16) }
            let compress = next() % 3 == 0
            return compress
                ? groups[0..<2].joined(separator: ":") + "::" + groups[5..<8].joined(separator: ":")
                : groups.joined(separator: ":")
        }
    }

    /// `local@domain.tld` in one script per part (Latin with accents, Cyrillic or Han): a detector that stops at
    /// non-ASCII letters, or splits a part in one script, leaves part of a real address in the copy.
    private static func email(_ next: () -> Int) -> String {
        let scripts: [[String]] = [
            "abcdefghijklmnopqrstuvwxyz0123456789".map(String.init) + ["é", "ü", "ñ", "ø"],
            "абвгдежзиклмнопрстуфхцчшэюя".map(String.init),
            ["张", "伟", "王", "芳", "李", "娜", "刘", "洋"],
        ]
        func word(_ script: [String], _ length: Int) -> String {
            (0..<length).map { _ in script[next() % script.count] }.joined()
        }
        let localScript = scripts[next() % 3]
        var local = word(localScript, 1 + next() % 8)
        if next() % 2 == 0 { local += [".", "_", "+", "-"][next() % 4] + word(localScript, 1 + next() % 5) }
        let domainScript = next() % 2 == 0 ? scripts[0] : localScript
        let letters = domainScript == scripts[0] ? "abcdefghijklmnopqrstuvwxyz".map(String.init) : domainScript
        return local + "@" + word(domainScript, 1 + next() % 10) + "." + word(letters, 2 + next() % 3)
    }

    private static func grouped(_ text: String, size: Int, separator: String) -> String {
        guard !separator.isEmpty else { return text }
        let characters = Array(text)
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }.joined(separator: separator)
    }

    private static func luhnCheckDigit(_ payload: [Int]) -> Int {
        for check in 0...9 where ScrubChecks.luhn((payload + [check]).map(UInt8.init)) { return check }
        return 0
    }

    /// ISO 13616: the account, then the country's letters as numbers (A = 10) and `00`, mod 97; 98 minus that.
    private static func ibanCheckDigits(country: String, account: String) -> String {
        let rearranged = account + country.unicodeScalars.map { String($0.value - 55) }.joined() + "00"
        let remainder = rearranged.reduce(0) { ($0 * 10 + Int(String($1))!) % 97 }
        let check = 98 - remainder
        return check < 10 ? "0\(check)" : String(check)
    }
}
