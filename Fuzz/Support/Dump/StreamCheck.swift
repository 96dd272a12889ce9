// The stream property the `dump` and `archive` targets share: what the pre-scan accepted streams to its end.

import VeilCore

@testable import VeilConnectors

enum StreamCheck {
    /// Streams `reader` to its end after its pre-scan counted `counted`, and checks that the stream neither fails
    /// (the pre-scan exists so that nothing is streamed from a dump that fails) nor counts other rows, and that its
    /// passthrough text holds only what pg_dump writes (``PassthroughCheck``).
    static func streamToEnd(_ reader: PgDumpReader, counted: [(table: TableName, rows: Int)]) {
        var passthrough: [UInt8] = []
        var streamed: [TableName: Int] = [:]
        do {
            while let item = try reader.next() {
                switch item {
                case .passthrough(let text): passthrough.append(contentsOf: text.utf8)
                case .rows(let batch): streamed[batch.table, default: 0] += batch.rows.count
                case .beginTable, .endTable: break
                }
            }
        } catch {
            fuzzRequire(false, "the pre-scan accepted a dump whose stream then failed: \(error)")
        }
        for (table, rows) in counted {
            fuzzRequire(streamed[table, default: 0] == rows, "the stream and the pre-scan count different rows")
        }
        PassthroughCheck.check(passthrough)
    }
}
