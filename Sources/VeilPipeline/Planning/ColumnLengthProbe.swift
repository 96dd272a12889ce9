import VeilCore
import VeilMasking

/// The masked columns whose rule writes outputs longer than their inputs (``RuleDefinition/lengthGrowth``: `email`
/// with `mail_domain: example`) into a column with a declared length (`varchar(n)`). `veil check` measures the
/// longest value of each in the source and refuses the rule when its output would not fit, so such a run is
/// refused before its first row instead of failing on the first long value. Only those columns' tables are read,
/// and only when there is one; lengths are counted in Unicode scalars, as PostgreSQL counts characters.
package struct ColumnLengthProbe {
    struct Target: Hashable {
        var table: TableName
        var column: String
        var rule: String
        var limit: Int
        var growth: Int
    }

    let targets: [Target]

    package init(plan: MaskingPlan) {
        var targets: [Target] = []
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            for column in columns {
                guard let growth = column.definition.lengthGrowth(column.arguments), growth > 0,
                    let limit = ColumnType(column.column.type).maximumLength
                else { continue }
                targets.append(
                    Target(
                        table: table, column: column.column.name, rule: column.definition.name, limit: limit,
                        growth: growth))
            }
        }
        self.targets = targets.sorted { ($0.table, $0.column) < ($1.table, $1.column) }
    }

    package var isEmpty: Bool { targets.isEmpty }

    /// Streams `source` and returns one problem per target whose longest value would not fit once masked.
    package func problems(reading source: RowSource) throws -> [String] {
        let byTable = Dictionary(grouping: targets, by: \.table)
        var longest: [Target: Int] = [:]
        var current: [(target: Target, index: Int)] = []
        while let item = try source.next() {
            switch item {
            case .beginTable(let data):
                current = (byTable[data.table] ?? []).compactMap { target in
                    data.columns.firstIndex(of: target.column).map { (target, $0) }
                }
            case .rows(let batch) where !current.isEmpty:
                for row in batch.rows {
                    for (target, index) in current {
                        guard index < row.count, let value = row[index] else { continue }
                        let length = value.unicodeScalars.count
                        if length > longest[target, default: 0] { longest[target] = length }
                    }
                }
            case .endTable:
                current = []
            default:
                break
            }
        }
        return targets.compactMap { target in
            guard let length = longest[target], length + target.growth > target.limit else { return nil }
            return "\(target.table).\(target.column) (\(target.rule)): its longest value (\(length) characters) "
                + "would be \(length + target.growth) once masked, more than the column's \(target.limit) holds: choose "
                + "arguments that keep the length (email: mail_domain: keep or mail_domain: tokenize)"
        }
    }
}
