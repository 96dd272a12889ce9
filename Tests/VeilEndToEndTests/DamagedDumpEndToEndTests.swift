import Foundation
import Testing
import VeilTestSupport

/// A damaged or truncated dump stops `veil run` with exit 66: no output file, no manifest, no value quoted.
@Suite("Damaged and truncated dumps end to end")
struct DamagedDumpEndToEndTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// Runs the shop profile over `text` as its source and checks the run was refused with nothing published.
    private func expectRefused(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ProcessOutcome
    {
        let scenario = Scenario()
        let source = scenario.directory.write(text, to: "source.sql")
        let profile = try scenario.writeProfile(base: "shop.yaml", source: source)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0, sourceLocation: sourceLocation)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 66, "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(run.standardError.contains("line "), "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(!scenario.exists("masked.sql"), sourceLocation: sourceLocation)
        #expect(!scenario.exists("masked.sql.manifest.json"), sourceLocation: sourceLocation)
        #expect(scenario.files().filter { $0.contains("masked") }.isEmpty, sourceLocation: sourceLocation)
        return run
    }

    @Test("the shop dump cut between two complete statements exits 66 with no output and no manifest")
    func cutBetweenStatements() throws {
        let text = try String(contentsOfFile: Self.shop, encoding: .utf8)
        // After the customers' rows (tables empty, constraints missing), and just before the trailer.
        let customers = try #require(text.range(of: "COPY public.customers ("))
        let end = try #require(text.range(of: "\n\\.\n\n\n", range: customers.upperBound..<text.endIndex))
        _ = try expectRefused(String(text[..<end.upperBound]))
        let trailer = try #require(text.range(of: "--\n-- PostgreSQL database dump complete"))
        let run = try expectRefused(String(text[..<trailer.lowerBound]))
        #expect(run.standardError.contains("truncated"), "\(run.standardError)")
    }

    @Test("a dump whose COPY line is missing exits 66 and quotes none of the rows")
    func missingCopyLine() throws {
        let text = try String(contentsOfFile: Self.shop, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("COPY public.customers (") })
        let firstRow = lines[header + 1]
        lines.remove(at: header)
        let run = try expectRefused(lines.joined(separator: "\n"))
        for field in firstRow.split(separator: "\t") where field.count >= 4 {
            #expect(!run.standardError.contains(field), "the error quotes a value")
        }
    }

    @Test(
        "an archive whose pg_restore exits 0 with its text cut short exits 66",
        .enabled(if: DamagedDumpTools.pgRestore != nil, "pg_restore is not installed"))
    func archiveCutShort() throws {
        let scenario = Scenario()
        // A pg_restore whose text stops, between two statements, before the orders' rows, and that exits 0.
        let bin = scenario.directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let fake = scenario.directory.write(
            "#!/bin/sh\n'\(DamagedDumpTools.pgRestore!)' \"$@\" | sed '/Data for Name: orders;/,$d'\nexit 0\n",
            to: "bin/pg_restore", permissions: 0o755)
        #expect(FileManager.default.isExecutableFile(atPath: fake))
        let archive = PackagePaths.root + "/Tests/VeilConnectorsTests/Fixtures/archives/shop.dump"
        let profile = try scenario.writeProfile(base: "shop.yaml", source: archive)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let run = try scenario.veil(["run", profile, "--quiet"], environment: ["PATH": path])
        #expect(run.status == 66, "\(run.standardError)")
        #expect(run.standardError.contains("truncated"), "\(run.standardError)")
        #expect(!scenario.exists("masked.sql"))
        #expect(!scenario.exists("masked.sql.manifest.json"))
    }
}

/// PostgreSQL client programs as the tests find them (the first on PATH).
private enum DamagedDumpTools {
    static let pgRestore: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/pg_restore" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()
}
