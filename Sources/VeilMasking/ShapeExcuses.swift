/// The pairs of shapes (a substring's, the field's) an ``OutputSpace`` excuses, as sixteen bits: the leak check asks
/// for every replaced field it searches, and a set lookup per question would cost more than the question.
public struct ShapeExcuses: Sendable, Equatable {
    private let bits: UInt16

    public init(_ space: OutputSpace) {
        var bits: UInt16 = 0
        for found in ValueShape.allCases {
            for field in ValueShape.allCases where space.excuses(found, inField: field) {
                bits |= Self.bit(found, field)
            }
        }
        self.bits = bits
    }

    /// The same answer as ``OutputSpace/excuses(_:inField:)`` for the space this table was made from.
    @inline(__always)
    public func excuses(_ found: ValueShape, inField field: ValueShape) -> Bool {
        bits & Self.bit(found, field) != 0
    }

    /// Whether every substring of `minimumLength` bytes or more of a replaced field (UTF-8 `field`, of shape
    /// `shape`) is of a shape this space excuses there, so that no source value found in it could be a leak.
    ///
    /// A substring's characters are some of the field's, so its shape is bounded by the field's: in a `digits`
    /// field it is `digits`, or `mixed` when it holds separators only (possible where the field has a run of
    /// `minimumLength` bytes without a digit); likewise `words` or separators-only `mixed` in a `words` field. In a
    /// `mixed` field it is `mixed`; `email` only where the field has an `@`; `digits` only where it has a run of
    /// `minimumLength` bytes without a letter, `words` only where it has one without a digit.
    public func excusesEveryWindow(of field: UnsafeRawBufferPointer, shape: ValueShape, minimumLength: Int) -> Bool {
        let excused = { (found: ValueShape) in self.excuses(found, inField: shape) }
        switch shape {
        case .email:
            return excused(.email) && excused(.digits) && excused(.words) && excused(.mixed)
        case .mixed:
            return excused(.mixed) && (excused(.email) || !field.contains(0x40))
                && (excused(.digits) || !Self.hasRun(in: field, of: minimumLength, where: Self.isNotLetter))
                && (excused(.words) || !Self.hasRun(in: field, of: minimumLength, where: Self.isNotDigit))
        case .digits:
            return excused(.digits)
                && (excused(.mixed) || !Self.hasRun(in: field, of: minimumLength, where: Self.isNotDigit))
        case .words:
            return excused(.words)
                && (excused(.mixed) || !Self.hasRun(in: field, of: minimumLength, where: Self.isNotLetter))
        }
    }

    /// Not a digit: a `words` substring is made of such bytes only.
    private static func isNotDigit(_ byte: UInt8) -> Bool { byte &- 0x30 >= 10 }

    /// Not a letter (ASCII or any byte of a non-ASCII character, as ``ValueShape`` counts them): a `digits`
    /// substring is made of such bytes only.
    private static func isNotLetter(_ byte: UInt8) -> Bool { !(byte >= 0x80 || (byte | 0x20) &- 0x61 < 26) }

    /// Whether `field` has `length` consecutive bytes for which `test` holds.
    private static func hasRun(in field: UnsafeRawBufferPointer, of length: Int, where test: (UInt8) -> Bool) -> Bool {
        var run = 0
        for byte in field {
            run = test(byte) ? run + 1 : 0
            if run >= length { return true }
        }
        return false
    }
}

extension ShapeExcuses {
    @inline(__always)
    private static func bit(_ found: ValueShape, _ field: ValueShape) -> UInt16 {
        1 << (found.number &* 4 &+ field.number)
    }
}

extension ValueShape {
    /// 0 to 3, for tables indexed by shape.
    fileprivate var number: Int {
        switch self {
        case .email: 0
        case .digits: 1
        case .words: 2
        case .mixed: 3
        }
    }
}
