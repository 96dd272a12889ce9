import VeilCore

/// `json`: masks the leaves of a JSON document by path, each path with its own nested rule.
///
/// ```yaml
/// profile: { rule: json, unmatched: fail, paths: { $.email: email, $.items[*].card: card, $.address: redact } }
/// ```
/// Each value is parsed (order-preserving: keys stay in their order, duplicates included, numbers keep
/// their text as written), every string and number leaf is looked up among the paths, and the leaves a
/// path covers are masked by its rule. A path names a node and so every leaf beneath it (`$.address`
/// covers `$.address.street` and `$.address.city`); when several paths cover a leaf, the one naming the
/// deepest node wins, then the one with fewer wildcards, then the first in text order. Paths are
/// JSONPath-like: `$.a.b`, `$['a key']`, `$.items[*].c`, `$.list[0]`, `$.*`, `$..email` (see ``JSONPath``).
///
/// What is kept: object keys and their order, array lengths, booleans and nulls, and the type of every
/// leaf a rule does not change. A string leaf gets its rule's output as a string. A number leaf stays a
/// number when its rule writes a JSON number (`noise`, `generalize`, `fpe` on digits...); a rule that
/// writes text (`redact`, `hmac`, `fake.*`) turns it into a string, since the text could not be written
/// as a number and dropping the change would leak the value. A rule that writes NULL (`null`) writes
/// JSON `null`. Each path's rule runs once per batch over all the leaves it covers, under the domain
/// `<column's domain>.<path>` unless the nested rule names its own `domain:` (so `$.email: { rule: email,
/// domain: public.customers.email }` masks like `customers.email`). The output is compact JSON; a
/// document none of whose leaves changed is written back exactly as it was.
///
/// Parameters:
/// - `paths`: the map of paths to nested rules (written like a column's rule). The planner validates and
///   builds each nested rule; a nested `json` is refused.
/// - `unmatched` (default `keep`): what happens to string and number leaves no path covers. `keep` leaves
///   them as they are; `fail` stops the run with an error naming the row and the leaf's path (never its
///   value), so a document that grows a new field is reviewed before it is copied (fail closed).
///
/// Invalid JSON is an error naming the row and the byte offset of the problem. Works on `json`, `jsonb`
/// and text columns. The rule holds no key itself: its output depends on its nested rules' keys only,
/// so it is listed as unkeyed, and with no paths it changes nothing.
public enum JSONRule {
    public static let definition = RuleDefinition(
        name: "json",
        summary: "masks the string and number leaves of a JSON document by path, each with its own rule",
        parameters: [
            ParameterDefinition(
                name: "paths", kind: .rules, summary: "map of paths ($.a.b, $.items[*].c, $..email) to nested rules"),
            ParameterDefinition(
                name: "unmatched", kind: .choice(["keep", "fail"]), defaultValue: .string("keep"),
                summary: "keep | fail: what happens to string and number leaves no path covers"),
        ],
        isKeyed: false,
        make: { context throws(RuleConfigurationError) in try JSONTransformer(context) }
    )
    .withLeakRole(.passesThrough)
}

/// The `json` rule bound to its paths and their transformers. See ``JSONRule``.
public struct JSONTransformer: Transformer {
    let paths: [JSONPath]
    let transformers: [any Transformer]
    let failUnmatched: Bool

    /// - Throws: when a path is invalid, a nested rule reads other columns, `unmatched` is unknown, or the
    ///   column cannot hold JSON text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        let type = ColumnType(context.column.type)
        guard type.isTextual || context.column.type.lowercased().contains("json") else {
            throw RuleConfigurationError("json needs a json, jsonb or text column")
        }
        let unmatched = context.string("unmatched") ?? "keep"
        guard unmatched == "keep" || unmatched == "fail" else {
            throw RuleConfigurationError("unmatched must be keep or fail")
        }
        failUnmatched = unmatched == "fail"
        var paths: [JSONPath] = []
        var transformers: [any Transformer] = []
        for (text, transformer) in context.nested.sorted(by: { $0.key < $1.key }) {
            guard let path = JSONPath(text) else {
                throw RuleConfigurationError(
                    "`\(text)` is not a path (write $.key, $.list[*].key, $['a key'], $..key)")
            }
            guard transformer.relatedColumns.isEmpty else {
                throw RuleConfigurationError(
                    "the rule of path `\(text)` reads other columns, which json cannot give it")
            }
            paths.append(path)
            transformers.append(transformer)
        }
        self.paths = paths
        self.transformers = transformers
    }

    /// A leaf a path covers, waiting for its rule's output.
    private struct Pending {
        var row: Int
        /// The leaf's position among the document's leaves, in document order.
        var ordinal: Int
        var isNumber: Bool
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var documents: [Int: JSONValue] = [:]
        var inputs = Array(repeating: [Field](), count: paths.count)
        var pending = Array(repeating: [Pending](), count: paths.count)
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            let document: JSONValue
            do {
                document = try JSONValue.parse(value)
            } catch {
                throw MaskingError(rowIndex: row, reason: "not valid JSON: \(error.description)")
            }
            var ordinal = 0
            var location: [JSONPath.Component] = []
            var found = false
            var unmatched: [JSONPath.Component]?
            Self.visitLeaves(document, location: &location) { leaf, location in
                defer { ordinal += 1 }
                guard let pathIndex = bestPath(for: location) else {
                    if unmatched == nil { unmatched = location }
                    return
                }
                found = true
                switch leaf {
                case .string(let text): inputs[pathIndex].append(text)
                case .number(let text): inputs[pathIndex].append(text)
                default: return
                }
                pending[pathIndex].append(Pending(row: row, ordinal: ordinal, isNumber: leaf.isNumber))
            }
            if failUnmatched, let unmatched {
                throw MaskingError(
                    rowIndex: row,
                    reason: "\(JSONPath.describe(unmatched)) is not covered by any path (unmatched: fail)")
            }
            if found { documents[row] = document }
        }
        var replacements: [Int: [Int: JSONValue]] = [:]
        for pathIndex in paths.indices where !inputs[pathIndex].isEmpty {
            do {
                try transformers[pathIndex].transform(&inputs[pathIndex], related: [])
            } catch {
                throw MaskingError(
                    rowIndex: pending[pathIndex][error.rowIndex].row,
                    reason: "\(paths[pathIndex].text): \(error.reason)")
            }
            for (leaf, output) in zip(pending[pathIndex], inputs[pathIndex]) {
                replacements[leaf.row, default: [:]][leaf.ordinal] = Self.leaf(output, wasNumber: leaf.isNumber)
            }
        }
        for (row, document) in documents {
            guard let changes = replacements[row] else { continue }
            var ordinal = 0
            let masked = Self.replacingLeaves(document, ordinal: &ordinal, with: changes)
            if masked != document { values[row] = masked.serialized }
        }
    }

    /// The index of the path covering `location`: deepest node, then fewest wildcards, then text order.
    private func bestPath(for location: [JSONPath.Component]) -> Int? {
        var best: (index: Int, depth: Int, wildcards: Int)?
        for (index, path) in paths.enumerated() {
            guard let depth = path.matchedPrefix(of: location) else { continue }
            if let current = best,
                depth < current.depth || (depth == current.depth && path.wildcardCount >= current.wildcards)
            {
                continue
            }
            best = (index, depth, path.wildcardCount)
        }
        return best?.index
    }

    /// A rule's output as the leaf it replaces.
    static func leaf(_ output: Field, wasNumber: Bool) -> JSONValue {
        guard let output else { return .null }
        return wasNumber && JSONValue.isNumber(output) ? .number(output) : .string(output)
    }

    /// Calls `body` for every string and number leaf, in document order, with its location.
    static func visitLeaves(
        _ value: JSONValue, location: inout [JSONPath.Component],
        _ body: (JSONValue, [JSONPath.Component]) -> Void
    ) {
        switch value {
        case .object(let members):
            for member in members {
                location.append(.key(member.key))
                visitLeaves(member.value, location: &location, body)
                location.removeLast()
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                location.append(.index(index))
                visitLeaves(element, location: &location, body)
                location.removeLast()
            }
        case .string, .number: body(value, location)
        case .bool, .null: break
        }
    }

    /// `value` with the leaves whose ordinal (as ``visitLeaves(_:location:_:)`` counts them) is in `changes` replaced.
    static func replacingLeaves(_ value: JSONValue, ordinal: inout Int, with changes: [Int: JSONValue]) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { ($0.key, replacingLeaves($0.value, ordinal: &ordinal, with: changes)) })
        case .array(let elements):
            return .array(elements.map { replacingLeaves($0, ordinal: &ordinal, with: changes) })
        case .string, .number:
            defer { ordinal += 1 }
            return changes[ordinal] ?? value
        case .bool, .null:
            return value
        }
    }
}

extension JSONValue {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
