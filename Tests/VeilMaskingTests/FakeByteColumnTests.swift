import Testing
import VeilCore

@testable import VeilMasking

/// The `fake.*` rules' byte path (what the pipeline runs) writes exactly what their `String` path (what the other
/// rule tests check) returns: the same draws, the same redraw away from the input, the same cut to the column.
@Suite("fake.* rules writing a byte column")
struct FakeByteColumnTests {
    static let fakeRules = BuiltinRules.all.map(\.name).filter { $0.hasPrefix("fake.") }

    /// Inputs of many shapes, as the generators that read their input (dates, phones, postcodes) see them.
    static let inputs: [Field] =
        [
            "customer 1", "anna.berg@mail.example", "+1 415 555 0100", "2024-03-01", "2024-03-01 12:30:00+01",
            "12:30:00", "SW1A 1AA", "10.1.2.3", "DE89370400440532013000", "4111 1111 1111 1111", "42", "-7.25",
            "123-45-6789", "3f2b8c1e-9a4d-4c6e-8f00-1b2c3d4e5f60", "00:1a:2b:3c:4d:5e", "Zoë Åberg", "欧阳修",
            "🙂", "e\u{301}", String(repeating: "long ", count: 60), nil, "",
        ]
        + (0..<200).map { "value \($0 * 7919)" }

    static let types = ["text", "character varying(7)", "varchar(1)", "character varying(64)"]

    /// The rules whose generators compose their values, and so have a byte path.
    static let composing: Set = [
        "fake.full_name", "fake.email", "fake.street_address", "fake.company", "fake.username",
    ]

    @Test("every fake rule with a byte path, several column types: byte path equals String path", arguments: fakeRules)
    func sameAsStrings(rule: String) throws {
        var made = 0
        for type in Self.types {
            guard let transformer = try? Fixtures.transformer(rule, type: type) else { continue }
            made += 1
            var strings = Self.inputs
            try transformer.transform(&strings, related: [])
            let bytes = try transformer.transformedBytes(Self.inputs, related: [])
            #expect((bytes != nil) == Self.composing.contains(rule), "\(rule): a byte path exactly where it composes")
            if let bytes { #expect(bytes.fields == strings, "\(rule) on \(type)") }
        }
        #expect(made > 0, "\(rule) takes none of the column types")
    }

    @Test("a draw equal to the input is drawn again on both paths")
    func redrawsAwayFromTheInput() throws {
        // A one-character column: most draws of a company name cut to it are one of a few capitals, so an input
        // that is one of them is drawn again, often more than once.
        let transformer = try Fixtures.transformer("fake.company", type: "character varying(1)")
        let inputs: [Field] = (0..<2000).map { String(UnicodeScalar(UInt8(0x41 + $0 % 26))) + "" }
        var strings = inputs
        try transformer.transform(&strings, related: [])
        let bytes = try #require(try transformer.transformedBytes(inputs, related: []))
        #expect(bytes.fields == strings)
        #expect(zip(inputs, strings).filter { $0 == $1 }.count < 5)
    }

    @Test("the byte comparison with the input agrees with String equality, canonical equivalence included")
    func inputComparisonIsStringEquality() {
        // Pieces whose joins are canonically equivalent in several spellings: precomposed and combining accents,
        // the Kelvin sign (whose decomposition is ASCII `K`), Hangul syllables and their jamo, reordered marks.
        let pieces = [
            "e", "\u{E9}", "\u{301}", "\u{300}", "\u{323}", "K", "\u{212A}", "a", "A", "\u{C5}", "\u{30A}",
            "\u{212B}", "\u{AC00}", "\u{1100}", "\u{1161}", ";", "\u{37E}", " ", "x", "",
        ]
        var random = SeededRandom(words: (11, 12, 13, 14))
        func text() -> String { (0..<random.next(below: 5)).map { _ in random.pick(pieces) }.joined() }
        var equalPairs = 0
        for _ in 0..<100_000 {
            var input = text()
            let candidate = text()
            let expected = input == candidate
            let seen = Array(candidate.utf8).withUnsafeBufferPointer {
                FakeTransformer<ChoiceGenerator>.isInput($0, &input)
            }
            #expect(seen == expected, "\(input.debugDescription) vs \(candidate.debugDescription)")
            if expected && Array(input.utf8) != Array(candidate.utf8) { equalPairs += 1 }
        }
        // Canonically equal texts of different bytes were among the pairs.
        #expect(equalPairs > 50)
    }
}
