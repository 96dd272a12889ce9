import VeilCore

/// One table's side of a subset closure: the rows taken so far, by identity, with the columns the closure needs.
final class SubsetTable {
    let schema: TableSchema
    /// The columns read for each row: the identity, the columns of every foreign key the closure follows from the
    /// table, and every column another table's foreign key references.
    let tracked: [String]
    /// The columns that tell rows apart: the primary key, else the first unique key, else every tracked column
    /// (then every column) — a table without a key may take a few extra rows that look the same.
    let identity: [String]
    private let position: [String: Int]
    /// Identity key → tracked values, for every row taken.
    private(set) var rows: [String: [String?]] = [:]
    /// Rows whose children the closure follows (roots and their descendants).
    private(set) var downward: Set<String> = []
    /// Column list → value tuples already looked up, so no lookup runs twice.
    var requested: [[String]: Set<String>] = [:]

    /// - Parameters:
    ///   - foreignKeys: the keys the closure follows from the table's rows (a partition's include its partitioned
    ///     ancestors'; see ``SubsetNesting/foreignKeys(of:)``).
    ///   - referencedColumnSets: the column lists other tables' foreign keys reference in this one.
    init(schema: TableSchema, foreignKeys: [ForeignKey], referencedColumnSets: [[String]]) {
        self.schema = schema
        var identity = schema.primaryKey ?? schema.uniqueKeys.first ?? []
        var tracked = identity
        for columns in foreignKeys.map(\.columns) + referencedColumnSets {
            for column in columns where !tracked.contains(column) { tracked.append(column) }
        }
        if identity.isEmpty {
            if tracked.isEmpty { tracked = schema.columns.filter { !$0.isGenerated }.map(\.name) }
            identity = tracked
        }
        self.tracked = tracked
        self.identity = identity
        position = Dictionary(tracked.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var name: TableName { schema.name }
    var count: Int { rows.count }

    func values(_ row: [String?], _ columns: [String]) -> [String?] {
        columns.map { position[$0].flatMap { row[$0] } }
    }

    func identityKey(_ row: [String?]) -> String {
        Self.key(values(row, identity))
    }

    static func key(_ values: [String?]) -> String {
        values.map { $0.map { "\u{2}" + $0 } ?? "\u{0}" }.joined(separator: "\u{1}")
    }

    /// Takes `fetched` rows; returns the identity keys that are new, or newly downward. With a `cap`, stops adding
    /// new rows once the table holds that many.
    func take(_ fetched: [[String?]], downward isDownward: Bool, cap: Int?) -> [String] {
        var changed: [String] = []
        for row in fetched {
            let key = identityKey(row)
            if rows[key] != nil {
                if isDownward && downward.insert(key).inserted { changed.append(key) }
                continue
            }
            if let cap, rows.count >= cap { continue }
            rows[key] = row
            if isDownward { downward.insert(key) }
            changed.append(key)
        }
        return changed
    }

    func isDownward(_ key: String) -> Bool { downward.contains(key) }
}
