import Foundation
import Testing
import VeilTestSupport

/// The generative schema torture suite: each seed builds a random but valid PostgreSQL database (see
/// `TortureDatabase`) and runs it through `veil scan`, `veil check` and every output path (`TortureSeedRun`).
///
/// - `VEIL_TORTURE_SEED=S` replays one seed.
/// - `VEIL_TORTURE_SEEDS=N` runs N seeds from `VEIL_TORTURE_FIRST` (default 1); without either, CI's small fixed
///   list runs.
/// - `VEIL_TORTURE_ROWS=N` caps the rows per table (default 30).
@Suite(
    "generative schema torture", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct TortureTests {
    /// The seeds CI runs: small and fixed, so CI stays bounded (21, 24, 50 and 110 s with ten paths each on the shared
    /// 2-core machine). Seed 13 is a regression case: its rows all sit in a partition of a partition, which `veil
    /// scan` did not sample; seed 1's snapshot lost a keyless inheritance child's rows holding a NULL.
    static let defaultSeeds: [UInt64] = [1, 2, 3, 13]

    static var seeds: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let one = environment["VEIL_TORTURE_SEED"].flatMap(UInt64.init) { return [one] }
        if let count = environment["VEIL_TORTURE_SEEDS"].flatMap(UInt64.init), count > 0 {
            let first = environment["VEIL_TORTURE_FIRST"].flatMap(UInt64.init) ?? 1
            return Array(first..<first + count)
        }
        return defaultSeeds
    }

    static var rowCap: Int {
        ProcessInfo.processInfo.environment["VEIL_TORTURE_ROWS"].flatMap(Int.init) ?? 30
    }

    @Test(
        "a seeded schema: every path refuses naming a column or writes a faithful copy, no canary anywhere",
        arguments: TortureTests.seeds)
    func seed(_ seed: UInt64) throws {
        let run = TortureSeedRun(seed: seed, rowCap: Self.rowCap)
        let started = Date()
        try run.run()
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        print("torture seed \(seed) (\(seconds) s): \(run.outcomes.joined(separator: ", "))")
        // The generator always writes kept columns (ids, payload): a copy that compared none checked nothing.
        for outcome in run.outcomes where outcome.contains(": ok") {
            let path = String(outcome.prefix { $0 != ":" })
            #expect((run.comparedColumns[path] ?? 0) > 0, "seed \(seed): \(path) compared no kept column")
        }
        for finding in run.findings {
            Issue.record("seed \(seed) (replay: VEIL_TORTURE_SEED=\(seed)): \(finding)")
        }
    }
}
