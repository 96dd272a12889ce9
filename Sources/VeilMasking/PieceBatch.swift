import VeilCore

/// Pieces of a batch's fields (an array's elements, a document's string leaves) gathered into one column for the
/// transformer of the pieces: each piece remembers its row, the related columns are repeated per piece, and an
/// error is traced back to the row its piece came from.
struct PieceBatch {
    private(set) var pieces: [Field] = []
    private var rows: [Int] = []
    private let related: [[Field]]
    private var repeatedRelated: [[Field]]

    init(related: [[Field]]) {
        self.related = related
        repeatedRelated = related.map { _ in [] }
    }

    /// Adds one piece of row `row`'s field.
    mutating func append(_ piece: Field, row: Int) {
        pieces.append(piece)
        rows.append(row)
        for index in related.indices { repeatedRelated[index].append(related[index][row]) }
    }

    /// Masks every piece with `transformer`; an error names the row and says it was `what` (`an element`).
    mutating func transform(with transformer: any Transformer, what: String) throws(MaskingError) {
        do {
            try transformer.transform(&pieces, related: repeatedRelated)
        } catch {
            let row = rows.indices.contains(error.rowIndex) ? rows[error.rowIndex] : 0
            throw MaskingError(rowIndex: row, reason: "\(what): " + error.reason)
        }
    }
}
