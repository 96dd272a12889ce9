import VeilCore

/// What a profile says to do with one table.
public enum TableDisposition: Sendable, Hashable {
    /// `keep`: every column reviewed and copied as is.
    case keep
    /// `{ rows: none }`: the table's definition is copied, none of its rows.
    case schemaOnly
    /// `{ columns: ... }`: one rule per column, in file order.
    case columns([ColumnEntry])
}

/// One entry under `tables:`.
///
/// The key is `schema.table` or a bare `table`. A bare name means the source's default schema: `public` for
/// PostgreSQL, none (`""`) for SQLite and CSV. Names match exactly as the source spells them (no case
/// folding). A part containing a dot or a double quote is written as a quoted identifier, with the whole key
/// quoted for YAML: `'"my.schema"."orders"': keep`.
public struct TableEntry: Sendable, Hashable {
    /// The key as written.
    public var key: String
    public var disposition: TableDisposition
    /// Where the key was written.
    public var location: SourceLocation
    /// The schema named by the key, or `nil` for a bare table name.
    public var schema: String?
    /// The table named by the key.
    public var name: String

    /// Creates an entry; the key is split into schema and name (a key that does not parse is taken
    /// as a bare name, whole).
    public init(key: String, disposition: TableDisposition, location: SourceLocation) {
        self.key = key
        self.disposition = disposition
        self.location = location
        let parsed = TableKey(parsing: key)
        self.schema = parsed?.schema
        self.name = parsed?.name ?? key
    }

    /// True when this entry names `table`: `schema.table` exactly, or a bare `table` in `defaultSchema`.
    /// - Parameters:
    ///   - table: A table as the source spells it.
    ///   - defaultSchema: `public` for PostgreSQL, `""` for SQLite and CSV.
    public func matches(_ table: TableName, defaultSchema: String) -> Bool {
        table.name == name && table.schema == (schema ?? defaultSchema)
    }

    /// The columns of a `columns:` entry; empty for `keep` and `rows: none`.
    public var columns: [ColumnEntry] {
        if case .columns(let columns) = disposition { return columns }
        return []
    }

    /// The entry for column `name`, if the table lists it.
    public func column(named name: String) -> ColumnEntry? {
        columns.first { $0.name == name }
    }
}

/// A table key split into its parts: `table`, `schema.table`, with `"quoted"` parts allowed.
public struct TableKey: Sendable, Hashable {
    public var schema: String?
    public var name: String

    public init(schema: String?, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Parses a key; `nil` when it is empty, has more than two parts, an empty part or an unclosed quote.
    /// Inside a quoted part, `""` stands for one `"`.
    public init?(parsing key: String) {
        var parts: [String] = []
        var scalars = Substring(key).unicodeScalars[...]
        while true {
            var part = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                var closed = false
                while let scalar = scalars.popFirst() {
                    if scalar == "\"" {
                        if scalars.first == "\"" {
                            scalars.removeFirst()
                            part.unicodeScalars.append("\"")
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        part.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { return nil }
            } else {
                while let scalar = scalars.first, scalar != ".", scalar != "\"" {
                    part.unicodeScalars.append(scalar)
                    scalars.removeFirst()
                }
            }
            guard !part.isEmpty else { return nil }
            parts.append(part)
            guard let next = scalars.popFirst() else { break }
            guard next == "." else { return nil }
        }
        switch parts.count {
        case 1: self.init(schema: nil, name: parts[0])
        case 2: self.init(schema: parts[0], name: parts[1])
        default: return nil
        }
    }
}
