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
        var strings: [Field] = []
        var rowOfString: [Int] = []
        var flatRelated: [[Field]] = related.map { _ in [] }
        for (row, field) in values.enumerated() {
            guard let field else { continue }
            let document: JSONValue
            do {
                document = try JSONValue.parse(field)
            } catch {
                throw MaskingError(rowIndex: row, reason: "invalid JSON at byte \(error.offset): \(error.reason)")
            }
            Self.collect(document) { text in
                strings.append(text)
                rowOfString.append(row)
                for index in related.indices { flatRelated[index].append(related[index][row]) }
            }
            documents.append((row, document))
        }
        do {
            try leaves.transform(&strings, related: flatRelated)
        } catch {
            let row = rowOfString.indices.contains(error.rowIndex) ? rowOfString[error.rowIndex] : 0
            throw MaskingError(rowIndex: row, reason: "a string in the document: " + error.reason)
        }
        var next = 0
        for (row, document) in documents {
            values[row] = Self.replacing(document, from: strings, next: &next).serialized
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
