import Yams

extension ProfileDecoder {
    /// Arguments every rule accepts, lifted out of ``RuleSpec/arguments``.
    static let ruleKeys = ["rule", "domain", "unique", "review"]

    /// A rule: a name (`fake.email`, `keep`, `null`) or a map with `rule:` and arguments.
    /// The rule name and its arguments are not checked here; the masking plan checks them against the
    /// rule catalogue, with the locations kept in the spec.
    mutating func decodeRule(_ node: Node, path: String) -> RuleSpec? {
        switch node {
        case .scalar:
            guard let name = ruleName(node, path: path) else { return nil }
            return RuleSpec(name: name, location: location(of: node))
        case .mapping(let mapping):
            return decodeRuleMap(node, mapping, path: path)
        default:
            report("\(path): must be a rule name or { rule: NAME, ... }, found \(kind(of: node))", at: node)
            return nil
        }
    }

    private mutating func decodeRuleMap(_ node: Node, _ mapping: Node.Mapping, path: String) -> RuleSpec? {
        var name: String?
        var nameLocation: SourceLocation?
        var valid = true
        var spec = RuleSpec(name: "", location: location(of: node))
        for entry in entries(of: mapping, path: path) {
            switch entry.key {
            case "rule":
                nameLocation = location(of: entry.value)
                name = ruleName(entry.value, path: "\(path).rule")
                valid = valid && name != nil
            case "domain":
                spec.domain = text(entry.value, path: "\(path).domain")
                valid = valid && spec.domain != nil
            case "review":
                spec.review = text(entry.value, path: "\(path).review")
                valid = valid && spec.review != nil
            case "unique":
                let unique = boolean(entry.value, path: "\(path).unique")
                spec.unique = unique ?? false
                valid = valid && unique != nil
            default:
                guard let value = argumentValue(entry.value, path: "\(path).\(entry.echoedKey)") else {
                    valid = false
                    continue
                }
                spec.arguments[entry.key] = value
                spec.argumentLocations[entry.key] = entry.location
                if entry.key == "paths", case .mapping(let paths) = entry.value {
                    for rule in entries(of: paths, path: "\(path).paths") {
                        let nested = decodeRule(rule.value, path: "\(path).paths.\(rule.echoedKey)")
                        spec.nestedRules[rule.key] = nested
                        valid = valid && nested != nil
                    }
                }
            }
        }
        guard let nameLocation else {
            report("\(path): a rule map needs rule: (e.g. { rule: fpe, domain: ssn })", at: node)
            return nil
        }
        guard valid, let name else { return nil }
        spec.name = name
        spec.location = nameLocation
        return spec
    }

    /// A rule's name: a string, or YAML null meaning the rule `null`. An empty value is an omission.
    private mutating func ruleName(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report("\(path): must be a rule name, found \(kind(of: node))", at: node)
            return nil
        }
        switch scalarKind(scalar) {
        case .null where scalar.string.isEmpty:
            report("\(path): has no rule (write keep, null or a rule name)", at: node)
            return nil
        case .null:
            return "null"
        case .string(let name) where !name.isEmpty:
            return name
        default:
            report("\(path): must be a rule name, found \(kind(of: node))", at: node)
            return nil
        }
    }

    /// An argument's value: integers and booleans typed, other scalars as written, maps and lists recursively.
    private mutating func argumentValue(_ node: Node, path: String) -> ProfileValue? {
        switch node {
        case .scalar(let scalar):
            switch scalarKind(scalar) {
            case .null where scalar.string.isEmpty:
                report("\(path): has no value", at: node)
                return nil
            case .null: return .string("null")
            case .boolean(let value): return .boolean(value)
            case .integer(let value): return .integer(value)
            case .string(let text), .other(let text): return .string(text)
            }
        case .sequence(let sequence):
            var values: [ProfileValue] = []
            for (index, item) in sequence.enumerated() {
                guard let value = argumentValue(item, path: "\(path)[\(index)]") else { return nil }
                values.append(value)
            }
            return .list(values)
        case .mapping(let mapping):
            var values: [String: ProfileValue] = [:]
            var valid = true
            for entry in entries(of: mapping, path: path) {
                let value = argumentValue(entry.value, path: "\(path).\(entry.echoedKey)")
                values[entry.key] = value
                valid = valid && value != nil
            }
            return valid ? .map(values) : nil
        case .alias:
            report("\(path): aliases are not supported here", at: node)
            return nil
        }
    }
}
