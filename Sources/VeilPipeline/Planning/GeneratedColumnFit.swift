import VeilConnectors
import VeilCore

/// A PostgreSQL source's generated columns in a SQLite or CSV target: there each is computed by SQLite from the row
/// as written (so from masked inputs), which needs its expression translated (``GeneratedColumnTranslation``).
/// One that does not translate is refused before the first row, naming table, column and what did not translate,
/// unless the profile gives it the rule `null` (the column is then written as NULL there). A `.sql` or PostgreSQL
/// target recomputes every generated column from the masked row, as the source declares it.
package enum GeneratedColumnFit {
    /// `schema` as the target is given it: a generated column whose rule is `null` is generated as `NULL`.
    package static func outputSchema(_ schema: DatabaseSchema, plan: MaskingPlan) -> DatabaseSchema {
        var output = schema
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            let nulled = Set(
                columns.filter { $0.column.isGenerated && $0.definition.name == "null" }.map(\.column.name))
            guard !nulled.isEmpty else { continue }
            output.modify(table) { table in
                for index in table.columns.indices where nulled.contains(table.columns[index].name) {
                    table.columns[index].generationExpression = GeneratedColumnTranslation.null
                }
            }
        }
        return output
    }

    /// A problem per generated column of `schema` (as ``outputSchema(_:plan:)`` gives it) that `target` cannot
    /// compute (none for a `.sql` or PostgreSQL target, or a SQLite or CSV source).
    package static func problems(schema: DatabaseSchema, target: Endpoint) -> [PlanProblem] {
        let kind: String
        switch target {
        case .sqlite: kind = "a SQLite target"
        case .csv: kind = "a CSV target"
        case .plainDump, .postgres: return []
        }
        return GeneratedColumnTranslation.untranslatable(in: schema).map { column in
            PlanProblem(
                .constraintConflict,
                "generated column \(column.table).\(column.column) cannot be computed in \(kind): \(column.reason) "
                    + "is not translated to SQLite; give it the rule null (written as NULL there), or write it to "
                    + "a .sql or PostgreSQL target, which recomputes it")
        }
    }
}
