import VeilConnectors
import VeilCore

/// The closure's view of nested tables — PostgreSQL partitions and inheritance children: which tables a query on a
/// parent reaches, which foreign keys a partition has through its partitioned ancestors, and which tables share a
/// `max_rows_per_table` cap.
///
/// A partitioned table holds no rows: its partitions (at any depth) do, and a foreign key from or to it covers them
/// all. PostgreSQL clones such a key onto every partition (`orders_2024_h1` gets `orders`' key to `customers`, and
/// `payments` gets one key per partition of the `orders` it references); the closure follows each key once, on the
/// partitioned table, whose queries span every partition and say which partition each row lives in. An inheritance
/// parent holds rows of its own, and a foreign key to it needs one of those; but a root on it, and a lookup of
/// children in it, span its children too.
struct SubsetNesting {
    let schema: DatabaseSchema
    let nesting: TableNesting
    /// Table → the tables whose first parent it is.
    private let childrenByParent: [TableName: [TableName]]

    init(schema: DatabaseSchema, nesting: TableNesting) {
        self.schema = schema
        self.nesting = nesting
        var children: [TableName: [TableName]] = [:]
        for table in schema.tables {
            if let parent = table.parent, parent != table.name { children[parent, default: []].append(table.name) }
        }
        childrenByParent = children
    }

    func isPartitioned(_ table: TableName) -> Bool { nesting.partitioned.contains(table) }

    /// Every table below `table`: partitions and sub-partitions, inheritance children and theirs.
    func descendants(of table: TableName) -> [TableName] {
        var result: [TableName] = []
        var pending = childrenByParent[table] ?? []
        var seen: Set<TableName> = [table]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            guard seen.insert(next).inserted else { continue }
            result.append(next)
            pending += childrenByParent[next] ?? []
        }
        return result
    }

    /// The partitioned tables above `table`, nearest first; none for a table that is no partition.
    func partitionedAncestors(of table: TableName) -> [TableName] {
        var result: [TableName] = []
        var current = table
        while let parent = schema[current]?.parent, isPartitioned(parent), parent != table, !result.contains(parent) {
            result.append(parent)
            current = parent
        }
        return result
    }

    /// The table whose `max_rows_per_table` a table's rows count against: its topmost partitioned ancestor (a
    /// partitioned table is capped as one table), or itself.
    func capGroup(of table: TableName) -> TableName {
        partitionedAncestors(of: table).last ?? table
    }

    /// The tables whose rows a query on `table` returns when it spans: the table and everything below it.
    func reach(of table: TableName) -> [TableName] {
        [table] + descendants(of: table)
    }

    /// The table a row lives in, from its `tableoid`.
    func table(forOID oid: String) -> TableName? {
        nesting.tablesByOID[oid]
    }

    /// The foreign keys the closure follows from a row of `table` to its parents: the table's own and those of its
    /// partitioned ancestors, each once, without the copies PostgreSQL makes for every partition of a referenced
    /// partitioned table.
    func foreignKeys(of table: TableName) -> [ForeignKey] {
        let tables = [table] + partitionedAncestors(of: table)
        var keys: [ForeignKey] = []
        for key in tables.compactMap({ schema[$0] }).flatMap(\.foreignKeys)
        where !keys.contains(where: { Self.sameShape($0, key) }) {
            keys.append(key)
        }
        return keys.filter { key in
            let above = partitionedAncestors(of: key.referencedTable)
            return !keys.contains { other in
                above.contains(other.referencedTable) && other.columns == key.columns
                    && other.referencedColumns == key.referencedColumns
            }
        }
    }

    /// The foreign keys by which `table`'s rows are somebody's children: ``foreignKeys(of:)`` less those a
    /// partitioned ancestor holds (a lookup on the ancestor finds the partition's rows).
    func ownForeignKeys(of table: TableName) -> [ForeignKey] {
        let inherited = partitionedAncestors(of: table).compactMap { schema[$0] }.flatMap(\.foreignKeys)
        return foreignKeys(of: table).filter { key in !inherited.contains { Self.sameShape($0, key) } }
    }

    private static func sameShape(_ one: ForeignKey, _ other: ForeignKey) -> Bool {
        one.columns == other.columns && one.referencedTable == other.referencedTable
            && one.referencedColumns == other.referencedColumns
    }
}
