import PostgresDriver

extension PostgresVaultStorage {
    /// Creates the schema and the tables (tokens, settings, staff accounts and their usage) when missing, and the
    /// staff tables' seal columns, inside one transaction holding an advisory lock (two
    /// processes starting at once would otherwise race on the catalogs). Existing objects are not re-created, so
    /// a role with only read and write rights on tables made by someone else can open the vault.
    func createTablesIfNeeded() throws {
        try storageStep {
            try connection.transaction {
                try connection.execute(
                    "SELECT pg_advisory_xact_lock(\(Self.lockSpace), hashtext($1))", parameters: ["schema|" + schema])
                let found = try connection.execute(
                    "SELECT n.nspname, c.relname FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid "
                        + "AND c.relname IN ('veil_tokens', 'veil_vault', 'veil_staff', 'veil_staff_usage') "
                        + "WHERE n.nspname = $1",
                    parameters: [schema])
                let tables = Set((0..<found.rowCount).compactMap { found.value(row: $0, column: 1) })
                let quotedSchema = try connection.quoteIdentifier(schema)
                if found.rowCount == 0 {
                    try connection.execute("CREATE SCHEMA IF NOT EXISTS \(quotedSchema)")
                }
                if !tables.contains("veil_tokens") {
                    try connection.execute(
                        """
                        CREATE TABLE IF NOT EXISTS \(tokensTable) (
                            domain text NOT NULL,
                            token text NOT NULL,
                            fingerprint bytea NOT NULL,
                            key_version integer NOT NULL,
                            ciphertext bytea NOT NULL,
                            PRIMARY KEY (domain, token),
                            CONSTRAINT veil_tokens_fingerprint UNIQUE (domain, fingerprint)
                        )
                        """)
                }
                if !tables.contains("veil_vault") {
                    try connection.execute(
                        "CREATE TABLE IF NOT EXISTS \(bindingTable) (name text PRIMARY KEY, value text NOT NULL)")
                }
                if !tables.contains("veil_staff") {
                    try connection.execute(
                        """
                        CREATE TABLE IF NOT EXISTS \(quotedSchema).veil_staff (
                            name text PRIMARY KEY,
                            role text NOT NULL,
                            api_key_hash text NOT NULL,
                            totp_ciphertext bytea NOT NULL,
                            last_step bigint,
                            disabled boolean NOT NULL DEFAULT false,
                            created text NOT NULL,
                            seal text,
                            step_seal text
                        )
                        """)
                }
                if !tables.contains("veil_staff_usage") {
                    try connection.execute(
                        "CREATE TABLE IF NOT EXISTS \(quotedSchema).veil_staff_usage (name text NOT NULL, day text NOT NULL, "
                            + "tokens bigint NOT NULL, seal text, PRIMARY KEY (name, day))")
                }
                try addSealColumnsIfNeeded(quotedSchema: quotedSchema)
            }
        }
    }

    /// Staff tables made before seals existed get their seal columns (only when missing, so a role without the
    /// right to alter tables can open a vault that already has them).
    private func addSealColumnsIfNeeded(quotedSchema: String) throws {
        let found = try connection.execute(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = $1 "
                + "AND table_name IN ('veil_staff', 'veil_staff_usage') AND column_name IN ('seal', 'step_seal')",
            parameters: [schema])
        let present = Set((0..<found.rowCount).compactMap { found.value(row: $0, column: 0) })
        for column in ["veil_staff.seal", "veil_staff.step_seal", "veil_staff_usage.seal"] where !present.contains(column) {
            let parts = column.split(separator: ".")
            try connection.execute("ALTER TABLE \(quotedSchema).\(parts[0]) ADD COLUMN IF NOT EXISTS \(parts[1]) text")
        }
    }
}
