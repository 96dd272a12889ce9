import Foundation
import VeilCore
import VeilPipeline

extension LeakVerification {
    /// What `veil verify` found: counts and names only, never a value.
    public struct Report: Codable, Sendable {
        /// `clean`, `leak` (some field leaks) or `unexpected` (no leak, but some field is not what the profile makes).
        public var status: String
        public var source: String
        public var target: String
        /// Confirmed leaks (fields), all columns together.
        public var leaksFound: Int
        /// Confirmed leaks by output `table.column`, tables as the output names them (`public.people` in a dump,
        /// `people` in SQLite or CSV, `other_people` or `other.people` outside the public schema).
        public var leaks: [String: Int]
        /// Paired fields that are neither their expected masked value nor, for a kept column, the original.
        public var unexpectedFound: Int
        public var unexpected: [String: Int]
        /// Tables whose rows were paired with their source rows, with the key they were paired by.
        public var pairedTables: [String: [String]]
        /// Output rows paired with their source row, by table.
        public var pairedRows: [String: Int]
        /// Output tables with rows that could not be paired (no own-row test, no recompute), sorted, and why.
        public var unpairedTables: [String]
        public var unpairedReasons: [String: String]
        /// Output rows of a paired table whose key no source row has (or two have), by table.
        public var unmatchedRows: [String: Int]
        /// `done`, or why nothing was recomputed (e.g. the key store cannot be opened).
        public var recompute: String
        /// Masked columns whose expected output was not recomputed, and why (e.g. `tokenize` without its vault).
        public var recomputeSkippedColumns: [String: String]
        /// The key version the expected outputs were computed under (nil when nothing was recomputed).
        public var keyVersion: Int?
        /// Passes over source and output the pairing took (more than one when its memory budget filled).
        public var pairingPasses: Int
        /// The most bytes of fingerprints the pairing held at once.
        public var pairingBytes: Int
        /// Filter hits re-checked exactly (an upper bound of the contained leaks; the rest were false positives).
        public var candidates: Int
        public var filterBytes: Int
        public var seconds: Double

        init(
            source: Endpoint, target: Endpoint, leaks: [String: Int], candidates: Int, filterBytes: Int,
            pairing: KeyedRowPairing, mapping: OutputTableMapping, expected: ExpectedOutput,
            outputTables: Set<TableName>, seconds: Double
        ) {
            let outputName = { (table: TableName) in (mapping.outputTable(of: table) ?? table).description }
            let leaksFound = leaks.values.reduce(0, +)
            let unexpectedFound = pairing.unexpected.values.reduce(0, +)
            status = leaksFound > 0 ? "leak" : unexpectedFound > 0 ? "unexpected" : "clean"
            self.source = source.description
            self.target = target.description
            self.leaksFound = leaksFound
            self.leaks = leaks
            self.unexpectedFound = unexpectedFound
            unexpected = pairing.unexpected
            pairedTables = Dictionary(
                uniqueKeysWithValues: pairing.plan.tables.values.compactMap { table in
                    mapping.outputTable(of: table.name).flatMap {
                        outputTables.contains($0) ? ($0.description, table.key) : nil
                    }
                })
            pairedRows = Dictionary(uniqueKeysWithValues: pairing.pairedRows.map { ($0.key.description, $0.value) })
            let unpaired = pairing.plan.unpaired.filter {
                mapping.outputTable(of: $0.key).map(outputTables.contains) == true
            }
            unpairedTables = unpaired.keys.map(outputName).sorted()
            unpairedReasons = Dictionary(uniqueKeysWithValues: unpaired.map { (outputName($0.key), $0.value) })
            unmatchedRows = Dictionary(
                uniqueKeysWithValues: pairing.unmatchedRows.map { ($0.key.description, $0.value) })
            recompute = expected.skipped.map { "skipped: \($0)" } ?? "done"
            recomputeSkippedColumns = Dictionary(
                expected.skippedColumns.map { ("\(outputName($0.key.table)).\($0.key.column)", $0.value) },
                uniquingKeysWith: { first, _ in first })
            keyVersion = expected.keyVersion
            pairingPasses = pairing.passes
            pairingBytes = pairing.peakBytes
            self.candidates = candidates
            self.filterBytes = filterBytes
            self.seconds = seconds
        }

        public func json() -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return (try? encoder.encode(self)) ?? Data()
        }

        public func summaryLines() -> [String] {
            var lines = leaks.sorted { $0.key < $1.key }.map { "leak: \($0.key): \($0.value) field(s)" }
            lines += unexpected.sorted { $0.key < $1.key }.map {
                "unexpected: \($0.key): \($0.value) field(s) differ from the masked source row"
            }
            lines += unmatchedRows.sorted { $0.key < $1.key }.map {
                "unmatched: \($0.key): \($0.value) output row(s) whose key no single source row has"
            }
            lines += unpairedTables.map {
                "unpaired: \($0): \(unpairedReasons[$0] ?? "no key"); no own-row test or recompute for it"
            }
            if recompute != "done" { lines.append("verify: recompute \(recompute); leak scan only") }
            lines += recomputeSkippedColumns.sorted { $0.key < $1.key }.map {
                "verify: \($0.key) not recomputed: \($0.value)"
            }
            let time = String(format: "%.2f s", seconds)
            switch status {
            case "clean":
                lines.append(
                    "verify: no leak in \(target) (\(pairedRows.values.reduce(0, +)) row(s) paired by key; \(time))")
            case "leak": lines.append("verify: \(leaksFound) leaked field(s) in \(target)")
            default: lines.append("verify: no leak, but \(unexpectedFound) unexpected field(s) in \(target)")
            }
            return lines
        }
    }
}
