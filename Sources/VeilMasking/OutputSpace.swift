/// The coarse format space of a value, as the leak check sees it (DESIGN "Leak, defined": a replaced value that
/// equals or contains another row's original *of the same format space* is a coincidence, not a leak; an original
/// of another format space in a field is a leak whatever the field's rule).
///
/// Four spaces, told apart by characters only, so that the check can classify any substring it finds:
/// - ``email``: one `@` with text on both sides, no spaces;
/// - ``digits``: digits with separators only (spaces, `.`, `-`, `/`, `:`, `+`, parentheses) — phone numbers, SSNs,
///   card numbers, IPv4 addresses, dates and amounts;
/// - ``words``: letters of any script with spaces, apostrophes, hyphens and dots, no digit — names, cities,
///   usernames like `samuel.hayes`;
/// - ``mixed``: everything else (letters and digits together: street addresses, IBANs, UUIDs, codes).
public enum ValueShape: Sendable, Hashable, CaseIterable {
    case email
    case digits
    case words
    case mixed

    /// The shape of UTF-8 `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> ValueShape {
        var digits = 0
        var letters = 0
        var other = false
        var spaces = false
        var ats = 0
        var at = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A, 0x61...0x7A, 0x80...0xFF: letters += 1
            case 0x40:
                ats += 1
                at = index
            case 0x20: spaces = true
            case 0x2E, 0x2D, 0x2F, 0x3A, 0x2B, 0x28, 0x29, 0x27: break
            default: other = true
            }
        }
        if ats == 1 && at > 0 && at < bytes.count - 1 && !spaces { return .email }
        if ats > 0 { return .mixed }
        if digits > 0 && letters == 0 && !other { return .digits }
        if digits == 0 && letters > 0 && !other { return .words }
        return .mixed
    }

    /// The shape of `text`.
    public static func of(_ text: String) -> ValueShape {
        var text = text
        return text.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }
}

/// The format space a rule's outputs live in, for the leak check's cross-row test (see ``ValueShape``): a source
/// value found inside (or equal to) a field this rule replaced is a coincidence when its shape is one this rule
/// produces there, and a leak otherwise — a real email in a `fake.last_name` field, say.
public enum OutputSpace: Sendable, Hashable {
    /// Format-preserving: the output has its input's shape (`fpe`, `tokenize`, `fake.phone`...), so a source value
    /// of the field's own shape is a coincidence, and so is a run of digits or letters inside a field of mixed
    /// letters and digits (an alphanumeric code enciphered at random holds such runs by chance).
    case inputShape
    /// The output is drawn from these shapes whatever the input (word lists, synthetic compositions).
    case shapes(Set<ValueShape>)

    /// Whether a source value of shape `found`, inside a field of shape `field` this rule replaced, is a
    /// coincidence of one format space.
    public func excuses(_ found: ValueShape, inField field: ValueShape) -> Bool {
        switch self {
        case .inputShape: found == field || (field == .mixed && found != .email)
        case .shapes(let shapes): shapes.contains(found)
        }
    }

    /// Vocabulary: words from a list (names, cities, job titles, lorem text).
    public static let words = OutputSpace.shapes([.words])
    /// Numbers, dates and times.
    public static let digits = OutputSpace.shapes([.digits])
}
