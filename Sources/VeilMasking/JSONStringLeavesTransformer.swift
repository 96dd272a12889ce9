import VeilCore

/// A rule on a `json` or `jsonb` column (`scrub`, `hmac`, `fake.full_name`...: all but `keep`, `null` and `json`):
/// every string leaf of each document (object keys, numbers, booleans and nulls left as they are) goes through the
/// rule as text, all leaves of the batch together, and the document is written back with the same structure
/// (compactly, as `jsonb` prints nothing else anyway). A field that is not JSON is an error naming its row and the
/// byte offset, never the value.
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

    /// True when `text` is a JSON object or array (surrounding white space allowed): a document, as a text column
    /// of JSON holds them. A bare string, number or literal is JSON but no document.
    public static func isDocument(_ text: String) -> Bool {
        guard startsLikeDocument(text) else { return false }
        return (try? JSONValue.parse(text)) != nil
    }

    /// True when the first byte after white space opens an object or an array: cheap, before a parse.
    public static func startsLikeDocument(_ text: String) -> Bool {
        let whiteSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let first = text.utf8.first(where: { !whiteSpace.contains($0) }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// The string leaves of `text`, in document order; nil when it is not JSON.
    public static func stringLeaves(of text: String) -> [String]? {
        guard let document = try? JSONValue.parse(text) else { return nil }
        var leaves: [String] = []
        collect(document) { leaves.append($0) }
        return leaves
    }

    /// The string leaves of `text` with the path of each, as the `json` rule's `paths:` write it (`$.contact.email`,
    /// `$.tags[*]`: every array index as `[*]`); nil when it is not JSON. A leaf under a key no path can quote (one
    /// holding both quote characters) is left out.
    public static func stringLeavesByPath(of text: String) -> [(path: String, value: String)]? {
        guard let document = try? JSONValue.parse(text) else { return nil }
        var leaves: [(path: String, value: String)] = []
        func visit(_ value: JSONValue, _ path: String?) {
            guard let path else { return }
            switch value {
            case .object(let members):
                for member in members { visit(member.value, step(path, key: member.key)) }
            case .array(let elements):
                for element in elements { visit(element, path + "[*]") }
            case .string(let text):
                leaves.append((path, text))
            case .number, .bool, .null:
                break
            }
        }
        visit(document, "$")
        return leaves
    }

    /// `path` followed by `key`: `.key` for letters, digits, `_` and `-`, else quoted (`['a key']`); nil when the
    /// key holds both quote characters.
    private static func step(_ path: String, key: String) -> String? {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy { scalar in
                scalar.value >= 0x80 || scalar == "_" || scalar == "-" || scalar.properties.isASCIIHexDigit
                    || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            }
        if plain { return path + "." + key }
        if !key.contains("'") { return path + "['" + key + "']" }
        if !key.contains("\"") { return path + "[\"" + key + "\"]" }
        return nil
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
