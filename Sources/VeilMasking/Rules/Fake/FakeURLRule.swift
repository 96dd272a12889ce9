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

    /// The lorem words in lower case, as the paths use them.
    private static let pathWords = LoremText.words.map { $0.lowercased() }

    /// The longest URL the generator writes, in bytes.
    private static let capacity: Int = {
        let longest = { (words: [String]) in words.map(\.utf8.count).max() ?? 0 }
        let word = longest(pathWords)
        return "https://".utf8.count + longest(subdomains) + longest(EmailGenerator.domains) + 2 + 5 * (word + 1) + 5
    }()

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        ComposedText.compose(capacity: Self.capacity) { text in
            text.append("https://")
            text.append(random.pick(Self.subdomains))
            text.append(random.pick(EmailGenerator.domains))
            text.append(ascii: 0x2F)
            text.append(random.pick(Self.pathWords))
            text.append(ascii: 0x2F)
            for index in 0..<(2 + random.next(below: 3)) {
                if index > 0 { text.append(ascii: 0x2D) }
                text.append(random.pick(Self.pathWords))
            }
            text.append(ascii: 0x2D)
            let number = random.chance(1, in: 2) ? 1000 + random.next(below: 9000) : 10_000 + random.next(below: 90_000)
            text.append(decimal: number)
        }
    }
}
