import VeilCore
import VeilMasking

/// Which source columns a leak check looks at, and which output fields it searches, from the masking plan and each
/// rule's ``LeakRole``; tables are matched by bare name, so a SQLite or CSV output (whose tables have no schema)
/// lines up with a PostgreSQL-shaped source.
///
/// - *masked* columns (role `secret` or `ownRowOnly`): their output must not equal the same row's original.
/// - *watched* columns (role `secret`): their originals of eight or more characters must appear inside no searched
///   output field.
/// - output fields are searched by ``Search``: every occurrence in kept columns, kept tables and `scrub`/`json`
///   values (whose untouched text is where an original survives); only strictly inside the field for a `secret`
///   rule's replaced values (equality there is a coincidence of two values of one format space); not at all for
///   synthetic, vocabulary, perturbed and generalized values (see ``LeakRole``).
/// Tables with `rows: none` have no rows; kept tables contribute searched fields only.
struct LeakScope: Sendable {
    /// How an output column's fields are searched for watched originals.
    enum Search: Sendable {
        case everyOccurrence
        case strictlyInside
        case none
    }

    struct Columns: Sendable {
        var masked: Set<String> = []
        var watched: Set<String> = []
        var strictlyInside: Set<String> = []
        var notSearched: Set<String> = []
        /// Masked columns whose rule gives some values back unchanged by design (``RuleDefinition/keepsUnchanged``).
        var unchangedByDesign: [String: @Sendable (String) -> Bool] = [:]

        /// Whether `value`, equal in `column` before and after masking, is a documented pass-through, not a leak.
        func keepsUnchanged(_ column: String, _ value: String) -> Bool {
            unchangedByDesign[column]?(value) ?? false
        }
    }

    /// By bare table name; only tables with at least one masked column.
    let tables: [String: Columns]

    init(plan: MaskingPlan) {
        var tables: [String: Columns] = [:]
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            var scope = Columns()
            for column in columns where column.definition.name != "keep" {
                let name = column.column.name
                if let keeps = column.definition.keepsUnchanged { scope.unchangedByDesign[name] = keeps }
                switch column.definition.leakRole {
                case .secret:
                    scope.masked.insert(name)
                    scope.watched.insert(name)
                    scope.strictlyInside.insert(name)
                case .secretSynthetic:
                    scope.masked.insert(name)
                    scope.watched.insert(name)
                    scope.notSearched.insert(name)
                case .ownRowOnly:
                    scope.masked.insert(name)
                    scope.notSearched.insert(name)
                case .unchecked:
                    scope.notSearched.insert(name)
                case .passesThrough:
                    break
                }
            }
            if !scope.masked.isEmpty || !scope.notSearched.isEmpty { tables[table.name] = scope }
        }
        self.tables = tables
    }

    func columns(of table: TableName) -> Columns? { tables[table.name] }

    /// How an output field of `column` is searched for source values.
    func search(table: TableName, column: String) -> Search {
        guard let scoped = tables[table.name] else { return .everyOccurrence }
        if scoped.notSearched.contains(column) { return .none }
        return scoped.strictlyInside.contains(column) ? .strictlyInside : .everyOccurrence
    }

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
