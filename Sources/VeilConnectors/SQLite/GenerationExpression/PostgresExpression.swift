/// A PostgreSQL expression, parsed from the text `pg_get_expr` writes for a generated column.
///
/// Only the shapes a translation could use are parsed; anything else fails with a description of the construct
/// (never a literal's value), so the translator can say what it could not translate.
indirect enum PostgresExpression {
    case column(String)
    case string(String)
    /// An unsigned numeric literal as written.
    case number(String)
    case boolean(Bool)
    case null
    /// `expression::type`, the type as written (lower-cased words, `(…)` modifiers and `[]` kept).
    case cast(PostgresExpression, type: String)
    /// `-x`, `+x`, `NOT x`.
    case prefix(String, PostgresExpression)
    /// `a op b`, the operator as written (`AND` and `OR` lower-cased).
    case binary(String, PostgresExpression, PostgresExpression)
    /// `x IS NULL`, `x IS NOT NULL`.
    case isNull(PostgresExpression, negated: Bool)
    /// A function call, the name lower-cased unless quoted and without a `pg_catalog.` prefix.
    case call(String, [PostgresExpression])
    /// `TRIM(BOTH|LEADING|TRAILING [characters] FROM value)`.
    case trim(side: String, characters: PostgresExpression?, value: PostgresExpression)
    /// `CASE [subject] WHEN … THEN … [ELSE …] END`.
    case caseWhen(
        subject: PostgresExpression?, branches: [(PostgresExpression, PostgresExpression)],
        otherwise: PostgresExpression?)
}

/// Parses a generation expression with PostgreSQL's operator precedence (lowest first): `OR`, `AND`, `NOT`,
/// `IS`, comparisons, any other operator (`||`, `~~`...), `+ -`, `* / %`, unary `+ -`, `::`.
struct PostgresExpressionParser {
    typealias Failure = PostgresExpressionLexer.Failure

    private let tokens: [PostgresExpressionToken]
    private var index = 0

    /// Parses `text` as a whole.
    static func parse(_ text: String) throws(Failure) -> PostgresExpression {
        var parser = PostgresExpressionParser(tokens: try PostgresExpressionLexer.tokens(text))
        let expression = try parser.expression()
        guard parser.index == parser.tokens.count else { throw Failure(reason: "text after the expression") }
        return expression
    }

    private init(tokens: [PostgresExpressionToken]) {
        self.tokens = tokens
    }

    private var current: PostgresExpressionToken? { index < tokens.count ? tokens[index] : nil }

    private func isWord(_ word: String, at offset: Int = 0) -> Bool {
        index + offset < tokens.count && tokens[index + offset] == .word(word)
    }

    private func isSymbol(_ symbol: String) -> Bool { current == .symbol(symbol) }

    private mutating func accept(_ word: String) -> Bool {
        guard isWord(word) else { return false }
        index += 1
        return true
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws(Failure) {
        guard acceptSymbol(symbol) else { throw Failure(reason: "an expression it cannot read (expected \(symbol))") }
    }

    mutating func expression() throws(Failure) -> PostgresExpression {
        var left = try conjunction()
        while accept("or") { left = .binary("or", left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws(Failure) -> PostgresExpression {
        var left = try negation()
        while accept("and") { left = .binary("and", left, try negation()) }
        return left
    }

    private mutating func negation() throws(Failure) -> PostgresExpression {
        if accept("not") { return .prefix("not", try negation()) }
        return try isTest()
    }

    private mutating func isTest() throws(Failure) -> PostgresExpression {
        var left = try comparison()
        while accept("is") {
            let negated = accept("not")
            if accept("null") {
                left = .isNull(left, negated: negated)
            } else {
                throw Failure(reason: "an IS test other than IS NULL")
            }
        }
        if isWord("isnull") || isWord("notnull") {
            left = .isNull(left, negated: isWord("notnull"))
            index += 1
        }
        return left
    }

    private static let comparisons: Set<String> = ["=", "<>", "!=", "<", ">", "<=", ">="]

    private mutating func comparison() throws(Failure) -> PostgresExpression {
        var left = try otherOperator()
        while case .symbol(let op) = current, Self.comparisons.contains(op) {
            index += 1
            left = .binary(op, left, try otherOperator())
        }
        if isWord("in") || isWord("between") || isWord("like") || isWord("ilike") || isWord("similar")
            || (isWord("not") && (isWord("in", at: 1) || isWord("between", at: 1) || isWord("like", at: 1)))
        {
            throw Failure(reason: "the \(isWord("not") ? "NOT " : "")\(wordText(at: isWord("not") ? 1 : 0)) test")
        }
        return left
    }

    private func wordText(at offset: Int) -> String {
        if case .word(let word) = tokens[index + offset] { return word.uppercased() }
        return ""
    }

    private static let ownLevel: Set<String> = ["+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]", "::"]

    private mutating func otherOperator() throws(Failure) -> PostgresExpression {
        var left = try additive()
        while case .symbol(let op) = current, !Self.ownLevel.contains(op), !Self.comparisons.contains(op) {
            index += 1
            left = .binary(op, left, try additive())
        }
        return left
    }

    private mutating func additive() throws(Failure) -> PostgresExpression {
        var left = try multiplicative()
        while case .symbol(let op) = current, op == "+" || op == "-" {
            index += 1
            left = .binary(op, left, try multiplicative())
        }
        return left
    }

    private mutating func multiplicative() throws(Failure) -> PostgresExpression {
        var left = try unary()
        while case .symbol(let op) = current, op == "*" || op == "/" || op == "%" {
            index += 1
            left = .binary(op, left, try unary())
        }
        return left
    }

    private mutating func unary() throws(Failure) -> PostgresExpression {
        if case .symbol(let op) = current, op == "-" || op == "+" {
            index += 1
            return .prefix(op, try unary())
        }
        return try postfix()
    }

    private mutating func postfix() throws(Failure) -> PostgresExpression {
        var value = try primary()
        while true {
            if acceptSymbol("::") {
                value = .cast(value, type: try typeName())
            } else if isSymbol("[") {
                throw Failure(reason: "a subscript")
            } else if isWord("collate") {
                throw Failure(reason: "a COLLATE clause")
            } else if isWord("at") {
                throw Failure(reason: "an AT TIME ZONE clause")
            } else {
                return value
            }
        }
    }

    private static let typeStarts: Set<String> = ["character", "double", "timestamp", "time", "bit", "interval"]
    private static let typeContinuations: Set<String> = ["varying", "precision", "without", "with", "time", "zone"]

    /// A type name after `::`: words (`character varying`, `timestamp with time zone`), a schema prefix,
    /// `(…)` modifiers and `[]`.
    private mutating func typeName() throws(Failure) -> String {
        var parts: [String] = []
        switch current {
        case .word(let word):
            index += 1
            parts.append(word)
            if Self.typeStarts.contains(word) {
                while case .word(let next) = current, Self.typeContinuations.contains(next) {
                    parts.append(next)
                    index += 1
                }
            }
        case .quoted(let name):
            index += 1
            parts.append(name)
        default:
            throw Failure(reason: "a cast it cannot read")
        }
        var name = parts.joined(separator: " ")
        if acceptSymbol(".") { name += "." + (try typeName()) }
        if acceptSymbol("(") {
            var modifiers: [String] = []
            while case .number(let number) = current {
                modifiers.append(number)
                index += 1
                if !acceptSymbol(",") { break }
            }
            try expect(")")
            name += "(\(modifiers.joined(separator: ",")))"
        }
        while acceptSymbol("[") {
            try expect("]")
            name += "[]"
        }
        return name
    }

    private mutating func primary() throws(Failure) -> PostgresExpression {
        guard let token = current else { throw Failure(reason: "an expression that ends too soon") }
        index += 1
        switch token {
        case .string(let value): return .string(value)
        case .number(let value): return .number(value)
        case .symbol("("):
            let inner = try expression()
            try expect(")")
            return inner
        case .symbol(let symbol): throw Failure(reason: "the operator \(symbol) where a value belongs")
        case .quoted(let name): return try named(name)
        case .word(let word):
            switch word {
            case "null": return .null
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "case": return try caseExpression()
            case "trim" where isSymbol("("): return try trimExpression()
            case "array": throw Failure(reason: "an ARRAY constructor")
            case "row": throw Failure(reason: "a ROW constructor")
            default: return try named(word)
            }
        }
    }

    /// A column, or a call of a function named `name` (`pg_catalog.` dropped).
    private mutating func named(_ name: String) throws(Failure) -> PostgresExpression {
        var name = name
        if acceptSymbol(".") {
            guard case .word(let next) = current ?? .symbol("") else {
                guard case .quoted(let quoted) = current ?? .symbol("") else {
                    throw Failure(reason: "a qualified name")
                }
                index += 1
                name = name == "pg_catalog" ? quoted : "\(name).\(quoted)"
                return try callOrColumn(name, qualified: name.contains("."))
            }
            index += 1
            name = name == "pg_catalog" ? next : "\(name).\(next)"
            return try callOrColumn(name, qualified: true)
        }
        return try callOrColumn(name, qualified: false)
    }

    private mutating func callOrColumn(_ name: String, qualified: Bool) throws(Failure) -> PostgresExpression {
        guard acceptSymbol("(") else {
            if qualified { throw Failure(reason: "a qualified name") }
            return .column(name)
        }
        var arguments: [PostgresExpression] = []
        if !acceptSymbol(")") {
            if isWord("distinct") || isWord("variadic") {
                throw Failure(reason: "the function \(name) with \(wordText(at: 0))")
            }
            repeat {
                arguments.append(try expression())
            } while acceptSymbol(",")
            // SUBSTRING(value FROM start [FOR count]), as pg_get_expr writes substring(value from start).
            if name == "substring", arguments.count == 1, accept("from") {
                arguments.append(try expression())
                if accept("for") { arguments.append(try expression()) }
            }
            if isWord("from") || isWord("for") || isWord("order") {
                throw Failure(reason: "the function \(name) with \(wordText(at: 0))")
            }
            try expect(")")
        }
        return .call(name, arguments)
    }

    private mutating func trimExpression() throws(Failure) -> PostgresExpression {
        try expect("(")
        var side = "both"
        for candidate in ["both", "leading", "trailing"] where accept(candidate) { side = candidate }
        var characters: PostgresExpression? = nil
        if !accept("from") {
            let first = try expression()
            if accept("from") {
                characters = first
            } else {
                try expect(")")
                return .trim(side: side, characters: nil, value: first)
            }
        }
        let value = try expression()
        try expect(")")
        return .trim(side: side, characters: characters, value: value)
    }

    private mutating func caseExpression() throws(Failure) -> PostgresExpression {
        let subject = isWord("when") ? nil : try expression()
        var branches: [(PostgresExpression, PostgresExpression)] = []
        while accept("when") {
            let condition = try expression()
            guard accept("then") else { throw Failure(reason: "a CASE without THEN") }
            branches.append((condition, try expression()))
        }
        let otherwise = accept("else") ? try expression() : nil
        guard accept("end"), !branches.isEmpty else { throw Failure(reason: "a CASE it cannot read") }
        return .caseWhen(subject: subject, branches: branches, otherwise: otherwise)
    }
}
