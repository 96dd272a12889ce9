import VeilCore
import VeilMasking

/// Suggests a rule for every column of every table (``RuleSuggester``), then aligns foreign keys
/// (``ForeignKeyAlignment``): the `tables:` part of a ``ProfileSkeleton``, in source order.
public struct SkeletonBuilder: Sendable {
    public let schema: DatabaseSchema
    public let samples: [TableName: [String: ColumnSample]]
    /// `public` for PostgreSQL sources, empty for SQLite and CSV (to find the user types columns name).
    public let defaultSchema: String

    public init(schema: DatabaseSchema, samples: [TableName: [String: ColumnSample]], defaultSchema: String = "public")
    {
        self.schema = schema
        self.samples = samples
        self.defaultSchema = defaultSchema
    }

    public func tables() -> [ProfileSkeleton.TableSuggestion] {
        let referenced = Set(schema.tables.flatMap { $0.foreignKeys.map(\.referencedTable) })
        let suggester = RuleSuggester()
        var rules: [ColumnName: SuggestedRule] = [:]
        for table in schema.tables {
            let people = TableCharacter.holdsPeople(table)
            let addresses = TableCharacter.holdsAddresses(table)
            for column in table.columns {
                let elements = sample(of: column.name + "[]", in: table)
                var facts = ColumnFacts(
                    table: table, column: column, sample: sample(of: column.name, in: table),
                    tableHoldsPeople: people, tableHoldsAddresses: addresses,
                    isReferenced: referenced.contains(table.name), elements: elements.rows > 0 ? elements : nil)
                for path in leafPaths(of: column.name, in: table) {
                    facts.jsonLeaves[path] = sample(of: column.name + path, in: table)
                }
                rules[ColumnName(table: table.name, column: column.name)] = suggester.suggest(facts)
            }
        }
        rules = ForeignKeyAlignment(schema: schema).align(rules)
        rules = fittedToColumnKinds(rules)
        return schema.tables.map { table in
            ProfileSkeleton.TableSuggestion(
                name: table.name, followsParent: followedParent(of: table),
                columns: table.columns.map { column in
                    .init(column: column.name, rule: rules[ColumnName(table: table.name, column: column.name)] ?? .keep)
                })
        }
    }

    /// A suggestion `veil check` would refuse for the column's kind (a text rule on an enum, composite or range
    /// column; any rule on a partition key) becomes `null` where the column takes it (the values called for masking,
    /// and no rule can write the kind: a composite holding a name and an email), else `keep`; marked with the reason
    /// either way, so the skeleton passes `veil check` as written.
    private func fittedToColumnKinds(_ rules: [ColumnName: SuggestedRule]) -> [ColumnName: SuggestedRule] {
        let kinds = ColumnKindCheck(schema: schema, defaultSchema: defaultSchema)
        var fitted = rules
        for (name, rule) in rules where rule.name != "keep" {
            guard let table = schema[name.table], let column = table.column(named: name.column),
                let definition = BuiltinRules.named(rule.name),
                let problem = kinds.problem(
                    definition, arguments: UniqueKeyFit.parameterValues(rule), column: column, table: table)
            else { continue }
            if let null = BuiltinRules.named("null"), !column.isNotNull, !table.mustStayDistinct(column.name),
                kinds.problem(null, arguments: [:], column: column, table: table) == nil
            {
                fitted[name] = SuggestedRule(
                    "null",
                    review: "`\(rule.name)` does not fit: \(problem); null drops the values, which look personal")
            } else {
                fitted[name] = .keep(review: "`\(rule.name)` does not fit: \(problem)")
            }
        }
        return fitted
    }

    /// The paths of `column`'s sampled JSON leaves, in `table` or (for a partitioned parent) its partitions.
    private func leafPaths(of column: String, in table: TableSchema) -> Set<String> {
        // A leaf's path starts `$.` or `$[`: a column named `price$usd` is no leaf of `price`.
        let prefixes = [column + "$.", column + "$["]
        var paths: Set<String> = []
        var names = [table.name]
        var index = 0
        while index < names.count {
            let parent = names[index]
            names += schema.tables.filter { $0.parent == parent && !names.contains($0.name) }.map(\.name)
            index += 1
        }
        for name in names {
            for key in samples[name].map({ Array($0.keys) }) ?? [] where prefixes.contains(where: key.hasPrefix) {
                paths.insert(String(key.dropFirst(column.count)))
            }
        }
        return paths
    }

    /// A partition's own rows are sampled under its name; a partitioned parent holds none, so it takes the sample
    /// of the descendant with the most sampled rows (a partition of a partition included).
    private func sample(of column: String, in table: TableSchema) -> ColumnSample {
        if let own = samples[table.name]?[column], own.rows > 0 { return own }
        var merged: ColumnSample?
        for child in schema.tables where child.parent == table.name && child.name != table.name {
            let sample = self.sample(of: column, in: child)
            if sample.rows > (merged?.rows ?? 0) { merged = sample }
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
