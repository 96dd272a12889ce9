/// The comment pg_dump writes above each object of a plain dump:
///
///     --
///     -- Name: docs; Type: TABLE; Schema: public; Owner: postgres
///     --
///
/// (or `-- Data for Name: ...` for table data, with `-- TOC entry ...` lines in verbose dumps). The reader
/// uses its type to drop whole entries: large objects unless kept, and comments when dropped.
struct TocHeader: Equatable {
    var name: String
    var type: String

    /// The header a comment line carries, if it is a `-- Name: ...; Type: ...;` line.
    static func parse(line: UnsafeBufferPointer<UInt8>) -> TocHeader? {
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0A || line[end - 1] == 0x0D) { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: line[0..<end])
        var start: Int
        if bytes.starts(with: "-- Name: ".utf8) {
            start = 9
        } else if bytes.starts(with: "-- Data for Name: ".utf8) {
            start = 18
        } else {
            return nil
        }
        // The name may itself hold "; ", so read the fixed fields from the right.
        guard let schema = lastIndex(of: Array("; Schema: ".utf8), in: bytes, before: bytes.count),
            let type = lastIndex(of: Array("; Type: ".utf8), in: bytes, before: schema), type >= start
        else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<type]), as: UTF8.self)
        start = type + 8
        return TocHeader(
            name: name, type: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<schema]), as: UTF8.self))
    }

    /// The start of the last occurrence of `needle` that ends at or before `limit`.
    private static func lastIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, before limit: Int) -> Int? {
        var candidate = limit - needle.count
        while candidate >= 0 {
            if bytes[candidate] == needle[0] && bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
                return candidate
            }
            candidate -= 1
        }
        return nil
    }

    /// An entry that belongs to a large object: its data, its metadata, or a comment, ACL or security label
    /// on one (named `LARGE OBJECT <oid>`).
    var isLargeObject: Bool {
        Self.largeObjectTypes.contains(type) || name.hasPrefix("LARGE OBJECT ")
    }

    /// A `COMMENT ON` entry.
    var isComment: Bool { type == "COMMENT" }

    private static let largeObjectTypes: Set<String> = [
        "BLOB", "BLOBS", "BLOB DATA", "BLOB METADATA", "LARGE OBJECT", "LARGE OBJECTS",
    ]
}
