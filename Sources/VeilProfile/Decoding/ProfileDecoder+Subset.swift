import Yams

extension ProfileDecoder {
    static let subsetSelectionKeys = ["where", "percent", "limit"]
    static let subsetOptionKeys = ["include_children", "max_rows_per_table"]

    /// `subset:` as selections: a bare condition, or a `{ where, percent, limit }` map. Problems with bare entries
    /// (and with table keys) are reported by ``decodeSubset(_:)``; this reports those inside maps.
    mutating func decodeSubsetSelections(_ node: Node) -> [String: SubsetSelection] {
        guard case .mapping(let mapping) = node else { return [:] }
        var selections: [String: SubsetSelection] = [:]
        for entry in entries(of: mapping, path: "subset") where TableKey(parsing: entry.key) != nil {
            let path = "subset.\(entry.echoedKey)"
            if case .scalar(let scalar) = entry.value, !isNull(entry.value) {
                selections[entry.key] = SubsetSelection(condition: scalar.string, location: entry.location)
                continue
            }
            guard case .mapping(let options) = entry.value else { continue }
            var selection = SubsetSelection(location: entry.location)
            for option in entries(of: options, path: path) {
                switch option.key {
                case "where": selection.condition = text(option.value, path: "\(path).where")
                case "percent":
                    guard let percent = decimal(option.value), percent > 0, percent <= 100 else {
                        report("\(path).percent: must be a number above 0 and at most 100", at: option.value)
                        continue
                    }
                    selection.percent = percent
                case "limit": selection.limit = integer(option.value, path: "\(path).limit", in: 1...1_000_000_000)
                default: reportUnknownKey(option, path: path, known: Self.subsetSelectionKeys)
                }
            }
            selections[entry.key] = selection
        }
        return selections
    }

    /// `subset_options: { include_children: BOOL, max_rows_per_table: N }`.
    mutating func decodeSubsetOptions(_ node: Node) -> SubsetOptions {
        var result = SubsetOptions()
        if isNull(node) { return result }
        guard let mapping = mapping(node, path: "subset_options", expected: "a map") else { return result }
        for entry in entries(of: mapping, path: "subset_options") {
            switch entry.key {
            case "include_children":
                result.includeChildren = boolean(entry.value, path: "subset_options.include_children") ?? false
            case "max_rows_per_table":
                result.maxRowsPerTable = integer(
                    entry.value, path: "subset_options.max_rows_per_table", in: 1...1_000_000_000)
            default: reportUnknownKey(entry, path: "subset_options", known: Self.subsetOptionKeys)
            }
        }
        return result
    }

    /// A plain YAML number (integer or decimal), or nil.
    private func decimal(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return nil }
        return Double(scalar.string)
    }
}
