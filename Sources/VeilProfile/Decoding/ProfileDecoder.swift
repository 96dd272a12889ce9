import Yams

/// Walks a profile's YAML tree, building typed values and collecting every problem instead of stopping
/// at the first. Each `decode...` method returns `nil` (or a default) after reporting a problem, so the
/// walk always goes on.
///
/// Messages start with the dotted path of what they are about (`tables.public.orders.columns.email:`) and
/// never quote a scalar's value, except enumeration words and the names of keys, tables and columns.
struct ProfileDecoder {
    let file: String
    /// Placeholder key → the repeated key it replaced (see ``YAMLComposer``).
    let duplicates: [String: DuplicateKey]
    /// Maps node columns back to the file's columns where repeated keys were renamed.
    let columnMap: ColumnMap
    private(set) var problems: [ProfileProblem] = []

    init(file: String, duplicates: [String: DuplicateKey] = [:], columnMap: ColumnMap = ColumnMap()) {
        self.file = file
        self.duplicates = duplicates
        self.columnMap = columnMap
    }

    /// One key and value of a YAML map, with where the key was written.
    struct Entry {
        var key: String
        var location: SourceLocation
        var value: Node

        /// The key as a message may repeat it (see ``EchoedText``).
        var echoedKey: String { EchoedText.echo(key) }
    }

    // MARK: Problems and locations

    /// Records a problem once (a node decoded two ways, as the `paths:` of a json rule is, reports once).
    mutating func report(_ message: String, at location: SourceLocation) {
        let problem = ProfileProblem(location: location, message: message)
        if !problems.contains(problem) { problems.append(problem) }
    }

    mutating func report(_ message: String, at node: Node) {
        report(message, at: location(of: node))
    }

    /// Where a node was written in the file.
    func location(of node: Node) -> SourceLocation {
        let line = node.mark?.line ?? 1
        return location(line: line, column: columnMap.originalColumn(line: line, column: node.mark?.column ?? 1))
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    // MARK: Maps

    /// The entries of a map in file order, without repeated keys (each repetition is reported, and only
    /// the first occurrence kept) and without keys that are not scalars.
    mutating func entries(of mapping: Node.Mapping, path: String) -> [Entry] {
        var result: [Entry] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report("\(prefix(path))a key must be a plain name, not \(kind(of: keyNode))", at: keyNode)
                continue
            }
            if let duplicate = duplicates[scalar.string] {
                let first = location(line: duplicate.firstLine, column: duplicate.firstColumn)
                report(
                    "\(prefix(path))duplicate key '\(EchoedText.echo(duplicate.key))' (first at line \(first.line))",
                    at: location(line: duplicate.line, column: duplicate.column))
                continue
            }
            let keyLocation = location(of: keyNode)
            if let first = seen[scalar.string] {
                let key = EchoedText.echo(scalar.string)
                report("\(prefix(path))duplicate key '\(key)' (first at line \(first.line))", at: keyLocation)
                continue
            }
            seen[scalar.string] = keyLocation
            result.append(Entry(key: scalar.string, location: keyLocation, value: value))
        }
        return result
    }

    /// The node as a map, or `nil` after reporting what it is instead.
    mutating func mapping(_ node: Node, path: String, expected: String = "a map") -> Node.Mapping? {
        if case .mapping(let mapping) = node { return mapping }
        report("\(path): must be \(expected), found \(kind(of: node))", at: node)
        return nil
    }

    /// Reports an unknown key of the map at `path` (`nil`: the top level), suggesting a close spelling
    /// from `known`, or listing `known` when none is close. With `echoingKey` false the key is not quoted
    /// (inside `keys:`, a stray key might be a pasted secret).
    mutating func reportUnknownKey(_ entry: Entry, path: String?, known: [String], echoingKey: Bool = true) {
        let suggestion = Suggestion.closest(to: entry.key, among: known).map { " (did you mean '\($0)'?)" }
        let expected = suggestion ?? " (expected \(Suggestion.list(known)))"
        let name = echoingKey ? " '\(entry.echoedKey)'" : ""
        let message = path.map { "\($0): unknown key\(name)" } ?? "unknown top-level key\(name)"
        report(message + expected, at: entry.location)
    }

    // MARK: Scalars

    /// The resolved YAML type of a scalar.
    enum ScalarKind {
        case null
        case boolean(Bool)
        case integer(Int)
        case string(String)
        case other(String)
    }

    func scalarKind(_ scalar: Node.Scalar) -> ScalarKind {
        let node = Node.scalar(scalar)
        switch node.tag.rawValue {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return node.bool.map(ScalarKind.boolean) ?? .other(scalar.string)
        case Tag.Name.int.rawValue: return node.int.map(ScalarKind.integer) ?? .other(scalar.string)
        case Tag.Name.str.rawValue: return .string(scalar.string)
        default: return .other(scalar.string)
        }
    }

    /// Text for a path-like or name-like setting: any non-empty scalar but null, as written.
    mutating func text(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report("\(path): must be a string, found \(kind(of: node))", at: node)
            return nil
        }
        guard !scalar.string.isEmpty else {
            report("\(path): must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// An integer (YAML int, not a quoted string), optionally within `range`.
    mutating func integer(_ node: Node, path: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard case .scalar(let scalar) = node, case .integer(let value) = scalarKind(scalar) else {
            report("\(path): must be an integer, found \(kind(of: node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            report("\(path): must be between \(range.lowerBound) and \(range.upperBound)", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func boolean(_ node: Node, path: String) -> Bool? {
        guard case .scalar(let scalar) = node, case .boolean(let value) = scalarKind(scalar) else {
            report("\(path): must be true or false, found \(kind(of: node))", at: node)
            return nil
        }
        return value
    }

    /// One of an enumeration's words, as written (so `null` is the word, not YAML's null).
    mutating func word<Word: RawRepresentable & CaseIterable>(
        _ node: Node, path: String, as type: Word.Type = Word.self
    ) -> Word? where Word.RawValue == String {
        let words = Word.allCases.map(\.rawValue)
        guard case .scalar(let scalar) = node else {
            report("\(path): must be one of \(Suggestion.list(words)), found \(kind(of: node))", at: node)
            return nil
        }
        if let word = Word(rawValue: scalar.string) { return word }
        let hint = Suggestion.closest(to: scalar.string, among: words).map { "; did you mean '\($0)'?" } ?? ""
        let found = scalar.string.isEmpty ? "nothing" : "'\(EchoedText.echo(scalar.string))'"
        report("\(path): must be one of \(Suggestion.list(words)), found \(found)\(hint)", at: node)
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, case .null = scalarKind(scalar) else { return false }
        return true
    }

    /// A description of a node's type for messages; never its value.
    func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch scalarKind(scalar) {
            case .null: return scalar.string.isEmpty ? "nothing" : "null"
            case .boolean: return "a boolean"
            case .integer: return "an integer"
            case .string, .other:
                return Node.scalar(scalar).tag.rawValue == Tag.Name.float.rawValue ? "a number" : "a string"
            }
        }
    }

    private func prefix(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
