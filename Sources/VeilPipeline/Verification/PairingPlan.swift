import VeilCore

/// How `veil verify` pairs each output table's rows with their source rows, decided before any row is read: by the
/// source table's primary key, else its first unique key whose columns are all NOT NULL; never by position. A masked
/// key column is paired on its masked value (the source key masked again, looked up in the output), so it must be
/// recomputable; `null` and `redact` give every row one key and cannot pair. A table without such a key is
/// *unpaired*: no own-row test and no recompute for it, and the report says so.
///
/// Tables are named as the source names them (for a SQLite or CSV output, the partition root whose output table
/// holds its partitions' rows: see ``OutputTableMapping``).
package struct PairingPlan: Sendable {
    /// An output table whose rows are paired by key.
    package struct Table: Sendable {
        package let name: TableName
        package let key: [String]
        /// The columns compared, in the order of the source table's definition.
        let columns: [String]
        /// How each compared column's fields are compared (by name).
        let forms: [String: ComparedForm]
    }

    package let tables: [TableName: Table]
    /// Output tables that cannot be paired, and why.
    package let unpaired: [TableName: String]

    init(tables: [TableName: Table], unpaired: [TableName: String] = [:]) {
        self.tables = tables
        self.unpaired = unpaired
    }

    /// - Parameter output: the output's schema, as the output names its tables.
    package init(
        source: DatabaseSchema, output: DatabaseSchema, plan: MaskingPlan, mapping: OutputTableMapping,
        sqliteOutput: Bool, expected: ExpectedOutput
    ) {
        var members: [TableName: [TableName]] = [:]
        for table in source.tables {
            if let root = mapping.root(of: table.name) { members[root, default: []].append(table.name) }
        }
        var tables: [TableName: Table] = [:]
        var unpaired: [TableName: String] = [:]
        for (root, sources) in members {
            guard let schema = source[root], let outputTable = mapping.outputTable(of: root).flatMap({ output[$0] })
            else { continue }
            let copied = sources.filter { name in
                if case .schemaOnly? = plan.actions[name] { return false }
                return true
            }
            guard !copied.isEmpty else { continue }
            guard let key = Self.key(of: schema) else {
                unpaired[root] = "no primary key or NOT NULL unique key"
                continue
            }
            let outputColumns = Dictionary(
                outputTable.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            if let missing = key.first(where: { outputColumns[$0] == nil }) {
                unpaired[root] = "key column \(missing) is not in the output"
                continue
            }
            if let problem = copied.lazy.compactMap({ Self.keyProblem(key, of: $0, plan: plan, expected: expected) })
                .first
            {
                unpaired[root] = problem
                continue
            }
            let compared = schema.columns.filter { !$0.isGenerated && outputColumns[$0.name] != nil }
            var forms: [String: ComparedForm] = [:]
            for column in compared {
                forms[column.name] =
                    sqliteOutput
                    ? ComparedForm(sqliteType: outputColumns[column.name]!.type, sourceType: column.type) : .exact
            }
            tables[root] = Table(name: root, key: key, columns: compared.map(\.name), forms: forms)
        }
        self.tables = tables
        self.unpaired = unpaired
    }

    /// The primary key, else the first unique key whose columns are all NOT NULL (a NULL never identifies a row).
    static func key(of table: TableSchema) -> [String]? {
        if let primary = table.primaryKey, !primary.isEmpty { return primary }
        return table.uniqueKeys.first { key in
            !key.isEmpty && key.allSatisfy { table.column(named: $0)?.isNotNull == true }
        }
    }

    /// Why the rows of `table` cannot be keyed in the output, or nil when they can.
    private static func keyProblem(
        _ key: [String], of table: TableName, plan: MaskingPlan, expected: ExpectedOutput
    ) -> String? {
        guard case .mask(let columns)? = plan.actions[table] else { return nil }
        for name in key {
            guard let column = columns.first(where: { $0.column.name == name }), column.definition.name != "keep"
            else { continue }
            let rule = column.definition.name
            if rule == "null" || rule == "redact" {
                return "key column \(name) is masked by `\(rule)`, which gives every row the same key"
            }
            guard let transformers = expected.transformers else {
                return "key column \(name) is masked (`\(rule)`) and the key store is not open"
            }
            if transformers[table]?[name] == nil {
                let reason = expected.skippedColumns[ColumnName(table: table, column: name)] ?? "not recomputed"
                return "key column \(name) cannot be masked again (\(reason))"
            }
        }
        return nil
    }
}
