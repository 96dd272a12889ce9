import VeilCore
import VeilMasking

/// Which source columns a leak check looks at, from the masking plan; tables are matched by bare name, so a
/// SQLite or CSV output (whose tables have no schema) lines up with a PostgreSQL-shaped source.
///
/// - *masked* columns (rule not `keep`): their output must not equal the same row's original.
/// - *watched* columns (masked, and the rule is not one that perturbs a value inside its own value space):
///   their originals of eight or more characters must appear inside no output field. `shift_date`, `noise` and
///   `generalize` are masked but not watched: a shifted date or a rounded amount equal to another row's original
///   (or to a kept timestamp) is the expected overlap of two value spaces, not a leak; their same-row check stays.
/// Tables with `rows: none` and kept tables contribute nothing.
struct LeakScope: Sendable {
    static let perturbingRules: Set<String> = ["shift_date", "noise", "generalize"]

    struct Columns: Sendable {
        var masked: Set<String> = []
        var watched: Set<String> = []
    }

    /// By bare table name.
    let tables: [String: Columns]

    init(plan: MaskingPlan) {
        var tables: [String: Columns] = [:]
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            var scope = Columns()
            for column in columns where column.definition.name != "keep" {
                scope.masked.insert(column.column.name)
                if !Self.perturbingRules.contains(column.definition.name) { scope.watched.insert(column.column.name) }
            }
            if !scope.masked.isEmpty { tables[table.name] = scope }
        }
        self.tables = tables
    }

    func columns(of table: TableName) -> Columns? { tables[table.name] }

    /// How many values a source holds in watched or masked columns, from its expected row counts; the filters'
    /// capacity, at most 10,000,000 (beyond it the false-positive rate rises, never the misses).
    func capacity(expectedRows: [TableName: Int]?) -> Int {
        guard let expectedRows else { return 10_000_000 }
        var total = 0
        for (table, rows) in expectedRows {
            total += rows * (columns(of: table)?.masked.count ?? 0)
        }
        return min(max(total, 1 << 16), 10_000_000)
    }
}
