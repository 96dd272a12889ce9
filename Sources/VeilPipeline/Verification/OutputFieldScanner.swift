import VeilCore

/// Scans output fields against a ``SourceValueIndex``: every 8-byte window of a field is looked up in the prefix
/// filter; where it hits, the substrings starting there with a length some source value has are looked up in the
/// value filter. Returns the fingerprints of the hits (candidates, to be confirmed exactly).
struct OutputFieldScanner {
    let index: SourceValueIndex
    private let lengths: [Int]

    init(index: SourceValueIndex) {
        self.index = index
        lengths = index.lengths
    }

    /// The fingerprints of the field's substrings that may be source values; empty for almost every field.
    func hits(in field: String) -> Set<UInt64> {
        guard field.utf8.count >= SourceValueIndex.minimumLength, !lengths.isEmpty else { return [] }
        var text = field
        return text.withUTF8 { bytes in hits(in: UnsafeRawBufferPointer(bytes)) }
    }

    func hits(in bytes: UnsafeRawBufferPointer) -> Set<UInt64> {
        var found: Set<UInt64> = []
        let count = bytes.count
        guard count >= SourceValueIndex.minimumLength, let base = bytes.baseAddress else { return found }
        let hasher = index.hasher
        let prefixes = index.prefixes
        let values = index.values
        for start in 0...(count - SourceValueIndex.minimumLength) {
            // A source value starts at a character: skip UTF-8 continuation bytes.
            guard base.load(fromByteOffset: start, as: UInt8.self) & 0xC0 != 0x80,
                prefixes.mayContain(hasher.window(base.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
            else { continue }
            for length in lengths {
                guard start + length <= count else { break }
                let fingerprint = hasher.fingerprint(UnsafeRawBufferPointer(start: base + start, count: length))
                if values.mayContain(fingerprint) { found.insert(fingerprint) }
            }
        }
        return found
    }
}
