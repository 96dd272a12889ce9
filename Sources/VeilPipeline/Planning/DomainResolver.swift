import VeilCore
import VeilProfile

/// Finds a column's key domain: its own `domain:`, else the domain of the column it references
/// through a foreign key (followed transitively), else `schema.table.column` of the table that owns
/// its profile entry. So a customer id masks the same in `customer` and in every table that refers to it.
struct DomainResolver {
    let schema: DatabaseSchema
    let builder: PlanBuilder

    func domain(of column: String, in table: TableSchema) -> String {
        var visited: Set<ColumnName> = []
        return resolve(column, in: table, visited: &visited)
    }

    private func resolve(_ column: String, in table: TableSchema, visited: inout Set<ColumnName>) -> String {
        guard visited.insert(ColumnName(table: table.name, column: column)).inserted else {
            return builder.defaultDomain(of: column, in: table)
        }
        if let explicit = explicitDomain(of: column, in: table) { return explicit }
        for key in schema.foreignKeys(inheritedBy: table) {
            guard let position = key.columns.firstIndex(of: column), position < key.referencedColumns.count,
                let referenced = schema[key.referencedTable]
            else { continue }
            return resolve(key.referencedColumns[position], in: referenced, visited: &visited)
        }
        return builder.defaultDomain(of: column, in: table)
    }

    private func explicitDomain(of column: String, in table: TableSchema) -> String? {
        guard let entry = builder.entry(for: table), case .columns(let columns) = entry.disposition else { return nil }
        return columns.first { $0.name == column }?.rule.domain
    }
}
