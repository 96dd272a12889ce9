/// Makes two spellings of the same declared type compare equal.
///
/// A pg_dump writes `public.mpaa_rating` where a live database's `format_type` writes `mpaa_rating` (the default
/// schema is on its search path); identifiers may be quoted; case and spacing vary (`Character Varying (50)`).
/// The normal form is lower case, without double quotes, without whitespace next to punctuation, with runs of
/// whitespace collapsed to one space, and without a leading `DEFAULT_SCHEMA.` or `pg_catalog.` qualifier.
struct TypeNormalizer {
    let defaultSchema: String

    func normalize(_ type: String) -> String {
        var text = type.lowercased().replacingOccurrences(of: "\"", with: "")
        text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for punctuation in ["(", ")", ",", "[", "]", "."] {
            text = text.replacingOccurrences(of: " " + punctuation, with: punctuation)
            text = text.replacingOccurrences(of: punctuation + " ", with: punctuation)
        }
        for schema in [defaultSchema.lowercased(), "pg_catalog"] where !schema.isEmpty {
            let prefix = schema + "."
            if text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        }
        return text
    }
}
