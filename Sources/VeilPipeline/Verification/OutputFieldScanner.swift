import VeilCore
import VeilMasking

/// Scans output fields against a ``SourceValueIndex``: every 8-byte window of a field whose first two bytes some
/// source value starts with is looked up in the prefix filter; where it hits, the substrings starting there with a
/// length some source value has are looked up in the value filter. Returns the hits (candidates, to be confirmed
/// exactly), after two exact tests on each hit's bytes (DESIGN "Leak, defined"):
/// - **token boundaries**: a substring that starts (ends) with a digit counts only where the field has no digit
///   just before (after) it, so a masked `210.1.37.99` does not contain `10.1.37.9`;
/// - **format spaces**: in a field a rule replaced, a substring of a shape the rule produces there is a
///   coincidence (``OutputSpace``), not a leak: another customer's phone number inside a masked phone number. A
///   replaced field none of whose substrings can be of another shape (a masked card number, a fake street
///   address) is therefore not looked up at all (``ShapeExcuses/excusesEveryWindow(of:shape:minimumLength:)``).
package struct OutputFieldScanner {
    let index: SourceValueIndex
    private let lengths: [Int]

    /// A substring of a field that may be a source value.
    package struct Hit: Hashable, Sendable {
        let fingerprint: UInt64
        /// Byte offset and length in the field's UTF-8.
        let start: Int
        let length: Int
    }

    package init(index: SourceValueIndex) {
        self.index = index
        lengths = index.lengths
    }

    /// The field's substrings that may be source values; empty for almost every field.
    /// - Parameter space: the format space of the rule that replaced the field; nil for text passed through (a kept
    ///   column), where every occurrence counts.
    package func hits(in field: String, space: OutputSpace? = nil) -> [Hit] {
        hits(in: field, excusing: space.map(ShapeExcuses.init))
    }

    /// The same, with the space's excuses tabled once for a whole column (``ShapeExcuses``).
    package func hits(in field: String, excusing excuses: ShapeExcuses?) -> [Hit] {
        guard field.utf8.count >= SourceValueIndex.minimumLength, !lengths.isEmpty else { return [] }
        var text = field
        return text.withUTF8 { bytes in hits(in: UnsafeRawBufferPointer(bytes), excusing: excuses) }
    }

    func hits(in bytes: UnsafeRawBufferPointer, excusing excuses: ShapeExcuses? = nil) -> [Hit] {
        var found: [Hit] = []
        let count = bytes.count
        guard count >= SourceValueIndex.minimumLength, let base = bytes.baseAddress else { return found }
        var fieldShape: ValueShape?
        if let excuses {
            // A replaced field whose every possible substring is of a shape its rule excuses holds no leak: no
            // lookup (each a cache miss in a filter of tens of megabytes) is needed to know it.
            let shape = ValueShape.of(bytes)
            guard !excuses.excusesEveryWindow(of: bytes, shape: shape, minimumLength: SourceValueIndex.minimumLength)
            else { return found }
            fieldShape = shape
        }
        let hasher = index.hasher
        let prefixes = index.prefixes
        let values = index.values
        for start in 0...(count - SourceValueIndex.minimumLength) {
            // A source value starts at a character (skip UTF-8 continuation bytes), not inside a run of digits (the
            // token boundary, tested first: most bytes of numbers stop here), and with a pair of bytes some value
            // starts with (an exact test in the L1 cache, before the window is hashed and looked up).
            let first = base.load(fromByteOffset: start, as: UInt8.self)
            guard first & 0xC0 != 0x80,
                !(Self.isDigit(first) && start > 0
                    && Self.isDigit(base.load(fromByteOffset: start - 1, as: UInt8.self))),
                index.mayStart(with: Int(first) | Int(base.load(fromByteOffset: start + 1, as: UInt8.self)) << 8),
                prefixes.mayContain(hasher.window(base.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
            else { continue }
            for length in lengths {
                guard start + length <= count else { break }
                let end = start + length
                let last = base.load(fromByteOffset: end - 1, as: UInt8.self)
                if Self.isDigit(last) && end < count && Self.isDigit(base.load(fromByteOffset: end, as: UInt8.self)) {
                    continue
                }
                let window = UnsafeRawBufferPointer(start: base + start, count: length)
                let fingerprint = hasher.fingerprint(window)
                guard values.mayContain(fingerprint) else { continue }
                if let excuses, let fieldShape, excuses.excuses(ValueShape.of(window), inField: fieldShape) { continue }
                found.append(Hit(fingerprint: fingerprint, start: start, length: length))
            }
        }
        return found
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
}
