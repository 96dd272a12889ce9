import VeilConnectors
import VeilCore
import VeilProfile

/// Computes which rows of every table a snapshot takes, so that every foreign key of the snapshot holds.
///
/// 1. **Roots**: each `subset:` table's rows that match its `where`, its `percent` (a hash of the identity columns:
///    the same rows every time) and its `limit` (first rows in identity order) — across all its partitions or
///    inheritance children (see ``SubsetNesting``).
/// 2. **Closure to a fixed point**: every row taken brings the rows its foreign keys reference (always); with
///    `include_children`, a root — or a row taken as a child — brings the rows that reference it. A row taken only
///    as somebody's parent does not bring its children (else a lookup table would pull in the whole database).
///    The set of rows only grows, so reference cycles end.
/// 3. **Caps** (`max_rows_per_table`): children beyond a table's cap are left out (a partitioned table's
///    partitions share one cap). A parent that a NOT NULL foreign key needs always comes; a nullable foreign key
///    whose parent table is full is written as NULL instead of pulling more rows (how cycles through nullable keys
///    are cut short).
/// 4. Tables the closure never reaches are copied empty (schema only).
///
/// Every query runs through the source's ``SubsetQueryableSource/subsetQuery(_:)``, inside the snapshot its rows
/// are later read from; a row a query on a parent returns is taken by the table it lives in (its `tableoid`). The
/// result is one ``RowFilter`` per table (an `IN` list of identities).
package struct SubsetClosure {
    /// The rows taken: one filter per table, and how many rows each table contributes.
    package struct Result {
        package var filters: [TableName: RowFilter]
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

    package init(
        schema: DatabaseSchema, source: any SubsetQueryableSource, roots: [TableName: SubsetSelection],
        options: SubsetOptions, chunkSize: Int = 5000
    ) {
        self.schema = schema
        self.source = source
        self.roots = roots
        self.options = options
        self.chunkSize = chunkSize
    }

    package func compute() throws -> Result {
        let sql = SubsetSQL(dialect: source.subsetDialect)
        let nesting = SubsetNesting(schema: schema, nesting: source.tableNesting)
        let tables = makeTables(nesting)
        let reader = SubsetRowReader(source: source, sql: sql, tables: tables, nesting: nesting, chunkSize: chunkSize)
        var referencing: [TableName: [(TableName, ForeignKey)]] = [:]
        for table in schema.tables {
            for key in nesting.ownForeignKeys(of: table.name) {
                guard let parent = resolve(key.referencedTable, in: tables) else { continue }
                referencing[parent, default: []].append((table.name, key))
            }
        }
        var frontier: [(TableName, String)] = []
        for (name, selection) in roots.sorted(by: { $0.key < $1.key }) {
            guard let table = tables[name] else { continue }
            for (holder, rows) in try reader.roots(table, selection) {
                frontier += tables[holder]!.take(rows, downward: true, cap: nil).map { (holder, $0) }
            }
        }
        let caps = SubsetCaps(tables: tables, nesting: nesting, limit: options.maxRowsPerTable)
        var nulled: Set<[String]> = []
        while !frontier.isEmpty {
            var lookups: [Lookup: [String: [String]]] = [:]
            for (name, key) in frontier {
                guard let table = tables[name], let row = table.rows[key] else { continue }
                for foreignKey in nesting.foreignKeys(of: name) {
                    guard let parentName = resolve(foreignKey.referencedTable, in: tables),
                        let parent = tables[parentName]
                    else { continue }
                    let referenced = referencedColumns(foreignKey, parent: parent)
                    guard let tuple = complete(table.values(row, foreignKey.columns)) else { continue }
                    let nullable = foreignKey.columns.allSatisfy { table.schema.column(named: $0)?.isNotNull == false }
                    if nullable, caps.isFull(parentName) {
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
                // A partition's rows are also the children's parents through its partitioned ancestors' keys.
                for holder in [name] + nesting.partitionedAncestors(of: name) {
                    guard let referencedTable = tables[holder] else { continue }
                    for (childName, foreignKey) in referencing[holder] ?? [] {
                        let referenced = referencedColumns(foreignKey, parent: referencedTable)
                        guard let tuple = complete(table.values(row, referenced)) else { continue }
                        lookups[Lookup(table: childName, columns: foreignKey.columns, downward: true), default: [:]][
                            SubsetTable.key(tuple)] = tuple
                    }
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
                // A foreign key to an inheritance parent needs one of the parent's own rows; children, and the
                // parents in a partitioned table, may live in any table below.
                let spanning = lookup.downward || nesting.isPartitioned(lookup.table)
                for start in stride(from: 0, to: fresh.count, by: chunkSize) {
                    let chunk = Array(fresh[start..<min(start + chunkSize, fresh.count)])
                    let found = try reader.lookup(table, columns: lookup.columns, in: chunk, spanning: spanning)
                    for (holder, rows) in found {
                        let cap = lookup.downward ? caps.room(in: holder) : nil
                        frontier += tables[holder]!.take(rows, downward: lookup.downward, cap: cap).map { (holder, $0) }
                    }
                }
            }
        }
        return result(tables, nesting: nesting, nulled: nulled, sql)
    }

    // MARK: Steps

    private func makeTables(_ nesting: SubsetNesting) -> [TableName: SubsetTable] {
        var referencedSets: [TableName: [[String]]] = [:]
        for table in schema.tables {
            for key in nesting.foreignKeys(of: table.name) {
                guard let parent = schema[key.referencedTable] ?? caseInsensitive(key.referencedTable) else {
                    continue
                }
                referencedSets[parent.name, default: []].append(
                    key.referencedColumns.isEmpty ? (parent.primaryKey ?? []) : key.referencedColumns)
            }
        }
        var tables: [TableName: SubsetTable] = [:]
        for table in schema.tables {
            // A partition's rows are referenced through its partitioned ancestors' keys too.
            let sets = ([table.name] + nesting.partitionedAncestors(of: table.name)).flatMap {
                referencedSets[$0] ?? []
            }
            tables[table.name] = SubsetTable(
                schema: table, foreignKeys: nesting.foreignKeys(of: table.name), referencedColumnSets: sets)
        }
        return tables
    }

    private func result(
        _ tables: [TableName: SubsetTable], nesting: SubsetNesting, nulled: Set<[String]>, _ sql: SubsetSQL
    ) -> Result {
        var filters: [TableName: RowFilter] = [:]
        var counts: [TableName: Int] = [:]
        for (name, table) in tables {
            counts[name] = table.count
            let tuples = table.rows.values.map { table.values($0, table.identity) }
            let condition: String
            if sql.dialect == .sqlite {
                // A SQLite row whose identity holds a NULL (a table without a key) is matched NULL-safely, by each
                // column's `quote()` form.
                let identities = tuples.compactMap(complete)
                condition =
                    identities.count < tuples.count
                    ? sql.nullSafeMembership(table.identity, in: tuples)
                    : sql.membership(table.identity, in: identities)
            } else {
                condition = sql.identityMembership(table.identity, in: tuples)
            }
            var filter = RowFilter(condition: condition)
            for foreignKey in nesting.foreignKeys(of: name) where nulled.contains([name.description, foreignKey.name]) {
                guard let parentName = resolve(foreignKey.referencedTable, in: tables), let parent = tables[parentName]
                else { continue }
                let referenced = referencedColumns(foreignKey, parent: parent)
                // The rows a partitioned parent holds are its partitions'.
                let holders = nesting.isPartitioned(parentName) ? nesting.reach(of: parentName) : [parentName]
                let present = holders.compactMap { tables[$0] }.flatMap { holder in
                    holder.rows.values.compactMap { complete(holder.values($0, referenced)) }
                }
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
