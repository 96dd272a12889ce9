import VeilCore

/// Gives every foreign-key column the rule of the column it references (followed transitively), as the planner
/// demands so joins survive: kept when the referenced key is kept, masked alike when it is masked.
struct ForeignKeyAlignment {
    let schema: DatabaseSchema

    /// `rules` with each foreign-key column's rule replaced by its referenced column's.
    func align(_ rules: [ColumnName: SuggestedRule]) -> [ColumnName: SuggestedRule] {
        var aligned = rules
        for table in schema.tables {
            for key in schema.foreignKeys(inheritedBy: table) {
                for (column, referenced) in zip(key.columns, key.referencedColumns) {
                    let target = root(of: ColumnName(table: key.referencedTable, column: referenced))
                    guard let rule = rules[target], table.column(named: column) != nil else { continue }
                    var copy = rule
                    if let review = rule.review { copy.review = "a foreign key to \(target), masked alike: \(review)" }
                    copy.unique = rule.unique && table.mustStayDistinct(column)
                    aligned[ColumnName(table: table.name, column: column)] = copy
                }
            }
        }
        return aligned
    }

    /// The column at the end of a chain of foreign keys starting at `column`.
    private func root(of column: ColumnName) -> ColumnName {
        var current = column
        var seen: Set<ColumnName> = [column]
        while let table = schema[current.table],
            let next = schema.foreignKeys(inheritedBy: table).lazy.compactMap({ key -> ColumnName? in
                guard let index = key.columns.firstIndex(of: current.column), index < key.referencedColumns.count
                else { return nil }
                return ColumnName(table: key.referencedTable, column: key.referencedColumns[index])
            }).first,
            seen.insert(next).inserted
        {
            current = next
        }
        return current
    }
}
