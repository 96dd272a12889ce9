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

struct EmailGenerator: SyntheticGenerator {
    static let domains = ["example.com", "example.net", "example.org"]
    private static let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    var requiredLists: [[String]] { [WordLists.firstNamesForEmail, WordLists.lastNamesForEmail] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(WordLists.firstNamesForEmail)
        let last = random.pick(WordLists.lastNamesForEmail)
        var name: String
        switch random.next(below: 4) {
        case 0: name = "\(first).\(last)"
        case 1: name = "\(first)_\(last)"
        case 2: name = "\(first)\(last)"
        default: name = "\(first.prefix(1)).\(last)"
        }
        var tail = "."
        for _ in 0..<6 { tail.append(random.pick(Self.suffixAlphabet)) }
        tail += "@" + random.pick(Self.domains)
        if let maximumLength, name.utf8.count + tail.utf8.count > maximumLength {
            let budget = maximumLength - tail.utf8.count
            guard budget >= 1 else { return String(tail.dropFirst()) }
            name = String(name.prefix(budget))
            while name.last == "." || name.last == "_" { name.removeLast() }
            if name.isEmpty { name = String(first.prefix(1)) }
        }
        return name + tail
    }
}
