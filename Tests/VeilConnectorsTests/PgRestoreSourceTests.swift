import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// pg_dump custom (`-Fc`), tar (`-Ft`) and directory (`-Fd`) archives read through `pg_restore --file=-`. The fixtures are
/// real `pg_dump` 15 archives of the shop database (see `Fixtures/archives/README.md`).
@Suite("pg_dump archives through pg_restore")
struct PgRestoreSourceTests {
    static let pgRestore = PgDumpReader.pgRestoreExecutable()
    static let customArchive = Fixture.local("archives/shop.dump")
    static let directoryArchive = Fixture.local("archives/shop.dir")
    static let tarArchive = Fixture.local("archives/shop.tar")

    // MARK: - Detection

    @Test("custom, tar and directory archives are detected", arguments: [customArchive, tarArchive, directoryArchive])
    func detectsArchives(path: String) {
        #expect(PgDumpReader.isArchive(path: path))
    }

    @Test("plain dumps, missing paths, folders without toc.dat and near-magic files are not archives")
    func rejectsNonArchives() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("empty.dir"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("nested"), withIntermediateDirectories: true)
        // A folder named toc.dat is not a directory archive's table of contents.
        try FileManager.default.createDirectory(
            atPath: directory.path("nested/toc.dat"), withIntermediateDirectories: true)
        let cases = [
            Fixture.local("edge-cases.sql"),
            directory.path("missing.dump"),
            directory.path("empty.dir"),
            directory.path("nested"),
            try directory.file("short.dump", "PGDM"),
            try directory.file("empty.dump", ""),
            try directory.file("plain.dump", "-- PGDMP\nSELECT 1;\n"),
        ]
        for path in cases {
            #expect(!PgDumpReader.isArchive(path: path), "\(URL(fileURLWithPath: path).lastPathComponent)")
        }
    }

    @Test("a folder with a toc.dat file and a file starting with PGDMP are archives")
    func detectsMadeUpArchives() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("made.dir"), withIntermediateDirectories: true)
        _ = try directory.file("made.dir/toc.dat", "")
        #expect(PgDumpReader.archiveFormat(path: directory.path("made.dir")) == .directory)
        #expect(PgDumpReader.archiveFormat(path: try directory.file("magic.bin", "PGDMP")) == .custom)
    }

    // MARK: - Reading

    @Test(
        "an archive reads as the same schema, row counts and items as its pg_restore output in a plain file",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"),
        arguments: [customArchive, tarArchive, directoryArchive])
    func archiveMatchesPlainRestore(archive: String) throws {
        let directory = TemporaryDirectory()
        let plainPath = directory.path("shop-restored.sql")
        try Self.restore(Self.customArchive, to: plainPath)

        let plain = try PgDumpReader(path: plainPath)
        let fromArchive = try PgDumpReader(path: archive)
        let schema = try fromArchive.schema()
        #expect(schema == (try plain.schema()))
        #expect(schema.tables.count == 5)
        let counts = try fromArchive.rowCounts()
        #expect(counts.map(\.table) == (try plain.rowCounts()).map(\.table))
        #expect(counts.map(\.rows) == (try plain.rowCounts()).map(\.rows))
        #expect(counts.allSatisfy { $0.rows > 0 })

        let expected = try readAll(plain).map(Self.render)
        let actual = try readAll(fromArchive).map(Self.render)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
        #expect(actual.contains { $0.hasPrefix("rows ") })
        #expect(try fromArchive.next() == nil)
    }

    @Test(
        "the directory and custom archives of one dump read alike, in small batches",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"))
    func directoryMatchesCustom() throws {
        let options = PgDumpReaderOptions(batchSize: 7, keepLargeObjects: true)
        let custom = try PgDumpReader(path: Self.customArchive, options: options)
        let folder = try PgDumpReader(path: Self.directoryArchive, options: options)
        #expect(try readAll(custom).map(Self.render) == readAll(folder).map(Self.render))
    }

    @Test(
        "a reader dropped in the middle of an archive stops pg_restore and does not hang",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"))
    func stopsEarly() throws {
        for _ in 0..<3 {
            let reader = try PgDumpReader(path: Self.customArchive, options: .init(batchSize: 1))
            var rows = 0
            while let item = try reader.next() {
                if case .rows = item { rows += 1 }
                if rows == 5 { break }
            }
            #expect(rows == 5)
        }
    }

    // MARK: - Failures

    @Test(
        "a truncated custom archive fails with a .source error from pg_restore before any item",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"),
        arguments: [0.3, 0.6, 0.95])
    func truncatedArchiveFails(fraction: Double) throws {
        let directory = TemporaryDirectory()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.customArchive))
        let path = directory.path("truncated.dump")
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: path))
        #expect(PgDumpReader.isArchive(path: path))

        let reader = try PgDumpReader(path: path)
        let error = try #require(throws: VeilError.self) { try reader.next() }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix("pg_restore failed: "), "\(error.message)")
        let again = try PgDumpReader(path: path)
        #expect(throws: VeilError.self) { try again.schema() }
    }

    @Test(
        "a directory archive missing a data file fails with a .source error before any item",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"))
    func directoryMissingDataFails() throws {
        let directory = TemporaryDirectory()
        let copy = directory.path("shop.dir")
        try FileManager.default.copyItem(atPath: Self.directoryArchive, toPath: copy)
        let dataFile = try #require(
            try FileManager.default.contentsOfDirectory(atPath: copy).sorted().first { $0.hasSuffix(".dat.gz") })
        try FileManager.default.removeItem(atPath: "\(copy)/\(dataFile)")

        let reader = try PgDumpReader(path: copy)
        let error = try #require(throws: VeilError.self) { try reader.next() }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix("pg_restore failed: "), "\(error.message)")
    }

    @Test(
        "an archive that changes between the pre-scan and the stream is refused",
        .enabled(if: pgRestore != nil, "pg_restore is not installed"))
    func archiveChangedBetweenPasses() throws {
        let directory = TemporaryDirectory()
        let copy = directory.path("shop.dump")
        try FileManager.default.copyItem(atPath: Self.customArchive, toPath: copy)
        let reader = try PgDumpReader(path: copy)
        #expect(try reader.schema().tables.count == 5)
        let handle = try #require(FileHandle(forWritingAtPath: copy))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let error = try #require(throws: VeilError.self) { while try reader.next() != nil {} }
        #expect(error.code == .source)
        #expect(error.message.contains("changed while it was read"), "\(error.message)")
    }

    // MARK: - Helpers

    /// Runs `pg_restore --file=PATH ARCHIVE`, as a user would to get the plain text.
    static func restore(_ archive: String, to path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(pgRestore))
        process.arguments = ["--file=\(path)", archive]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    /// An item as comparable text. Each pg_restore run writes its own random `\restrict` key, so those lines
    /// keep only their command.
    static func render(_ item: SourceItem) -> String {
        switch item {
        case .passthrough(let text):
            return "passthrough "
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("\\restrict ") || line.hasPrefix("\\unrestrict ")
                        ? String(line.prefix { $0 != " " }) : String(line)
                }.joined(separator: "\n")
        case .beginTable(let data):
            return "begin \(data.table) \(data.columns) \(data.style)"
        case .rows(let batch):
            return "rows \(batch.table) \(batch.firstRowNumber) \(batch.statementSizes) \(batch.rows)"
        case .endTable(let table):
            return "end \(table)"
        }
    }
}
