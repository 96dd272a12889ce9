import VeilCore
import VeilMasking

/// Every column's transformer, built once per run under the run's keys.
struct TransformerCache: Sendable {
    private let byTable: [TableName: [String: any Transformer]]
    private let guards: [TableName: [String: UniquenessGuard]]

    init(plan: MaskingPlan, keys: MaskingKeyRing, tokens: (any TokenIssuer)? = nil) throws {
        var byTable: [TableName: [String: any Transformer]] = [:]
        var guards: [TableName: [String: UniquenessGuard]] = [:]
        var guardByScope: [ColumnName: UniquenessGuard] = [:]
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            var transformers: [String: any Transformer] = [:]
            for column in columns {
                do {
                    transformers[column.column.name] = try column.makeTransformer(keys: keys, tokens: tokens)
                    if let scope = column.uniquenessScope {
                        let shared = guardByScope[scope] ?? UniquenessGuard(column: scope)
                        guardByScope[scope] = shared
                        guards[table, default: [:]][column.column.name] = shared
                    }
                } catch {
                    throw VeilError(
                        .usage, "rule `\(column.definition.name)`: \(error.message)",
                        location: .init(table: table, column: column.column.name))
                }
            }
            byTable[table] = transformers
        }
        self.byTable = byTable
        self.guards = guards
    }

    func transformers(for table: TableName) -> [String: any Transformer] {
        byTable[table] ?? [:]
    }

    /// Collision watchers of `table`'s lossy-but-unique columns, shared by partitions of one parent.
    func uniquenessGuards(for table: TableName) -> [String: UniquenessGuard] {
        guards[table] ?? [:]
    }
}
