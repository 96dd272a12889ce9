/// The checks a COPY text line passes before it is kept as bytes in a ``CopyTextRows``: it has as many fields as
/// the table data has columns, and its values are UTF-8 once their escapes are resolved. Both COPY text sources
/// (a dump and a live server) run it, so a line that passes decodes without an error wherever it is read later.
///
/// No `String` is built: a line with escapes is unescaped into a reused buffer, which is then checked as bytes.
struct CopyLineCheck {
    enum Problem: Error, Equatable {
        /// The line has this many fields, not the table data's column count.
        case width(Int)
        /// A value is not UTF-8 (its escapes, or its own bytes where those are not known to be UTF-8).
        case invalidUTF8
    }

    /// Whether the caller already knows the line's own bytes to be UTF-8 (a dump's pre-scan checks every line);
    /// otherwise a line with bytes past ASCII is checked here.
    let rawBytesAreChecked: Bool
    private var unescaped: [UInt8] = []

    init(rawBytesAreChecked: Bool) {
        self.rawBytesAreChecked = rawBytesAreChecked
    }

    /// Checks one line, given without its newline.
    mutating func check(_ line: UnsafePointer<UInt8>, count: Int, width: Int) throws(Problem) {
        // A table data without columns has empty lines: no field at all, not one empty field.
        if width == 0 && count == 0 { return }
        let scan = CopyText.scanLine(line, count: count)
        guard scan.fields == width else { throw .width(scan.fields) }
        if scan.hasEscape {
            // Tabs are ASCII, so the unescaped line is UTF-8 exactly when each unescaped value is.
            CopyText.unescape(UnsafeBufferPointer(start: line, count: count), into: &unescaped)
            let valid = unescaped.withUnsafeBufferPointer { bytes in
                bytes.baseAddress.map { UTF8Check.isValid($0, count: bytes.count) } ?? true
            }
            guard valid else { throw .invalidUTF8 }
        } else if !scan.isASCII && !rawBytesAreChecked {
            guard UTF8Check.isValid(line, count: count) else { throw .invalidUTF8 }
        }
    }
}
