/// `fake.domain`: a domain name under a reserved name (RFC 2606 and RFC 6761), such as
/// `brightharbor.example`, `stone-garden.test` or `quiet-river.example.org`.
///
/// Two common English words, joined or hyphenated, under `example.com`, `example.net`,
/// `example.org`, `.example` or `.test`: about 2^24 names, none of which resolves to a real host.
/// No parameters. One-way.
public enum FakeDomainRule {
    public static let definition = FakeRule.definition(
        kind: "domain", summary: "deterministic synthetic domain name under reserved names",
        outputBits: { _ in 24 }, makeGenerator: { _ throws(RuleConfigurationError) in DomainGenerator() }
    )
    .withOutputSpace(.shapes([.mixed, .words]))
}

struct DomainGenerator: SyntheticGenerator {
    static let suffixes = ["example.com", "example.net", "example.org", "example", "test"]

    var requiredLists: [[String]] { [LoremText.words] }

    /// The lorem words in lower case, as the domains use them.
    private static let domainWords = LoremText.words.map { $0.lowercased() }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(Self.domainWords)
        let second = random.pick(Self.domainWords)
        let hyphen = random.chance(1, in: 2)
        let suffix = random.pick(Self.suffixes)
        let capacity = first.utf8.count + (hyphen ? 1 : 0) + second.utf8.count + 1 + suffix.utf8.count
        return ComposedText.compose(capacity: capacity) { text in
            text.append(first)
            if hyphen { text.append(ascii: 0x2D) }
            text.append(second)
            text.append(ascii: 0x2E)
            text.append(suffix)
        }
    }
}
