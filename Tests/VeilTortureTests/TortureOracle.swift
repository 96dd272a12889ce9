import Foundation
import SQLiteDriver
import VeilConnectors
import VeilTestSupport

/// Facts about databases and files read without Veil (test oracle): row counts of every table, order-free digests
/// of columns, rows of SQLite and CSV outputs, and canary searches.
enum TortureOracle {
    /// `schema.relname` of every ordinary table (partitions and children included) outside the system schemas.
    static func relations(in database: String) throws -> [String] {
        try lines(
            database,
            """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1
            """)
    }

    /// Rows in every ordinary table (`FROM ONLY`), by `schema.relname`.
    static func counts(in database: String) throws -> [String: Int] {
        let text = try lines(
            database,
            """
            SELECT n.nspname || '.' || c.relname || E'\\t' || (xpath('/row/c/text()', query_to_xml(
              format('SELECT count(*) AS c FROM ONLY %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%'
            """)
        var counts: [String: Int] = [:]
        for line in text {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count == 2 { counts[String(parts[0])] = Int(parts[1]) }
        }
        return counts
    }

    /// The partition root of every partition (`schema.relname` → root's `schema.relname`).
    static func partitionRoots(in database: String) throws -> [String: String] {
        var roots: [String: String] = [:]
        for line in try lines(
            database,
            """
            SELECT n.nspname || '.' || c.relname || E'\\t' || rn.nspname || '.' || r.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class r ON r.oid = pg_partition_root(c.oid) JOIN pg_namespace rn ON rn.oid = r.relnamespace
            WHERE c.relispartition
            """)
        {
            let parts = line.split(separator: "\t")
            if parts.count == 2 { roots[String(parts[0])] = String(parts[1]) }
        }
        return roots
    }

    /// One order-free digest per column of `relation` (`schema`, `table`): md5 of the column's text forms (NULL as
    /// `\N`) sorted bytewise, so equal digests mean the same multiset of values.
    static func digests(of columns: [String], schema: String, table: String, in database: String) throws -> [String] {
        guard !columns.isEmpty else { return [] }
        let parts = columns.map { column in
            let value = "coalesce(t.\(SQLText.quoted(column))::text, '\\N')"
            return "coalesce(md5(string_agg(\(value), E'\\x01' ORDER BY \(value) COLLATE \"C\")), '-')"
        }
        let query =
            "SELECT \(parts.joined(separator: " || E'\\t' || ")) FROM ONLY "
            + "\(SQLText.quoted(schema)).\(SQLText.quoted(table)) t"
        return try TestPostgres.psql(database: database, query).split(separator: "\t").map(String.init)
    }

    /// Rows per table of a SQLite file.
    static func sqliteCounts(_ path: String) throws -> [String: Int] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let names = try connection.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        var tables: [String] = []
        while let row = try names.step() { tables.append(row.text(at: 0)) }
        var counts: [String: Int] = [:]
        for table in tables {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            counts[table] = try connection.prepare("SELECT count(*) FROM \(quoted)").step().map { Int($0.int64(at: 0)) }
        }
        return counts
    }

    /// Rows per `.csv` file of a directory, each read back with `CSVReader`.
    static func csvCounts(_ directory: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".csv") {
            let reader = try CSVReader(path: directory + "/" + file)
            var rows = 0
            while let item = try reader.next() {
                if case .rows(let batch) = item { rows += batch.count }
            }
            counts[file] = rows
        }
        return counts
    }

    /// The canaries found in `text`.
    static func canaries(_ canaries: [String], in text: String) -> [String] {
        let haystack = ByteHaystack(text)
        return canaries.filter { haystack.contains($0) }
    }

    /// The canaries found in the bytes of every regular file under `directory` (NUL bytes read as spaces, so a
    /// SQLite file is searched whole), by file name.
    static func canaries(_ canaries: [String], underDirectory directory: String) -> [String: [String]] {
        var found: [String: [String]] = [:]
        guard let files = FileManager.default.enumerator(atPath: directory) else { return found }
        for case let file as String in files {
            let path = directory + "/" + file
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let text = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            let hits = Self.canaries(canaries, in: text)
            if !hits.isEmpty { found[file] = hits }
        }
        return found
    }

    private static func lines(_ database: String, _ sql: String) throws -> [String] {
        try TestPostgres.psql(database: database, sql).split(separator: "\n").map(String.init)
    }
}
