import Foundation
import VeilConnectors
import VeilCore
import VeilCrypto
import VeilFiles
import VeilPipeline
import VeilVault

/// Writes the signed manifest of a finished run, before its output is published (publishing is a run's last step,
/// so an output never appears without its manifest; the manifest names the output's final path and digests the
/// bytes about to be published).
///
/// Where: `--manifest PATH` when given; else beside a file target as `<target>.manifest.json`
/// (`masked.sql.manifest.json`, `masked.sqlite.manifest.json`, and for a CSV folder `people/` the sibling
/// `people.manifest.json`, since the folder itself holds only CSV files); for a PostgreSQL target, beside the
/// `--report` file (`report.json` → `report.manifest.json`), or nowhere when neither option is given.
///
/// The file is written atomically with mode 0600. A key store made before manifests existed has no `manifest`
/// key: the run then warns and writes no manifest (`veil keys rotate` or `veil keys rewrap` adds the key).
enum RunManifestWriter {
    /// Builds, signs and writes the manifest of `run`; returns its path, or nil when none was written.
    @discardableResult
    /// - Parameter staged: where the finished output is until it is published (``RowSink/stagedPath``); nil when it
    ///   is already at the target's path.
    static func write(
        run: PreparedRun, report: RunReport, request: MaskingRun.Request, progress: ProgressReporter,
        staged: String? = nil, now: Date = Date()
    ) throws -> String? {
        guard let path = location(target: run.target, request: request) else {
            progress.step("no run manifest for a database target: pass --manifest PATH or --report FILE to get one")
            return nil
        }
        guard let signer = try ManifestSigner(keys: run.keys) else {
            FileHandle.standardError.write(
                Data(
                    ("veil: warning: the key store \(run.keys.path) predates run manifests, so none was written; "
                        + "run `veil keys rotate` or `veil keys rewrap` once to add its manifest key\n").utf8))
            return nil
        }
        let manifest = try build(
            run: run, report: report, request: request, manifestPath: path, staged: staged, now: now)
        let bytes = try signer.signedFile(for: manifest)
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        do {
            let file = try AtomicFileWriter(path: path)
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            throw VeilError(.target, "the run manifest could not be written to \(path); the output was not published")
        }
        progress.step("signed run manifest written to \(path)")
        return path
    }

    /// Where the manifest goes (see the type's documentation), or nil for a database target without
    /// `--manifest` or `--report`.
    static func location(target: Endpoint, request: MaskingRun.Request) -> String? {
        if let explicit = request.manifestPath { return explicit }
        switch target {
        case .plainDump(let path), .sqlite(let path), .csv(let path, _):
            var trimmed = path
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed + ".manifest.json"
        case .postgres:
            guard let report = request.reportPath else { return nil }
            let stem = report.lowercased().hasSuffix(".json") ? String(report.dropLast(5)) : report
            return stem + ".manifest.json"
        }
    }

    /// The manifest's payload (its `signer` is set by the signer).
    static func build(
        run: PreparedRun, report: RunReport, request: MaskingRun.Request, manifestPath: String, staged: String? = nil,
        now: Date
    ) throws -> RunManifest {
        let profileDigest: String
        do {
            profileDigest = try OutputDigests.sha256(ofFileAt: request.profilePath).sha256
        } catch {
            throw VeilError(.target, "cannot read the profile \(request.profilePath) to record its digest")
        }
        var keys = [
            RunManifest.KeyReference(purpose: "data", id: run.keys.current.id, version: run.keys.current.version)
        ]
        if let manifestKey = run.keys.key(for: .manifest) {
            keys.append(.init(purpose: "manifest", id: manifestKey.id, version: manifestKey.version))
        }
        let outputs: [RunManifest.OutputFile]
        switch run.target {
        case .plainDump(let path), .sqlite(let path), .csv(let path, _):
            outputs = try OutputDigests.describe(
                output: staged ?? path, relativeTo: (manifestPath as NSString).deletingLastPathComponent,
                recordedAs: path)
        case .postgres:
            outputs = []
        }
        let timestamp = ISO8601DateFormatter()
        timestamp.timeZone = TimeZone(identifier: "UTC")
        return RunManifest(
            veilVersion: VeilVersion.current, createdAt: timestamp.string(from: now), source: report.source,
            target: report.target, profile: .init(path: request.profilePath, sha256: profileDigest), keys: keys,
            signer: .init(algorithm: "ed25519", publicKey: "", keyID: ""),
            tables: report.tables.map {
                .init(table: $0.table, action: $0.action, rows: $0.rows, maskedColumns: $0.maskedColumns)
            },
            rows: report.rows, coverage: try coverage(plan: run.plan, schema: run.reader.schema()),
            leakCheck: .init(leaksFound: report.leaksFound), outputs: outputs)
    }

    /// Counts the plan's decision for every column of the source's tables.
    static func coverage(plan: MaskingPlan, schema: DatabaseSchema) -> RunManifest.Coverage {
        var coverage = RunManifest.Coverage(
            columns: 0, masked: 0, kept: 0, unreviewedNulled: 0, schemaOnly: 0, rules: plan.ruleUsage)
        for table in schema.tables {
            let columns = table.columns.count
            coverage.columns += columns
            switch plan.actions[table.name] ?? .keep {
            case .keep: coverage.kept += columns
            case .schemaOnly: coverage.schemaOnly += columns
            case .mask(let plans):
                let nulled = plans.filter { $0.location == nil }.count
                coverage.unreviewedNulled += nulled
                coverage.masked += plans.count - nulled
                coverage.kept += max(0, columns - plans.count)
            }
        }
        return coverage
    }
}
