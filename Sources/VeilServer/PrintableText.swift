/// Text from the other side of a connection (a server's error message) made safe to print on a terminal.
enum PrintableText {
    /// The most characters kept; a message needs no more, and a flood of text is an attack on the reader.
    static let maximumLength = 300

    /// `text` without control characters (C0, DEL, C1: escape sequences, carriage returns, bells), format
    /// characters (bidirectional overrides, zero-width characters) and line or paragraph separators, each
    /// replaced by a space where it separated words, then cut to ``maximumLength`` characters with `…`.
    static func sanitized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isUnprintable(scalar) {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace, scalar != " ", scalars.last != " " { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        let clean = String(scalars)
        return clean.count > maximumLength ? String(clean.prefix(maximumLength)) + "…" : clean
    }

    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}
