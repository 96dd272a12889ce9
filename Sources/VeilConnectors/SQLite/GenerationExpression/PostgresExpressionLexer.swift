/// One token of a PostgreSQL expression as `pg_get_expr` (and so pg_dump) writes it.
enum PostgresExpressionToken: Equatable {
    /// An unquoted word, lower-cased (PostgreSQL folds unquoted names).
    case word(String)
    /// A `"quoted"` identifier, unescaped.
    case quoted(String)
    /// A `'string'` literal, unescaped.
    case string(String)
    /// An unsigned number as written (`42`, `1.5`, `1e3`).
    case number(String)
    /// An operator (`||`, `<>`, `+`, `~~`...) or punctuation (`(`, `)`, `,`, `.`, `[`, `]`, `::`).
    case symbol(String)
}

/// Splits a generation expression into ``PostgresExpressionToken``s.
///
/// Only the forms `pg_get_expr` writes are understood: standard-conforming `'…'` strings (an `E'…'` string, a
/// dollar-quoted string or a parameter fails), `"…"` identifiers, numbers, and operators split as PostgreSQL
/// splits them (a run of operator characters that does not end in `+` or `-` unless it holds one of `~!@#%^&|`?`).
enum PostgresExpressionLexer {
    /// The expression holds a form the lexer does not read.
    struct Failure: Error, Equatable {
        var reason: String
    }

    private static let operatorCharacters = Set("+-*/<>=~!@#%^&|`?")
    private static let strongOperatorCharacters = Set("~!@#%^&|`?")

    static func tokens(_ text: String) throws(Failure) -> [PostgresExpressionToken] {
        let characters = Array(text)
        var tokens: [PostgresExpressionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                let (value, end) = try quoted(characters, from: index, quote: "'")
                tokens.append(.string(value))
                index = end
            } else if character == "\"" {
                let (value, end) = try quoted(characters, from: index, quote: "\"")
                tokens.append(.quoted(value))
                index = end
            } else if character.isASCII && character.isNumber {
                var end = index
                while end < characters.count, characters[end].isASCII,
                    characters[end].isNumber || characters[end] == "."
                        || (characters[end] == "e" || characters[end] == "E")
                {
                    end += 1
                }
                tokens.append(.number(String(characters[index..<end])))
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count,
                    characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                        || characters[end] == "$"
                {
                    end += 1
                }
                let word = String(characters[index..<end])
                if end < characters.count, characters[end] == "'" {
                    throw Failure(reason: "a string literal with the prefix \(word.uppercased())")
                }
                tokens.append(.word(word.lowercased()))
                index = end
            } else if character == ":" && index + 1 < characters.count && characters[index + 1] == ":" {
                tokens.append(.symbol("::"))
                index += 2
            } else if operatorCharacters.contains(character) {
                var end = index
                while end < characters.count, operatorCharacters.contains(characters[end]) { end += 1 }
                var run = Array(characters[index..<end])
                while run.count > 1, run.last == "+" || run.last == "-",
                    !run.contains(where: strongOperatorCharacters.contains)
                {
                    run.removeLast()
                }
                tokens.append(.symbol(String(run)))
                index += run.count
            } else if "(),.[]".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else {
                throw Failure(
                    reason: "the character \(character == "$" ? "$ (a parameter or dollar quote)" : "\(character)")")
            }
        }
        return tokens
    }

    /// The body of a quoted token starting at `start`, with doubled quotes undone, and the index after it.
    private static func quoted(
        _ characters: [Character], from start: Int, quote: Character
    ) throws(Failure) -> (String, Int) {
        var value = ""
        var index = start + 1
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count && characters[index + 1] == quote {
                    value.append(quote)
                    index += 2
                    continue
                }
                return (value, index + 1)
            }
            value.append(characters[index])
            index += 1
        }
        throw Failure(reason: "an unterminated quoted text")
    }
}
