extension PostgresVaultStorage {
    public func settings(withPrefix prefix: String) throws -> [(name: String, value: String)] {
        try storageStep {
            // left() compares whole characters, so no LIKE wildcard in a domain name can widen the match.
            let result = try connection.execute(
                "SELECT name, value FROM \(bindingTable) WHERE left(name, length($1)) = $1 ORDER BY name",
                parameters: [prefix])
            return (0..<result.rowCount).map { row in
                (name: result.value(row: row, column: 0) ?? "", value: result.value(row: row, column: 1) ?? "")
            }
        }
    }
}
