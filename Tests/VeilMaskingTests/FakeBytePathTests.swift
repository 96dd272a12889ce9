import Testing

@testable import VeilMasking

/// The `fake.*` generators that write their values' bytes directly, held to the versions they replaced
/// (``FakeGeneratorOracles``) on the same inputs and streams: the same value, and as many numbers drawn.
@Suite("fake.* generators on bytes")
struct FakeBytePathTests {
    /// Text pieces the inputs are made of: hex digits of both cases, separators, signs, spaces, non-ASCII letters,
    /// full-width digits (which `Character.isHexDigit` counts) and a CR LF pair (one `Character`).
    static let pieces = [
        "0", "1", "5", "9", "a", "f", "A", "F", "g", "Z", ":", "-", ".", "/", " ", "+", "{", "}", "é", "５", "Ｆ",
        "\r\n", "3", "12", "128", "00",
    ]

    /// `count` inputs of 0 to 40 pieces, from a fixed seed, after the hand-written `forms`.
    static func inputs(_ forms: [String], count: Int = 3000, seed: UInt64 = 1) -> [String] {
        var random = SeededRandom(words: (seed, 0x51, 0x7E, 0x1F))
        let mixed = (0..<count).map { _ in
            (0..<random.next(below: 41)).map { _ in random.pick(pieces) }.joined()
        }
        return forms + mixed
    }

    /// Both functions give the same value and draw as many numbers, for every input under several streams.
    static func expectSame(
        _ inputs: [String], _ label: String, sourceLocation: SourceLocation = #_sourceLocation,
        new: (String, inout SeededRandom) -> String, old: (String, inout SeededRandom) -> String
    ) {
        var mismatches = 0
        for (index, input) in inputs.enumerated() {
            for stream in 0..<3 {
                let words: (UInt64, UInt64, UInt64, UInt64) = (
                    UInt64(index) &* 0x9E37_79B9_7F4A_7C15, UInt64(stream), 7, UInt64(index)
                )
                var newRandom = SeededRandom(words: words)
                var oldRandom = SeededRandom(words: words)
                let newValue = new(input, &newRandom)
                let oldValue = old(input, &oldRandom)
                if newValue != oldValue || newRandom.next() != oldRandom.next() {
                    mismatches += 1
                    if mismatches <= 5 {
                        let message =
                            "\(label): input \(input.debugDescription) gave \(newValue.debugDescription), was \(oldValue.debugDescription)"
                        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                    }
                }
            }
        }
        #expect(mismatches == 0, "\(label)", sourceLocation: sourceLocation)
    }

    static func generate<Generator: SyntheticGenerator>(_ generator: Generator) -> (String, inout SeededRandom)
        -> String
    {
        { input, random in generator.generate(for: input, random: &random, maximumLength: nil) }
    }

    /// The ASCII path against the general one (the generator as it was, kept for non-ASCII inputs).
    @Test func mac() {
        let forms = [
            "08:00:2b:01:02:03", "08-00-2B-01-02-03", "0800.2b01.0203", "08002b010203", "08:00:2b:01:02:03:04:05",
            "Ａ8:00:2b:01:02:03", "", "zz",
        ]
        Self.expectSame(
            Self.inputs(forms), "fake.mac", new: Self.generate(MACGenerator()),
            old: { input, random in MACGenerator.generateUnicode(input, random: &random) })
    }

    @Test func uuid() {
        let forms = [
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
            "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", "A0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{}", "{",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g", "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11",
        ]
        Self.expectSame(
            Self.inputs(forms), "fake.uuid", new: Self.generate(UUIDGenerator()), old: FakeGeneratorOracles.uuid)
    }

    @Test func ipv4() {
        let forms = ["192.0.2.1", "10.0.0.0/8", "10.0.0.0/0", "10.0.0.0/32", "10.0.0.0/33", "1.2.3.4/", "/24", "é/24"]
        Self.expectSame(
            Self.inputs(forms), "fake.ipv4", new: Self.generate(IPv4Generator()), old: FakeGeneratorOracles.ipv4)
    }

    @Test func ipv6() {
        let forms = (0...130).map { "2001:db8::1/\($0)" } + ["::1", "fe80::/10", "1::/0001", "é::/64"]
        Self.expectSame(
            Self.inputs(forms), "fake.ipv6", new: Self.generate(IPv6Generator()), old: FakeGeneratorOracles.ipv6)
    }

    @Test("IPv6 text for every pattern of zero groups, and IPv4-mapped addresses")
    func ipv6Text() {
        var random = SeededRandom(words: (3, 1, 4, 1))
        for pattern in 0..<256 {
            for _ in 0..<8 {
                var groups = (0..<8).map { index -> UInt16 in
                    pattern >> index & 1 == 1
                        ? 0 : UInt16(truncatingIfNeeded: random.next() >> UInt64(random.next(below: 16)))
                }
                if pattern == 255 && random.chance(1, in: 2) { groups[5] = 0xFFFF }
                #expect(IPAddressText.formatIPv6(groups) == FakeGeneratorOracles.formatIPv6(groups), "\(groups)")
            }
        }
        let mapped: [UInt16] = [0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0201]
        #expect(IPAddressText.formatIPv6(mapped) == "::ffff:192.0.2.1")
        for _ in 0..<10_000 {
            let address = UInt32(truncatingIfNeeded: random.next())
            #expect(IPAddressText.formatIPv4(address) == FakeGeneratorOracles.formatIPv4(address))
        }
    }

    static let numberForms = [
        "0", "-0", "+0", "-0.00", "3", "03", "+3", "-3", " 3 ", "3.0", "3.", ".5", "-.5", "3.5", "1 000", "--3", "3-",
        "1.2.3", ".", "-", "+", "", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "99999999999999999999", "12.50", "12.505", "0.05", "-12.5", "1e5", "٣", "3\u{301}",
    ]

    @Test(arguments: [0...1_000_000, -5...5, Int.min...Int.max, -3...3])
    func integer(range: ClosedRange<Int>) {
        Self.expectSame(
            Self.inputs(Self.numberForms + (-6...6).map(String.init)), "fake.integer \(range)",
            new: Self.generate(IntegerGenerator(range: range)),
            old: { input, random in
                FakeGeneratorOracles.number(input, &random) { random in String(ScaledDecimal.draw(range, &random)) }
            })
    }

    @Test(arguments: [(-1000...1000, 2), (-30...30, 1), (0...5, 0), (Int.min...Int.max, 18), (-9...9, 3)])
    func decimal(units: ClosedRange<Int>, scale: Int) {
        let forms = Self.numberForms + (-30...30).map { FakeGeneratorOracles.formatDecimal($0, scale: scale) }
        Self.expectSame(
            Self.inputs(forms), "fake.decimal \(units) scale \(scale)",
            new: Self.generate(DecimalGenerator(units: units, scale: scale)),
            old: { input, random in
                FakeGeneratorOracles.number(input, &random) { random in
                    FakeGeneratorOracles.formatDecimal(ScaledDecimal.draw(units, &random), scale: scale)
                }
            })
    }

    @Test func decimalText() {
        var random = SeededRandom(words: (5, 9, 2, 6))
        for scale in 0...25 {
            for units in [0, 1, -1, 5, -1250, Int.max, Int.min, 10, 100] {
                #expect(
                    ScaledDecimal.format(units, scale: scale) == FakeGeneratorOracles.formatDecimal(units, scale: scale)
                )
            }
            for _ in 0..<500 {
                let units = Int(truncatingIfNeeded: random.next()) >> random.next(below: 64)
                #expect(
                    ScaledDecimal.format(units, scale: scale) == FakeGeneratorOracles.formatDecimal(units, scale: scale)
                )
            }
        }
    }

    @Test func ssn() {
        let forms = ["123456789", "123 45 6789", "123-45-6789", "12345678", "123 45-6789", "１23456789"]
        Self.expectSame(
            Self.inputs(forms), "fake.ssn", new: Self.generate(SSNGenerator()), old: FakeGeneratorOracles.ssn)
    }

    @Test func card() {
        let forms = [
            "4111 1111 1111 1111", "4111111111111111", "378282246310005", "3782-822463-10005", "6011000990139424",
            "4000000000000000006", "411111111111", "",
        ]
        Self.expectSame(
            Self.inputs(forms), "fake.card", new: Self.generate(CardGenerator()), old: FakeGeneratorOracles.card)
    }

    @Test func times() {
        let forms = ["08:30", "08:30:00", "24:00", "8:30", "23:59"]
        Self.expectSame(
            Self.inputs(forms), "fake.time", new: Self.generate(TimeGenerator()), old: FakeGeneratorOracles.time)
    }

    @Test(arguments: [0...1_000_000_000, -100_000_000_000...100_000_000_000, -86_400...86_400])
    func dateTimes(seconds: ClosedRange<Int>) {
        Self.expectSame(
            Self.inputs(["2024-01-01 00:00:00"], count: 500), "fake.datetime \(seconds)",
            new: Self.generate(DateTimeGenerator(seconds: seconds)),
            old: { _, random in FakeGeneratorOracles.isoDateTime(ScaledDecimal.draw(seconds, &random)) })
    }

    @Test(arguments: [0...20_000, -800_000...3_000_000, -719_162...(-719_160)])
    func dates(days: ClosedRange<Int>) {
        let forms = [
            "1980-05-01", "1980-05-01 00:00:00+00", "1975-12-31T08:30:00Z", "0044-03-15 BC", "12345-01-01",
            "1980-5-1", "1980-02-30",
        ]
        Self.expectSame(
            Self.inputs(forms, count: 500), "fake.date \(days)", new: Self.generate(DateGenerator(days: days)),
            old: { input, random in
                let date = CivilDate(daysSinceEpoch: days.lowerBound + random.next(below: days.count))
                if let text = DateText(Array(input.utf8)) {
                    return FakeGeneratorOracles.formattedDate(text, with: date)
                }
                return FakeGeneratorOracles.isoDate(date)
            })
    }

    @Test func url() {
        Self.expectSame(
            Self.inputs([""], count: 2000), "fake.url", new: Self.generate(URLGenerator()),
            old: { _, random in FakeGeneratorOracles.url(&random) })
    }

    @Test func iban() {
        let forms =
            IBANRegistry.countries.map { "\($0)89 3704 0044 0532 0130 00" } + [
                "de89370400440532013000", "DE89370400440532013000", " d e89", "D", "", "ZZ12", "é1",
            ]
        Self.expectSame(
            Self.inputs(forms), "fake.iban", new: Self.generate(IBANGenerator()), old: FakeGeneratorOracles.iban)
    }

    @Test func postcodesAndPhones() {
        let forms = ["SW1A 1AA", "90210", "10115", "", "-", "+1 (555) 010-9999", "0049 30 1234567", "7", "é"]
        Self.expectSame(
            Self.inputs(forms), "fake.postcode", new: Self.generate(PostcodeGenerator()),
            old: FakeGeneratorOracles.postcode)
        Self.expectSame(
            Self.inputs(forms), "fake.phone", new: Self.generate(PhoneGenerator()), old: FakeGeneratorOracles.phone)
    }

    @Test func composedWords() {
        let inputs = Self.inputs([""], count: 3000)
        Self.expectSame(
            inputs, "fake.job_title", new: Self.generate(JobTitleGenerator()),
            old: { _, random in FakeGeneratorOracles.jobTitle(&random) })
        Self.expectSame(
            inputs, "fake.company", new: Self.generate(CompanyGenerator()),
            old: { _, random in FakeGeneratorOracles.company(&random) })
        Self.expectSame(
            inputs, "fake.domain", new: Self.generate(DomainGenerator()),
            old: { _, random in FakeGeneratorOracles.domain(&random) })
    }

    @Test("street addresses, and usernames with and without a column length")
    func streetAddressesAndUsernames() {
        let inputs = Self.inputs([""], count: 3000)
        Self.expectSame(
            inputs, "fake.street_address", new: Self.generate(StreetAddressGenerator()),
            old: { _, random in FakeGeneratorOracles.streetAddress(&random) })
        for maximumLength in [nil, 1, 3, 5, 8, 12, 40] {
            Self.expectSame(
                inputs, "fake.username \(maximumLength ?? 0)",
                new: { input, random in
                    UsernameGenerator().generate(for: input, random: &random, maximumLength: maximumLength)
                },
                old: { _, random in FakeGeneratorOracles.username(&random, maximumLength: maximumLength) })
        }
    }

    @Test(
        "last and full names, every locale and gender",
        arguments: ["any"] + PersonNames.locales, PersonNames.Gender.allCases)
    func names(locale: String, gender: PersonNames.Gender) {
        let names = PersonNames(locale: locale, gender: gender)
        let oracle = FakeGeneratorOracles.Names(locale: locale, gender: gender)
        let inputs = Self.inputs([""], count: 1500)
        Self.expectSame(
            inputs, "last names \(locale) \(gender)", new: { _, random in names.lastName(&random) },
            old: { _, random in oracle.lastName(&random) })
        Self.expectSame(
            inputs, "full names \(locale) \(gender)", new: { _, random in names.fullName(&random) },
            old: { _, random in oracle.fullName(&random) })
    }
}
