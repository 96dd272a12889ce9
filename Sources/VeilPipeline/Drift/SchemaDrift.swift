import VeilCore

/// The differences between a reviewed schema (the lock) and the source's schema now: tables and columns added,
/// removed or retyped, NOT NULL added or dropped, a primary key changed.
///
/// Types compare after ``TypeNormalizer`` (case, whitespace, quotes, the default schema's prefix), so a dump's
/// `public.mpaa_rating` and a live database's `mpaa_rating` are the same type. Messages name
/// `schema.table.column` and types, never a value, and come sorted by table, then column, then kind.
public struct SchemaDrift: Sendable, Equatable {
    /// One difference.
    public enum Change: Sendable, Hashable {
        case addedTable(TableName, columns: Int)
        case removedTable(TableName)
        case addedColumn(ColumnName, type: String)
        case removedColumn(ColumnName, type: String)
        case retypedColumn(ColumnName, from: String, to: String)
        case notNullAdded(ColumnName)
        case notNullDropped(ColumnName)
        case primaryKeyChanged(TableName, from: [String]?, to: [String]?)

        /// The table the change is in.
        public var table: TableName {
            switch self {
            case .addedTable(let table, _), .removedTable(let table), .primaryKeyChanged(let table, _, _): table
            case .addedColumn(let column, _), .removedColumn(let column, _), .retypedColumn(let column, _, _),
                .notNullAdded(let column), .notNullDropped(let column):
                column.table
            }
        }

        /// The column the change is in, if any (nil for a whole table or its key).
        public var column: String? {
            switch self {
            case .addedTable, .removedTable, .primaryKeyChanged: nil
            case .addedColumn(let column, _), .removedColumn(let column, _), .retypedColumn(let column, _, _),
                .notNullAdded(let column), .notNullDropped(let column):
                column.column
            }
        }

        /// Orders the changes of one column or table: additions, removals, type, nullability, key.
        var rank: Int {
            switch self {
            case .addedTable, .addedColumn: 0
            case .removedTable, .removedColumn: 1
            case .retypedColumn: 2
            case .notNullAdded, .notNullDropped: 3
            case .primaryKeyChanged: 4
            }
        }

        /// One line for a person: what changed, where, and the types involved.
        public var message: String {
            switch self {
            case .addedTable(let table, let columns):
                "new table \(table) (\(columns) column\(columns == 1 ? "" : "s"))"
            case .removedTable(let table): "removed table \(table)"
            case .addedColumn(let column, let type): "new column \(column) (\(type))"
            case .removedColumn(let column, let type): "removed column \(column) (\(type))"
            case .retypedColumn(let column, let from, let to): "retyped column \(column): \(from) -> \(to)"
            case .notNullAdded(let column): "column \(column) became NOT NULL"
            case .notNullDropped(let column): "column \(column) is no longer NOT NULL"
            case .primaryKeyChanged(let table, let from, let to):
                "primary key of \(table) changed: \(Self.describe(from)) -> \(Self.describe(to))"
            }
        }

        private static func describe(_ key: [String]?) -> String {
            key.map { "(" + $0.joined(separator: ", ") + ")" } ?? "none"
        }
    }

    /// Every change, sorted by table, then column (table-level changes first), then kind.
    public let changes: [Change]

    public var isEmpty: Bool { changes.isEmpty }

    /// One line per change, in ``changes``' order.
    public var messages: [String] { changes.map(\.message) }

    /// Compares the reviewed schema `locked` with the schema `current` read from the source now.
    public init(locked: SchemaLock, current: SchemaLock) {
        let lockedTypes = TypeNormalizer(defaultSchema: locked.defaultSchema)
        let currentTypes = TypeNormalizer(defaultSchema: current.defaultSchema)
        var changes: [Change] = []
        let currentByName = Dictionary(current.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let lockedNames = Set(locked.tables.map(\.name))
        for table in current.tables where !lockedNames.contains(table.name) {
            changes.append(.addedTable(table.name, columns: table.columns.count))
        }
        for old in locked.tables {
            guard let new = currentByName[old.name] else {
                changes.append(.removedTable(old.name))
                continue
            }
            let oldColumns = Set(old.columns.map(\.name))
            for column in new.columns where !oldColumns.contains(column.name) {
                changes.append(.addedColumn(ColumnName(table: new.name, column: column.name), type: column.type))
            }
            for column in old.columns {
                let name = ColumnName(table: old.name, column: column.name)
                guard let now = new.column(named: column.name) else {
                    changes.append(.removedColumn(name, type: column.type))
                    continue
                }
                if lockedTypes.normalize(column.type) != currentTypes.normalize(now.type) {
                    changes.append(.retypedColumn(name, from: column.type, to: now.type))
                }
                if column.isNotNull != now.isNotNull {
                    changes.append(now.isNotNull ? .notNullAdded(name) : .notNullDropped(name))
                }
            }
            if old.primaryKey != new.primaryKey {
                changes.append(.primaryKeyChanged(old.name, from: old.primaryKey, to: new.primaryKey))
            }
        }
        self.changes = changes.sorted { lhs, rhs in
            if lhs.table != rhs.table { return lhs.table < rhs.table }
            if lhs.column != rhs.column { return (lhs.column ?? "") < (rhs.column ?? "") }
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            return lhs.message < rhs.message
        }
    }
}
