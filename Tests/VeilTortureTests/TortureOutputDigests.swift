import Foundation
import SQLiteDriver
import VeilConnectors
import VeilCore

/// What comparing kept columns found: the columns whose values differ (by `schema.relname` of the source table),
/// how many columns were compared and how many had no exact rendering to compare with.
struct TortureComparison {
    var differences: [(relation: String, text: String)] = []
    var compared = 0
    var skipped = 0
}

/// How a SQLite target stores a PostgreSQL column's output text, by its declared type (README, Sources and
/// targets: integers → INTEGER, bytea → BLOB, boolean → 0/1, floats and numeric → REAL/NUMERIC, the rest TEXT).
/// Values are compared as `class:text` (`i:42`, `t:…`, `b:<hex>`, `r:<double>`), so a value stored with another
/// storage class than the documented one differs too.
enum TortureSQLiteRendering: Equatable {
    case integer, boolean, blob, text
    /// A numeric or floating-point column, declared with this affinity (`NUMERIC`, `REAL`): what it stores for a
    /// text is SQLite's own rule (`0.0000` becomes the integer 0, `1e400` the infinity, `NaN` stays text), so the
    /// expected value is asked of SQLite (``TortureSQLiteNumbers``).
    case number(affinity: String)

    /// The rendering of a column of `type` (`format_type`).
    init?(postgresType type: String) {
        var base = type.lowercased()
        if base.hasSuffix("]") {
            self = .text
            return
        }
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]).trimmingCharacters(in: .whitespaces) }
        switch base {
        case "smallint", "integer", "bigint": self = .integer
        case "boolean": self = .boolean
        case "bytea": self = .blob
        case "numeric": self = .number(affinity: "NUMERIC")
        case "real", "double precision": self = .number(affinity: "REAL")
        default: self = .text
        }
    }

    /// The SQLite value PostgreSQL's output `text` becomes (nil for NULL).
    func expected(_ text: String?) -> String? {
        guard let text else { return nil }
        switch self {
        case .integer: return "i:" + text
        case .boolean: return text == "t" ? "i:1" : text == "f" ? "i:0" : "t:" + text
        case .blob: return text.hasPrefix("\\x") ? "b:" + text.dropFirst(2).lowercased() : "t:" + text
        case .text: return "t:" + text
        case .number(let affinity): return TortureSQLiteNumbers.stored(text, affinity: affinity)
        }
    }

    /// The value at `index` of a SQLite row as `class:text`.
    static func actual(_ row: SQLiteRow, _ index: Int) -> String? {
        switch row.type(at: index) {
        case .null: nil
        case .integer: "i:\(row.int64(at: index))"
        case .real: "r:\(row.double(at: index))"
        case .text: "t:" + row.text(at: index)
        case .blob: "b:" + row.blob(at: index).map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// Kept columns of SQLite and CSV outputs compared with the source (test oracle): per output table, every kept
/// column's values as an order-free multiset against the source table's (a partitioned table's rows with all its
/// partitions), rendered the way the writer renders them.
struct TortureOutputDigests {
    /// The source database.
    let source: String
    /// Kept columns by the source table (`schema.relname`) whose rows an output table holds: every table but
    /// partitions, whose rows are their root's.
    let kept: [String: [String]]
    /// Tables whose rows include their partitions' (read without `ONLY`).
    let partitioned: Set<String>
    let types: [String: [String: String]]

    /// SQLite names a table `table` in `public`, else `schema_table`.
    static func sqliteTable(_ relation: String) -> String {
        let (schema, table) = TortureValues.split(relation)
        return schema == "public" ? table : "\(schema)_\(table)"
    }

    /// CSV names a table's file `table.csv` in `public`, else `schema.table.csv`.
    static func csvFile(_ relation: String) -> String {
        let (schema, table) = TortureValues.split(relation)
        return (schema == "public" ? table : "\(schema).\(table)") + ".csv"
    }

    /// The SQLite file's kept columns against the source's, each rendered by ``TortureSQLiteRendering``.
    func compareSQLite(_ path: String) throws -> TortureComparison {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        var result = TortureComparison()
        for (relation, columns) in kept.sorted(by: { $0.key < $1.key }) where !columns.isEmpty {
            let renderings = columns.map { types[relation]?[$0].flatMap(TortureSQLiteRendering.init(postgresType:)) }
            let compared = zip(columns, renderings).filter { $0.1 != nil }
            result.skipped += columns.count - compared.count
            guard !compared.isEmpty else { continue }
            let sourceRows = try TortureValues.rows(
                of: compared.map(\.0), relation: relation, only: !partitioned.contains(relation), in: source)
            let list = compared.map { SQLText.quoted($0.0) }.joined(separator: ", ")
            let statement: SQLiteStatement
            do {
                statement = try connection.prepare(
                    "SELECT \(list) FROM \(SQLText.quoted(Self.sqliteTable(relation)))")
            } catch {
                result.differences.append((relation, "the kept columns cannot be read back (\(error))"))
                continue
            }
            var outputRows: [[String?]] = []
            while let row = try statement.step() {
                outputRows.append(compared.indices.map { TortureSQLiteRendering.actual(row, $0) })
            }
            for (index, (column, rendering)) in compared.enumerated() {
                result.compared += 1
                let expected = sourceRows.map { rendering!.expected($0[index]) }
                if !Self.sameMultiset(expected, outputRows.map { $0[index] }) {
                    let type = types[relation]?[column] ?? "?"
                    result.differences.append(
                        (relation, "\(relation).\(column) (\(type)) is kept but its values differ"))
                }
            }
        }
        return result
    }

    /// The CSV folder's kept columns against the source's: a PostgreSQL value is written as its output text.
    func compareCSV(_ directory: String) throws -> TortureComparison {
        var result = TortureComparison()
        for (relation, columns) in kept.sorted(by: { $0.key < $1.key }) where !columns.isEmpty {
            let file = directory + "/" + Self.csvFile(relation)
            guard FileManager.default.fileExists(atPath: file) else {
                result.differences.append((relation, "\(Self.csvFile(relation)) is missing"))
                continue
            }
            let (header, outputRows) = try Self.csvRows(file)
            let sourceRows = try TortureValues.rows(
                of: columns, relation: relation, only: !partitioned.contains(relation), in: source)
            for (index, column) in columns.enumerated() {
                guard let position = header.firstIndex(of: column) else {
                    result.differences.append((relation, "\(relation).\(column) is kept but has no CSV column"))
                    continue
                }
                result.compared += 1
                if !Self.sameMultiset(sourceRows.map { $0[index] }, outputRows.map { $0[position] }) {
                    result.differences.append((relation, "\(relation).\(column) is kept but its CSV values differ"))
                }
            }
        }
        return result
    }

    /// The header and rows of one CSV file, read back with `CSVReader`.
    static func csvRows(_ file: String) throws -> (header: [String], rows: [[String?]]) {
        let reader = try CSVReader(path: file)
        var header: [String] = []
        var rows: [[String?]] = []
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): header = data.columns
            case .rows(let batch): rows += batch.rows
            default: break
            }
        }
        return (header, rows)
    }

    /// The two lists hold the same values as often, compared byte for byte (Swift's `==` would equate canonically
    /// equivalent Unicode, which a copy must not change either).
    static func sameMultiset(_ first: [String?], _ second: [String?]) -> Bool {
        first.count == second.count && zip(sortedBytes(first), sortedBytes(second)).allSatisfy { $0 == $1 }
    }

    static func sortedBytes(_ values: [String?]) -> [[UInt8]] {
        // NULL sorts first, as an empty array, ahead of the empty string's `[0]`.
        values.map { $0.map { [0] + Array($0.utf8) } ?? [] }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}

extension TortureSeedRun {
    /// The oracle for this seed's source: kept columns of every table whose rows an output table holds.
    func outputDigests() throws -> TortureOutputDigests {
        var kept: [String: [String]] = [:]
        for relation in sourceCounts.keys { kept[roots[relation] ?? relation] = keptColumns(relation) }
        let types = try TortureValues.columnTypes(in: source)
        return TortureOutputDigests(source: source, kept: kept, partitioned: Set(roots.values), types: types)
    }

    /// Every kept column of the SQLite output `file` holds the source's values as the SQLite writer stores them, and
    /// every foreign key of the file holds.
    func verifySQLiteValues(_ name: String, _ file: String) throws {
        record(name, try outputDigests().compareSQLite(file))
        for violation in try TortureSubset.sqliteForeignKeyViolations(file) {
            findings.append("\(name): \(violation)")
        }
    }

    /// Every kept column of the CSV folder holds the source's values as their output text.
    func verifyCSVValues(_ name: String, _ folder: String) throws {
        record(name, try outputDigests().compareCSV(folder))
    }

    func record(_ name: String, _ comparison: TortureComparison) {
        comparedColumns[name, default: 0] += comparison.compared
        skippedColumns[name, default: 0] += comparison.skipped
        for (relation, text) in comparison.differences {
            findings.append("\(name): \(text)\(replay(of: relation))")
        }
    }
}
