import VeilConnectors
import VeilCore
import VeilProfile

/// Computes which rows of every table a snapshot takes, so that every foreign key of the snapshot holds.
///
/// 1. **Roots**: each `subset:` table's rows that match its `where`, its `percent` (a hash of the identity columns:
///    the same rows every time) and its `limit` (first rows in identity order).
/// 2. **Closure to a fixed point**: every row taken brings the rows its foreign keys reference (always); with
///    `include_children`, a root — or a row taken as a child — brings the rows that reference it. A row taken only
///    as somebody's parent does not bring its children (else a lookup table would pull in the whole database).
///    The set of rows only grows, so reference cycles end.
/// 3. **Caps** (`max_rows_per_table`): children beyond a table's cap are left out. A parent that a NOT NULL
///    foreign key needs always comes; a nullable foreign key whose parent table is full is written as NULL
///    instead of pulling more rows (how cycles through nullable keys are cut short).
/// 4. Tables the closure never reaches are copied empty (schema only).
///
/// Every query runs through the source's ``SubsetQueryableSource/subsetQuery(_:)``, inside the snapshot its rows
/// are later read from; the result is one ``RowFilter`` per table (an `IN` list of identities).
struct SubsetClosure {
    /// The rows taken: one filter per table, and how many rows each table contributes.
    struct Result {
        var filters: [TableName: RowFilter]
        var rowCounts: [TableName: Int]
    }

    private struct Lookup: Hashable {
        var table: TableName
        var columns: [String]
        var downward: Bool
    }

    let schema: DatabaseSchema
    let source: any SubsetQueryableSource
    let roots: [TableName: SubsetSelection]
    let options: SubsetOptions
    /// Value tuples per lookup query.
    var chunkSize = 5000

    func compute() throws -> Result {
        let sql = SubsetSQL(dialect: source.subsetDialect)
        let tables = makeTables()
        var referencing: [TableName: [(TableName, ForeignKey)]] = [:]
        for table in schema.tables {
            for key in table.foreignKeys {
                guard let parent = resolve(key.referencedTable, in: tables) else { continue }
                referencing[parent, default: []].append((table.name, key))
            }
        }
        var frontier: [(TableName, String)] = []
        for (name, selection) in roots.sorted(by: { $0.key < $1.key }) {
            guard let table = tables[name] else { continue }
            let rows = try rootRows(table, selection, sql)
            frontier += table.take(rows, downward: true, cap: nil).map { (name, $0) }
        }
        var nulled: Set<[String]> = []
        while !frontier.isEmpty {
            var lookups: [Lookup: [String: [String]]] = [:]
            for (name, key) in frontier {
                guard let table = tables[name], let row = table.rows[key] else { continue }
                for foreignKey in table.schema.foreignKeys {
                    guard let parentName = resolve(foreignKey.referencedTable, in: tables),
                        let parent = tables[parentName]
                    else { continue }
                    let referenced = referencedColumns(foreignKey, parent: parent)
                    guard let tuple = complete(table.values(row, foreignKey.columns)) else { continue }
                    let nullable = foreignKey.columns.allSatisfy { table.schema.column(named: $0)?.isNotNull == false }
                    if nullable, let cap = options.maxRowsPerTable, parent.count >= cap {
                        nulled.insert([name.description, foreignKey.name])
                        continue
                    }
                    // A parent already taken needs no lookup: taking it again as a parent changes nothing.
                    let parentKey = SubsetTable.key(tuple)
                    if referenced == parent.identity, parent.rows[parentKey] != nil { continue }
                    lookups[Lookup(table: parentName, columns: referenced, downward: false), default: [:]][parentKey] =
                        tuple
                }
                guard options.includeChildren, table.isDownward(key) else { continue }
                for (childName, foreignKey) in referencing[name] ?? [] {
                    let referenced = referencedColumns(foreignKey, parent: table)
                    guard let tuple = complete(table.values(row, referenced)) else { continue }
                    lookups[Lookup(table: childName, columns: foreignKey.columns, downward: true), default: [:]][
                        SubsetTable.key(tuple)] = tuple
                }
            }
            frontier = []
            for (lookup, tuples) in lookups.sorted(by: { "\($0.key)" < "\($1.key)" }) {
                guard let table = tables[lookup.table] else { continue }
                // Looked up as parents and as children separately: a parent row found again as a child must
                // still become downward.
                let seenKey = lookup.columns + [lookup.downward ? "children" : "parents"]
                var fresh: [[String]] = []
                for (key, tuple) in tuples where table.requested[seenKey, default: []].insert(key).inserted {
                    fresh.append(tuple)
                }
                for start in stride(from: 0, to: fresh.count, by: chunkSize) {
                    let chunk = Array(fresh[start..<min(start + chunkSize, fresh.count)])
                    let rows = try fetch(table, where: sql.membership(lookup.columns, in: chunk), sql)
                    let cap = lookup.downward ? options.maxRowsPerTable : nil
                    frontier += table.take(rows, downward: lookup.downward, cap: cap).map { (lookup.table, $0) }
                }
            }
        }
        return result(tables, nulled: nulled, sql)
    }

    // MARK: Steps

    private func makeTables() -> [TableName: SubsetTable] {
        var referencedSets: [TableName: [[String]]] = [:]
        for table in schema.tables {
            for key in table.foreignKeys {
                guard let parent = schema[key.referencedTable] ?? caseInsensitive(key.referencedTable) else {
                    continue
                }
                referencedSets[parent.name, default: []].append(
                    key.referencedColumns.isEmpty ? (parent.primaryKey ?? []) : key.referencedColumns)
            }
        }
        var tables: [TableName: SubsetTable] = [:]
        for table in schema.tables {
            tables[table.name] = SubsetTable(schema: table, referencedColumnSets: referencedSets[table.name] ?? [])
        }
        return tables
    }

    private func rootRows(_ table: SubsetTable, _ selection: SubsetSelection, _ sql: SubsetSQL) throws
        -> [[String?]]
    {
        var conditions = selection.condition.map { ["(\($0))"] } ?? []
        if let percent = selection.percent, sql.dialect == .postgres {
            conditions.append(sql.percentCondition(identity: table.identity, percent: percent))
        }
        let limitInSQL = sql.dialect == .postgres || selection.percent == nil
        var query = "SELECT " + table.tracked.map(sql.selected).joined(separator: ", ") + " FROM "
            + sql.table(table.name)
        if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
        query += " ORDER BY " + table.identity.map(sql.identifier).joined(separator: ", ")
        if limitInSQL, let limit = selection.limit { query += " LIMIT \(limit)" }
        var rows = try source.subsetQuery(query).map { $0.map(sql.value) }
        if let percent = selection.percent, sql.dialect == .sqlite {
            let points = SubsetSQL.basisPoints(percent)
            rows = rows.filter { SubsetSQL.hashBucket(table.identityKey($0)) < points }
            if let limit = selection.limit { rows = Array(rows.prefix(limit)) }
        }
        return rows
    }

    private func fetch(_ table: SubsetTable, where condition: String, _ sql: SubsetSQL) throws -> [[String?]] {
        let query = "SELECT " + table.tracked.map(sql.selected).joined(separator: ", ") + " FROM "
            + sql.table(table.name) + " WHERE " + condition
        return try source.subsetQuery(query).map { $0.map(sql.value) }
    }

    private func result(_ tables: [TableName: SubsetTable], nulled: Set<[String]>, _ sql: SubsetSQL) -> Result {
        var filters: [TableName: RowFilter] = [:]
        var counts: [TableName: Int] = [:]
        for (name, table) in tables {
            counts[name] = table.count
            let identities = table.rows.values.compactMap { complete(table.values($0, table.identity)) }
            var filter = RowFilter(condition: sql.membership(table.identity, in: identities))
            for foreignKey in table.schema.foreignKeys where nulled.contains([name.description, foreignKey.name]) {
                guard let parentName = resolve(foreignKey.referencedTable, in: tables), let parent = tables[parentName]
                else { continue }
                let referenced = referencedColumns(foreignKey, parent: parent)
                let present = parent.rows.values.compactMap { complete(parent.values($0, referenced)) }
                let kept = sql.membership(foreignKey.columns, in: present)
                for column in foreignKey.columns {
                    filter.columnExpressions[column] = "CASE WHEN \(kept) THEN \(sql.identifier(column)) END"
                }
            }
            filters[name] = filter
        }
        return Result(filters: filters, rowCounts: counts)
    }

    // MARK: Helpers

    private func referencedColumns(_ key: ForeignKey, parent: SubsetTable) -> [String] {
        key.referencedColumns.isEmpty ? (parent.schema.primaryKey ?? parent.identity) : key.referencedColumns
    }

    private func complete(_ values: [String?]) -> [String]? {
        values.contains { $0 == nil } ? nil : values.map { $0! }
    }

    /// The table a foreign key references (SQLite compares table names without regard to case).
    private func resolve(_ name: TableName, in tables: [TableName: SubsetTable]) -> TableName? {
        if tables[name] != nil { return name }
        return caseInsensitive(name)?.name
    }

    private func caseInsensitive(_ name: TableName) -> TableSchema? {
        schema.tables.first { $0.name.schema == name.schema && $0.name.name.lowercased() == name.name.lowercased() }
    }
}
