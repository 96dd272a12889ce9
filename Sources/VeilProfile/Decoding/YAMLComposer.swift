import Yams

/// A mapping key that was written twice in the same mapping.
struct DuplicateKey: Sendable, Hashable {
    /// The key as written.
    var key: String
    /// 1-based line and column of the first occurrence.
    var firstLine: Int
    var firstColumn: Int
    /// 1-based line and column of the repeated occurrence.
    var line: Int
    var column: Int
}

/// The YAML tree of a profile, with what went wrong on the way.
struct ComposedDocument {
    /// The root node; `nil` for an empty document or after a syntax error.
    var root: Node?
    /// Repeated keys renamed to these placeholder names so that parsing could go on.
    var duplicates: [String: DuplicateKey] = [:]
    /// Problems the YAML layer found: a syntax error, or a repeated key that could not be located.
    var problems: [ProfileProblem] = []
    /// Maps the columns of the parsed text, where repeated keys were renamed, to the columns of the file.
    var columnMap = ColumnMap()
}

/// Parses YAML text into a node tree, reporting every repeated key rather than only the first.
///
/// Yams stops at the first mapping with a repeated key. Each time, the repeated occurrence is found in the
/// text, renamed to a placeholder that cannot clash, and the text is parsed again; the decoder reports each
/// placeholder as a duplicate at its original place. Renaming shifts the columns after the key on its line;
/// ``ComposedDocument/columnMap`` maps them back, so every location still points into the file as written.
enum YAMLComposer {
    /// More repeated keys than this in one file are not worth chasing one by one.
    static let maximumDuplicates = 100
    /// Tags reported one by one, at most.
    static let maximumTagProblems = 100
    static let placeholderPrefix = "__veil_duplicate_key_"

    static func compose(_ yaml: String, file: String) -> ComposedDocument {
        var document = ComposedDocument()
        let refused = refusedProperties(in: yaml, file: file)
        document.problems = refused.problems
        // Without anchors the tree is no larger than the text: compose it to report every other problem too.
        if refused.hasAnchorsOrAliases { return document }
        var finder: DuplicateKeyFinder?
        var text = yaml
        while true {
            document.columnMap = finder?.columnMap ?? ColumnMap()
            do {
                document.root = try Yams.compose(yaml: text, .default, .default, .utf8)
                return document
            } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
                let mark = context.mark
                let key = keys.first ?? ""
                var current = finder ?? DuplicateKeyFinder(text: yaml)
                guard document.duplicates.count < maximumDuplicates,
                    let span = current.nextOccurrence(of: key, afterLine: mark.line, column: mark.column)
                else {
                    let column = document.columnMap.originalColumn(line: mark.line, column: mark.column)
                    document.problems.append(
                        ProfileProblem(
                            location: SourceLocation(file: file, line: mark.line, column: column),
                            message: "duplicate key '\(EchoedText.echo(key))' in this map"
                        ))
                    return document
                }
                let placeholder = "\(placeholderPrefix)\(document.duplicates.count)__"
                document.duplicates[placeholder] = DuplicateKey(
                    key: key, firstLine: mark.line,
                    firstColumn: current.columnMap.originalColumn(line: mark.line, column: mark.column),
                    line: span.line + 1,
                    column: current.columnMap.originalColumn(line: span.line + 1, column: span.start + 1))
                current.replace(span, with: placeholder)
                text = current.text
                finder = current
            } catch {
                document.problems.append(syntaxProblem(error, yaml: yaml, file: file, columnMap: document.columnMap))
                return document
            }
        }
    }

    /// What a profile may not use, found before any node is built:
    /// - anchors and aliases: an alias repeats its anchor's whole subtree, so a few hundred bytes of them ("billion
    ///   laughs") expand to billions of nodes. One problem, at the first of them.
    /// - explicit tags (`!!binary`, `!!set`, `!name`): a profile's values are plain scalars, maps and lists, and a
    ///   tag would be silently dropped and its value used as written. One problem per tag.
    static func refusedProperties(
        in yaml: String, file: String
    ) -> (problems: [ProfileProblem], hasAnchorsOrAliases: Bool) {
        func problem(_ found: YAMLPropertyScanner.Occurrence, _ message: String) -> ProfileProblem {
            let location = SourceLocation(file: file, line: found.line, column: found.column)
            return ProfileProblem(location: location, message: message)
        }
        let found = YAMLPropertyScanner.occurrences(in: yaml)
        var problems: [ProfileProblem] = []
        let anchors = found.filter { $0.kind != .tag }
        if let first = anchors.first {
            let what = first.kind == .anchor ? "an anchor (&name)" : "an alias (*name)"
            let more = anchors.count > 1 ? " (\(anchors.count) anchors and aliases in this file)" : ""
            problems.append(
                problem(first, "YAML anchors and aliases are not supported: found \(what); write the value out\(more)"))
        }
        for tag in found.lazy.filter({ $0.kind == .tag }).prefix(maximumTagProblems) {
            problems.append(
                problem(tag, "YAML tags (!!binary, !name) are not supported: write a plain value (quoted for text)"))
        }
        return (problems, !anchors.isEmpty)
    }

    /// A parser error as a problem at the line libyaml reports.
    private static func syntaxProblem(
        _ error: any Error, yaml: String, file: String, columnMap: ColumnMap
    ) -> ProfileProblem {
        func problem(_ message: String, _ line: Int, _ column: Int) -> ProfileProblem {
            let column = columnMap.originalColumn(line: line, column: column)
            return ProfileProblem(location: SourceLocation(file: file, line: line, column: column), message: message)
        }
        switch error as? YamlError {
        case .scanner(let context, let text, let mark, _), .parser(let context, let text, let mark, _),
            .composer(let context, let text, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            let column = columnMap.originalColumn(line: mark.line, column: mark.column)
            let hint =
                isTab(line: mark.line, column: column, in: yaml) ? "; YAML is indented with spaces, not tabs" : ""
            return problem("YAML syntax error: \(text)\(detail)\(hint)", mark.line, mark.column)
        case .reader(let text, let offset, _, _):
            let (line, column) = position(ofCharacter: offset ?? 0, in: yaml)
            return problem("YAML cannot be read: \(text)", line, column)
        default:
            return problem("YAML cannot be parsed", 1, 1)
        }
    }

    private static func isTab(line: Int, column: Int, in yaml: String) -> Bool {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.indices.contains(line - 1) else { return false }
        let scalars = Array(lines[line - 1].unicodeScalars)
        return scalars.indices.contains(column - 1) && scalars[column - 1] == "\t"
    }

    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
