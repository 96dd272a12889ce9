/// How a field is compared between a source (or its recomputed mask) and an output that may store it differently.
///
/// A plain dump and a CSV folder hold the text rows travel in, so fields compare exactly. A SQLite file keeps a
/// number by its column's affinity (`4.00` in a NUMERIC column comes back as `4`, `1e3` as `1000`) and a boolean as
/// `1`/`0`: in such a column both sides compare by their numeric value (``canonical(_:)``). Two texts the output
/// cannot tell apart (`4.00` and `4`) count as equal; a planted value of another number never does.
enum ComparedForm: Sendable, Equatable {
    case exact
    /// A SQLite column of INTEGER, REAL or NUMERIC affinity.
    case number
    /// A boolean source column in a SQLite column of numeric affinity (the writer binds `t`/`f` as 1/0).
    case boolean

    /// The form of a column declared `outputType` in a SQLite output, from a source column declared `sourceType`.
    init(sqliteType outputType: String, sourceType: String) {
        let declared = outputType.uppercased()
        // SQLite's affinity rules, in their order: INT, then CHAR/CLOB/TEXT, then BLOB or none, else numeric.
        let textual =
            !declared.contains("INT")
            && (declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT")
                || declared.contains("BLOB") || declared.isEmpty)
        guard !textual else {
            self = .exact
            return
        }
        let source = sourceType.lowercased()
        self = source == "boolean" || source == "bool" || source == "pg_catalog.bool" ? .boolean : .number
    }

    /// The text compared for `field`: the field itself, or for a number its value's shortest spelling.
    func canonical(_ field: String) -> String {
        switch self {
        case .exact:
            return field
        case .boolean:
            switch field.lowercased() {
            case "t", "true", "y", "yes", "on", "1": return "1"
            case "f", "false", "n", "no", "off", "0": return "0"
            default: return ComparedForm.number.canonical(field)
            }
        case .number:
            guard let value = Double(field) else { return field }
            return value == 0 ? "0" : value.description
        }
    }
}
