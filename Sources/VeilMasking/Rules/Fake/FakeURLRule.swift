/// `fake.url`: a web address on the reserved example domains (RFC 2606), such as
/// `https://shop.example.com/garden/bright-river-table-48213`.
///
/// A host (`example.com`, `.net` or `.org`, bare or under `www.`, `shop.`, `blog.`, `docs.`), a
/// section word, and a slug of two to four common English words and a number of four or five digits:
/// about 2^48 addresses, none of which reaches a real site. No parameters. One-way.
public enum FakeURLRule {
    public static let definition = FakeRule.definition(
        kind: "url", summary: "deterministic synthetic https URL on example.com/.net/.org",
        outputBits: { _ in 48 }, makeGenerator: { _ throws(RuleConfigurationError) in URLGenerator() }
    )
    .withOutputSpace(.shapes([.mixed, .words]))
}

struct URLGenerator: SyntheticGenerator {
    static let subdomains = ["", "www.", "shop.", "blog.", "docs."]

    var requiredLists: [[String]] { [LoremText.words] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let host = random.pick(Self.subdomains) + random.pick(EmailGenerator.domains)
        let section = random.pick(LoremText.words).lowercased()
        let slug = (0..<(2 + random.next(below: 3))).map { _ in random.pick(LoremText.words).lowercased() }
        let number = random.chance(1, in: 2) ? 1000 + random.next(below: 9000) : 10_000 + random.next(below: 90_000)
        return "https://\(host)/\(section)/\(slug.joined(separator: "-"))-\(number)"
    }
}
