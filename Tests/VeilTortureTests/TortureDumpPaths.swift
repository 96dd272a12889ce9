import Foundation
import VeilTestSupport

/// The pg_dump formats a seed's source database is dumped in, to be read back by `veil run --source DUMP`.
struct TortureDumpFormat {
    /// The path's name in outcomes and findings (`dump-custom`).
    let name: String
    /// The dump's file (or, for a directory archive, folder) name.
    let file: String
    let arguments: [String]

    /// Plain COPY, plain INSERTs (`--inserts` for even seeds, `--column-inserts` for odd ones, so both are run
    /// across seeds without doubling a seed's time), an archive (custom `-Fc` for odd seeds, tar `-Ft` for even ones,
    /// the same way) and a directory archive (`-Fd`).
    static func all(seed: UInt64) -> [TortureDumpFormat] {
        let inserts = seed % 2 == 0 ? "--inserts" : "--column-inserts"
        let archive =
            seed % 2 == 0
            ? TortureDumpFormat(name: "dump-tar", file: "source.tar", arguments: ["-Ft"])
            : TortureDumpFormat(name: "dump-custom", file: "source.dump", arguments: ["-Fc"])
        return [
            TortureDumpFormat(name: "dump-plain", file: "source-plain.sql", arguments: ["-Fp"]),
            TortureDumpFormat(name: "dump-inserts", file: "source-inserts.sql", arguments: ["-Fp", inserts]),
            archive,
            TortureDumpFormat(name: "dump-directory", file: "source-archive", arguments: ["-Fd"]),
        ]
    }
}

extension TortureSeedRun {
    /// Dumps the source with `pg_dump` in every ``TortureDumpFormat`` and runs each dump to a plain `.sql` target;
    /// an output must restore with ON_ERROR_STOP and hold the source's rows, kept values and constraints, like the
    /// live → plain path. The dumps hold the planted canaries, so they are written outside the folder searched for
    /// them.
    func dumpPaths() throws {
        let dumps = TemporaryDirectory("veil-torture-dumps")
        for format in TortureDumpFormat.all(seed: database.seed) {
            let file = dumps.file(format.file)
            let made = try ProcessRunner.run(
                ProcessRunner.which("pg_dump") ?? "/usr/bin/pg_dump",
                format.arguments + ["-f", file, "-d", TestPostgres.url(database: source)])
            guard made.status == 0 else {
                throw TestPostgresError(message: "pg_dump \(format.arguments): \(made.standardError)")
            }
            let output = "copy-\(format.name).sql"
            try path(
                format.name,
                arguments: ["run", "confirmed.yaml", "--source", file, "--target", directory.file(output)],
                exists: { self.exists(output) }
            ) {
                try self.verifyRestored(format.name, output)
            }
        }
    }
}
