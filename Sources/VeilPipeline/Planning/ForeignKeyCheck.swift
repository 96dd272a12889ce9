import VeilCore
import VeilMasking

/// Refuses foreign keys whose referencing and referenced columns are masked differently (different
/// rule, arguments or domain), and foreign keys into tables whose rows are not copied.
struct ForeignKeyCheck {
    let schema: DatabaseSchema
    let plan: MaskingPlan

    /// How one column is masked, comparable across tables.
    private struct Treatment: Equatable, CustomStringConvertible {
        var rule: String
        var arguments: [String: ParameterValue]
        var domain: String?

        var description: String {
            guard let domain else { return rule }
            return "\(rule) (domain \(domain))"
        }
    }

    func problems() -> [PlanProblem] {
        var problems: [PlanProblem] = []
        for table in schema.tables {
            guard let action = plan.actions[table.name] else { continue }
            if case .schemaOnly = action { continue }
            for key in table.foreignKeys {
                guard let referenced = plan.actions[key.referencedTable] else { continue }
                if case .schemaOnly = referenced {
                    problems.append(
                        PlanProblem(
                            .constraintConflict,
                            "\(table.name) keeps its rows but references \(key.referencedTable), which is "
                                + "`rows: none`; the foreign key \(key.name) would fail on restore"))
                    continue
                }
                for (column, referencedColumn) in zip(key.columns, key.referencedColumns) {
                    let mine = treatment(of: column, action: action)
                    let theirs = treatment(of: referencedColumn, action: referenced)
                    if mine != theirs {
                        problems.append(
                            PlanProblem(
                                .foreignKeyMismatch,
                                "foreign key \(key.name): \(table.name).\(column) is masked by \(mine) but "
                                    + "\(key.referencedTable).\(referencedColumn) by \(theirs); give both the same "
                                    + "rule and domain so joins survive"))
                    }
                }
            }
        }
        return problems
    }

    private func treatment(of column: String, action: TableAction) -> Treatment {
        guard case .mask(let columns) = action, let plan = columns.first(where: { $0.column.name == column }) else {
            return Treatment(rule: "keep", arguments: [:], domain: nil)
        }
        return Treatment(rule: plan.definition.name, arguments: plan.arguments, domain: plan.domain)
    }
}
