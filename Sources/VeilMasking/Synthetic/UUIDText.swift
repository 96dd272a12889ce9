/// A UUID within its text: 32 hex digits, hyphenated (`8-4-4-4-12`) or not, optionally in braces.
///
/// Knows the version nibble (hex digit 12) and the variant nibble (hex digit 16), whose leading bits
/// (`0`, `10`, `110` or `111`) name the variant and whose remaining 3, 2, 1 or 1 bits are free.
struct UUIDText {
    private var bytes: [UInt8]
    /// Offsets in `bytes` of the 32 hex digits.
    private let positions: [Int]
    /// The 32 nibbles, 0...15.
    private(set) var nibbles: [UInt8]
    /// Whether output hex letters are upper case: the input has upper-case letters and no lower-case ones.
    let isUpperCase: Bool

    static let versionIndex = 12
    static let variantIndex = 16

    /// - Throws: a reason (never the value) when `value` is not a UUID.
    init(_ value: String) throws(ValueError) {
        let bytes = Array(value.utf8)
        var nibbles = [UInt8](repeating: 0, count: 32)
        let layout = bytes.withUnsafeBufferPointer { text in
            nibbles.withUnsafeMutableBufferPointer { UUIDLayout(text, nibbles: $0.baseAddress) }
        }
        guard let layout else { throw ValueError(Self.reason) }
        self.bytes = bytes
        self.nibbles = nibbles
        positions = layout.digitOffsets
        isUpperCase = layout.isUpperCase
    }

    static let reason = "not a UUID: expected thirty-two hex digits, hyphenated or plain, optionally in braces"

    /// How many low bits of the variant nibble are free: 3 (`0xxx`), 2 (`10xx`), 1 (`110x`, `111x`).
    static func freeVariantBits(_ nibble: UInt8) -> Int {
        nibble < 8 ? 3 : nibble < 12 ? 2 : 1
    }

    private var freeBits: Int { Self.freeVariantBits(nibbles[Self.variantIndex]) }

    /// The 30 free nibbles (radix 16) and the variant nibble's free bits (radix 2^bits).
    var groups: [NumeralGroup] {
        let free = nibbles.indices.filter { $0 != Self.versionIndex && $0 != Self.variantIndex }
        let variant = nibbles[Self.variantIndex]
        return [
            NumeralGroup(radix: 16, numerals: free.map { UInt16(nibbles[$0]) }),
            NumeralGroup(radix: 1 << freeBits, numerals: [UInt16(variant & UInt8((1 << freeBits) - 1))]),
        ]
    }

    /// The kept bits: the version nibble and the variant nibble's fixed bits.
    var context: [UInt8] {
        [nibbles[Self.versionIndex], nibbles[Self.variantIndex] >> UInt8(freeBits), UInt8(freeBits)]
    }

    /// Puts new free nibbles and variant bits in place, in the output case.
    mutating func finish(_ groups: [NumeralGroup]) {
        let bits = freeBits
        var free = groups[0].numerals.makeIterator()
        for index in nibbles.indices where index != Self.versionIndex && index != Self.variantIndex {
            nibbles[index] = UInt8(free.next() ?? 0)
        }
        let fixed = (nibbles[Self.variantIndex] >> UInt8(bits)) << UInt8(bits)
        nibbles[Self.variantIndex] = fixed | UInt8(groups[1].numerals[0])
        let letters: UInt8 = isUpperCase ? 0x41 : 0x61
        for (nibble, position) in zip(nibbles, positions) {
            bytes[position] = nibble < 10 ? 0x30 + nibble : letters + nibble - 10
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether a declared column type is PostgreSQL's `uuid`.
    static func isUUIDColumn(_ declared: String) -> Bool {
        var name = declared.lowercased().filter { $0 != "\"" && $0 != " " }
        if name.hasPrefix("pg_catalog.") { name.removeFirst("pg_catalog.".count) }
        return name == "uuid"
    }
}
