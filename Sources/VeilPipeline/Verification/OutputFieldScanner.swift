import VeilCore

/// Scans output fields against a ``SourceValueIndex``: every 8-byte window of a field whose first two bytes some
/// source value starts with is looked up in the prefix filter; where it hits, the substrings starting there with a length some source value has are looked up in the
/// value filter. Returns the fingerprints of the hits (candidates, to be confirmed exactly).
struct OutputFieldScanner {
    let index: SourceValueIndex
    private let lengths: [Int]

    init(index: SourceValueIndex) {
        self.index = index
        lengths = index.lengths
    }

    /// The fingerprints of the field's substrings that may be source values; empty for almost every field.
    /// - Parameter strictlyInside: leave out the whole field (a `secret` rule's replaced value, see ``LeakScope``:
    ///   equal to another row's original is a coincidence of one format space, not a leak).
    func hits(in field: String, strictlyInside: Bool = false) -> Set<UInt64> {
        guard field.utf8.count >= SourceValueIndex.minimumLength, !lengths.isEmpty else { return [] }
        var text = field
        return text.withUTF8 { bytes in hits(in: UnsafeRawBufferPointer(bytes), strictlyInside: strictlyInside) }
    }

    func hits(in bytes: UnsafeRawBufferPointer, strictlyInside: Bool = false) -> Set<UInt64> {
        var found: Set<UInt64> = []
        let count = bytes.count
        guard count >= SourceValueIndex.minimumLength, let base = bytes.baseAddress else { return found }
        let hasher = index.hasher
        let prefixes = index.prefixes
        let values = index.values
        for start in 0...(count - SourceValueIndex.minimumLength) {
            // A source value starts at a character (skip UTF-8 continuation bytes) and with a pair of bytes some
            // value starts with (an exact test in the L1 cache, before the window is hashed and looked up).
            let first = base.load(fromByteOffset: start, as: UInt8.self)
            guard first & 0xC0 != 0x80,
                index.mayStart(with: Int(first) | Int(base.load(fromByteOffset: start + 1, as: UInt8.self)) << 8),
                prefixes.mayContain(hasher.window(base.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
            else { continue }
            for length in lengths {
                guard start + length <= count else { break }
                if strictlyInside && length == count { break }
                let fingerprint = hasher.fingerprint(UnsafeRawBufferPointer(start: base + start, count: length))
                if values.mayContain(fingerprint) { found.insert(fingerprint) }
            }
        }
        return found
    }
}
