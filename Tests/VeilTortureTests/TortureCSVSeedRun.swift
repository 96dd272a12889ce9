import Foundation
import VeilTestSupport

/// One CSV seed through Veil: the generated folder (or single file) is scanned with its delimiter, the skeleton
/// checked as written and confirmed, then copied to a CSV folder and to a SQLite file (and to `.sql`, which Veil
/// documents it refuses for a CSV source). Every file's rows and header must come through, every kept field be
/// the source's exactly (NULL and `""` apart; text with `typeof()` text in SQLite), and no canary appear anywhere.
final class TortureCSVSeedRun: TortureFileRun {
    let source: TortureCSVSource
    let session: TortureSession

    init(seed: UInt64, rowCap: Int) {
        source = TortureCSVSource(seed: seed, rowCap: rowCap)
        session = TortureSession(seed: seed, label: "csv")
    }

    func run() throws {
        let directory = session.directory
        try FileManager.default.createDirectory(atPath: directory.file("source"), withIntermediateDirectories: true)
        for file in source.files {
            directory.write(file.text, to: "source/\(file.table).csv")
            let reread = try TortureCSVText.parse(file.text, delimiter: source.delimiter)
            guard reread == file.model else {
                throw TortureHarnessError("the generated \(file.table).csv does not parse back to its model")
            }
        }
        let path = source.singleFile ? directory.file("source/\(source.files[0].table).csv") : directory.file("source")
        let options = source.delimiterOption.map { ["--csv-delimiter", $0] } ?? []
        if try session.scanAndConfirm(path, scanOptions: options) {
            try session.path("csv", ["run", "confirmed.yaml", "--target", "csv/"], output: "csv") {
                try self.verifyCSV(directory.file("csv"))
            }
            try session.path("sqlite", ["run", "confirmed.yaml", "--target", "copy.sqlite"], output: "copy.sqlite") {
                try self.verifySQLite(directory.file("copy.sqlite"))
            }
            try session.documentedRefusal(
                "run to .sql", ["run", "confirmed.yaml", "--target", "refused.sql"], output: "refused.sql")
        }
        var texts: [(String, String)] = []
        if let text = try? TortureSQLiteOracle.everyValue(in: directory.file("copy.sqlite")) {
            texts.append(("the values of copy.sqlite", text))
        }
        session.searchCanaries(source.canaries, excluded: ["source"], texts: texts)
    }

    private func replay(_ file: TortureCSVFile) -> String {
        "\n--- replay (seed \(source.seed), \(file.shape)):\n" + file.text
    }

    /// The columns of `file` the confirmed skeleton keeps, with their positions.
    private func kept(_ file: TortureCSVFile) -> [(index: Int, column: String)] {
        let kept = session.kept(file.table)
        return file.model.header.enumerated().filter { kept.contains($0.element) }.map { ($0.offset, $0.element) }
    }

    /// Every value of column `index` of the model, sorted (NULL first).
    private func column(_ rows: [[String?]], _ index: Int) -> [String?] {
        rows.map { $0[index] }.sorted { ($0.map { "1" + $0 } ?? "0") < ($1.map { "1" + $0 } ?? "0") }
    }

    private func verifyCSV(_ folder: String) throws {
        for file in source.files {
            guard let data = FileManager.default.contents(atPath: folder + "/" + file.table + ".csv") else {
                session.record("csv: no file for \(file.table)")
                continue
            }
            let parsed: TortureCSVText.Table
            do {
                parsed = try TortureCSVText.parse(String(decoding: data, as: UTF8.self))
            } catch {
                session.record("csv: \(file.table).csv does not parse: \(error)\(replay(file))")
                continue
            }
            guard parsed.header == file.model.header, parsed.rows.count == file.model.rows.count else {
                session.record(
                    "csv: \(file.table).csv has \(parsed.header.count) columns and \(parsed.rows.count) rows, the "
                        + "source \(file.model.header.count) and \(file.model.rows.count)\(replay(file))")
                continue
            }
            for (index, name) in kept(file) {
                session.comparedColumns["csv", default: 0] += 1
                if column(parsed.rows, index) != column(file.model.rows, index) {
                    session.record("csv: \(file.table).\(name) is kept but its fields differ\(replay(file))")
                }
            }
        }
    }

    private func verifySQLite(_ path: String) throws {
        let counts = try TortureOracle.sqliteCounts(path)
        for file in source.files {
            guard counts[file.table] == file.model.rows.count else {
                session.record(
                    "sqlite: \(file.table) has \(counts[file.table].map(String.init) ?? "no table") rows, the source "
                        + "\(file.model.rows.count)\(replay(file))")
                continue
            }
            for (index, name) in kept(file) {
                session.comparedColumns["sqlite", default: 0] += 1
                let stored = try TortureSQLiteOracle.column(name, of: file.table, in: path)
                let expected = file.model.rows.map { $0[index].map(TortureStored.text) ?? .null }
                    .sorted { $0.sortKey < $1.sortKey }
                if stored != expected {
                    let difference =
                        zip(expected, stored).first { $0 != $1 }
                        .map { " (source \($0.0), copy \($0.1))" } ?? ""
                    session.record(
                        "sqlite: \(file.table).\(name) is kept but its values or storage classes differ"
                            + "\(difference)\(replay(file))")
                }
            }
        }
    }
}
