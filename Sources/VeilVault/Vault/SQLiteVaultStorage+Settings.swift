extension SQLiteVaultStorage {
    public func settings(withPrefix prefix: String) throws -> [(name: String, value: String)] {
        // substr compares whole characters, so no LIKE wildcard in a domain name can widen the match.
        try read(
            "SELECT name, value FROM veil_vault WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name",
            bind: { try $0.bind(text: prefix, at: 1) },
            map: { row in (name: row.text(at: 0), value: row.text(at: 1)) })
    }
}
