import VeilConnectors
import VeilCore

/// The SQL the subsetting speaks to its source, per dialect.
///
/// Row values travel between queries as SQL literals: PostgreSQL's text form quoted as a string literal (the
/// server casts it back to the column's type), SQLite's own `quote(column)` (exact, type included). Membership in
/// a selection is an `IN` list evaluated by the source inside the reader's snapshot, so no temporary table is
/// needed (a live PostgreSQL source is read in a `READ ONLY` transaction, where even `CREATE TEMP TABLE` is
/// refused, and by several sessions).
struct SubsetSQL {
    let dialect: SubsetDialect

    func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func table(_ name: TableName) -> String {
        switch dialect {
        case .postgres: identifier(name.schema) + "." + identifier(name.name)
        case .sqlite: identifier(name.name)
        }
    }

    /// How a column is selected so that its value comes back as ``literal(_:)`` expects it. SQLite's `quote()`
    /// spells ±inf `Inf` and `-Inf` (a column name, read back as SQL): those come back as `1e999` and `-1e999`.
    func selected(_ column: String) -> String {
        switch dialect {
        case .postgres: return identifier(column)
        case .sqlite:
            let name = identifier(column)
            return "CASE WHEN typeof(\(name)) = 'real' AND abs(\(name)) > 1.7976931348623157e308 "
                + "THEN CASE WHEN \(name) > 0 THEN '1e999' ELSE '-1e999' END ELSE quote(\(name)) END"
        }
    }

    /// A value as `subsetQuery` returned it for ``selected(_:)``; SQLite's `quote()` spells NULL `NULL`.
    func value(_ raw: String?) -> String? {
        guard let raw else { return nil }
        if dialect == .sqlite && raw == "NULL" { return nil }
        return raw
    }

    /// A value ready to write into SQL.
    func literal(_ value: String) -> String {
        switch dialect {
        case .postgres: "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .sqlite: value
        }
    }

    /// PostgreSQL only: the columns selected first from a table with partitions or inheritance children, naming the
    /// table a row lives in (`tableoid`) and the row there (`ctid`, stable inside the snapshot).
    var rowOrigin: String { "tableoid::text, ctid::text" }

    var falseCondition: String { dialect == .postgres ? "FALSE" : "0" }

    /// True for rows whose `columns` hold one of `tuples` (values as ``value(_:)`` gives them, none NULL).
    func membership(_ columns: [String], in tuples: [[String]]) -> String {
        guard !tuples.isEmpty else { return falseCondition }
        if columns.count == 1 {
            return identifier(columns[0]) + " IN (" + tuples.map { literal($0[0]) }.joined(separator: ", ") + ")"
        }
        let rows = tuples.map { "(" + $0.map(literal).joined(separator: ", ") + ")" }.joined(separator: ", ")
        switch dialect {
        case .postgres:
            // Compared as text: a VALUES list of untyped literals resolves to text.
            let left = columns.map { identifier($0) + "::text" }.joined(separator: ", ")
            return "(\(left)) IN (VALUES \(rows))"
        case .sqlite:
            return "(" + columns.map(identifier).joined(separator: ", ") + ") IN (VALUES \(rows))"
        }
    }

    /// SQLite only: true for rows whose `columns` hold one of `tuples`, NULL matching NULL. Each column is compared
    /// in its ``selected(_:)`` form (`quote()`'s text, exact and with its type: `NULL` for NULL, `'NULL'` for
    /// the text), so a row of a table without a key that holds a NULL is found again.
    func nullSafeMembership(_ columns: [String], in tuples: [[String?]]) -> String {
        guard !tuples.isEmpty else { return falseCondition }
        func text(_ value: String?) -> String {
            "'" + (value ?? "NULL").replacingOccurrences(of: "'", with: "''") + "'"
        }
        if columns.count == 1 {
            return selected(columns[0]) + " IN (" + tuples.map { text($0[0]) }.joined(separator: ", ") + ")"
        }
        let rows = tuples.map { "(" + $0.map(text).joined(separator: ", ") + ")" }.joined(separator: ", ")
        return "(" + columns.map { "(" + selected($0) + ")" }.joined(separator: ", ") + ") IN (VALUES \(rows))"
    }

    /// PostgreSQL (SQLite: ``nullSafeMembership(_:in:)``): true for rows whose `columns` hold one of `tuples`, NULL
    /// matching NULL: a table without a key is told apart
    /// by all its columns, and a row with a NULL in one of them is one of its rows too. Tuples without a NULL go
    /// into one ``membership(_:in:)`` list; the others, grouped by which columns are NULL, into one list each over
    /// their other columns, `AND` those columns `IS NULL`.
    func identityMembership(_ columns: [String], in tuples: [[String?]]) -> String {
        var groups: [[Int]: [[String]]] = [:]
        for tuple in tuples {
            let nulls = tuple.indices.filter { tuple[$0] == nil }
            groups[nulls, default: []].append(tuple.compactMap { $0 })
        }
        guard groups.keys.contains(where: { !$0.isEmpty }) else { return membership(columns, in: groups[[]] ?? []) }
        let alternatives = groups.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { nulls, values in
            let present = columns.indices.filter { !nulls.contains($0) }.map { columns[$0] }
            let absent = nulls.map { identifier(columns[$0]) + " IS NULL" }
            return "("
                + ((present.isEmpty ? [] : [membership(present, in: values)]) + absent)
                .joined(separator: " AND ") + ")"
        }
        return "(" + alternatives.joined(separator: " OR ") + ")"
    }

    /// PostgreSQL only: about `percent` % of rows, chosen by a hash of the identity columns — the same rows every
    /// time (`hashtext` is stable for a given server version).
    func percentCondition(identity: [String], percent: Double) -> String {
        let text = identity.map { identifier($0) + "::text" }.joined(separator: ", ")
        return "(hashtext(concat_ws('|', \(text)))::bigint & 2147483647) % 10000 < \(Self.basisPoints(percent))"
    }

    static func basisPoints(_ percent: Double) -> Int { Int((percent * 100).rounded()) }

    /// The share a SQLite source's rows are picked by: FNV-1a of the identity key, in basis points.
    static func hashBucket(_ key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % 10000)
    }
}
