import VeilCore

/// A rule applied element by element to an array column (`text[]` of emails, `varchar(20)[][]`): each array
/// literal is split (``ArrayLiteral``), its non-NULL elements of the whole batch go through the element
/// transformer together, and each literal is written back in its own shape. NULL elements stay NULL, an empty
/// array stays empty; a field that is not an array literal is an error naming its row, never its value.
public struct ArrayElementsTransformer: Transformer {
    let element: any Transformer

    public init(element: any Transformer) {
        self.element = element
    }

    public var relatedColumns: [String] { element.relatedColumns }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var literals: [(row: Int, literal: ArrayLiteral, start: Int)] = []
        var batch = PieceBatch(related: related)
        for (row, value) in values.enumerated() {
            guard let value else { continue }
            guard let literal = ArrayLiteral(value) else {
                throw MaskingError(rowIndex: row, reason: "the value is not a PostgreSQL array literal")
            }
            literals.append((row, literal, batch.pieces.count))
            for element in literal.elements { batch.append(element, row: row) }
        }
        try batch.transform(with: element, what: "an element")
        for (row, literal, start) in literals {
            values[row] = literal.text(with: Array(batch.pieces[start..<(start + literal.elements.count)]))
        }
    }

    /// The non-NULL elements of the array literal `text`, nested arrays flattened; nil when it is not one.
    public static func elements(of text: String) -> [String]? {
        ArrayLiteral(text).map { $0.elements.compactMap { $0 } }
    }

    /// The element type of an array type (`text[]` → `text`, `character varying(20)[][]` → `character
    /// varying(20)`), or nil for a type that is not an array.
    public static func elementType(of type: String) -> String? {
        var text = Substring(type)
        while text.last == " " { text.removeLast() }
        guard text.hasSuffix("[]") else { return nil }
        while text.hasSuffix("[]") {
            text.removeLast(2)
            while text.last == " " { text.removeLast() }
        }
        return String(text)
    }
}
