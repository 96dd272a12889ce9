import Foundation
import VeilTestSupport

/// Facts about a database on the test server, read with psql (test oracle, independent of Veil).
enum StagingOracle {
    /// Ordinary tables (and partitions) of the public schema.
    static func tables(in database: String) throws -> [String] {
        try TestPostgres.psql(
            database: database,
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1
            """
        ).split(separator: "\n").map(String.init)
    }

    /// `table: count md5` for every table, one line each: equal lines mean equal contents.
    static func checksums(of database: String) throws -> [String] {
        let query =
            try tables(in: database).map { table in
                "SELECT '\(table)' || ': ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY "
                    + "t::text)), '-') FROM ONLY public.\(table) t"
            }.joined(separator: " UNION ALL ") + " ORDER BY 1"
        return try TestPostgres.psql(database: database, query).split(separator: "\n").map(String.init)
    }

    /// `table: count` for every table.
    static func counts(of database: String) throws -> [String] {
        let query =
            try tables(in: database).map { table in
                "SELECT '\(table)' || ': ' || count(*) FROM ONLY public.\(table)"
            }.joined(separator: " UNION ALL ") + " ORDER BY 1"
        return try TestPostgres.psql(database: database, query).split(separator: "\n").map(String.init)
    }

    /// Every index definition, sorted.
    static func indexes(of database: String) throws -> [String] {
        try TestPostgres.psql(
            database: database, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).split(separator: "\n").map(String.init)
    }

    /// Every constraint as `table name definition`, sorted.
    static func constraints(of database: String) throws -> [String] {
        try TestPostgres.psql(
            database: database,
            """
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public' ORDER BY 1
            """
        ).split(separator: "\n").map(String.init)
    }

    /// Names of databases on the server that start with `prefix`.
    static func databases(startingWith prefix: String) throws -> [String] {
        try TestPostgres.psql(
            database: "postgres",
            "SELECT datname FROM pg_database WHERE starts_with(datname, '\(prefix)') ORDER BY 1"
        ).split(separator: "\n").map(String.init)
    }

    /// The values of one column, non-NULL and non-empty.
    static func values(_ column: String, of table: String, in database: String) throws -> Set<String> {
        Set(
            try TestPostgres.psql(
                database: database, "SELECT \(column) FROM public.\(table) WHERE coalesce(\(column), '') <> ''"
            ).split(separator: "\n").map(String.init))
    }
}
