import Dispatch
import Foundation
import VeilConnectors
import VeilCore
import VeilProfile

/// `veil verify PROFILE [--target PATH]`, and the check at the end of every `veil run` to a file target: finds
/// leaks (DESIGN: an output field equal to its own row's original under any rule but `keep`, or containing a
/// source value of eight or more characters of a column whose rule is not `keep`).
///
/// `veil verify` reads the source once into a keyed filter (``SourceValueIndex``), reads every field of the target
/// once, and only when the filter hits re-reads both to confirm the hits exactly (``LeakConfirmation``). Rows align
/// by their number within their table's data: a dump, SQLite or CSV output of `veil run` keeps the source's row
/// order, so row *n* of an output table is the mask of row *n* of the source table. A PostgreSQL target is not
/// verified here (its row order is not the source's).
public struct LeakVerification {
    public struct Request: Sendable {
        public var profilePath: String
        public var target: String?
        public var reportPath: String?

        public init(profilePath: String, target: String? = nil, reportPath: String? = nil) {
            self.profilePath = profilePath
            self.target = target
            self.reportPath = reportPath
        }
    }

    /// Counts only: never a value.
    public struct Report: Codable, Sendable {
        public var status: String
        public var source: String
        public var target: String
        /// Confirmed leaks (fields), all columns together.
        public var leaksFound: Int
        /// Confirmed leaks by output `table.column`.
        public var leaks: [String: Int]
        /// Filter hits re-checked exactly (an upper bound of the leaks; the rest were false positives).
        public var candidates: Int
        public var filterBytes: Int
        public var seconds: Double

        public func json() -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return (try? encoder.encode(self)) ?? Data()
        }

        public func summaryLines() -> [String] {
            var lines = leaks.sorted { $0.key < $1.key }.map { "leak: \($0.key): \($0.value) field(s)" }
            lines.append(
                leaksFound == 0
                    ? "verify: no leak in \(target) (" + String(format: "%.2f s", seconds) + ")"
                    : "verify: \(leaksFound) leaked field(s) in \(target)")
            return lines
        }
    }

    public let request: Request

    public init(request: Request) {
        self.request = request
    }

    public func execute() throws -> Report {
        let started = DispatchTime.now()
        let profile = try ProfileLoading.load(request.profilePath)
        guard let sourceText = profile.source else {
            throw VeilError(.usage, "no source: set `source:` in the profile")
        }
        guard let targetText = request.target ?? profile.target else {
            throw VeilError(.usage, "no target: set `target:` in the profile or pass --target")
        }
        let source = try Endpoint(sourceText, role: "source")
        let target = try Endpoint(targetText, role: "source")
        if case .postgres = target {
            throw VeilError(.usage, "`veil verify` reads a .sql dump, a SQLite file or a CSV folder, not a database")
        }
        let open = { try source.openSource(keepLargeObjects: false, keepComments: false).reader }
        let reader = try open()
        let schema = try reader.schema()
        let plan: MaskingPlan
        do {
            plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: source.defaultSchema).build()
        } catch {
            throw error.veilError
        }
        let scope = LeakScope(plan: plan)
        let index = SourceValueIndex(
            capacity: scope.capacity(expectedRows: try reader.expectedRowCounts()), withPlaces: true)
        try Self.load(reader, into: index, scope: scope)
        let naming = target.outputNaming
        let check = Self.LeakCheck(index: index, scope: scope, naming: naming, schema: schema)
        let outcome = try check.run(
            output: { try target.openSource(keepLargeObjects: false, keepComments: false).reader }, source: open)
        let total = outcome.leaks.values.reduce(0, +)
        let report = Report(
            status: total == 0 ? "clean" : "leak", source: source.description, target: target.description,
            leaksFound: total, leaks: outcome.leaks, candidates: outcome.candidates, filterBytes: index.allocatedBytes,
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

    /// Reads every masked column of the source into the index, with places.
    static func load(_ reader: RowSource, into index: SourceValueIndex, scope: LeakScope) throws {
        var columns: [(index: Int, watched: Bool, place: UInt64)] = []
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data):
                columns = []
                guard let scoped = scope.columns(of: data.table) else { continue }
                for (position, name) in data.columns.enumerated() where scoped.masked.contains(name) {
                    columns.append(
                        (
                            position, scoped.watched.contains(name),
                            index.placeKey(table: data.table.description, column: name)
                        ))
                }
            case .rows(let batch):
                for column in columns {
                    let values = batch.rows.map { column.index < $0.count ? $0[column.index] : nil }
                    index.add(
                        values, watched: column.watched, place: column.place, firstRowNumber: batch.firstRowNumber)
                }
            case .endTable, .passthrough: break
            }
        }
    }

    /// The output scan and the exact confirmation, given a filled index.
    struct LeakCheck {
        let index: SourceValueIndex
        let scope: LeakScope
        /// How the output names the source's tables.
        let naming: OutputTableNaming
        let schema: DatabaseSchema

        func run(output: () throws -> RowSource, source: () throws -> RowSource) throws
            -> (leaks: [String: Int], candidates: Int)
        {
            var sources: [TableName: TableName] = [:]
            for (outputTable, tables) in naming.sourceTables(in: schema) { sources[outputTable] = tables.first }
            let sourceTable = { (table: TableName) in sources[table] }
            let candidates = try OutputScan(index: index, scope: scope, sourceTable: sourceTable)
                .candidates(in: try output())
            guard !candidates.isEmpty else { return ([:], 0) }
            let places = try LeakConfirmation(index: index, scope: scope)
                .confirm(candidates, source: try source(), output: try output(), sourceTable: sourceTable)
            var leaks: [String: Int] = [:]
            for place in places {
                let name =
                    place.isPassthrough
                    ? "text passed through between tables"
                    : "\(naming.outputTable(of: place.table, in: schema).description).\(place.column)"
                leaks[name, default: 0] += 1
            }
            return (leaks, candidates.count)
        }
    }
}
