import Foundation
import SQLiteDriver
import VeilTestSupport

/// One SQLite value with its storage class (`typeof()`), compared exactly: reals by their bits.
enum TortureStored: Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(UInt64)
    case text(String)
    case blob([UInt8])

    /// `typeof()` and the value, for messages about generated test data (never about a canary: those sit in
    /// masked columns, which are not compared).
    var description: String {
        switch self {
        case .null: "null"
        case .integer(let value): "integer \(value)"
        case .real(let bits): "real \(Double(bitPattern: bits))"
        case .text(let text): "text \(text.debugDescription)"
        case .blob(let bytes): "blob x'\(TortureStored.hex(bytes))'"
        }
    }

    /// A total order for order-free comparison: class first, then the value.
    var sortKey: String {
        switch self {
        case .null: "0"
        case .integer(let value): "1 \(value)"
        case .real(let bits): "2 \(bits)"
        case .text(let text): "3 " + text
        case .blob(let bytes): "4 " + TortureStored.hex(bytes)
        }
    }

    /// The value as text, for the canary search (a blob's bytes as UTF-8, NUL bytes as spaces: the search is C's).
    var searchable: String {
        switch self {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let bits): String(Double(bitPattern: bits))
        case .text(let text): text
        case .blob(let bytes): String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// A real below 1e-290 (not zero) as its value to 12 digits: README's documented caveat of a `.sql` script,
    /// which SQLite 3.40's parser may read one unit in the last place off.
    var roundedTiny: TortureStored {
        guard case .real(let bits) = self else { return self }
        let value = Double(bitPattern: bits)
        guard value != 0, abs(value) < 1e-290 else { return self }
        return .text("tiny real " + String(format: "%.10e", value))
    }
}

/// Facts about SQLite files read without Veil (test oracle).
enum TortureSQLiteOracle {
    /// Every row of `sql` on the file at `path`, each value with its storage class.
    static func rows(_ sql: String, in path: String) throws -> [[TortureStored]] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare(sql)
        var rows: [[TortureStored]] = []
        while let row = try statement.step() {
            rows.append(
                (0..<row.columnCount).map { index in
                    switch row.type(at: index) {
                    case .null: .null
                    case .integer: .integer(row.int64(at: index))
                    case .real: .real(row.double(at: index).bitPattern)
                    case .text: .text(row.text(at: index))
                    case .blob: .blob(row.blob(at: index))
                    }
                })
        }
        return rows
    }

    /// The values of `column` of `table`, sorted (an order-free multiset).
    static func column(_ column: String, of table: String, in path: String) throws -> [TortureStored] {
        try rows("SELECT \(SQLText.quoted(column)) FROM \(SQLText.quoted(table))", in: path).map { $0[0] }
            .sorted { $0.sortKey < $1.sortKey }
    }

    /// Every object of `sqlite_schema` (type, name, table, SQL as written), sorted.
    static func schema(of path: String) throws -> [[TortureStored]] {
        try rows("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", in: path)
    }

    /// `sqlite_sequence` (AUTOINCREMENT counters), or nothing when the file has none.
    static func sequences(of path: String) throws -> [[TortureStored]] {
        let has = try rows("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'", in: path)
        guard has.first?.first == .integer(1) else { return [] }
        return try rows("SELECT name, seq FROM sqlite_sequence ORDER BY name", in: path)
    }

    /// Every value of every table of the file as text, for the canary search (integers in decimal, so a card
    /// number stored as an integer is found too).
    static func everyValue(in path: String) throws -> String {
        var out = ""
        for table in try TortureOracle.sqliteCounts(path).keys.sorted() {
            for row in try rows("SELECT * FROM \(SQLText.quoted(table))", in: path) {
                out += row.map(\.searchable).joined(separator: "\t") + "\n"
            }
        }
        return out
    }

    /// Builds the file at `path` with the `sqlite3` shell from `script`.
    static func build(_ script: String, at path: String) throws {
        guard let shell = ProcessRunner.which("sqlite3") else { throw TortureHarnessError("no sqlite3 shell on PATH") }
        let outcome = try ProcessRunner.run(shell, ["-bail", path], input: script)
        guard outcome.status == 0, outcome.standardError.isEmpty else {
            throw TortureHarnessError("the sqlite3 shell: exit \(outcome.status): \(outcome.standardError)")
        }
    }
}
