import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("synthetic helpers")
struct SyntheticHelperTests {
    @Test func seededStreamsAreReproducibleAndSeedSensitive() {
        var a = SeededRandom(words: (1, 2, 3, 4))
        var b = SeededRandom(words: (1, 2, 3, 4))
        var c = SeededRandom(words: (1, 2, 3, 5))
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
        // xoshiro256** reference output for the state (1, 2, 3, 4).
        #expect(Array(first.prefix(3)) == [11520, 0, 1_509_978_240])
        var zero = SeededRandom(words: (0, 0, 0, 0))
        #expect((0..<4).map { _ in zero.next() } != [0, 0, 0, 0])
    }

    @Test func digestSeedReadsLittleEndianWords() throws {
        let digest = try #require(Digest256(bytes: [1] + Array(repeating: 0, count: 31)))
        var fromDigest = SeededRandom(digest: digest)
        var fromWords = SeededRandom(words: (1, 0, 0, 0))
        #expect((0..<8).map { _ in fromDigest.next() } == (0..<8).map { _ in fromWords.next() })
    }

    @Test("composed text equals the interpolated string, for words of any script, numbers and short results")
    func composedTextEqualsInterpolation() {
        var random = SeededRandom(words: (7, 7, 7, 7))
        let words = ["", "Oak", "Straße", "陽菜", "Анастасия", "Willowbrook Boulevard", "🧪", "O'Neil-Smith"]
        for _ in 0..<2_000 {
            let number = random.next(below: 3) == 0 ? 0 : Int(random.next() >> (1 + random.next() % 63))
            let first = random.pick(words)
            let last = random.pick(words)
            let composed = ComposedText.compose(capacity: 21 + first.utf8.count + last.utf8.count) { text in
                text.append(decimal: number)
                text.append(ascii: 0x20)
                text.append(first)
                text.append(ascii: 0x2D)
                text.append(last)
            }
            #expect(composed == "\(number) \(first)-\(last)")
            #expect(composed.utf8.elementsEqual("\(number) \(first)-\(last)".utf8))
        }
    }

    @Test("bounded draws stay in range and are close to uniform", arguments: [1, 2, 3, 10, 26, 62, 746, 1000])
    func bounded(bound: Int) {
        var random = SeededRandom(words: (9, 8, 7, UInt64(bound)))
        var counts = [Int](repeating: 0, count: bound)
        let draws = bound * 200
        for _ in 0..<draws {
            let value = random.next(below: bound)
            counts[value] += 1
        }
        // Each bucket expects 200 draws (standard deviation ~14); 120...280 is over 5 sigma.
        #expect(counts.allSatisfy { (120...280).contains($0) } || bound == 1)
        #expect(counts.reduce(0, +) == draws)
    }

    @Test(
        "column types",
        arguments: [
            ("character varying(50)", 50, nil, true, false),
            ("varchar(8)", 8, nil, true, false),
            ("VARCHAR(40)", 40, nil, true, false),
            ("NVARCHAR(40)", 40, nil, true, false),
            ("character(2)", 2, nil, true, false),
            ("character", 1, nil, true, false),
            ("bpchar", nil, nil, true, false),
            ("character varying", nil, nil, true, false),
            ("text", nil, nil, true, false),
            ("", nil, nil, true, false),
            ("pg_catalog.int4", nil, ColumnType.IntegerKind.integer, false, true),
            ("integer", nil, .integer, false, true),
            ("INTEGER", nil, .integer, false, true),
            ("bigint", nil, .bigint, false, true),
            ("smallint", nil, .smallint, false, true),
            ("numeric(12,2)", nil, nil, false, true),
            ("double precision", nil, nil, false, true),
            ("timestamp with time zone", nil, nil, false, false),
            ("date", nil, nil, false, false),
            ("uuid", nil, nil, false, false),
            ("jsonb", nil, nil, false, false),
            ("character varying(20)[]", nil, nil, false, false),
            ("boolean", nil, nil, false, false),
        ] as [(String, Int?, ColumnType.IntegerKind?, Bool, Bool)])
    func columnTypes(
        declared: String, length: Int?, integer: ColumnType.IntegerKind?, textual: Bool, numeric: Bool
    ) {
        let type = ColumnType(declared)
        #expect(type.maximumLength == length)
        #expect(type.integerKind == integer)
        #expect(type.isTextual == textual)
        #expect(type.isNumeric == numeric)
    }

    @Test func fittingCountsUnicodeScalars() {
        let type = ColumnType("varchar(4)")
        #expect(type.fit("Zoë Ünal") == "Zoë ")
        #expect(type.fit("abc") == "abc")
        #expect(type.fit("e\u{301}e\u{301}e") == "e\u{301}e\u{301}")
        #expect(ColumnType("text").fit("unbounded") == "unbounded")
    }

    @Test(
        "numeric shape",
        arguments: [
            ("2147483647", false, true), ("2147483648", false, false), ("2147483648", true, true),
            ("2147483649", true, false), ("0123", false, false), ("0", false, true), ("0", true, false),
            ("99999999999", false, false), ("999999999", false, true),
        ])
    func numericShape(digits: String, negative: Bool, canonical: Bool) {
        let shape = NumericShape(ColumnType("integer"))
        #expect(shape.isCanonical(digits.utf8.map { $0 - 0x30 }, negative: negative) == canonical)
    }

    @Test func luhnKnowsTheClassicNumbers() {
        let digits = { (text: String) in text.utf8.map { $0 - 0x30 } }
        #expect(Luhn.isValid(digits("79927398713")))
        #expect(!Luhn.isValid(digits("79927398710")))
        #expect(Luhn.digit(at: 10, in: digits("79927398710"), makingSum: 0) == 3)
    }
}

@Suite("errors never carry values")
struct ErrorHygieneTests {
    static let hostile = [
        "12", "secret-2022", "🙂🙂", "2022-99-99", "4111", String(repeating: "s3cr3t", count: 40), "abc\u{0}def",
    ]

    @Test("masking errors name the row, never the value", arguments: BuiltinRules.all.map(\.name))
    func maskingErrors(rule: String) throws {
        // Row 0 holds a value the rule accepts (format rules such as email refuse arbitrary text).
        let valid = Fixtures.samples(for: rule, count: 1)[0]
        for value in Self.hostile {
            do {
                _ = try Fixtures.apply(rule, [valid, value])
            } catch let error as MaskingError {
                #expect(error.rowIndex == 1)
                #expect(!reveals(error, value), "\(rule)")
            }
        }
    }

    @Test(
        "configuration errors never echo arguments",
        arguments: ["xxs3cr3t-alphabetxx", "aa", "\u{1F642}\u{1F642}"])
    func configurationErrors(alphabet: String) throws {
        let error = try #require(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["alphabet": .string(alphabet)])
        }
        #expect(!error.message.contains(alphabet))
    }
}
