/// Finds, in YAML text, the second occurrence of a mapping key whose first occurrence the YAML parser
/// reported, so that it can be renamed and parsing can go on to find every other problem.
///
/// Yams refuses a mapping with a repeated key and reports only the first occurrence of one of the keys.
/// This is a small scanner over the text, enough for the block and flow mappings that profiles use; when
/// it cannot tell, it finds nothing and the parser's own report is used instead.
struct DuplicateKeyFinder {
    /// The text as lines of Unicode scalars (libyaml counts columns in scalars), without line breaks.
    private(set) var lines: [[Unicode.Scalar]]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// The text with its lines joined again.
    var text: String {
        var result = String.UnicodeScalarView()
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append("\n") }
            result.append(contentsOf: line)
        }
        return String(result)
    }

    /// A key's position: 0-based line, and the 0-based range of scalars it occupies.
    struct Span: Equatable {
        var line: Int
        var start: Int
        var end: Int
    }

    /// The next occurrence of `key` in the same mapping as the occurrence at (`line`, `column`), both 1-based.
    func nextOccurrence(of key: String, afterLine line: Int, column: Int) -> Span? {
        let lineIndex = line - 1
        let start = column - 1
        guard lines.indices.contains(lineIndex), let first = Self.keyToken(in: lines[lineIndex], at: start),
            first.value == key
        else { return nil }
        let before = lines[lineIndex][..<start].filter { $0 != " " && $0 != "\t" }
        if before.allSatisfy({ $0 == "-" || $0 == "?" }) {
            return nextBlockOccurrence(of: key, after: lineIndex, indent: start)
        }
        return nextFlowOccurrence(of: key, line: lineIndex, from: first.end)
    }

    /// Replaces the scalars of `span` with `replacement`, remembering the edit in ``columnMap``.
    mutating func replace(_ span: Span, with replacement: String) {
        let scalars = Array(replacement.unicodeScalars)
        lines[span.line].replaceSubrange(span.start..<span.end, with: scalars)
        columnMap.record(
            line: span.line + 1, start: span.start + 1, oldEnd: span.end + 1, newEnd: span.start + scalars.count + 1)
    }

    /// Maps positions in the edited text back to the original.
    private(set) var columnMap = ColumnMap()

    /// In a block mapping every key starts at the mapping's indent; the mapping ends at a less indented line.
    private func nextBlockOccurrence(of key: String, after lineIndex: Int, indent: Int) -> Span? {
        for index in (lineIndex + 1)..<lines.count {
            let line = lines[index]
            guard let first = line.firstIndex(where: { $0 != " " && $0 != "\r" }), line[first] != "#" else {
                continue
            }
            if first < indent { return nil }
            if first == indent, let token = Self.keyToken(in: line, at: first), token.value == key {
                return Span(line: index, start: first, end: token.end)
            }
        }
        return nil
    }

    /// In a flow mapping, a key follows a `,` at the mapping's own depth; the mapping ends at its `}`.
    private func nextFlowOccurrence(of key: String, line lineIndex: Int, from start: Int) -> Span? {
        var depth = 0
        var position = (line: lineIndex, column: start)
        var quote: Unicode.Scalar?
        while position.line < lines.count {
            let line = lines[position.line]
            guard position.column < line.count else {
                position = (position.line + 1, 0)
                continue
            }
            let scalar = line[position.column]
            position.column += 1
            if let open = quote {
                if scalar == "\\" && open == "\"" {
                    position.column += 1
                } else if scalar == open {
                    quote = nil
                }
                continue
            }
            switch scalar {
            case "\"", "'": quote = scalar
            case "#" where position.column == 1 || [" ", "\t"].contains(line[position.column - 2]):
                position = (position.line + 1, 0)
            case "{", "[": depth += 1
            case "}", "]":
                if depth == 0 { return nil }
                depth -= 1
            case "," where depth == 0:
                guard let next = skipSpace(from: position) else { return nil }
                if let token = Self.keyToken(in: lines[next.line], at: next.column), token.value == key {
                    return Span(line: next.line, start: next.column, end: token.end)
                }
            default: break
            }
        }
        return nil
    }

    private func skipSpace(from start: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        var position = start
        while position.line < lines.count {
            let line = lines[position.line]
            if position.column < line.count, ![" ", "\t", "\r"].contains(line[position.column]) {
                return position
            }
            if position.column >= line.count {
                position = (position.line + 1, 0)
            } else {
                position.column += 1
            }
        }
        return nil
    }

    /// The key written at `start`, if a `:` follows it: its value and the index just past its last scalar.
    static func keyToken(in line: [Unicode.Scalar], at start: Int) -> (value: String, end: Int)? {
        guard line.indices.contains(start) else { return nil }
        var value = String.UnicodeScalarView()
        var index = start
        let opening = line[start]
        if opening == "\"" || opening == "'" {
            index += 1
            var closed = false
            while index < line.count {
                let scalar = line[index]
                index += 1
                if opening == "\"", scalar == "\\", index < line.count {
                    value.append(line[index])
                    index += 1
                } else if scalar == opening {
                    if opening == "'", index < line.count, line[index] == "'" {
                        value.append("'")
                        index += 1
                    } else {
                        closed = true
                        break
                    }
                } else {
                    value.append(scalar)
                }
            }
            guard closed else { return nil }
        } else {
            var end = start
            while index < line.count {
                let scalar = line[index]
                let next: Unicode.Scalar? = index + 1 < line.count ? line[index + 1] : nil
                if scalar == ":", next == nil || [" ", "\t", "\r", ",", "}", "]"].contains(next!) { break }
                if scalar == "#", index > start, [" ", "\t"].contains(line[index - 1]) { return nil }
                if scalar != " " && scalar != "\t" { end = index + 1 }
                index += 1
            }
            value.append(contentsOf: line[start..<end])
            guard end > start else { return nil }
            index = end
        }
        let end = index
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        guard index < line.count, line[index] == ":" else { return nil }
        return (String(value), end)
    }
}

/// Maps columns of a text whose keys were renamed back to the columns of the original text.
/// Renaming a key changes the columns after it on its own line only.
struct ColumnMap: Sendable {
    /// One replacement, 1-based, in the coordinates of the text just before (`oldEnd`) and after (`newEnd`) it.
    private struct Edit: Sendable {
        var line: Int
        var start: Int
        var oldEnd: Int
        var newEnd: Int
    }

    private var edits: [Edit] = []

    mutating func record(line: Int, start: Int, oldEnd: Int, newEnd: Int) {
        edits.append(Edit(line: line, start: start, oldEnd: oldEnd, newEnd: newEnd))
    }

    /// The original column of 1-based (`line`, `column`) in the edited text; a column inside a replacement maps
    /// to the replaced key's start.
    func originalColumn(line: Int, column: Int) -> Int {
        var column = column
        for edit in edits.reversed() where edit.line == line && column >= edit.start {
            column = column >= edit.newEnd ? column - (edit.newEnd - edit.oldEnd) : edit.start
        }
        return column
    }
}
