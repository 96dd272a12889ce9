import ArgumentParser
import VeilApp
import VeilConnectors
import VeilFiles
import VeilPipeline

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write a small, foreign-key-consistent, masked subset of a live source for a developer.",
        discussion: """
            The profile's `subset:` names root tables (a SQL condition, or { where, percent, limit }); every row \
            they reference comes too, and with `subset_options: { include_children: true }` the rows that \
            reference them. Masking is exactly a full run's. The source is a live PostgreSQL database or a SQLite \
            file; --out is a SQLite file (.sqlite, .db), a CSV folder (ending in /) or a .sql script: from \
            PostgreSQL a plain dump with the source's own DDL (restore with `psql -v ON_ERROR_STOP=1 -f FILE`), \
            from SQLite a script in SQLite's dialect, as `sqlite3 .dump` writes (load with `sqlite3 new.db < FILE`).
            """)

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Option(help: "The snapshot to write: a .sqlite/.db file, a .sql script or a folder/ of CSV files.")
    var out: String

    @Option(help: "Read from this source instead of the profile's.")
    var source: String?

    @Option(help: "Parallel masking workers (default: the profile's `jobs`, else one per core).")
    var jobs: Int?

    @Option(help: "Also write the run report as JSON to this file.")
    var report: String?

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        TemporaryOutputs.removeOnTermination()
        try reportingErrors {
            let request = Snapshot.Request(
                profilePath: profile, out: out, source: source, jobs: jobs, reportPath: report)
            _ = try Snapshot(request: request, progress: quiet ? ProgressReporter(style: .silent) : .automatic())
                .execute()
        }
    }
}
