import VeilCrypto

/// Fast lookups between an FPE alphabet's characters (Unicode scalars) and numerals.
///
/// ASCII characters go through a 128-entry table; other characters through a dictionary. Every
/// alphabet character must be a single Unicode scalar, which is what lets values be scanned scalar by
/// scalar instead of by grapheme cluster.
struct NumeralTable: Sendable {
    static let none = UInt16.max

    let radix: Int
    private let ascii: [UInt16]
    private let other: [UInt32: UInt16]
    private let scalars: [UInt32]
    /// True when every alphabet character is ASCII.
    let isASCII: Bool

    /// - Throws: when an alphabet character is not a single Unicode scalar.
    init(_ alphabet: FPEAlphabet) throws(RuleConfigurationError) {
        radix = alphabet.radix
        var ascii = [UInt16](repeating: Self.none, count: 128)
        var other: [UInt32: UInt16] = [:]
        var scalars: [UInt32] = []
        scalars.reserveCapacity(alphabet.radix)
        for numeral in 0..<alphabet.radix {
            let character = alphabet.string([UInt16(numeral)])
            let characterScalars = character.unicodeScalars
            guard characterScalars.count == 1, let scalar = characterScalars.first else {
                throw RuleConfigurationError("alphabet characters must each be a single Unicode scalar")
            }
            scalars.append(scalar.value)
            if scalar.value < 128 {
                ascii[Int(scalar.value)] = UInt16(numeral)
            } else {
                other[scalar.value] = UInt16(numeral)
            }
        }
        self.ascii = ascii
        self.other = other
        self.scalars = scalars
        self.isASCII = other.isEmpty
    }

    /// The numeral of `scalar`, or ``none`` when it is not in the alphabet.
    @inline(__always)
    func numeral(_ scalar: UInt32) -> UInt16 {
        scalar < 128 ? ascii[Int(scalar)] : (other[scalar] ?? Self.none)
    }

    /// The scalar value of `numeral`.
    @inline(__always)
    func scalar(_ numeral: UInt16) -> UInt32 {
        scalars[Int(numeral)]
    }
}

/// A value as Unicode scalar values, and back. ASCII strings take a byte-wise fast path.
enum ScalarBuffer {
    static func scalars(of value: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            guard byte < 0x80 else {
                result.removeAll(keepingCapacity: true)
                for scalar in value.unicodeScalars { result.append(scalar.value) }
                return result
            }
            result.append(UInt32(byte))
        }
        return result
    }

    static func string(_ scalars: [UInt32]) -> String {
        if scalars.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                for (index, scalar) in scalars.enumerated() { buffer[index] = UInt8(truncatingIfNeeded: scalar) }
                return scalars.count
            }
        }
        var view = String.UnicodeScalarView()
        for value in scalars {
            // Every value came from a valid scalar or an alphabet character, so this never drops anything.
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }
}
