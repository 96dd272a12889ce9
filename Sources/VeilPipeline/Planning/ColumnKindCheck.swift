import VeilCore
import VeilMasking

/// What a column's kind lets a rule write, beyond its declared base type: an enum takes only its labels, a
/// composite or range column only its own literals, and a partition key only the value that keeps each row in
/// its partition. A rule that would write anything else gives a copy that fails on restore ("malformed record
/// literal", "invalid input value for enum", "violates partition constraint"), so planning refuses it, naming
/// the column and the rules that fit.
///
/// A domain column is seen by rules as its base type, with the domain's CHECKs added to the column's own (the
/// run verifies masked values against both).
struct ColumnKindCheck {
    let schema: DatabaseSchema
    let defaultSchema: String

    /// Rules that write nothing a column's kind could refuse.
    static let alwaysFits: Set<String> = ["keep"]

    /// The column as rules see it: a domain column's type becomes the domain's base type (through domains of
    /// domains), and the domains' CHECKs join the column's own.
    func resolved(_ column: Column) -> Column {
        var resolved = column
        var seen: Set<TableName> = []
        while let type = schema.userType(named: resolved.type, defaultSchema: defaultSchema),
            case .domain(let base, let checks) = type.kind, seen.insert(type.name).inserted
        {
            resolved.type = base
            resolved.checks += checks
        }
        return resolved
    }

    /// Why `definition` with `arguments` cannot write `column` of `table`, or nil when it can.
    func problem(
        _ definition: RuleDefinition, arguments: [String: ParameterValue], column: Column, table: TableSchema
    ) -> String? {
        guard !Self.alwaysFits.contains(definition.name) else { return nil }
        let name = "\(table.name).\(column.name)"
        if let owner = partitionKeyOwner(of: column.name, in: table) {
            return "\(name) is the partition key of \(owner): a masked key would put rows in a partition whose "
                + "bounds refuse them; keep it"
        }
        let nullable = definition.name == "null" && !column.isNotNull
        let isArray = column.type.hasSuffix("]")
        let base = resolved(column).type
        if let builtin = Self.builtinRange(base) {
            if nullable { return nil }
            return "\(name) is of range type \(builtin)\(isArray ? " (an array)" : ""): rule `\(definition.name)` "
                + "does not write a range literal; use keep or null"
        }
        guard let type = schema.userType(named: base, defaultSchema: defaultSchema) else {
            return nil
        }
        switch type.kind {
        case .enumeration(let labels):
            if nullable { return nil }
            if definition.name == "fake.choice", !isArray {
                var values: [String] = []
                if case .list(let list) = arguments["values"] { values = list }
                let known = Set(labels)
                let outside = values.filter { !known.contains($0) }
                if outside.isEmpty { return nil }
                return "\(name) is of enum type \(type.name): \(outside.count) of the `fake.choice` values "
                    + "are not its labels; choose values among (\(labels.joined(separator: ", ")))"
            }
            return "\(name) is of enum type \(type.name): rule `\(definition.name)` writes values outside its labels; "
                + "use keep, null, or fake.choice with values among (\(labels.joined(separator: ", ")))"
        case .composite, .range:
            if nullable { return nil }
            let literal = type.kind == .composite ? "a record literal" : "a range literal"
            return "\(name) is of \(type.kindDescription) type \(type.name)\(isArray ? " (an array)" : ""): rule "
                + "`\(definition.name)` does not write \(literal); use keep or null"
        case .domain:
            return nil
        }
    }

    /// PostgreSQL's own range and multirange types (`daterange`, `int4multirange`...), by name, or nil.
    static func builtinRange(_ type: String) -> String? {
        var name = type.lowercased().filter { $0 != "\"" }
        if name.hasPrefix("pg_catalog.") { name.removeFirst("pg_catalog.".count) }
        while name.hasSuffix("[]") { name.removeLast(2) }
        let kinds = ["int4", "int8", "num", "ts", "tstz", "date"]
        return kinds.contains { name == $0 + "range" || name == $0 + "multirange" } ? name : nil
    }

    /// The table (this one or a partitioned ancestor) whose partition key includes `column`, if any.
    private func partitionKeyOwner(of column: String, in table: TableSchema) -> TableName? {
        var current: TableSchema? = table
        var seen: Set<TableName> = []
        while let candidate = current, seen.insert(candidate.name).inserted {
            if candidate.partitionKey.contains(column) { return candidate.name }
            current = candidate.parent.flatMap { schema[$0] }
        }
        return nil
    }
}
