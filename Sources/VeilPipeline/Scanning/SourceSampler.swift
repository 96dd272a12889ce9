import VeilCore
import VeilMasking

/// Reads at most `rowsPerTable` rows of each table from a source and keeps only their statistics
/// (``ColumnSample``): memory stays bounded by the number of columns, whatever the source's size.
///
/// An array column is also sampled element by element, under its name followed by `[]` (`emails[]`), so that
/// `veil scan` can see a `text[]` of email addresses for what it is; a JSON column string leaf by string leaf,
/// under its name followed by each leaf's path (`profile$.contact.email`, at most ``pathsPerColumn`` paths). A text
/// column (SQLite `TEXT`, a CSV field) whose every sampled value is a JSON document is sampled leaf by leaf too.
///
/// A live source should already stream only those rows (a ``RowFilter`` limit); a dump or CSV is streamed to
/// its end and the rows past the limit are skipped.
package struct SourceSampler {
    let rowsPerTable: Int
    let classifier = ValueClassifier()

    package init(rowsPerTable: Int) {
        self.rowsPerTable = rowsPerTable
    }

    package func sample(_ reader: RowSource) throws -> [TableName: [String: ColumnSample]] {
        var samples: [TableName: [String: ColumnSample]] = [:]
        let schema = try reader.schema()
        var columns: [String] = []
        var current: [ColumnSample] = []
        /// By column position: the element samples of the array columns.
        var elements: [Int: ColumnSample] = [:]
        /// By column position: the JSON columns, with their leaves' samples by path.
        var leaves: [Int: [String: ColumnSample]] = [:]
        /// By column position: the text columns, whose values may all be JSON documents.
        var textual: Set<Int> = []
        /// The JSON and text columns' positions, whose values are sampled leaf by leaf.
        var leafColumns: [Int] = []
        /// By column position, for the current row's JSON and text columns: whether the value is a JSON document.
        var documents: [Bool?] = []
        var taken = 0
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data):
                columns = data.columns
                current = Array(repeating: ColumnSample(), count: columns.count)
                let types = schema[data.table]?.columns ?? []
                elements = [:]
                leaves = [:]
                textual = []
                for (index, name) in columns.enumerated() {
                    let type = types.first(where: { $0.name == name })?.type ?? ""
                    if ArrayElementsTransformer.elementType(of: type) != nil {
                        elements[index] = ColumnSample()
                    } else if JSONStringLeavesTransformer.isJSON(type) {
                        leaves[index] = [:]
                    } else if ColumnType(type).isTextual {
                        textual.insert(index)
                    }
                }
                leafColumns = (Array(leaves.keys) + textual).sorted()
                documents = Array(repeating: nil, count: columns.count)
                taken = 0
            case .rows(let batch):
                for row in batch.rows where taken < rowsPerTable {
                    taken += 1
                    // A JSON or text value is parsed once, here: for its leaves, and to count it as a document.
                    for index in leafColumns where index < row.count {
                        documents[index] = false
                        guard let value = row[index],
                            !textual.contains(index) || JSONStringLeavesTransformer.startsLikeDocument(value),
                            let found = JSONStringLeavesTransformer.stringLeavesByPath(of: value)
                        else { continue }
                        documents[index] =
                            textual.contains(index) || JSONStringLeavesTransformer.startsLikeDocument(value)
                        for (path, leaf) in found.prefix(Self.elementsPerValue * 4) {
                            guard leaves[index]?[path] != nil || (leaves[index]?.count ?? 0) < Self.pathsPerColumn
                            else {
                                continue
                            }
                            leaves[index, default: [:]][path, default: ColumnSample()].add(leaf, classifier: classifier)
                        }
                    }
                    for index in current.indices where index < row.count {
                        current[index].add(row[index], classifier: classifier, isDocument: documents[index])
                    }
                    for index in elements.keys where index < row.count {
                        guard let value = row[index], let parts = ArrayElementsTransformer.elements(of: value) else {
                            continue
                        }
                        for part in parts.prefix(Self.elementsPerValue) {
                            elements[index]?.add(part, classifier: classifier)
                        }
                    }
                }
            case .endTable(let table):
                var byColumn = samples[table] ?? [:]
                for (name, sample) in zip(columns, current) { byColumn[name] = sample }
                for (index, sample) in elements where index < columns.count { byColumn[columns[index] + "[]"] = sample }
                for (index, paths) in leaves where index < columns.count {
                    // A text column's leaves count only when every value sampled was a document.
                    let sample = current[index]
                    guard !textual.contains(index) || sample.jsonDocuments == sample.nonEmpty else { continue }
                    for (path, sample) in paths { byColumn[columns[index] + path] = sample }
                }
                samples[table] = byColumn
            case .passthrough:
                break
            }
        }
        return samples
    }

    /// Elements of one array value sampled at most.
    static let elementsPerValue = 16
    /// Distinct leaf paths of one JSON column sampled at most.
    static let pathsPerColumn = 64
}
