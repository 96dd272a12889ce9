/// One column of a table as the source declares it.
public struct Column: Hashable, Sendable {
    public var name: String
    /// The declared type as written by the source (`character varying(50)`, `integer`, `text`...).
    public var type: String
    public var isNotNull: Bool
    /// A generated (computed) column: its value is derived, never written.
    public var isGenerated: Bool
    /// A PostgreSQL generated column's expression, as `pg_get_expr` (and so pg_dump) writes it; `nil` otherwise
    /// (and for a SQLite source, whose own DDL carries it).
    public var generationExpression: String?
    /// The CHECK constraints that involve this column alone, as the source declares them.
    public var checks: [ColumnCheck]

    public init(
        name: String, type: String, isNotNull: Bool = false, isGenerated: Bool = false, checks: [ColumnCheck] = [],
        generationExpression: String? = nil
    ) {
        self.name = name
        self.type = type
        self.isNotNull = isNotNull
        self.isGenerated = isGenerated
        self.checks = checks
        self.generationExpression = generationExpression
    }
}

/// A foreign key: `columns` of the owning table reference `referencedColumns` of `referencedTable`.
public struct ForeignKey: Hashable, Sendable {
    public var name: String
    public var columns: [String]
    public var referencedTable: TableName
    public var referencedColumns: [String]

    public init(name: String, columns: [String], referencedTable: TableName, referencedColumns: [String]) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
    }
}

/// A table: its columns, keys and, for a partition or inheritance child, its parent.
public struct TableSchema: Hashable, Sendable {
    public var name: TableName
    public var columns: [Column]
    public var primaryKey: [String]?
    public var uniqueKeys: [[String]]
    public var foreignKeys: [ForeignKey]
    /// The partitioned (or inheritance) parent this table belongs to, if any.
    public var parent: TableName?
    /// Unique indexes that are partial or over expressions (plain ones are in `uniqueKeys`).
    public var limitedUniqueIndexes: [LimitedUniqueIndex]
    /// A partitioned table's partition key columns (`PARTITION BY RANGE (a, b)`), as far as they are plain columns.
    public var partitionKey: [String] = []

    public init(
        name: TableName, columns: [Column], primaryKey: [String]? = nil, uniqueKeys: [[String]] = [],
        foreignKeys: [ForeignKey] = [], parent: TableName? = nil, limitedUniqueIndexes: [LimitedUniqueIndex] = []
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueKeys = uniqueKeys
        self.foreignKeys = foreignKeys
        self.parent = parent
        self.limitedUniqueIndexes = limitedUniqueIndexes
    }

    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// True when `column` alone is a primary or unique key.
    public func isUnique(_ column: String) -> Bool {
        primaryKey == [column] || uniqueKeys.contains([column])
    }

    /// True when no two rows may hold the same value of `column`, as far as Veil can tell: it alone is a key, or
    /// a unique index reads it alone — partial (the rows the predicate admits must be distinct, and Veil cannot
    /// tell which rows those are, so it keeps every value distinct) or over an expression of it (`lower(email)`
    /// distinct implies `email` distinct).
    public func mustStayDistinct(_ column: String) -> Bool {
        isUnique(column) || limitedUniqueIndexes.contains { $0.columns == [column] }
    }

    /// The unique expression indexes (and partial ones over several columns) that read `column`: Veil cannot
    /// check masked values against them, so `veil check` names them.
    public func uncheckedUniqueIndexes(reading column: String) -> [LimitedUniqueIndex] {
        limitedUniqueIndexes.filter { $0.columns.contains(column) && ($0.hasExpressions || $0.columns.count > 1) }
    }
}

/// Every table a source knows about, in source order.
public struct DatabaseSchema: Hashable, Sendable {
    public private(set) var tables: [TableSchema]
    private var indexByName: [TableName: Int]
    /// The enum, composite, range and domain types the source defines.
    public var types: [UserType] = []

    public init(tables: [TableSchema] = []) {
        self.tables = []
        self.indexByName = [:]
        for table in tables { upsert(table) }
    }

    public subscript(name: TableName) -> TableSchema? {
        indexByName[name].map { tables[$0] }
    }

    /// Adds `table`, or replaces the table of the same name.
    public mutating func upsert(_ table: TableSchema) {
        if let index = indexByName[table.name] {
            tables[index] = table
        } else {
            indexByName[table.name] = tables.count
            tables.append(table)
        }
    }

    /// Applies `change` to the named table if it exists.
    public mutating func modify(_ name: TableName, _ change: (inout TableSchema) -> Void) {
        guard let index = indexByName[name] else { return }
        change(&tables[index])
    }
}

extension DatabaseSchema {
    /// A table's own foreign keys and those of its parents (a partition or inheritance child inherits its
    /// parent's), nearest first.
    public func foreignKeys(inheritedBy table: TableSchema) -> [ForeignKey] {
        var keys = table.foreignKeys
        var current = table
        var seen: Set<TableName> = [table.name]
        while let parentName = current.parent, let parent = self[parentName], seen.insert(parentName).inserted {
            keys += parent.foreignKeys
            current = parent
        }
        return keys
    }
}
