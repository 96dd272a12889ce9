/// A token of a CHECK expression.
enum CheckToken: Equatable {
    /// An identifier or keyword: unquoted ones folded to lower case, quoted ones as written.
    case word(String, quoted: Bool)
    case number(Double)
    case text(String)
    case symbol(String)
}

/// Splits a CHECK expression into tokens and drops type casts (`::numeric`, `::character varying(20)`,
/// `::text[]`), which do not change what the constraint compares for the forms Veil reads.
enum CheckExpressionLexer {
    /// Words that may continue a multi-word type name after its first word.
    private static let typeContinuations: Set<String> = ["varying", "precision", "with", "without", "time", "zone"]

    static func tokens(_ expression: String) -> [CheckToken] {
        let scalars = Array(expression.unicodeScalars)
        var tokens: [CheckToken] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                index += 1
            } else if scalar == "'" {
                var text = ""
                index += 1
                while index < scalars.count {
                    if scalars[index] == "'" {
                        if index + 1 < scalars.count, scalars[index + 1] == "'" {
                            text.unicodeScalars.append("'")
                            index += 2
                            continue
                        }
                        break
                    }
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(.text(text))
            } else if scalar == "\"" {
                var name = ""
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(.word(name, quoted: true))
            } else if ("0"..."9").contains(scalar)
                || (scalar == "." && index + 1 < scalars.count
                    && ("0"..."9").contains(scalars[index + 1]))
            {
                var text = ""
                while index < scalars.count,
                    ("0"..."9").contains(scalars[index]) || scalars[index] == "." || scalars[index] == "e"
                        || scalars[index] == "E"
                        || ((scalars[index] == "-" || scalars[index] == "+") && (text.last == "e" || text.last == "E"))
                {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(Double(text).map(CheckToken.number) ?? .text(text))
            } else if scalar.properties.isAlphabetic || scalar == "_" {
                var word = ""
                while index < scalars.count,
                    scalars[index].properties.isAlphabetic || scalars[index] == "_" || scalars[index] == "$"
                        || ("0"..."9").contains(scalars[index])
                {
                    word.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(.word(word.lowercased(), quoted: false))
            } else {
                let two = index + 1 < scalars.count ? String(scalars[index]) + String(scalars[index + 1]) : ""
                if ["::", ">=", "<=", "<>", "!="].contains(two) {
                    tokens.append(.symbol(two == "!=" ? "<>" : two))
                    index += 2
                } else {
                    tokens.append(.symbol(String(scalar)))
                    index += 1
                }
            }
        }
        return droppingCasts(tokens)
    }

    /// Removes `:: type [words] [(args)] [[]]` sequences.
    private static func droppingCasts(_ tokens: [CheckToken]) -> [CheckToken] {
        var result: [CheckToken] = []
        var index = 0
        while index < tokens.count {
            guard tokens[index] == .symbol("::") else {
                result.append(tokens[index])
                index += 1
                continue
            }
            index += 1
            // The type name, possibly schema-qualified and multi-word.
            if index < tokens.count, case .word = tokens[index] { index += 1 }
            while index + 1 < tokens.count, tokens[index] == .symbol("."), case .word = tokens[index + 1] { index += 2 }
            while index < tokens.count, case .word(let word, quoted: false) = tokens[index],
                typeContinuations.contains(word)
            {
                index += 1
            }
            if index < tokens.count, tokens[index] == .symbol("(") {
                var depth = 0
                repeat {
                    if tokens[index] == .symbol("(") { depth += 1 }
                    if tokens[index] == .symbol(")") { depth -= 1 }
                    index += 1
                } while index < tokens.count && depth > 0
            }
            while index + 1 < tokens.count, tokens[index] == .symbol("["), tokens[index + 1] == .symbol("]") {
                index += 2
            }
        }
        return result
    }
}

/// Recursive descent over the forms ``CheckPredicate`` documents; any other form fails the parse.
struct CheckExpressionParser {
    let tokens: [CheckToken]
    let column: String
    var index = 0

    init(tokens: [CheckToken], column: String) {
        self.tokens = tokens
        self.column = column
    }

    var isAtEnd: Bool { index == tokens.count }

    private var current: CheckToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func accept(_ token: CheckToken) -> Bool {
        guard current == token else { return false }
        index += 1
        return true
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        accept(.word(word, quoted: false))
    }

    /// conjunction := term (AND term)*
    mutating func parseExpression() -> CheckPredicate.Condition? {
        guard let first = parseTerm() else { return nil }
        var parts = [first]
        while acceptKeyword("and") {
            guard let next = parseTerm() else { return nil }
            parts.append(next)
        }
        return parts.count == 1 ? first : .all(parts)
    }

    /// term := '(' expression ')' | comparison
    private mutating func parseTerm() -> CheckPredicate.Condition? {
        let start = index
        if accept(.symbol("(")) {
            if let inner = parseExpression(), accept(.symbol(")")) { return inner }
            index = start
        }
        return parseComparison()
    }

    private mutating func parseComparison() -> CheckPredicate.Condition? {
        if let subject = parseSubject() {
            if acceptKeyword("is") {
                return acceptKeyword("not") && acceptKeyword("null") ? .notNull : nil
            }
            if acceptKeyword("in") {
                guard accept(.symbol("(")), let list = parseConstantList(closing: ")") else { return nil }
                return .member(subject, list)
            }
            if acceptKeyword("between") {
                guard let low = parseConstant(), acceptKeyword("and"), let high = parseConstant() else { return nil }
                return .all([.compare(subject, .greaterOrEqual, low), .compare(subject, .lessOrEqual, high)])
            }
            guard let comparison = parseComparisonSymbol() else { return nil }
            if comparison == .equal, acceptKeyword("any") {
                guard accept(.symbol("(")), acceptKeyword("array"), accept(.symbol("[")),
                    let list = parseConstantList(closing: "]"), accept(.symbol(")"))
                else { return nil }
                return .member(subject, list)
            }
            guard let constant = parseConstant() else { return nil }
            return .compare(subject, comparison, constant)
        }
        guard let constant = parseConstant(), let comparison = parseComparisonSymbol(), let subject = parseSubject()
        else { return nil }
        return .compare(subject, comparison.flipped, constant)
    }

    /// The column itself, `length(column)`-like functions of it, or either in parentheses.
    private mutating func parseSubject() -> CheckPredicate.Subject? {
        let start = index
        if accept(.symbol("(")) {
            if let subject = parseSubject(), accept(.symbol(")")) { return subject }
            index = start
            return nil
        }
        guard case .word(let word, let quoted) = current else { return nil }
        if word == column || (!quoted && word == column.lowercased() && column == column.lowercased()) {
            index += 1
            return .value
        }
        if !quoted, ["char_length", "character_length", "length"].contains(word) {
            index += 1
            if accept(.symbol("(")), parseSubject() == .value, accept(.symbol(")")) { return .length }
        }
        index = start
        return nil
    }

    /// A number (with an optional sign) or a string, possibly in parentheses.
    private mutating func parseConstant() -> CheckPredicate.Constant? {
        let start = index
        if accept(.symbol("(")) {
            if let constant = parseConstant(), accept(.symbol(")")) { return constant }
            index = start
            return nil
        }
        let negative = accept(.symbol("-"))
        switch current {
        case .number(let number)?:
            index += 1
            return .number(negative ? -number : number)
        case .text(let text)? where !negative:
            index += 1
            return .text(text)
        default:
            index = start
            return nil
        }
    }

    private mutating func parseConstantList(closing: String) -> [CheckPredicate.Constant]? {
        var constants: [CheckPredicate.Constant] = []
        repeat {
            guard let constant = parseConstant() else { return nil }
            constants.append(constant)
        } while accept(.symbol(","))
        return accept(.symbol(closing)) ? constants : nil
    }

    private mutating func parseComparisonSymbol() -> CheckPredicate.Comparison? {
        guard case .symbol(let symbol)? = current, let comparison = CheckPredicate.Comparison(rawValue: symbol) else {
            return nil
        }
        index += 1
        return comparison
    }
}
