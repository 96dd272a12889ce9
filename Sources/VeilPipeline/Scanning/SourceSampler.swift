import VeilCore
import VeilMasking

/// Reads at most `rowsPerTable` rows of each table from a source and keeps only their statistics
/// (``ColumnSample``): memory stays bounded by the number of columns, whatever the source's size.
///
/// A live source should already stream only those rows (a ``RowFilter`` limit); a dump or CSV is streamed to
/// its end and the rows past the limit are skipped.
struct SourceSampler {
    let rowsPerTable: Int
    let classifier = ValueClassifier()

    func sample(_ reader: RowSource) throws -> [TableName: [String: ColumnSample]] {
        var samples: [TableName: [String: ColumnSample]] = [:]
        var columns: [String] = []
        var current: [ColumnSample] = []
        var taken = 0
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data):
                columns = data.columns
                current = Array(repeating: ColumnSample(), count: columns.count)
                taken = 0
            case .rows(let batch):
                for row in batch.rows where taken < rowsPerTable {
                    taken += 1
                    for index in current.indices where index < row.count {
                        current[index].add(row[index], classifier: classifier)
                    }
                }
            case .endTable(let table):
                var byColumn = samples[table] ?? [:]
                for (name, sample) in zip(columns, current) { byColumn[name] = sample }
                samples[table] = byColumn
            case .passthrough:
                break
            }
        }
        return samples
    }
}
