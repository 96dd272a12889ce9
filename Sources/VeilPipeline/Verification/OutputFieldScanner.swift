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
        let hasher = index.hasher
        var start = 0
        while start + SourceValueIndex.minimumLength <= count {
            // A source value starts at a character: skip UTF-8 continuation bytes.
            if bytes[start] & 0xC0 != 0x80,
                index.prefixes.mayContain(hasher.window(bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
            {
                for length in lengths {
                    guard start + length <= count else { break }
                    let fingerprint = hasher.fingerprint(UnsafeRawBufferPointer(rebasing: bytes[start..<start + length]))
                    if index.values.mayContain(fingerprint) { found.insert(fingerprint) }
                }
            }
            start += 1
        }
        return found
    }
}
