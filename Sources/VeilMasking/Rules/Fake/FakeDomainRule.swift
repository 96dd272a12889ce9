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

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(LoremText.words).lowercased()
        let second = random.pick(LoremText.words).lowercased()
        let separator = random.chance(1, in: 2) ? "-" : ""
        return "\(first)\(separator)\(second).\(random.pick(Self.suffixes))"
    }
}
