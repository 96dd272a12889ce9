import Foundation
import SQLiteDriver
import VeilTestSupport

extension TortureSeedRun {
    /// `veil snapshot` of the confirmed profile with `subset:` roots (``TortureSubset/roots(among:firstSchema:)``,
    /// children included on odd seeds) to SQLite and to `.sql`. Each output holds only rows of the source with
    /// their kept columns equal, every row a root's condition selects, and foreign keys that hold; the `.sql` one
    /// restores with ON_ERROR_STOP and has every constraint of the source.
    func snapshotPaths() throws {
        let relations = Array(sourceCounts.keys) + Array(Set(roots.values))
        let subsetRoots = TortureSubset.roots(among: relations.sorted(), firstSchema: database.schemas[0])
        let confirmed = try String(contentsOfFile: directory.file("confirmed.yaml"), encoding: .utf8)
        directory.write(
            confirmed + "\n" + TortureSubset.yaml(subsetRoots, includeChildren: database.seed % 2 == 1),
            to: "snapshot.yaml")
        let expected = try rootRows(subsetRoots)
        try path(
            "snapshot-sqlite", arguments: ["snapshot", "snapshot.yaml", "--out", directory.file("snapshot.sqlite")],
            exists: { self.exists("snapshot.sqlite") }
        ) {
            try self.verifySQLiteSubset("snapshot-sqlite", self.directory.file("snapshot.sqlite"), roots: expected)
        }
        try path(
            "snapshot-sql", arguments: ["snapshot", "snapshot.yaml", "--out", directory.file("snapshot.sql")],
            exists: { self.exists("snapshot.sql") }
        ) {
            guard let copy = try self.verifyRestored("snapshot-sql", "snapshot.sql", full: false) else { return }
            try self.verifyDatabaseSubset("snapshot-sql", copy, roots: expected)
        }
    }

    /// The tables whose rows a snapshot must hold, each with the root condition that selects them (a root's
    /// partitions and inheritance children included).
    private func rootRows(_ subsetRoots: [TortureSubset.Root]) throws -> [String: [String]] {
        var conditions: [String: [String]] = [:]
        for root in subsetRoots {
            for member in try TortureSubset.family(of: root.relation, in: source) {
                conditions[member, default: []].append(root.condition)
            }
        }
        return conditions
    }

    /// The source's rows of `relation` (kept columns) that the root conditions select.
    private func selectedRows(_ relation: String, _ columns: [String], _ conditions: [String]) throws -> [[String?]] {
        var rows: [[String?]] = []
        for condition in conditions {
            rows += try TortureValues.rows(of: columns, relation: relation, only: true, in: source, where: condition)
        }
        return rows
    }

    /// Every table of the restored snapshot `copy` holds rows of the source's table (kept columns equal) and every
    /// row the roots select.
    private func verifyDatabaseSubset(_ name: String, _ copy: String, roots conditions: [String: [String]]) throws {
        let counts = try TortureOracle.counts(in: copy)
        for relation in sourceCounts.keys.sorted() {
            guard let count = counts[relation] else {
                findings.append("\(name): \(relation) is missing\(replay(of: relation))")
                continue
            }
            let kept = keptColumns(relation)
            guard !kept.isEmpty else {
                if count > sourceCounts[relation]! {
                    findings.append("\(name): \(relation) has more rows than the source\(replay(of: relation))")
                }
                continue
            }
            let rows = try TortureValues.rows(of: kept, relation: relation, only: true, in: copy)
            let sourceRows = try TortureValues.rows(of: kept, relation: relation, only: true, in: source)
            comparedColumns[name, default: 0] += kept.count
            if !TortureSubset.isSubMultiset(rows, of: sourceRows) {
                findings.append(
                    "\(name): \(relation) holds rows that are not the source's (kept columns \(kept))"
                        + replay(of: relation))
            }
            let selected = try selectedRows(relation, kept, conditions[relation] ?? [])
            if !TortureSubset.isSubMultiset(selected, of: rows) {
                findings.append("\(name): \(relation) lacks rows its subset root selects\(replay(of: relation))")
            }
        }
    }

    /// Every table of the SQLite snapshot holds rows of the source's (kept columns with an exact rendering equal),
    /// every row the roots select, and foreign keys that hold.
    private func verifySQLiteSubset(_ name: String, _ file: String, roots conditions: [String: [String]]) throws {
        let connection = try SQLiteConnection(path: file, mode: .readOnly)
        let types = try TortureValues.columnTypes(in: source)
        let partitioned = Set(roots.values)
        for table in Set(sourceCounts.keys.map { roots[$0] ?? $0 }).sorted() {
            let columns = keptColumns(table).compactMap { column in
                types[table]?[column].flatMap(TortureSQLiteRendering.init(postgresType:)).map { (column, $0) }
            }
            skippedColumns[name, default: 0] += keptColumns(table).count - columns.count
            guard !columns.isEmpty else { continue }
            comparedColumns[name, default: 0] += columns.count
            let render: ([[String?]]) -> [[String?]] = { rows in
                rows.map { row in zip(row, columns).map { field, column in column.1.expected(field) } }
            }
            let sourceRows = render(
                try TortureValues.rows(
                    of: columns.map(\.0), relation: table, only: !partitioned.contains(table), in: source))
            var rows: [[String?]] = []
            let list = columns.map { SQLText.quoted($0.0) }.joined(separator: ", ")
            guard
                let statement = try? connection.prepare(
                    "SELECT \(list) FROM \(SQLText.quoted(TortureOutputDigests.sqliteTable(table)))")
            else {
                findings.append("\(name): \(table) or its kept columns are missing\(replay(of: table))")
                continue
            }
            while let row = try statement.step() {
                rows.append(columns.indices.map { TortureSQLiteRendering.actual(row, $0) })
            }
            if !TortureSubset.isSubMultiset(rows, of: sourceRows) {
                findings.append(
                    "\(name): \(table) holds rows that are not the source's (kept columns \(columns.map(\.0)))"
                        + replay(of: table))
            }
            var selected: [[String?]] = []
            for member in conditions.keys where (roots[member] ?? member) == table {
                selected += render(try selectedRows(member, columns.map(\.0), conditions[member]!))
            }
            if !TortureSubset.isSubMultiset(selected, of: rows) {
                findings.append("\(name): \(table) lacks rows its subset root selects\(replay(of: table))")
            }
        }
        for violation in try TortureSubset.sqliteForeignKeyViolations(file) {
            findings.append("\(name): \(violation)")
        }
    }
}
