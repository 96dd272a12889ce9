import Yams

extension ProfileDecoder {
    static let tableKeys = ["columns", "rows"]

    /// `tables:` — entries in file order. Two keys naming the same table (`public.t` and `"public"."t"`)
    /// are reported like a repeated key.
    mutating func decodeTables(_ node: Node) -> [TableEntry] {
        if isNull(node) { return [] }
        let expected = "a map of table: keep | { rows: none } | { columns: ... }"
        guard let mapping = mapping(node, path: "tables", expected: expected) else { return [] }
        var tables: [TableEntry] = []
        var seen: [TableKey: SourceLocation] = [:]
        for entry in entries(of: mapping, path: "tables") {
            guard let key = TableKey(parsing: entry.key) else {
                report("tables: \(TableKey.invalidMessage(entry.key))", at: entry.location)
                continue
            }
            if let first = seen[key] {
                report(
                    "tables: '\(entry.echoedKey)' names the same table as the entry at line \(first.line)",
                    at: entry.location)
                continue
            }
            seen[key] = entry.location
            if let disposition = decodeDisposition(entry) {
                tables.append(TableEntry(key: entry.key, disposition: disposition, location: entry.location))
            }
        }
        return tables
    }

    /// `keep`, `{ rows: none }` or `{ columns: { column: rule, ... } }`.
    private mutating func decodeDisposition(_ entry: Entry) -> TableDisposition? {
        let path = "tables.\(entry.echoedKey)"
        let expected = "keep, { rows: none } or { columns: { column: rule, ... } }"
        switch entry.value {
        case .scalar(let scalar) where scalar.string == "keep":
            return .keep
        case .mapping(let mapping):
            var schemaOnly = false
            var columns: [ColumnEntry]?
            var rowsLocation: SourceLocation?
            var columnsLocation: SourceLocation?
            var sawUnknownKey = false
            for field in entries(of: mapping, path: path) {
                switch field.key {
                case "rows":
                    rowsLocation = field.location
                    if case .scalar(let scalar) = field.value, scalar.string == "none" {
                        schemaOnly = true
                    } else {
                        report("\(path).rows: the only value is none (copy the schema, no rows)", at: field.value)
                    }
                case "columns":
                    columnsLocation = field.location
                    columns = decodeColumns(field.value, path: "\(path).columns")
                default:
                    sawUnknownKey = true
                    reportUnknownKey(field, path: path, known: Self.tableKeys)
                }
            }
            if schemaOnly, let columnsLocation {
                report(
                    "\(path): rows: none copies no rows, so its columns: would be ignored; remove one of them",
                    at: columnsLocation)
                return nil
            }
            if rowsLocation == nil, columnsLocation == nil {
                if sawUnknownKey { return nil }
                report("\(path): must be \(expected)", at: entry.location)
                return nil
            }
            if schemaOnly { return .schemaOnly }
            return columns.map(TableDisposition.columns)
        default:
            report("\(path): must be \(expected), found \(describe(entry.value))", at: entry.value)
            return nil
        }
    }

    /// A node's kind, or the word itself when it is a plain word (`kept`, `none`), which is no secret.
    private func describe(_ node: Node) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty,
            scalar.string.count <= 40, scalar.string.allSatisfy({ $0.isLetter || $0 == "_" })
        else { return kind(of: node) }
        return "'\(scalar.string)'"
    }

    /// `columns:` — column name → rule, in file order.
    private mutating func decodeColumns(_ node: Node, path: String) -> [ColumnEntry]? {
        guard let mapping = mapping(node, path: path, expected: "a map of column: rule") else { return nil }
        var columns: [ColumnEntry] = []
        var valid = true
        for entry in entries(of: mapping, path: path) {
            guard let rule = decodeRule(entry.value, path: "\(path).\(entry.echoedKey)") else {
                valid = false
                continue
            }
            columns.append(ColumnEntry(name: entry.key, rule: rule, location: entry.location))
        }
        return valid ? columns : nil
    }
}
