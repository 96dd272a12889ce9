import VeilConnectors
import VeilCore
import VeilProfile

/// Reads the rows a subset closure takes, through its source's ``SubsetQueryableSource/subsetQuery(_:)``: a root's
/// selection and a lookup's chunk, each row handed to the table it lives in, as that table's tracked values.
///
/// A query on a table with partitions or inheritance children that *spans* them (no `ONLY`) also selects each row's
/// `tableoid`, which names the table the row lives in; a row whose table tracks a column its parent lacks (an
/// inheritance child's own foreign key) is read again from that table by its `ctid` (stable inside the snapshot).
/// A query that does not span reads `ONLY` the table. A failing query's error names the table.
struct SubsetRowReader {
    let source: any SubsetQueryableSource
    let sql: SubsetSQL
    let tables: [TableName: SubsetTable]
    let nesting: SubsetNesting
    /// Values per `IN` list.
    let chunkSize: Int

    /// Rows taken, grouped by the table they live in.
    typealias Found = [(table: TableName, rows: [[String?]])]

    /// A root's rows, across the tables below it: those matching its `where` and `percent`, the first `limit` of
    /// them in identity order.
    func roots(_ table: SubsetTable, _ selection: SubsetSelection) throws -> Found {
        var conditions = selection.condition.map { ["(\($0))"] } ?? []
        if let percent = selection.percent, sql.dialect == .postgres {
            conditions.append(sql.percentCondition(identity: table.identity, percent: percent))
        }
        var suffix = " ORDER BY " + table.identity.map(sql.identifier).joined(separator: ", ")
        let limitInSQL = sql.dialect == .postgres || selection.percent == nil
        if limitInSQL, let limit = selection.limit { suffix += " LIMIT \(limit)" }
        var found = try select(table, conditions, suffix: suffix, spanning: true)
        if let percent = selection.percent, sql.dialect == .sqlite {
            // SQLite has no hash function to pick by: the share is picked here (SQLite tables do not nest), then the
            // limit.
            let points = SubsetSQL.basisPoints(percent)
            found = found.map { holder, rows in
                var picked = rows.filter { SubsetSQL.hashBucket(table.identityKey($0)) < points }
                if let limit = selection.limit { picked = Array(picked.prefix(limit)) }
                return (holder, picked)
            }
        }
        return found
    }

    /// The rows of `table` whose `columns` hold one of `tuples`; with `spanning`, of the tables below it too.
    func lookup(_ table: SubsetTable, columns: [String], in tuples: [[String]], spanning: Bool) throws -> Found {
        try select(table, [sql.membership(columns, in: tuples)], suffix: "", spanning: spanning)
    }

    private func select(_ table: SubsetTable, _ conditions: [String], suffix: String, spanning: Bool) throws -> Found {
        let below = nesting.descendants(of: table.name)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        guard spanning, !below.isEmpty else {
            let from = below.isEmpty ? sql.table(table.name) : "ONLY " + sql.table(table.name)
            let query = "SELECT " + table.tracked.map(sql.selected).joined(separator: ", ") + " FROM " + from
            return [(table.name, try run(query + filter + suffix, on: table.name))]
        }
        // Every column this table or one below it tracks, that this table has.
        var columns = table.tracked
        for column in below.compactMap({ tables[$0] }).flatMap(\.tracked)
        where !columns.contains(column) && table.schema.column(named: column) != nil {
            columns.append(column)
        }
        let position = Dictionary(columns.enumerated().map { ($1, $0 + 2) }, uniquingKeysWith: { first, _ in first })
        let query =
            "SELECT " + ([sql.rowOrigin] + columns.map(sql.selected)).joined(separator: ", ") + " FROM "
            + sql.table(table.name)
        var found: [TableName: [[String?]]] = [:]
        var elsewhere: [TableName: [String]] = [:]
        for row in try run(query + filter + suffix, on: table.name) {
            let holder = row[0].flatMap(nesting.table(forOID:)).flatMap { tables[$0] } ?? table
            let indexes = holder.tracked.compactMap { position[$0] }
            if indexes.count == holder.tracked.count {
                found[holder.name, default: []].append(indexes.map { row[$0] })
            } else if let ctid = row[1] {
                elsewhere[holder.name, default: []].append(ctid)
            }
        }
        for (name, ctids) in elsewhere {
            guard let holder = tables[name] else { continue }
            for start in stride(from: 0, to: ctids.count, by: chunkSize) {
                let chunk = ctids[start..<min(start + chunkSize, ctids.count)].map { [$0] }
                let query =
                    "SELECT " + holder.tracked.map(sql.selected).joined(separator: ", ") + " FROM ONLY "
                    + sql.table(name) + " WHERE " + sql.membership(["ctid"], in: chunk)
                found[name, default: []] += try run(query, on: name)
            }
        }
        return found.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Runs a query on `table` in the source's snapshot; an error without a place gets the table's name.
    private func run(_ query: String, on table: TableName) throws -> [[String?]] {
        do {
            return try source.subsetQuery(query).map { $0.map(sql.value) }
        } catch let error as VeilError where error.location == nil {
            throw VeilError(error.code, error.message, location: VeilError.Location(table: table))
        }
    }
}
