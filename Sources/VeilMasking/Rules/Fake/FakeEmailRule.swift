/// `fake.email`: `first.last.k3x9qa@example.com`, on the reserved `example.com/.net/.org` domains.
///
/// The local part joins a folded-to-ASCII first and last name (`Łukasz O'Brien` → `lukasz`,
/// `obrien`) in one of four patterns (`first.last`, `first_last`, `firstlast`, `f.last`) and adds a
/// six-character base-36 suffix drawn from the keyed digest, for about 2^53 possible addresses: a
/// column of ten million emails expects fewer than 0.01 collisions, so `unique: true` holds in
/// practice (the planner still checks). The domains are reserved by RFC 2606, so no real mailbox is
/// ever written to. In a short `varchar(n)` column the name part is shortened first, keeping the
/// suffix and domain. No parameters.
public enum FakeEmailRule {
    public static let definition = FakeRule.definition(
        kind: "email", summary: "deterministic synthetic email at example.com/.net/.org",
        generator: EmailGenerator(), outputBits: 53
    )
    .withOutputSpace(.shapes([.email, .words, .mixed]))
}

struct EmailGenerator: ComposingGenerator {
    static let domains = ["example.com", "example.net", "example.org"]
    private static let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let suffixLength = 6

    var requiredLists: [[String]] { [WordLists.firstNamesForEmail, WordLists.lastNamesForEmail] }

    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination
    ) {
        let first = random.pick(WordLists.firstNamesForEmail)
        let last = random.pick(WordLists.lastNamesForEmail)
        let pattern = random.next(below: 4)
        // `first.last`, `first_last`, `firstlast` or `f.last` (the names are folded to ASCII).
        let lead = pattern == 3 ? String(first.prefix(1)) : first
        let separator: UInt8? = pattern == 1 ? 0x5F : pattern == 2 ? nil : 0x2E
        var suffix: UInt64 = 0
        for index in 0..<Self.suffixLength {
            suffix |= UInt64(random.pick(Self.suffixAlphabet)) << (8 * UInt64(index))
        }
        let domain = random.pick(Self.domains)
        let nameLength = lead.utf8.count + (separator == nil ? 0 : 1) + last.utf8.count
        let length = nameLength + 2 + Self.suffixLength + domain.utf8.count
        let write = { (text: inout ComposedText) in
            text.append(lead)
            if let separator { text.append(ascii: separator) }
            text.append(last)
            text.append(ascii: 0x2E)
            for index in 0..<Self.suffixLength {
                text.append(ascii: UInt8(truncatingIfNeeded: suffix >> (8 * UInt64(index))))
            }
            text.append(ascii: 0x40)
            text.append(domain)
        }
        guard let maximumLength, length > maximumLength else { return destination.compose(capacity: length, write) }
        let address = ComposedText.compose(capacity: length, write)
        destination.append(Self.shortened(address, nameLength: nameLength, first: first, maximumLength: maximumLength))
    }

    /// An address (its name part the first `nameLength` bytes, then `.`, the suffix, `@` and the domain) for a column
    /// too short for the whole one: the name part is cut first (without a trailing `.` or `_`), keeping the suffix
    /// and the domain; in a column too short even for those, the tail without its dot.
    private static func shortened(_ address: String, nameLength: Int, first: String, maximumLength: Int) -> String {
        let tail = String(decoding: address.utf8.dropFirst(nameLength), as: UTF8.self)
        let budget = maximumLength - tail.utf8.count
        guard budget >= 1 else { return String(tail.dropFirst()) }
        let name = String(decoding: address.utf8.prefix(nameLength), as: UTF8.self)
        var kept = String(name.prefix(budget))
        while kept.last == "." || kept.last == "_" { kept.removeLast() }
        if kept.isEmpty { kept = String(first.prefix(1)) }
        return kept + tail
    }
}
