import VeilCore
import VeilMasking

/// Which source columns a leak check looks at, and how it searches each output field, from the masking plan and each
/// rule's ``LeakRole`` and ``OutputSpace``. Tables are always named with their schema: `public.people` and
/// `other.people` are two tables (an output that names tables otherwise is mapped through ``OutputTableNaming``).
///
/// - *masked* columns (every rule but `keep`, `scrub`, `json` and `generalize`): their output must not equal the
///   same row's original.
/// - *watched* columns (roles `secret` and `secretSynthetic`): their originals of eight or more characters must
///   appear in no output field, except as a coincidence of one format space.
/// - every output field is searched (``Search``): kept columns and kept tables at every occurrence; a field a rule
///   replaced at every occurrence whose shape that rule does not produce (a real email in a `fake.last_name` field is
///   a leak, another customer's phone number inside a masked phone number is not); `scrub` and `json` values at
///   every occurrence of text kept from the original.
/// Tables with `rows: none` have no rows.
package struct LeakScope: Sendable {
    /// How an output column's fields are searched for watched originals.
    enum Search: Sendable, Equatable {
        /// Text passed through: every occurrence is a leak.
        case everyOccurrence
        /// A value the rule replaced: an occurrence of a shape the rule's output space holds is a coincidence.
        case replaced(OutputSpace)
        /// `scrub` and `json`: an occurrence in text kept from the original is a leak; one in text the rule wrote is
        /// a coincidence. A run, which sees the original beside the output, tells the two apart; read back without
        /// the original, every occurrence counts.
        case passesThrough
    }

    package struct Columns: Sendable {
        var masked: Set<String> = []
        package var watched: Set<String> = []
        var search: [String: Search] = [:]
        /// Masked columns whose rule gives some values back unchanged by design (``RuleDefinition/keepsUnchanged``).
        var unchangedByDesign: [String: @Sendable (String) -> Bool] = [:]
        /// Array and JSON columns, masked part by part: their values are watched, and compared with their own
        /// row's, part by part as well (``ValueParts``).
        var parts: [String: @Sendable (String) -> [String]?] = [:]

        /// Whether `value`, equal in `column` before and after masking, is a documented pass-through, not a leak.
        func keepsUnchanged(_ column: String, _ value: String) -> Bool {
            unchangedByDesign[column]?(value) ?? false
        }
    }

    /// By full source table name; only tables with at least one column that is not kept.
    let tables: [TableName: Columns]

    package init(plan: MaskingPlan) {
        var tables: [TableName: Columns] = [:]
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            var scope = Columns()
            for column in columns where column.definition.name != "keep" {
                let name = column.column.name
                let definition = column.definition
                if let keeps = definition.keepsUnchanged { scope.unchangedByDesign[name] = keeps }
                if let split = ValueParts.splitter(forType: column.column.type) { scope.parts[name] = split }
                switch definition.leakRole {
                case .secret, .secretSynthetic:
                    scope.masked.insert(name)
                    scope.watched.insert(name)
                    scope.search[name] = .replaced(definition.outputSpace)
                case .ownRowOnly:
                    scope.masked.insert(name)
                    scope.search[name] = .replaced(definition.outputSpace)
                case .unchecked:
                    scope.search[name] = .replaced(definition.outputSpace)
                case .passesThrough:
                    scope.search[name] = .passesThrough
                }
            }
            if !scope.search.isEmpty { tables[table] = scope }
        }
        self.tables = tables
    }

    package func columns(of table: TableName) -> Columns? { tables[table] }

    /// How an output field of `column` is searched for source values.
    func search(table: TableName, column: String) -> Search {
        tables[table]?.search[column] ?? .everyOccurrence
    }

    /// How many values a source holds in watched or masked columns, from its expected row counts; the filters'
    /// capacity, at most 10,000,000 (beyond it the false-positive rate rises, never the misses).
    package func capacity(expectedRows: [TableName: Int]?) -> Int {
        guard let expectedRows else { return 10_000_000 }
        var total = 0
        for (table, rows) in expectedRows {
            total += rows * (columns(of: table)?.masked.count ?? 0)
        }
        return min(max(total, 1 << 16), 10_000_000)
    }
}
