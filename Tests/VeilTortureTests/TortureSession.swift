import Foundation
import VeilTestSupport

/// The steps every file-source torture run shares (SQLite and CSV sources): `veil` in a fresh directory with its
/// output kept for the canary search, scan → `keys init` → check as written → confirm, and the judgement of one
/// path: exit 0 → verify the output; exit 3 or 64 naming a column with no output → refused; anything else → a
/// finding. Findings are collected, not thrown.
final class TortureSession {
    let seed: UInt64
    let directory: TemporaryDirectory
    let passphrase = "torture passphrase \(UUID().uuidString)"
    private(set) var findings: [String] = []
    /// What each path did: `sqlite: ok (12 kept columns equal)`, `csv: refused (exit 3)`.
    private(set) var outcomes: [String] = []
    /// Kept columns compared, per path.
    var comparedColumns: [String: Int] = [:]
    /// Every column's rule by table name (as the skeleton wrote it, bare).
    private(set) var rules: [String: [(column: String, rule: String)]] = [:]
    private(set) var logs = ""

    init(seed: UInt64, label: String) {
        self.seed = seed
        directory = TemporaryDirectory("veil-torture-\(label)")
    }

    /// With `VEIL_TORTURE_KEEP=DIR`, a seed with findings leaves its files in `DIR/LABEL-SEED` for a look.
    deinit {
        guard !findings.isEmpty, let keep = ProcessInfo.processInfo.environment["VEIL_TORTURE_KEEP"] else { return }
        let target =
            keep + "/"
            + (directory.path as NSString).lastPathComponent.split(separator: "-").prefix(3)
            .joined(separator: "-") + "-\(seed)"
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: directory.path, toPath: target)
    }

    func record(_ finding: String) { findings.append(finding) }

    func veil(_ arguments: [String]) throws -> ProcessOutcome {
        let outcome = try VeilBinary.run(arguments, environment: ["VEIL_PASSPHRASE": passphrase], in: directory.path)
        logs += outcome.standardOutput + "\n" + outcome.standardError + "\n"
        return outcome
    }

    /// The columns of `table` the confirmed skeleton keeps.
    func kept(_ table: String) -> [String] { TortureProfile.kept(rules[table] ?? []) }

    /// Scan (with `scanOptions`), `keys init`, `check` of the skeleton as written, and `confirmed.yaml` with every
    /// suggestion confirmed and `extra` appended; false when a step failed (a finding).
    func scanAndConfirm(_ source: String, scanOptions: [String] = []) throws -> Bool {
        let scan = try veil(["scan", source, "--out", "skeleton.yaml"] + scanOptions)
        guard scan.status == 0 else {
            record("scan: exit \(scan.status): \(scan.standardError)")
            return false
        }
        let yaml = try String(contentsOfFile: directory.file("skeleton.yaml"), encoding: .utf8)
        let keys = try veil(["keys", "init", "skeleton.yaml"])
        guard keys.status == 0 else { throw TortureHarnessError("keys init: \(keys.standardError)") }
        let check = try veil(["check", "skeleton.yaml"])
        if check.status != 0 {
            record("check of the skeleton as written: exit \(check.status): \(check.standardError)")
        }
        let confirmed = try TortureProfile.confirmed(yaml)
        directory.write(confirmed, to: "confirmed.yaml")
        for (table, entry) in TortureProfile.rules(confirmed) {
            rules[table.hasPrefix("public.") ? String(table.dropFirst(7)) : table] = entry
        }
        let recheck = try veil(["check", "confirmed.yaml"])
        guard recheck.status == 0 else {
            record("check of the confirmed skeleton: exit \(recheck.status): \(recheck.standardError)")
            return false
        }
        return true
    }

    /// Runs `arguments` (a `run` or `snapshot` writing `output`) and judges its exit; `verify` runs on exit 0.
    func path(_ name: String, _ arguments: [String], output: String, verify: () throws -> Void) throws {
        let outcome = try veil(arguments + ["--quiet", "--report", "report-\(name).json"])
        switch outcome.status {
        case 0:
            let before = findings.count
            try verify()
            let compared = comparedColumns[name].map { " (\($0) kept columns equal)" } ?? ""
            outcomes.append("\(name): \(findings.count == before ? "ok" : "FAILED")\(compared)")
        case 3, 64:
            if FileManager.default.fileExists(atPath: directory.file(output)) {
                record("\(name): refused with exit \(outcome.status) but left an output")
            }
            if !namesColumn(outcome.standardError) {
                record("\(name): refused with exit \(outcome.status) without naming a column: \(outcome.standardError)")
            }
            outcomes.append("\(name): refused (exit \(outcome.status))")
        default:
            record("\(name): exit \(outcome.status): \(outcome.standardError)")
            outcomes.append("\(name): exit \(outcome.status)")
        }
    }

    /// Whether `message` names a column: `table.column`, or the table and a column of it (of three or more
    /// characters, so `id` inside `invalid` does not count).
    private func namesColumn(_ message: String) -> Bool {
        rules.contains { table, entry in
            entry.contains { column in
                message.contains("\(table).\(column.column)")
                    || (message.contains(table) && column.column.count >= 3 && message.contains(column.column))
            }
        }
    }

    /// A path Veil documents it does not take (`veil run` of a SQLite or CSV source to `.sql`): it must fail
    /// before writing anything, with no output left.
    func documentedRefusal(_ name: String, _ arguments: [String], output: String) throws {
        let outcome = try veil(arguments + ["--quiet"])
        if outcome.status == 0 || FileManager.default.fileExists(atPath: directory.file(output)) {
            record("\(name): documented as refused, but exit \(outcome.status) with an output")
        }
        outcomes.append("\(name): refused as documented (exit \(outcome.status))")
    }

    /// Canaries in every file under the directory (but the source files in `excluded`), in `texts` (values read
    /// out of the outputs by the oracle) and in veil's own output.
    func searchCanaries(_ canaries: [String], excluded: Set<String>, texts: [(place: String, text: String)]) {
        for (file, hits) in TortureOracle.canaries(canaries, underDirectory: directory.path).sorted(by: {
            $0.key < $1.key
        })
        where !excluded.contains(where: { file == $0 || file.hasPrefix($0 + "/") }) {
            record("canary: \(hits.count) planted value(s) in \(file), e.g. a \(Self.kind(hits[0]))")
        }
        for (place, text) in texts + [("veil's output or error text", logs)] {
            let hits = TortureOracle.canaries(canaries, in: text)
            if !hits.isEmpty {
                record("canary: \(hits.count) planted value(s) in \(place), e.g. a \(Self.kind(hits[0]))")
            }
        }
    }

    /// What a canary is (never the value itself).
    static func kind(_ canary: String) -> String {
        if canary.contains("@") { return "email" }
        if canary.hasPrefix("+1 ") { return "phone" }
        if canary.allSatisfy(\.isNumber) { return "card number" }
        return "name"
    }
}

/// A broken harness or generator (not a finding about Veil).
struct TortureHarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
