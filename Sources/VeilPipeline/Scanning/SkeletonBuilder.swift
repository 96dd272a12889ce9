import VeilCore

/// Suggests a rule for every column of every table (``RuleSuggester``), then aligns foreign keys
/// (``ForeignKeyAlignment``): the `tables:` part of a ``ProfileSkeleton``, in source order.
public struct SkeletonBuilder: Sendable {
    public let schema: DatabaseSchema
    public let samples: [TableName: [String: ColumnSample]]

    public init(schema: DatabaseSchema, samples: [TableName: [String: ColumnSample]]) {
        self.schema = schema
        self.samples = samples
    }

    public func tables() -> [ProfileSkeleton.TableSuggestion] {
        let referenced = Set(schema.tables.flatMap { $0.foreignKeys.map(\.referencedTable) })
        let suggester = RuleSuggester()
        var rules: [ColumnName: SuggestedRule] = [:]
        for table in schema.tables {
            let people = TableCharacter.holdsPeople(table)
            let addresses = TableCharacter.holdsAddresses(table)
            for column in table.columns {
                let facts = ColumnFacts(
                    table: table, column: column, sample: sample(of: column.name, in: table),
                    tableHoldsPeople: people, tableHoldsAddresses: addresses,
                    isReferenced: referenced.contains(table.name))
                rules[ColumnName(table: table.name, column: column.name)] = suggester.suggest(facts)
            }
        }
        rules = ForeignKeyAlignment(schema: schema).align(rules)
        return schema.tables.map { table in
            ProfileSkeleton.TableSuggestion(
                name: table.name, followsParent: followedParent(of: table),
                columns: table.columns.map { column in
                    .init(column: column.name, rule: rules[ColumnName(table: table.name, column: column.name)] ?? .keep)
                })
        }
    }

    /// A partition's own rows are sampled under its name; a partitioned parent holds none, so it takes the sample
    /// of its children together (the first child that has the column).
    private func sample(of column: String, in table: TableSchema) -> ColumnSample {
        if let own = samples[table.name]?[column], own.rows > 0 { return own }
        var merged: ColumnSample?
        for child in schema.tables where child.parent == table.name {
            if let sample = samples[child.name]?[column], sample.rows > (merged?.rows ?? 0) { merged = sample }
        }
        return merged ?? samples[table.name]?[column] ?? ColumnSample()
    }

    /// The parent whose entry a partition follows: one whose columns include all of the child's.
    private func followedParent(of table: TableSchema) -> TableName? {
        guard let parentName = table.parent, let parent = schema[parentName] else { return nil }
        let parentColumns = Set(parent.columns.map(\.name))
        return table.columns.allSatisfy { parentColumns.contains($0.name) } ? parentName : nil
    }
}
