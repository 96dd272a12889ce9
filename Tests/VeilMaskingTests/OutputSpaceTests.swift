import Testing

@testable import VeilMasking

/// `ShapeExcuses.excusesEveryWindow` lets the leak check skip a replaced field without a filter lookup, so it must
/// never say yes for a field holding a substring of a shape its space does not excuse.
@Suite("Output spaces")
struct OutputSpaceTests {
    static let spaces: [OutputSpace] = [
        .inputShape, .digits, .words, .shapes([.digits, .mixed]), .shapes([.mixed, .digits, .words]),
        .shapes(Set(ValueShape.allCases)), .shapes([.email]),
    ]

    /// Pieces fields are made of: digits, separators, ASCII and non-ASCII letters, `@`, other punctuation.
    static let pieces = [
        "0", "7", "42", "-", " ", ".", "+", "(", ")", "/", ":", "'", "a", "Z", "é", "陽", "Ж", "@", "_", "#", ",",
        "        ", "--------", "x@y.example",
    ]

    @Test("a field said to be excused whole has no substring of eight bytes or more of an unexcused shape")
    func neverExcusesAnUnexcusedWindow() {
        var generator = SystemRandomNumberGenerator()
        var skipped = 0
        for round in 0..<4_000 {
            // Fields of one family of pieces at a time as often as mixed ones, so every field shape turns up.
            let family = round % 4
            let pool =
                switch family {
                case 0: Self.pieces.filter { $0.allSatisfy { $0.isNumber || " -.+()/:'".contains($0) } }
                case 1: Self.pieces.filter { $0.allSatisfy { $0.isLetter || " -.'".contains($0) } }
                default: Self.pieces
                }
            var field = ""
            for _ in 0..<Int.random(in: 1...12, using: &generator) { field += pool.randomElement(using: &generator)! }
            let bytes = Array(field.utf8)
            bytes.withUnsafeBytes { field in
                let shape = ValueShape.of(field)
                for space in Self.spaces
                where ShapeExcuses(space).excusesEveryWindow(of: field, shape: shape, minimumLength: 8) {
                    skipped += 1
                    for start in 0..<field.count where field[start] & 0xC0 != 0x80 {
                        for end in (start + 8)...max(start + 8, field.count) where end <= field.count {
                            let window = UnsafeRawBufferPointer(rebasing: field[start..<end])
                            #expect(
                                space.excuses(ValueShape.of(window), inField: shape),
                                "\(space): \(Array(window)) in a \(shape) field \(Array(field))")
                        }
                    }
                }
            }
        }
        // The skip is taken for a good share of fields, or the test proves nothing.
        #expect(skipped > 2_000)
    }

    @Test("the sixteen-bit table of a space answers as the space does, for every pair of shapes")
    func tableAgreesWithSpace() {
        for space in Self.spaces {
            let table = ShapeExcuses(space)
            for found in ValueShape.allCases {
                for field in ValueShape.allCases {
                    #expect(table.excuses(found, inField: field) == space.excuses(found, inField: field))
                }
            }
        }
    }

    @Test("masked card numbers, phone numbers and fake addresses are excused whole; emails and separator runs are not")
    func typicalFields() {
        func excusedWhole(_ text: String, _ space: OutputSpace) -> Bool {
            Array(text.utf8).withUnsafeBytes {
                ShapeExcuses(space).excusesEveryWindow(of: $0, shape: ValueShape.of($0), minimumLength: 8)
            }
        }
        #expect(excusedWhole("5123 4567 8901 2345", .digits))
        #expect(excusedWhole("+1 415 5550123", .inputShape))
        #expect(excusedWhole("1234 Oak Street", .shapes([.words, .mixed, .digits])))
        #expect(excusedWhole("Anastasia Lindqvist", .words))
        #expect(excusedWhole("DE89370400440532013000", .shapes([.mixed, .digits])))
        // A mixed field may hold a digits-only or words-only run that the space does not produce.
        #expect(!excusedWhole("DE89370400440532013000", .shapes([.mixed])))
        // An email-shaped substring may hide in an email field; only an email space excuses it.
        #expect(!excusedWhole("x7k2p@example.org", .inputShape))
        #expect(!excusedWhole("ab x7k2p@example.org", .shapes([.mixed, .digits, .words])))
        // A run of eight separators in a digits field is a `mixed` substring.
        #expect(!excusedWhole("12 -------- 34", .digits))
        #expect(excusedWhole("12 ----- 34", .digits))
    }
}
