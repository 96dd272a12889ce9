/// PostgreSQL's text form of an array (`{a,"b c",NULL,{d,e}}`, maybe after a `[1:2]=` bounds decoration): split
/// into its elements, and written back around new ones with the same shape.
///
/// An element is unquoted (`a`; the bare word `NULL` in any case is SQL NULL) or double-quoted with `\"` and `\\`
/// escapes; nested braces are sub-arrays. Writing quotes an element when it is empty, holds a brace, quote, comma,
/// backslash or white space, or reads `NULL`, as `array_out` does.
struct ArrayLiteral: Equatable {
    /// One piece of the literal: structure, or an element's position in ``elements``.
    enum Piece: Equatable {
        case open
        case close
        case element(Int)
    }

    /// Text before the first `{` (the `[1:2]=` decoration), kept as it is.
    var prefix: Substring
    var pieces: [Piece]
    /// The elements in order; nil is NULL.
    var elements: [String?]

    /// Parses `text`; nil when it is not an array literal with `,` between elements.
    init?(_ text: String) {
        var characters = text[...]
        guard let brace = characters.firstIndex(of: "{") else { return nil }
        prefix = characters[..<brace]
        characters = characters[brace...]
        pieces = []
        elements = []
        var depth = 0
        var expectElement = true
        while let character = characters.first {
            switch character {
            case "{":
                guard expectElement else { return nil }
                characters.removeFirst()
                pieces.append(.open)
                depth += 1
                expectElement = true
            case "}":
                // `{a,}`: a comma must be followed by an element.
                guard !expectElement || pieces.last == .open else { return nil }
                characters.removeFirst()
                pieces.append(.close)
                depth -= 1
                expectElement = false
            case ",":
                guard !expectElement else { return nil }
                characters.removeFirst()
                expectElement = true
            case "\"":
                guard expectElement else { return nil }
                characters.removeFirst()
                var value = ""
                var closed = false
                while let next = characters.popFirst() {
                    if next == "\\" {
                        guard let escaped = characters.popFirst() else { return nil }
                        value.append(escaped)
                    } else if next == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { return nil }
                pieces.append(.element(elements.count))
                elements.append(value)
                expectElement = false
            default:
                guard expectElement, depth > 0 else { return nil }
                var value = ""
                while let next = characters.first, next != ",", next != "}" {
                    guard next != "{", next != "\"" else { return nil }
                    value.append(next)
                    characters.removeFirst()
                }
                value = String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
                pieces.append(.element(elements.count))
                elements.append(value.uppercased() == "NULL" ? nil : value)
                expectElement = false
            }
            if depth == 0 && !pieces.isEmpty { break }
        }
        guard depth == 0, characters.isEmpty, !pieces.isEmpty else { return nil }
    }

    /// The literal with `replacement` elements (as many as ``elements``) in the same shape.
    func text(with replacement: [String?]) -> String {
        var out = String(prefix)
        var previous: Piece?
        for piece in pieces {
            if case .open = piece, let previous, previous != .open { out.append(",") }
            if case .element(let index) = piece {
                if let previous, previous != .open { out.append(",") }
                out += Self.quoted(replacement[index])
            }
            if case .close = piece { out.append("}") } else if case .open = piece { out.append("{") }
            previous = piece
        }
        return out
    }

    /// One element as `array_out` writes it.
    static func quoted(_ element: String?) -> String {
        guard let element else { return "NULL" }
        let needsQuotes =
            element.isEmpty || element.uppercased() == "NULL"
            || element.contains { "{}\",\\".contains($0) || $0.isWhitespace }
        guard needsQuotes else { return element }
        var out = "\""
        for character in element {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}
