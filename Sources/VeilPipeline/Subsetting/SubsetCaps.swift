import VeilCore

/// `max_rows_per_table` over a closure's tables. A partitioned table is capped as one table: its partitions (at any
/// depth) share its cap.
struct SubsetCaps {
    let tables: [TableName: SubsetTable]
    /// The cap; `nil`: none.
    let limit: Int?
    /// Each table's cap group (see ``SubsetNesting/capGroup(of:)``) and each group's tables.
    private let group: [TableName: TableName]
    private let members: [TableName: [TableName]]

    init(tables: [TableName: SubsetTable], nesting: SubsetNesting, limit: Int?) {
        self.tables = tables
        self.limit = limit
        var group: [TableName: TableName] = [:]
        var members: [TableName: [TableName]] = [:]
        for name in tables.keys {
            let head = nesting.capGroup(of: name)
            group[name] = head
            members[head, default: []].append(name)
        }
        self.group = group
        self.members = members
    }

    /// True when `table`'s group holds as many rows as the cap allows.
    func isFull(_ table: TableName) -> Bool {
        guard let limit else { return false }
        return count(of: group[table] ?? table) >= limit
    }

    /// How many rows `table` may hold in all (its own and those it has) before its group is full; `nil` without a
    /// cap.
    func room(in table: TableName) -> Int? {
        guard let limit else { return nil }
        return limit - (count(of: group[table] ?? table) - (tables[table]?.count ?? 0))
    }

    private func count(of head: TableName) -> Int {
        (members[head] ?? [head]).reduce(0) { $0 + (tables[$1]?.count ?? 0) }
    }
}
