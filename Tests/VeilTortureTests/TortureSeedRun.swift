import Foundation
import VeilTestSupport

/// One seed through Veil: the generated database is scanned, the skeleton checked as written and confirmed as it
/// stands, then copied by every path (live → plain `.sql`, live → SQLite, live → CSV, refresh into staging, each
/// pg_dump format → plain `.sql` (`TortureDumpPaths`), snapshots to SQLite and `.sql` (`TortureSnapshotPaths`)).
/// Each path is either refused before the first row with exit 3 or 64 naming a column, or exits 0 with a faithful
/// output; anything else, and any canary in any output, report, manifest or log, is a finding.
final class TortureSeedRun {
    let database: TortureDatabase
    let directory = TemporaryDirectory("veil-torture")
    let passphrase = "torture passphrase \(UUID().uuidString)"
    var findings: [String] = []
    /// What each path did: `plain: ok`, `sqlite: refused (exit 3)`.
    private(set) var outcomes: [String] = []
    private var logs = ""
    private(set) var source = ""
    private(set) var sourceCounts: [String: Int] = [:]
    private(set) var roots: [String: String] = [:]
    private(set) var rules: [String: [(column: String, rule: String)]] = [:]
    private var databases: [String] = []
    /// Kept columns whose digests were compared, per path (a path that compared none proves nothing).
    var comparedColumns: [String: Int] = [:]
    /// Kept columns a path's output renders inexactly (numbers in SQLite), so they were not compared.
    var skippedColumns: [String: Int] = [:]
    /// The source's digests of each table's kept columns, read once for every path.
    private var sourceDigests: [String: [String]] = [:]
    /// The source's constraints and unique indexes, which every restored copy must have.
    private(set) var sourceConstraints: TortureConstraints?

    init(seed: UInt64, rowCap: Int) {
        database = TortureDatabase(seed: seed, rowCap: rowCap)
    }

    /// With `VEIL_TORTURE_KEEP=1` the databases stay and the folder is copied to `/tmp/veil-torture-kept-SEED`,
    /// to replay a finding by hand.
    deinit {
        if ProcessInfo.processInfo.environment["VEIL_TORTURE_KEEP"] == "1" {
            let kept = "/tmp/veil-torture-kept-\(database.seed)"
            try? FileManager.default.removeItem(atPath: kept)
            try? FileManager.default.copyItem(atPath: directory.path, toPath: kept)
            print("torture seed \(database.seed): kept \(kept) and the databases \(databases)")
            return
        }
        for name in databases { TestPostgres.dropDatabase(name) }
    }

    /// Runs every step; findings are collected, not thrown (a thrown error is a broken harness or generator).
    func run() throws {
        source = try TestPostgres.createDatabase(prefix: "veil_torture")
        databases.append(source)
        let script = directory.write(database.sql, to: "source.sql")
        let created = try TestPostgres.restore(script, into: source)
        guard created.status == 0 else {
            throw TestPostgresError(message: "seed \(database.seed): the generated SQL fails: \(created.standardError)")
        }
        sourceCounts = try TortureOracle.counts(in: source)
        roots = try TortureOracle.partitionRoots(in: source)
        sourceConstraints = try TortureConstraints(of: source)
        guard try scanAndConfirm() else { return }
        try path("plain", target: directory.file("copy.sql"), exists: { self.exists("copy.sql") }) {
            try self.verifyPlain()
        }
        try path("sqlite", target: directory.file("copy.sqlite"), exists: { self.exists("copy.sqlite") }) {
            try self.verifyRowsByOutputTable(
                "sqlite", try TortureOracle.sqliteCounts(self.directory.file("copy.sqlite")))
            try self.verifySQLiteValues("sqlite", self.directory.file("copy.sqlite"))
        }
        try path("csv", target: directory.file("csv") + "/", exists: { self.exists("csv") }) {
            try self.verifyRowsByOutputTable("csv", try TortureOracle.csvCounts(self.directory.file("csv")))
            try self.verifyCSVValues("csv", self.directory.file("csv"))
        }
        let staging = "veil_torture_staging_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        databases.append(staging)
        try path(
            "refresh", command: "refresh", target: TestPostgres.url(database: staging),
            exists: {
                (try? TestPostgres.psql(database: "postgres", "SELECT 1 FROM pg_database WHERE datname = '\(staging)'"))
                    == "1"
            }
        ) {
            try self.verifyDatabase("refresh", staging)
            let dump = try ProcessRunner.run(
                ProcessRunner.which("pg_dump") ?? "/usr/bin/pg_dump",
                ["--data-only", "-d", TestPostgres.url(database: staging)])
            self.expectNoCanary(in: dump.standardOutput, "the staging database (refresh)")
        }
        try dumpPaths()
        try snapshotPaths()
        for (file, hits) in TortureOracle.canaries(database.canaries, underDirectory: directory.path)
        where file != "source.sql" {
            findings.append(
                "canary: \(hits.count) planted value(s) in \(file), e.g. a \(kind(hits[0]))\(canaryReplay(hits[0]))")
        }
        expectNoCanary(in: logs, "veil's output or error text")
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: directory.file(name)) }

    private func veil(_ arguments: [String]) throws -> ProcessOutcome {
        let outcome = try VeilBinary.run(
            arguments, environment: ["VEIL_PASSPHRASE": passphrase], in: directory.path)
        logs += outcome.standardOutput + "\n" + outcome.standardError + "\n"
        return outcome
    }

    /// Scan, `keys init`, `check` of the skeleton as written, and the confirmed copy; false when a step failed.
    private func scanAndConfirm() throws -> Bool {
        let scan = try veil(["scan", TestPostgres.url(database: source), "--out", "skeleton.yaml"])
        guard scan.status == 0 else {
            findings.append("scan: exit \(scan.status): \(scan.standardError)")
            return false
        }
        let yaml = try String(contentsOfFile: directory.file("skeleton.yaml"), encoding: .utf8)
        let keys = try veil(["keys", "init", "skeleton.yaml"])
        guard keys.status == 0 else { throw TestPostgresError(message: "keys init: \(keys.standardError)") }
        let check = try veil(["check", "skeleton.yaml"])
        if check.status != 0 {
            findings.append("check of the skeleton as written: exit \(check.status): \(check.standardError)")
        }
        directory.write(try TortureProfile.confirmed(yaml), to: "confirmed.yaml")
        rules = TortureProfile.rules(yaml)
        let recheck = try veil(["check", "confirmed.yaml"])
        guard recheck.status == 0 else {
            findings.append("check of the confirmed skeleton: exit \(recheck.status): \(recheck.standardError)")
            return false
        }
        return true
    }

    /// Runs one path, `veil COMMAND confirmed.yaml --target TARGET`, judged by ``path(_:arguments:exists:verify:)``.
    private func path(
        _ name: String, command: String = "run", target: String, exists: () -> Bool, verify: () throws -> Void
    ) throws {
        try path(name, arguments: [command, "confirmed.yaml", "--target", target], exists: exists, verify: verify)
    }

    /// Runs one path, `veil ARGUMENTS --quiet --report report-NAME.json`, and judges its exit: 0 → `verify`; 3 or
    /// 64 naming a column with no output → refused; anything else (a leak's exit 2 included) → a finding.
    func path(_ name: String, arguments: [String], exists: () -> Bool, verify: () throws -> Void) throws {
        let started = Date()
        let outcome = try veil(arguments + ["--quiet", "--report", "report-\(name).json"])
        let veilSeconds = Date().timeIntervalSince(started)
        switch outcome.status {
        case 0:
            let before = findings.count
            let checking = Date()
            try verify()
            let timing = String(format: "veil %.1f s, checks %.1f s", veilSeconds, Date().timeIntervalSince(checking))
            let skipped = skippedColumns[name].flatMap { $0 > 0 ? ", \($0) not comparable" : nil } ?? ""
            let compared = comparedColumns[name].map { "\($0) kept columns equal\(skipped), " } ?? ""
            outcomes.append("\(name): \(findings.count == before ? "ok" : "FAILED") (\(compared)\(timing))")
        case 3, 64:
            if exists() { findings.append("\(name): refused with exit \(outcome.status) but left an output") }
            let columns = rules.values.flatMap { $0.map(\.column) }
            if !columns.contains(where: { outcome.standardError.contains($0) }) {
                findings.append(
                    "\(name): refused with exit \(outcome.status) without naming a column: \(outcome.standardError)")
            }
            outcomes.append("\(name): refused (exit \(outcome.status))")
        default:
            findings.append(
                "\(name): exit \(outcome.status): \(outcome.standardError)\(replay(mentionedIn: outcome.standardError))"
            )
            outcomes.append("\(name): exit \(outcome.status)")
        }
    }

    /// The plain dump restores with ON_ERROR_STOP into a fresh database, then holds the source's rows.
    private func verifyPlain() throws {
        try verifyRestored("plain", "copy.sql")
    }

    /// The dump `file` (in the run's folder) restores with ON_ERROR_STOP into a fresh database, which has every
    /// constraint of the source and, when `full`, its rows (``verifyDatabase(_:_:)``; a snapshot's subset is
    /// checked by its caller); returns that database, or nil when the dump does not restore (a finding).
    @discardableResult
    func verifyRestored(_ name: String, _ file: String, full: Bool = true) throws -> String? {
        let restored = try TestPostgres.createDatabase(prefix: "veil_torture_copy")
        databases.append(restored)
        let restore = try TestPostgres.restore(directory.file(file), into: restored)
        guard restore.status == 0 else {
            let replayed = replay(mentionedIn: restore.standardError)
            findings.append("\(name): the dump does not restore: \(restore.standardError)\(replayed)")
            return nil
        }
        if full { try verifyDatabase(name, restored) } else { try verifyConstraints(name, restored) }
        return restored
    }

    /// Every constraint and unique index of the source is in `copy`, validated and valid where the source's is.
    func verifyConstraints(_ name: String, _ copy: String) throws {
        guard let sourceConstraints else { return }
        for (relation, text) in sourceConstraints.missing(in: try TortureConstraints(of: copy)) {
            findings.append("\(name): \(text)\(replay(of: relation))")
        }
    }

    /// Every table of the source has its row count in `copy`, every column the profile keeps the same digest, and
    /// every constraint of the source is there.
    private func verifyDatabase(_ name: String, _ copy: String) throws {
        try verifyConstraints(name, copy)
        let counts = try TortureOracle.counts(in: copy)
        var kept: [String: [String]] = [:]
        for (relation, expected) in sourceCounts.sorted(by: { $0.key < $1.key }) {
            guard counts[relation] == expected else {
                findings.append(
                    "\(name): \(relation) has \(counts[relation].map(String.init) ?? "no table") rows, the source "
                        + "\(expected)\(replay(of: relation))")
                continue
            }
            kept[relation] = keptColumns(relation)
        }
        if sourceDigests.isEmpty {
            let all = Dictionary(uniqueKeysWithValues: sourceCounts.keys.map { ($0, keptColumns($0)) })
            sourceDigests = try TortureValues.digests(all, in: source)
        }
        let after = try TortureValues.digests(kept, in: copy)
        for (relation, columns) in kept.sorted(by: { $0.key < $1.key }) where !columns.isEmpty {
            comparedColumns[name, default: 0] += columns.count
            for (index, column) in columns.enumerated()
            where sourceDigests[relation]?[index] != after[relation]?[index] {
                findings.append("\(name): \(relation).\(column) is kept but its values differ\(replay(of: relation))")
            }
        }
    }

    /// The columns the profile keeps in `relation` (a partition's are its root's entry's).
    func keptColumns(_ relation: String) -> [String] {
        TortureProfile.kept(rules[roots[relation] ?? relation] ?? [])
    }

    /// SQLite and CSV name their tables their own way: the multiset of row counts per output table must be the
    /// source's, partitions counted into their root.
    private func verifyRowsByOutputTable(_ name: String, _ counts: [String: Int]) throws {
        var expected: [String: Int] = [:]
        for (relation, count) in sourceCounts { expected[roots[relation] ?? relation, default: 0] += count }
        if counts.values.sorted() != expected.values.sorted() {
            findings.append(
                "\(name): row counts per table \(counts.sorted { $0.key < $1.key }) differ from the source's "
                    + "\(expected.sorted { $0.key < $1.key })")
        }
    }

    private func expectNoCanary(in text: String, _ place: String) {
        let hits = TortureOracle.canaries(database.canaries, in: text)
        if !hits.isEmpty {
            findings.append(
                "canary: \(hits.count) planted value(s) in \(place), e.g. a \(kind(hits[0]))\(canaryReplay(hits[0]))")
        }
    }

    /// What a canary is (never the value itself).
    private func kind(_ canary: String) -> String {
        if canary.contains("@") { return "email" }
        if canary.hasPrefix("+1 ") { return "phone" }
        if canary.allSatisfy(\.isNumber) { return "card number" }
        return "name"
    }

    private func canaryReplay(_ canary: String) -> String {
        database.replay(ofCanary: canary).map { "\n--- replay DDL (the piece holding it):\n" + $0 } ?? ""
    }

    func replay(of relation: String) -> String {
        database.replay(of: relation).map { "\n--- replay DDL:\n" + $0 } ?? ""
    }

    /// The DDL of the first piece whose table `text` names (`schema.relname` or a bare `relname`).
    private func replay(mentionedIn text: String) -> String {
        let relation = sourceCounts.keys.sorted().first { relation in
            text.contains(relation) || text.contains(String(relation.split(separator: ".").last ?? ""))
        }
        return relation.map { replay(of: $0) } ?? ""
    }
}
