import Testing
import VeilCore
import VeilMasking
import VeilTestSupport

@testable import VeilConnectors
@testable import VeilPipeline

/// The run's output scan finds the same places in a batch of the source's bytes (kept fields searched as their bytes,
/// replaced columns as their values) as in the same rows decoded.
@Suite("output batch scan on byte batches")
struct OutputBatchScanTests {
    static let pieces = [
        LeakDefinitionTests.email, LeakDefinitionTests.phone, LeakDefinitionTests.address, "123-45-6789", "plain",
        "tab\there", "new\nline", "back\\slash", "Zoë", " ", "42",
    ]

    static func field(_ random: inout SeededGenerator) -> Field {
        guard random.next() % 5 != 0 else { return nil }
        return (0..<Int(random.next() % 3 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
            .joined(separator: random.next() % 2 == 0 ? " " : "")
    }

    /// Each place with its number of distinct hits (two observers fingerprint under different keys).
    static func places(_ observer: RunLeakObserver) -> [LeakPlace: Int] {
        observer.candidates.contained.mapValues(\.count)
    }

    @Test("random rows with planted values: the same places and hits, byte batch or decoded rows")
    func sameAsDecoded() throws {
        var random = SeededGenerator(seed: 41)
        let columns = ["note", "ssn", "email", "id"]
        var found = Set<String>()
        for _ in 0..<100 {
            let rows = (0..<Int(random.next() % 12 + 1)).map { _ in columns.map { _ in Self.field(&random) } }
            var lines = CopyTextRows(width: columns.count)
            for row in rows {
                var line: [UInt8] = []
                CopyText.appendEncodedRow(row, to: &line)
                line.withUnsafeBufferPointer { lines.append(line: $0) }
            }
            var encoded = RowBatch(table: LeakDefinitionTests.table, encoded: lines, firstRowNumber: 5)
            var decoded = RowBatch(table: LeakDefinitionTests.table, rows: rows, firstRowNumber: 5)
            // The same, with the masked columns as a rule's byte path writes them.
            var written = encoded
            // The masked columns as a rule left them: sometimes an original, sometimes new text.
            for column in [1, 2] {
                let masked = rows.map { _ in Self.field(&random) }
                encoded.replaceColumn(column, with: masked)
                decoded.replaceColumn(column, with: masked)
                written.replaceColumn(column, with: .bytes(ByteColumn(masked)))
            }
            let fromBytes = try LeakDefinitionTests.observer(["ssn": "ssn", "email": "email"])
            fromBytes.observe(output: encoded, columns: columns)
            let fromRows = try LeakDefinitionTests.observer(["ssn": "ssn", "email": "email"])
            fromRows.observe(output: decoded, columns: columns)
            let fromWritten = try LeakDefinitionTests.observer(["ssn": "ssn", "email": "email"])
            fromWritten.observe(output: written, columns: columns)
            #expect(Self.places(fromBytes) == Self.places(fromRows))
            #expect(Self.places(fromWritten) == Self.places(fromRows))
            found.formUnion(Self.places(fromRows).keys.map(\.column))
            #expect(fromBytes.capturedCandidates?.mapValues(\.field) == fromRows.capturedCandidates?.mapValues(\.field))
            #expect(
                fromWritten.capturedCandidates?.mapValues(\.field) == fromRows.capturedCandidates?.mapValues(\.field))
        }
    }
}
