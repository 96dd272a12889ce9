/// The kinds of personal data `scrub` finds inside free text.
enum PIIKind: String, CaseIterable, Sendable {
    case email, card, iban, ssn, phone, ipv4, ipv6

    /// Order in which overlapping finds are resolved: an email's digits are not a phone number, an
    /// SSN is not a phone number, an IP address is not a phone number.
    static let priority: [PIIKind] = [.email, .iban, .card, .ssn, .ipv6, .ipv4, .phone]

    /// The kinds a `detect:` word names: `ip` means both address families.
    static func named(_ word: String) -> [PIIKind]? {
        word == "ip" ? [.ipv4, .ipv6] : PIIKind(rawValue: word).map { [$0] }
    }
}

/// One find: its kind and its byte range in the UTF-8 text.
struct PIIMatch: Equatable, Sendable {
    var kind: PIIKind
    var range: Range<Int>
}

/// Finds emails, card numbers (Luhn-checked), IBANs (mod-97-checked), US SSNs, phone numbers and IP
/// addresses in UTF-8 text. Every pattern is bounded: a find never starts or ends inside a word or a longer
/// number, so `order 20240001234` or `v1.2.3` are left alone. Emails may hold letters of any script
/// (`иван.петров@почта.рф`, see ``PIIText/emails()``); the other patterns are ASCII. Overlapping finds are
/// resolved by ``PIIKind/priority``.
struct PIIDetector: Sendable {
    let kinds: Set<PIIKind>

    init(kinds: Set<PIIKind> = Set(PIIKind.allCases)) {
        self.kinds = kinds
    }

    /// Non-overlapping finds, in text order. Each kind searches the text with the finds of the kinds before
    /// it blanked out (as NUL bytes, which no pattern contains and every pattern treats as a boundary), so a
    /// phone number right after an SSN is still found whole.
    /// Kinds whose anchors the text lacks (``PIIAnchors``) are not searched: most free text holds no `@`, no `:` and
    /// few digits, and that one counting pass is all it costs.
    func matches(in bytes: [UInt8]) -> [PIIMatch] {
        let anchors = PIIAnchors(bytes)
        return matches(in: bytes) { anchors.mayHold($0) }
    }

    /// ``matches(in:)`` searching every kind, whatever the text's anchors; the oracle its tests compare with.
    func matchesSearchingEveryKind(in bytes: [UInt8]) -> [PIIMatch] {
        matches(in: bytes) { _ in true }
    }

    private func matches(in bytes: [UInt8], searching: (PIIKind) -> Bool) -> [PIIMatch] {
        var accepted: [PIIMatch] = []
        var remaining = bytes
        for kind in PIIKind.priority where kinds.contains(kind) && searching(kind) {
            for range in Self.find(kind, in: remaining) {
                accepted.append(PIIMatch(kind: kind, range: range))
                for index in range { remaining[index] = 0 }
            }
        }
        return accepted.count < 2 ? accepted : accepted.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static func find(_ kind: PIIKind, in bytes: [UInt8]) -> [Range<Int>] {
        let text = PIIText(bytes: bytes)
        switch kind {
        case .email: return text.emails()
        case .card: return text.cards()
        case .iban: return text.ibans()
        case .ssn: return text.ssns()
        case .phone: return text.phones()
        case .ipv4: return text.ipv4Addresses()
        case .ipv6: return text.ipv6Addresses()
        }
    }
}

/// The bytes every find of a kind needs, counted in one pass over a text: a kind needing more than the text holds
/// cannot be found in it. Blanking earlier finds only removes bytes, so counts over the whole text stay an upper bound.
struct PIIAnchors {
    private(set) var digits = 0
    private(set) var colons = 0
    private(set) var dots = 0
    private(set) var dashes = 0
    private(set) var ats = 0

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                switch byte {
                case 0x30...0x39: digits &+= 1
                case 0x3A: colons &+= 1
                case 0x2E: dots &+= 1
                case 0x2D: dashes &+= 1
                case 0x40: ats &+= 1
                default: break
                }
            }
        }
    }

    /// Whether the text holds what every find of `kind` needs: an email its `@`; a card 13 digits; an IBAN its two
    /// check digits; an SSN nine digits and two dashes; a phone seven digits; an IPv4 address four digits and
    /// three dots; an IPv6 address two colons (`a::b`; eight groups need seven).
    func mayHold(_ kind: PIIKind) -> Bool {
        switch kind {
        case .email: ats > 0
        case .card: digits >= 13
        case .iban: digits >= 2
        case .ssn: digits >= 9 && dashes >= 2
        case .phone: digits >= 7
        case .ipv4: digits >= 4 && dots >= 3
        case .ipv6: colons >= 2
        }
    }
}

/// UTF-8 text with the byte classes the detectors test.
struct PIIText {
    let bytes: [UInt8]

    /// The first index at or after `start` whose byte may start a find (`isCandidate`), or the end of the text: how
    /// each detector steps over the text between its candidates.
    @inline(__always)
    func firstIndex(from start: Int, where isCandidate: (UInt8) -> Bool) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index < buffer.count, !isCandidate(buffer[index]) { index &+= 1 }
            return index
        }
    }

    func byte(_ index: Int) -> UInt8? {
        index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (0x61...0x7A).contains(byte) }
    static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
    /// Letters, digits, `_` and any non-ASCII byte: what a word is made of.
    static func isWord(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x5F || byte >= 0x80 }

    /// True when `index` is the start of the text or follows a byte that is not part of a word.
    func startsWord(_ index: Int) -> Bool {
        guard let previous = byte(index - 1) else { return true }
        return !Self.isWord(previous)
    }

    /// True when `end` is the end of the text or a byte that is not part of a word, and not a `.`,
    /// `-` or `,` followed by a digit (the number would go on).
    func endsWord(_ end: Int) -> Bool {
        guard let next = byte(end) else { return true }
        if Self.isWord(next) { return false }
        if next == 0x2E || next == 0x2D || next == 0x2C, let after = byte(end + 1), Self.isDigit(after) {
            return false
        }
        return true
    }
}
