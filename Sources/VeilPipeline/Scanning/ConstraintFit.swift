import VeilCore
import VeilMasking

/// NOT NULL columns never get a rule that writes NULL: `redact` (or, for binary data, `keep`, marked) instead.
enum NotNullFit {
    static func fit(_ rule: SuggestedRule, _ facts: ColumnFacts) -> SuggestedRule {
        guard rule.name == "null", facts.column.isNotNull else { return rule }
        if facts.category == .binary {
            return SuggestedRule(
                "keep", review: (rule.review.map { "\($0); " } ?? "") + "NOT NULL, so null cannot apply")
        }
        var redacted = rule
        redacted.name = "redact"
        return redacted
    }
}

/// A unique key keeps a rule that keeps it unique, as the planner demands: a bijective rule, or a lossy one with
/// `unique: true` that draws from at least 2^48 values; otherwise `hmac` (alphanumeric, long enough), marked.
enum UniqueKeyFit {
    static let minimumBits = PlanBuilder.minimumUniqueOutputBits

    static func fit(_ rule: SuggestedRule, _ facts: ColumnFacts) -> SuggestedRule {
        guard facts.isUnique, rule.name != "keep", let definition = BuiltinRules.named(rule.name) else { return rule }
        let arguments = parameterValues(rule)
        if definition.isBijective(arguments) { return rule }
        let limit = ColumnType(facts.column.type).maximumLength
        if let bits = definition.outputBits(arguments), bits >= minimumBits {
            var unique = rule
            unique.unique = true
            return unique
        }
        let length = min(16, limit ?? 16)
        let hashed = SuggestedRule(
            "hmac", arguments: [.init("format", "alnum"), .init("length", "\(length)")], unique: true)
        if let hmac = BuiltinRules.named("hmac"), (hmac.outputBits(parameterValues(hashed)) ?? 0) >= minimumBits {
            return hashed.marked("a unique key: hmac keeps it unique where `\(rule.name)` could repeat values")
        }
        return SuggestedRule("fpe", arguments: [.init("alphabet", "alnum")])
            .marked("a short unique key: fpe keeps it unique where `\(rule.name)` could repeat values")
    }

    /// The suggestion's arguments as the catalogue types them (integers and booleans typed).
    static func parameterValues(_ rule: SuggestedRule) -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for argument in rule.arguments {
            if let number = Int(argument.value) {
                values[argument.name] = .integer(number)
            } else if argument.value == "true" || argument.value == "false" {
                values[argument.name] = .boolean(argument.value == "true")
            } else {
                values[argument.name] = .string(argument.value)
            }
        }
        return values
    }
}
