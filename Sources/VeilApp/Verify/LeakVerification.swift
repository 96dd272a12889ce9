import Dispatch
import Foundation
import VeilConnectors
import VeilCore
import VeilPipeline
import VeilProfile

/// `veil verify PROFILE [--source S] [--target PATH]`: finds leaks (DESIGN: an output field equal to its own row's
/// original under any rule but `keep`, or containing a source value of eight or more characters of a column whose
/// rule is not `keep`) and output fields that are not what the profile makes of their source row.
///
/// Reads the source into a keyed filter (``SourceValueIndex``) and, in the same pass, holds each row of a keyed table
/// as keyed fingerprints of its expected output (``KeyedRowPairing``, ``ExpectedOutput``); then reads every field of
/// the output once: each searched field against the filter, each row of a keyed table against its source row, found
/// by its key. Filter hits are confirmed exactly by re-reading both (``LeakConfirmation``). Output tables are found
/// by their full names (``OutputTableMapping``), and reported as the output names them. A PostgreSQL target is not
/// verified here.
public struct LeakVerification {
    public struct Request: Sendable {
        public var profilePath: String
        /// Overrides the profile's `source:`.
        public var source: String?
        public var target: String?
        public var reportPath: String?
        /// The key version the output was masked under (default: the key store's current one).
        public var keyVersion: Int?
        /// The most bytes the pairing holds at once (see ``KeyedRowPairing``).
        public var pairingBudget: Int

        public init(
            profilePath: String, source: String? = nil, target: String? = nil, reportPath: String? = nil,
            keyVersion: Int? = nil, pairingBudget: Int = 256 << 20
        ) {
            self.profilePath = profilePath
            self.source = source
            self.target = target
            self.reportPath = reportPath
            self.keyVersion = keyVersion
            self.pairingBudget = pairingBudget
        }
    }

    public let request: Request

    public init(request: Request) {
        self.request = request
    }

    public func execute() throws -> Report {
        let started = DispatchTime.now()
        let profile = try ProfileLoading.load(request.profilePath)
        guard let sourceText = request.source ?? profile.source else {
            throw VeilError(.usage, "no source: set `source:` in the profile or pass --source")
        }
        guard let targetText = request.target ?? profile.target else {
            throw VeilError(.usage, "no target: set `target:` in the profile or pass --target")
        }
        let source = try Endpoint(sourceText, role: "source", csv: profile.csv)
        let target = try Endpoint(targetText, role: "source")
        if case .postgres = target {
            throw VeilError(.usage, "`veil verify` reads a .sql dump, a SQLite file or a CSV folder, not a database")
        }
        let openSource = { try source.openSource(keepLargeObjects: false, keepComments: false).reader }
        let reader = try openSource()
        let schema = try reader.schema()
        let plan: MaskingPlan
        do {
            plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: source.defaultSchema).build()
        } catch {
            throw error.veilError
        }
        let mapping = try OutputTableMapping(source: schema, naming: target.outputNaming)
        let openOutput = { try target.openSource(keepLargeObjects: false, keepComments: false).reader }
        let output = try openOutput()
        let expected = try ExpectedOutput.open(profile: profile, plan: plan, keyVersion: request.keyVersion)
        let pairing = KeyedRowPairing(
            plan: PairingPlan(
                source: schema, output: try output.schema(), plan: plan, mapping: mapping,
                sqliteOutput: target.outputNaming == .sqlite, expected: expected),
            mapping: mapping, budget: request.pairingBudget)
        let scope = LeakScope(plan: plan)
        let index = SourceValueIndex(capacity: scope.capacity(expectedRows: try reader.expectedRowCounts()))
        let pass = SourcePass(plan: plan, scope: scope, expected: expected, pairing: pairing)
        try pass.read(reader, filling: index)
        let scanned = try OutputScan(index: index, scope: scope, mapping: mapping, pairing: pairing).run(over: output)
        while pairing.advance() {
            try pass.read(try openSource(), filling: nil)
            _ = try OutputScan(index: nil, scope: scope, mapping: mapping, pairing: pairing).run(over: try openOutput())
        }
        var leaks = pairing.leaks
        if !scanned.candidates.isEmpty {
            let places = try LeakConfirmation(index: index, scope: scope).confirm(
                scanned.candidates, source: try openSource(), output: try openOutput(),
                sourceTable: mapping.sourceTable(of:))
            for place in places where !pairing.leakedPlaces.contains(place) {
                let name =
                    place.isPassthrough
                    ? "text passed through between tables"
                    : "\((mapping.outputTable(of: place.table) ?? place.table).description).\(place.column)"
                leaks[name, default: 0] += 1
            }
        }
        let report = Report(
            source: source, target: target, leaks: leaks, candidates: scanned.candidates.count,
            filterBytes: index.allocatedBytes, pairing: pairing, mapping: mapping, expected: expected,
            outputTables: scanned.tablesWithRows,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        if let path = request.reportPath {
            do {
                try report.json().write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw VeilError(.target, "cannot write the report to \(path)")
            }
        }
        return report
    }

    /// One pass over the source: every watched column's values into the filter (the first pass), and every row of a
    /// paired table masked again and held by the pairing.
    struct SourcePass {
        let plan: MaskingPlan
        let scope: LeakScope
        let expected: ExpectedOutput
        let pairing: KeyedRowPairing

        func read(_ reader: RowSource, filling index: SourceValueIndex?) throws {
            var watched: [Int] = []
            var paired: (columns: [String], masker: TableMasker?, recomputed: Set<String>, scope: LeakScope.Columns?)?
            while let item = try reader.next() {
                switch item {
                case .beginTable(let data):
                    let scoped = scope.columns(of: data.table)
                    watched = data.columns.indices.filter { scoped?.watched.contains(data.columns[$0]) ?? false }
                    paired = nil
                    guard pairing.pairs(data.table) else { continue }
                    let action = plan.actions[data.table] ?? .keep
                    paired = (
                        data.columns, try expected.masker(for: data, action: action),
                        expected.recomputed(data, action: action) ?? [], scoped
                    )
                case .rows(let batch):
                    if let index {
                        for column in watched { index.add(batch.column(column)) }
                    }
                    guard let paired else { continue }
                    pairing.hold(
                        batch, columns: paired.columns, expected: try paired.masker?.mask(batch),
                        recomputed: paired.recomputed, scope: paired.scope)
                case .endTable, .passthrough: break
                }
            }
        }
    }
}
