/// Every `fake.<kind>` generator by kind name, with its default arguments, for `fake.template`'s
/// `{kind}` placeholders.
///
/// Each entry gives the generator, a neutral input for generators that follow their input's shape or
/// length (a phone number's layout, a sentence's length: a template must not copy the real value's
/// shape into its output), and about how many bits of distinct values it draws from.
enum SyntheticKinds {
    struct Kind: Sendable {
        let generator: any SyntheticGenerator
        /// What the generator is given instead of the real value.
        let neutralInput: String
        /// About log2 of the distinct values it draws from (a lower estimate).
        let bits: Int
    }

    static let all: [String: Kind] = [
        "first_name": Kind(generator: FirstNameGenerator(), neutralInput: "", bits: 11),
        "last_name": Kind(generator: LastNameGenerator(), neutralInput: "", bits: 11),
        "full_name": Kind(generator: FullNameGenerator(), neutralInput: "", bits: 20),
        "email": Kind(generator: EmailGenerator(), neutralInput: "", bits: 53),
        "phone": Kind(generator: PhoneGenerator(), neutralInput: "(555) 010-0000", bits: 32),
        "street_address": Kind(generator: StreetAddressGenerator(), neutralInput: "", bits: 25),
        "city": Kind(generator: CityGenerator(), neutralInput: "", bits: 7),
        "postcode": Kind(generator: PostcodeGenerator(), neutralInput: "00000", bits: 16),
        "company": Kind(generator: CompanyGenerator(), neutralInput: "", bits: 15),
        "username": Kind(generator: UsernameGenerator(), neutralInput: "", bits: 32),
        "state": Kind(generator: StateGenerator(), neutralInput: "", bits: 5),
        "country": Kind(generator: CountryGenerator(), neutralInput: "", bits: 7),
        "job_title": Kind(generator: JobTitleGenerator(), neutralInput: "", bits: 12),
        "date_of_birth": Kind(generator: FakeDateOfBirthRule.defaultGenerator, neutralInput: "", bits: 14),
        "date": Kind(generator: FakeDateRule.defaultGenerator, neutralInput: "", bits: 13),
        "datetime": Kind(generator: FakeDateTimeRule.defaultGenerator, neutralInput: "", bits: 29),
        "time": Kind(generator: TimeGenerator(), neutralInput: "", bits: 16),
        "url": Kind(generator: URLGenerator(), neutralInput: "", bits: 48),
        "domain": Kind(generator: DomainGenerator(), neutralInput: "", bits: 24),
        "word": Kind(generator: WordGenerator(), neutralInput: "", bits: 10),
        "sentence": Kind(
            generator: LoremGenerator(sentenceWords: 1_000_000...1_000_000),
            neutralInput: String(repeating: "x", count: 60), bits: 48),
        "paragraph": Kind(
            generator: LoremGenerator(sentenceWords: 5...14), neutralInput: String(repeating: "x", count: 300),
            bits: 48),
        "integer": Kind(generator: IntegerGenerator(range: 0...1_000_000), neutralInput: "", bits: 19),
        "decimal": Kind(generator: DecimalGenerator(units: 0...100_000, scale: 2), neutralInput: "", bits: 16),
    ]
}

/// A parsed `fake.template` pattern: literal text and placeholders, in order.
struct SyntheticTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        case kind(SyntheticKinds.Kind, Case?)
        /// `{digits:N}`: N decimal digits.
        case digits(Int)
        /// `{letters:N}` (lower case) or `{LETTERS:N}` (upper case): N ASCII letters.
        case letters(Int, upper: Bool)
    }

    /// How `{kind:modifier}` rewrites a kind's value.
    enum Case: String, Sendable {
        /// Folded to lower-case ASCII letters (`Łukasz O'Brien` → `lukaszobrien`); a value that does not fold
        /// (kanji) is drawn again, up to 16 times.
        case ascii
        case lower
        case upper
    }

    let parts: [Part]

    /// Parses `{kind}`, `{kind:ascii}`, `{kind:lower}`, `{kind:upper}`, `{digits:N}`, `{letters:N}`,
    /// `{LETTERS:N}` (N from 1 to 64) and literal text, where `{{` and `}}` stand for braces.
    init(_ pattern: String) throws(RuleConfigurationError) {
        var parts: [Part] = []
        var literal = ""
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let character = pattern[index]
            let next = pattern.index(after: index)
            if (character == "{" || character == "}") && next < pattern.endIndex && pattern[next] == character {
                literal.append(character)
                index = pattern.index(after: next)
                continue
            }
            if character == "}" { throw RuleConfigurationError("pattern has a `}` without its `{` (write `}}`)") }
            guard character == "{" else {
                literal.append(character)
                index = next
                continue
            }
            guard let close = pattern[next...].firstIndex(of: "}") else {
                throw RuleConfigurationError("pattern has a `{` without its `}` (write `{{`)")
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(try Self.placeholder(String(pattern[next..<close])))
            index = pattern.index(after: close)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard parts.contains(where: { if case .literal = $0 { false } else { true } }) else {
            throw RuleConfigurationError("pattern has no placeholder, so every value would get the same text")
        }
        self.parts = parts
    }

    /// About log2 of the distinct values the pattern produces.
    var bits: Int {
        var total = 0.0
        for part in parts {
            switch part {
            case .literal: break
            case .kind(let kind, _): total += Double(kind.bits)
            case .digits(let count): total += Double(count) * 3.32
            case .letters(let count, _): total += Double(count) * 4.7
            }
        }
        return Int(total)
    }

    func generate(_ random: inout SeededRandom) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text): output += text
            case .kind(let kind, let modifier):
                var value = kind.generator.generate(for: kind.neutralInput, random: &random, maximumLength: nil)
                switch modifier {
                case .ascii?:
                    for _ in 0..<16 where !ASCIIFolding.folds(value) {
                        value = kind.generator.generate(for: kind.neutralInput, random: &random, maximumLength: nil)
                    }
                    value = ASCIIFolding.emailLocalPart(value)
                case .lower?: value = value.lowercased()
                case .upper?: value = value.uppercased()
                case nil: break
                }
                output += value
            case .digits(let count):
                for _ in 0..<count {
                    output.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + random.next(below: 10))))
                }
            case .letters(let count, let upper):
                let base: UInt8 = upper ? 0x41 : 0x61
                for _ in 0..<count {
                    output.unicodeScalars.append(Unicode.Scalar(base + UInt8(random.next(below: 26))))
                }
            }
        }
        return output
    }

    private static func placeholder(_ body: String) throws(RuleConfigurationError) -> Part {
        let pieces = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if pieces.count == 2, ["digits", "letters", "LETTERS"].contains(pieces[0]) {
            guard let count = Int(pieces[1]), (1...64).contains(count) else {
                throw RuleConfigurationError("`{\(body)}` needs a count from 1 to 64")
            }
            return pieces[0] == "digits" ? .digits(count) : .letters(count, upper: pieces[0] == "LETTERS")
        }
        let modifier = pieces.count == 2 ? Case(rawValue: pieces[1]) : nil
        guard pieces.count == 1 || modifier != nil, let kind = SyntheticKinds.all[pieces[0]] else {
            let known = (SyntheticKinds.all.keys.sorted() + ["digits:N", "letters:N", "LETTERS:N"]).joined(
                separator: ", ")
            throw RuleConfigurationError(
                "pattern has an unknown placeholder `{\(body)}`; known: \(known), each kind optionally with "
                    + ":ascii, :lower or :upper")
        }
        return .kind(kind, modifier)
    }
}
