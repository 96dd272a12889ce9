/// A kind of personal data a value can be, as `scrub`'s detectors find it.
public enum PersonalValueKind: String, Sendable, CaseIterable, Hashable {
    case email, card, iban, ssn, phone, ipv4, ipv6
}

/// What a value looks like as a person's name, judged against Veil's own name lists (every locale).
public enum PersonNameShape: Sendable, Hashable {
    /// One word that is a known given name (it may also be a surname: `Morgan`).
    case firstName
    /// One word that is a known surname and not a given name.
    case lastName
    /// Two to four words, starting with a known given name or ending with a known surname.
    case fullName
}

/// Tells what a single value looks like, for `veil scan`'s suggestions: wholly an email, a Luhn-valid card number,
/// a mod-97 IBAN, an SSN, a phone number or an IP address; or text containing some of those; or a person's name.
///
/// The same detectors `scrub` uses (see `PIIDetector`), so a column `veil scan` calls free text with PII is one
/// `scrub` masks. Stateless and thread-safe; no value is kept.
public struct ValueClassifier: Sendable {
    private let detector = PIIDetector()

    public init() {}

    /// The kind the whole value is (leading and trailing spaces ignored), or `nil`.
    public func wholeValueKind(_ value: String) -> PersonalValueKind? {
        let bytes = Array(value.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard end > start else { return nil }
        let trimmed = Array(bytes[start..<end])
        let matches = detector.matches(in: trimmed)
        guard matches.count == 1, let match = matches.first, match.range == 0..<trimmed.count else { return nil }
        return PersonalValueKind(match.kind)
    }

    /// The kinds found anywhere inside the value (empty when none).
    public func containedKinds(_ value: String) -> Set<PersonalValueKind> {
        Set(detector.matches(in: Array(value.utf8)).map { PersonalValueKind($0.kind) })
    }

    /// Whether the value reads as a person's name: words of letters (an initial like `J.` allowed) of which the
    /// given name or surname is in Veil's name lists. `nil` for anything else.
    public func personNameShape(_ value: String) -> PersonNameShape? {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard (1...4).contains(words.count), value.count <= 60 else { return nil }
        for word in words {
            guard word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "-'.".unicodeScalars.contains($0) })
            else { return nil }
        }
        let folded = words.map { $0.lowercased().trimmingCharacters(".,") }
        if folded.count == 1 {
            if Self.givenNames.contains(folded[0]) { return .firstName }
            if Self.surnames.contains(folded[0]) { return .lastName }
            return nil
        }
        if Self.givenNames.contains(folded[0]) || Self.surnames.contains(folded[folded.count - 1]) {
            return .fullName
        }
        return nil
    }

    private static let givenNames = Set(WordLists.anyFirstNames.map { $0.lowercased() })
    private static let surnames = Set(WordLists.anyLastNames.map { $0.lowercased() })
}

extension PersonalValueKind {
    init(_ kind: PIIKind) {
        switch kind {
        case .email: self = .email
        case .card: self = .card
        case .iban: self = .iban
        case .ssn: self = .ssn
        case .phone: self = .phone
        case .ipv4: self = .ipv4
        case .ipv6: self = .ipv6
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(_ characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}
