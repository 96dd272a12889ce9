import Foundation
import Testing
import VeilTestSupport

/// The torture suite's seeds for file sources: CI's small fixed list, or those `VEIL_TORTURE_SEED`,
/// `VEIL_TORTURE_SEEDS` and `VEIL_TORTURE_FIRST` choose (as for the PostgreSQL seeds, `TortureTests`).
enum TortureFileSeeds {
    /// Whether names are planted inside free text too (`VEIL_TORTURE_NAMES_IN_TEXT=1`); names inside JSON held as
    /// text always are (`veil scan` suggests `json` with a path per leaf for a text column of documents). Off by
    /// default: `scrub` finds no names (README, Rules), so a name in free prose is copied unless the profile nulls
    /// or redacts the column — a documented limit, not a finding.
    static var namesInText: Bool { ProcessInfo.processInfo.environment["VEIL_TORTURE_NAMES_IN_TEXT"] == "1" }

    static func seeds(default fixed: [UInt64]) -> [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        guard environment["VEIL_TORTURE_SEED"] != nil || environment["VEIL_TORTURE_SEEDS"] != nil else { return fixed }
        return TortureTests.seeds
    }

    /// Runs one seed; prints its outcome as `.ci/torture` collects it (`torture seed N (kind, seconds): …`) and
    /// records every finding with its replay. A copy under the kind's own name that compared no kept column
    /// checked nothing (the generators always write kept columns: ids, payload).
    static func check(_ kind: String, _ seed: UInt64, _ make: () -> TortureFileRun) throws {
        let started = Date()
        let run = make()
        try run.run()
        let session = run.session
        if session.outcomes.contains(where: { $0.hasPrefix("\(kind): ok") }) {
            #expect((session.comparedColumns[kind] ?? 0) > 0, "\(kind) seed \(seed): no kept column was compared")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("torture seed \(seed) (\(kind), \(seconds) s): \(session.outcomes.joined(separator: ", "))")
        for finding in session.findings {
            let replay = "VEIL_TORTURE_SEED=\(seed) swift test --skip-build --filter TortureFileSourceTests"
            Issue.record("\(kind) seed \(seed) (replay: \(replay)): \(finding)")
        }
    }
}

/// One seed of a file source (SQLite or CSV) through Veil, its findings in its session.
protocol TortureFileRun {
    var session: TortureSession { get }
    func run() throws
}

/// The generative torture suite for SQLite and CSV sources: each seed builds a random SQLite file in SQLite's own
/// terms (`TortureSQLiteDatabase`) or a random CSV folder or file (`TortureCSVSource`) and runs it through
/// `veil scan`, `veil check` and every path that source feeds. No PostgreSQL is needed.
@Suite("generative file-source torture (SQLite and CSV)", .serialized)
struct TortureFileSourceTests {
    /// About 4-6 s per SQLite seed and 3-4 s per CSV seed on the shared 2-core machine (30 rows per table).
    static let sqliteSeeds = TortureFileSeeds.seeds(default: [1, 2])
    static let csvSeeds = TortureFileSeeds.seeds(default: [1, 2])

    @Test(
        "a seeded SQLite file: every path refuses naming a column or keeps every kept value and its typeof()",
        arguments: TortureFileSourceTests.sqliteSeeds)
    func sqlite(_ seed: UInt64) throws {
        try TortureFileSeeds.check("sqlite", seed) { TortureSQLiteSeedRun(seed: seed, rowCap: TortureTests.rowCap) }
    }

    @Test(
        "a seeded CSV folder or file: every path refuses naming a column or keeps every kept field exactly",
        arguments: TortureFileSourceTests.csvSeeds)
    func csv(_ seed: UInt64) throws {
        try TortureFileSeeds.check("csv", seed) { TortureCSVSeedRun(seed: seed, rowCap: TortureTests.rowCap) }
    }
}
