import VeilCore

/// `scrub` on a `json` or `jsonb` column: every string leaf of each document (object keys, numbers, booleans and
/// nulls left as they are) goes through the text transformer, all leaves of the batch together, and the document
/// is written back with the same structure (compactly, as `jsonb` prints nothing else anyway). A field that is not
/// JSON is an error naming its row and the byte offset, never the value.
public struct JSONStringLeavesTransformer: Transformer {
    let leaves: any Transformer

    public init(leaves: any Transformer) {
        self.leaves = leaves
    }

    public var relatedColumns: [String] { leaves.relatedColumns }

    /// True for the declared types whose values are JSON documents.
    public static func isJSON(_ type: String) -> Bool {
        let lowered = type.lowercased()
        return lowered == "json" || lowered == "jsonb"
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var documents: [(row: Int, value: JSONValue)] = []
        var batch = PieceBatch(related: related)
        for (row, field) in values.enumerated() {
            guard let field else { continue }
            let document: JSONValue
            do {
                document = try JSONValue.parse(field)
            } catch {
                throw MaskingError(rowIndex: row, reason: "invalid JSON at byte \(error.offset): \(error.reason)")
            }
            Self.collect(document) { batch.append($0, row: row) }
            documents.append((row, document))
        }
        try batch.transform(with: leaves, what: "a string in the document")
        var next = 0
        for (row, document) in documents {
            values[row] = Self.replacing(document, from: batch.pieces, next: &next).serialized
        }
    }

    /// Calls `body` with every string leaf, in document order.
    private static func collect(_ value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .object(let members): for member in members { collect(member.value, body) }
        case .array(let elements): for element in elements { collect(element, body) }
        case .string(let text): body(text)
        case .number, .bool, .null: break
        }
    }

    /// `value` with its string leaves taken from `strings` in order (a NULL output becomes JSON `null`).
    private static func replacing(_ value: JSONValue, from strings: [Field], next: inout Int) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { ($0.key, replacing($0.value, from: strings, next: &next)) })
        case .array(let elements):
            return .array(elements.map { replacing($0, from: strings, next: &next) })
        case .string:
            defer { next += 1 }
            return strings[next].map(JSONValue.string) ?? .null
        case .number, .bool, .null:
            return value
        }
    }
}
